"""Plain text extracted from a disclosure PDF: pages are split on form feeds, else on runs of 3+ blank lines."""

from __future__ import annotations

import hashlib
import re

from ..errors import IngestError
from ..models import Line, RawDocument

_PAGE_BREAK = re.compile(r"(\n(?:[ \t\u3000]*\n){3,})")
_FORM_FEED = re.compile(r"(\f)")


def read_text(data: bytes, source: str) -> RawDocument:
    """Decode (UTF-8, then GB18030) and split into pages; ``Line.number`` is the line in the file, blanks left out."""
    if not data.strip():
        raise IngestError(source, "the file is empty")
    text = _decode(data, source)
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    pattern = _FORM_FEED if "\f" in text else _PAGE_BREAK
    parts = pattern.split(text)  # page, separator, page, separator, …
    lines: list[Line] = []
    line_no = 1
    for i in range(0, len(parts), 2):
        for offset, raw in enumerate(parts[i].split("\n")):
            if raw.strip():
                lines.append(Line(number=line_no + offset, page=i // 2 + 1, text=raw.rstrip()))
        line_no += parts[i].count("\n") + (parts[i + 1].count("\n") if i + 1 < len(parts) else 0)
    if not lines:
        raise IngestError(source, "the file holds no text")
    return RawDocument(
        source=source,
        sha256=hashlib.sha256(data).hexdigest(),
        media="text",
        page_count=len(parts) // 2 + 1,
        lines=tuple(lines),
    )


def _decode(data: bytes, source: str) -> str:
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise IngestError(source, "the file is not text in UTF-8 or GB18030 (is it a PDF with the wrong extension?)")
