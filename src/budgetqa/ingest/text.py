"""Plain text extracted from a disclosure PDF: pages are split on form feeds, else on runs of 3+ blank lines."""

from __future__ import annotations

import hashlib
import re

from ..errors import IngestError
from ..models import Line, RawDocument

_PAGE_BREAK = re.compile(r"\n(?:[ \t\u3000]*\n){3,}")


def read_text(data: bytes, source: str) -> RawDocument:
    """Decode (UTF-8, then GB18030) and split into pages; ``Line.number`` is the line in the file, blanks left out."""
    if not data.strip():
        raise IngestError(source, "the file is empty")
    text = _decode(data, source)
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    breaks = [m.end() for m in (re.finditer("\f", text) if "\f" in text else _PAGE_BREAK.finditer(text))]
    lines: list[Line] = []
    page_no, offset = 1, 0
    for line_no, raw in enumerate(text.split("\n"), start=1):
        while page_no - 1 < len(breaks) and offset >= breaks[page_no - 1]:
            page_no += 1
        offset += len(raw) + 1
        if raw.strip().strip("\f"):
            lines.append(Line(number=line_no, page=page_no, text=raw.strip("\f").rstrip()))
    if not lines:
        raise IngestError(source, "the file holds no text")
    return RawDocument(
        source=source,
        sha256=hashlib.sha256(data).hexdigest(),
        media="text",
        page_count=len(breaks) + 1,
        lines=tuple(lines),
    )


def _decode(data: bytes, source: str) -> str:
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise IngestError(source, "the file is not text in UTF-8 or GB18030 (is it a PDF with the wrong extension?)")
