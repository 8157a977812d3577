"""One entry point from a path to a RawDocument: pick the reader by content and extension, or say why not."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import IngestError
from ..models import RawDocument
from .ocr import PageProgress
from .pdf import read_pdf
from .text import read_text

PDF_EXTENSIONS = (".pdf",)
TEXT_EXTENSIONS = (".txt", ".text", ".md")
SUPPORTED = "PDF with a text layer (.pdf) or plain text (.txt, .text, .md)"
# File signatures of formats people try to load, so the error names what the file really is.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP container (Word .docx, Excel .xlsx or .zip)"),
    (b"\xd0\xcf\x11\xe0", "an old Office file (.doc / .xls)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"{\\rtf", "an RTF document"),
)
# looks_like_budget: a disclosure names its kind and talks money.
KIND_WORDS = ("预算", "决算")
MONEY_WORDS = ("收入", "支出", "万元", "元")
AMOUNT = re.compile(r"\d[\d,]*\.\d+|\d{1,3}(?:,\d{3})+")
MIN_TABLE_LINES = 3


def load(path: Path, progress: PageProgress | None = None) -> RawDocument:
    """Read a disclosure file; IngestError names the file and the fix when it cannot be read.

    ``progress`` hears (pages done, pages to do) while scanned pages are read by OCR, the one slow step here.
    """
    path = Path(path)
    where = str(path)
    if not path.exists():
        raise IngestError(where, "no such file; check the path")
    if path.is_dir():
        raise IngestError(where, f"this is a directory; give the files in it one by one ({SUPPORTED})")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(where, f"the file cannot be read ({exc.strerror or exc})") from exc
    if not data.strip():
        raise IngestError(where, "the file is empty")
    suffix = path.suffix.lower()
    if data.lstrip()[:5] == b"%PDF-":
        return read_pdf(data, path.name, progress)
    what = next((name for magic, name in SIGNATURES if data.startswith(magic)), None)
    if what:
        raise IngestError(where, f"this is {what}; budgetqa reads {SUPPORTED}: export or save the disclosure as PDF")
    if suffix in PDF_EXTENSIONS:
        return read_pdf(data, path.name, progress)
    if suffix in TEXT_EXTENSIONS:
        return read_text(data, path.name)
    raise IngestError(where, f"unsupported file type {suffix or '(no extension)'}; budgetqa reads {SUPPORTED}")


def looks_like_budget(raw: RawDocument) -> bool:
    """Cheap gate: the text names 预算 or 决算 and has figure tables or money words."""
    text = "\n".join(line.text for line in raw.lines)
    if not any(word in text for word in KIND_WORDS):
        return False
    table_lines = sum(1 for line in raw.lines if len(AMOUNT.findall(line.text)) >= 2)
    return table_lines >= MIN_TABLE_LINES or any(word in text for word in MONEY_WORDS)
