"""Tiny PDFs drawn with reportlab, so PDF reading is tested without shipping PDF files."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"  # reportlab's built-in CID font: Chinese without a font file
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


@dataclass(frozen=True)
class Text:
    """A string drawn at (x, y) from the page's top-left; ``right`` aligns its right edge at x."""

    x: float
    y: float
    text: str
    size: float = 12
    right: bool = False
    char_space: float = 0


Draw = Callable[[canvas.Canvas], None]


def make_pdf(
    pages: Sequence[Sequence[Text | Draw]],
    size: tuple[float, float] = (595, 842),
    encrypt: object | None = None,
) -> bytes:
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=size, encrypt=encrypt)
    for items in pages:
        for item in items:
            if isinstance(item, Text):
                _draw(pdf, item, size[1])
            else:
                item(pdf)
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def _draw(pdf: canvas.Canvas, t: Text, height: float) -> None:
    y = height - t.y
    if t.char_space:
        obj = pdf.beginText(t.x, y)
        obj.setFont(FONT, t.size)
        obj.setCharSpace(t.char_space)
        obj.textOut(t.text)
        pdf.drawText(obj)
        return
    pdf.setFont(FONT, t.size)
    if t.right:
        pdf.drawRightString(t.x, y, t.text)
    else:
        pdf.drawString(t.x, y, t.text)


@pytest.fixture()
def pdf_file(tmp_path):
    """Write bytes to tmp_path/name and return the path."""

    def write(name: str, data: bytes):
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return write
