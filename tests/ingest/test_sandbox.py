"""Uploaded files are parsed in a child process: a hostile PDF costs the child its life, never the server's memory."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from budgetqa.errors import IngestError
from budgetqa.ingest.sandbox import ParseLimits, parse_file

from ..api.hostile import drawing_pdf
from ..conftest import SEED

GB = 1024**3


def test_a_good_file_parses_the_same_in_the_child(seed_doc):
    assert parse_file(SEED, ParseLimits()) == seed_doc


# Run in a fresh interpreter: peak memory (ru_maxrss) is per process for life, so the pytest process, which has
# loaded models in earlier tests, cannot tell what this ingest cost.
_SERVER = """
import json, resource, sys
from pathlib import Path
import budgetqa.retrieval.persist as persist
from budgetqa.config import Settings
from budgetqa.errors import IngestError
from budgetqa.store.library import Library, live_build

persist.build_retrieval = lambda docs, out_dir, settings, previous=None, progress=None: out_dir.mkdir(parents=True)
tmp, seed, pdf = map(Path, sys.argv[1:4])
settings = Settings(index_dir=tmp / "idx", corpus_dir=tmp / "none", parse_seconds=6.0)
library = Library.open(settings)
library.ingest([seed])
before = live_build(settings.index_dir)
try:
    library.ingest([pdf], origin="upload")
    error = None
except IngestError as exc:
    error = str(exc)
print(json.dumps({
    "error": error,
    "unchanged": live_build(settings.index_dir) == before and len(library.documents) == 1,
    # VmHWM starts afresh at exec; ru_maxrss of this process would carry the forking pytest process's size
    "self": next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")) * 1024,
    "children": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024,
}))
"""


def test_the_drawing_operator_pdf_is_stopped_and_the_server_stays_small(tmp_path):
    pdf = tmp_path / "drawing.pdf"
    pdf.write_bytes(drawing_pdf(700_000))
    assert len(pdf.read_bytes()) < 40_000
    src = str(Path(__file__).resolve().parents[2] / "src")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (src, os.environ.get("PYTHONPATH")) if p))
    done = subprocess.run(
        [sys.executable, "-c", _SERVER, str(tmp_path), str(SEED), str(pdf)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert re.match(r"drawing\.pdf: parsing (took longer|needed more)", out["error"] or ""), out
    assert str(tmp_path) not in out["error"]
    assert out["unchanged"]
    assert out["self"] < GB and out["children"] < GB


def test_the_memory_cap_applies_to_the_child(tmp_path):
    # A file larger than the cap itself: reading it needs new memory whatever the child's arenas already hold.
    big = tmp_path / "big.txt"
    big.write_text(SEED.read_text("utf-8") * 400, "utf-8")
    with pytest.raises(IngestError, match="more than 16 MB of memory"):
        parse_file(big, ParseLimits(memory_mb=16, max_bytes=2**40))


def test_upload_limits_on_size_and_pages(tmp_path):
    with pytest.raises(IngestError, match=r"limit is 1,000 \(BUDGETQA_MAX_UPLOAD_BYTES\)"):
        parse_file(SEED, ParseLimits(max_bytes=1000))
    pages = tmp_path / "many.pdf"
    kids = " ".join(f"{3 + i} 0 R" for i in range(5))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count 5 >>".encode()]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"] * 5
    body = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % n + obj + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(
        b"%010d 00000 n \n" % o for o in offsets
    )
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    pages.write_bytes(bytes(body))
    with pytest.raises(IngestError, match=r"many.pdf: the PDF has 5 pages; the limit is 3"):
        parse_file(pages, ParseLimits(max_pages=3))
    with pytest.raises(IngestError, match=r"many\.pdf"):  # within the limit: refused for having no text, by the reader
        parse_file(pages, ParseLimits(max_pages=10))


def test_errors_name_the_file_not_its_folder(tmp_path):
    empty = tmp_path / "secret-folder" / "empty.txt"
    empty.parent.mkdir()
    empty.write_bytes(b"")
    with pytest.raises(IngestError) as caught:
        parse_file(empty, ParseLimits())
    assert str(caught.value) == "empty.txt: the file is empty"
