"""Parse one file in a child process with a memory cap and a time limit, so a hostile file kills only the child.

A PDF can be small and still make pdfminer build millions of objects (a 12.5 KB content stream of drawing
operators drove the server past 6 GB). The child sets ``RLIMIT_AS`` on itself before importing the parser, reads
the file, checks its size and page count, parses it and writes the Disclosure as JSON to stdout; the parent waits
at most ``parse_seconds`` and kills it after that. Whatever happens in the child, the parent gets a Disclosure or
an IngestError naming the file (never a server path) and the fix.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..config import Settings
from ..errors import IngestError
from ..models import Disclosure

OUT_OF_MEMORY = (b"memoryerror", b"failed to map segment", b"cannot allocate memory", b"bad_alloc", b"out of memory")
OCR_MEMORY_MB = 3072  # scanned pages only: OCR maps ~2.5 GB of address space (~1.2 GB resident)
ERROR_EXIT = 3  # the child refused the file with an IngestError (its JSON on stdout)
MEMORY_EXIT = 4  # the child hit its memory cap
log = logging.getLogger(__name__)
_SRC = str(Path(__file__).resolve().parents[2])  # the directory holding the budgetqa package


@dataclass(frozen=True)
class ParseLimits:
    seconds: float = 180.0
    memory_mb: int = 1024  # 0: parse in this process, no cap
    max_bytes: int = 20_971_520
    max_pages: int = 400

    @classmethod
    def from_settings(cls, settings: Settings) -> ParseLimits:
        return cls(settings.parse_seconds, settings.parse_memory_mb, settings.max_upload_bytes, settings.max_pages)


def parse_file(
    path: Path, limits: ParseLimits, source: str | None = None, progress: Callable[[int, int], None] | None = None
) -> Disclosure:
    """The parsed Disclosure of ``path``; ``source`` is the name errors and the document show (default: the file
    name). ``progress`` hears OCR pages (done, to do) when the file is parsed in this process."""
    source = source or path.name
    if limits.memory_mb <= 0:
        return _parse_here(path, source, limits, progress)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (_SRC, os.environ.get("PYTHONPATH")) if p))
    cmd = [sys.executable, "-m", "budgetqa.ingest.sandbox", str(path), source, json.dumps(limits.__dict__)]
    try:
        done = subprocess.run(
            cmd, capture_output=True, timeout=limits.seconds, env=env, stdin=subprocess.DEVNULL, check=False
        )
    except subprocess.TimeoutExpired:  # subprocess.run kills the child before raising
        raise IngestError(
            source,
            f"parsing took longer than {limits.seconds:g} s and was stopped (BUDGETQA_PARSE_SECONDS); "
            "the file is too large or too complex",
        ) from None
    if done.returncode == 0:
        return Disclosure.model_validate_json(done.stdout)
    if done.returncode == ERROR_EXIT:
        err = json.loads(done.stdout)
        raise IngestError(source, err["reason"])
    if done.returncode == MEMORY_EXIT or done.returncode < 0 or any(m in done.stderr.lower() for m in OUT_OF_MEMORY):
        raise IngestError(
            source,
            f"parsing needed more than {limits.memory_mb} MB of memory and was stopped (BUDGETQA_PARSE_MEMORY_MB); "
            "the file is too large or too complex (a PDF full of drawing operators?)",
        )
    log.error("parsing %s failed in its child process:\n%s", source, done.stderr.decode("utf-8", "replace")[-2000:])
    raise IngestError(source, f"the parser failed (exit code {done.returncode}); the server log has the details")


def _parse_here(
    path: Path, source: str, limits: ParseLimits, progress: Callable[[int, int], None] | None = None
) -> Disclosure:
    from ..parse.document import parse
    from .loader import load

    if not path.exists():  # the reader's own wording, so every surface tells a missing file the same way
        raise IngestError(source, "no such file; check the path")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError(source, f"the file cannot be read ({exc.strerror or exc})") from None
    if size > limits.max_bytes:
        raise IngestError(
            source, f"the file has {size:,} bytes; the limit is {limits.max_bytes:,} (BUDGETQA_MAX_UPLOAD_BYTES)"
        )
    _check_pages(path, source, limits.max_pages)
    try:
        raw = load(path, progress=progress)
    except IngestError as exc:
        raise IngestError(source, exc.reason) from None
    return parse(raw.model_copy(update={"source": source}) if raw.source != source else raw)


def _check_pages(path: Path, source: str, max_pages: int) -> None:
    """Refuse a PDF with more pages than the limit before reading any page."""
    if max_pages >= 10**9:
        return
    with path.open("rb") as f:
        head = f.read(1024)
    if not head.lstrip()[:5].startswith(b"%PDF"):
        return
    import pdfplumber

    try:
        with pdfplumber.open(path) as pdf:
            count = len(pdf.pages)
    except Exception:
        return
    if count > max_pages:
        raise IngestError(source, f"the PDF has {count:,} pages; the limit is {max_pages:,} (BUDGETQA_MAX_PAGES)")


def _import_readers() -> None:
    """Every module of ingest/ and parse/, so none is first compiled under the memory cap."""
    import importlib
    import pkgutil

    from .. import ingest, parse

    for package in (ingest, parse):
        for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            importlib.import_module(module.name)


def _child(argv: list[str]) -> int:
    path, source, raw_limits = Path(argv[0]), argv[1], json.loads(argv[2])
    limits = ParseLimits(**raw_limits)
    import resource

    _import_readers()  # before the cap: it bounds the file's parse, not compiling our own modules (which fails
    # oddly, e.g. as a SyntaxError, when memory runs out)

    # The soft cap binds the parse; only OCR of scanned pages may raise it, to the hard cap (ingest/ocr.py): a file's
    # content cannot raise it, so a hostile PDF without scanned pages stays inside memory_mb.
    cap = limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, max(cap, OCR_MEMORY_MB * 1024 * 1024)))
    try:
        doc = _parse_here(path, source, limits)
    except IngestError as exc:
        sys.stdout.buffer.write(json.dumps({"reason": exc.reason}, ensure_ascii=False).encode("utf-8"))
        return ERROR_EXIT
    except MemoryError:
        return MEMORY_EXIT
    sys.stdout.buffer.write(doc.model_dump_json().encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1:]))
