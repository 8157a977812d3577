"""Scans made from real PDFs: each page rendered to a grey image and written back as an image-only PDF.

Used by the OCR tests and ``bench/ocr.py``: a scan of a disclosure whose text layer we have is the one way to know
what OCR should have read. Noise and a small skew imitate a paper scan.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pypdfium2 as pdfium
from PIL import Image

from budgetqa.check import reconcile
from budgetqa.models import Disclosure


def make_scan(
    data: bytes, pages: Sequence[int] | None = None, dpi: int = 200, noise: float = 0.0, skew: float = 0.0
) -> bytes:
    """An image-only PDF of ``pages`` (1-based; all by default) at ``dpi``, with Gaussian ``noise`` (grey levels)
    and ``skew`` (degrees, counter-clockwise); page sizes stay those of the original."""
    pdf = pdfium.PdfDocument(data)
    rng = np.random.default_rng(0)
    images = []
    try:
        for number in pages or range(1, len(pdf) + 1):
            image = pdf[number - 1].render(scale=dpi / 72).to_pil().convert("L")
            if skew:
                image = image.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=255)
            if noise:
                pixels = np.asarray(image, dtype=np.float32) + rng.normal(0, noise, (image.height, image.width))
                image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
            images.append(image)
    finally:
        pdf.close()
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out.getvalue()


def pick_pages(data: bytes, pages: Sequence[int]) -> bytes:
    """The original PDF cut down to ``pages`` (1-based), so a scan of a few pages has a text twin to compare with."""
    source = pdfium.PdfDocument(data)
    out = pdfium.PdfDocument.new()
    try:
        out.import_pages(source, [p - 1 for p in pages])
        buf = io.BytesIO()
        out.save(buf)
    finally:
        out.close()
        source.close()
    return buf.getvalue()


@dataclass(frozen=True)
class Comparison:
    """Table cells of a scan against its original: the same (table, side, row, column) with the same row code,
    row name, printed text and value counts as identical."""

    cells: int
    identical: int
    differences: tuple[tuple, ...]  # (key, original, scan)
    unflagged: tuple[tuple, ...]  # differences that no failed check or unresolved row points at
    record: dict[str, tuple]  # document fields that differ: name → (original, scan)

    @property
    def share(self) -> float:
        return self.identical / self.cells if self.cells else 1.0


RECORD = ("title", "unit_name", "year", "kind", "scope", "currency_unit", "page_count")


def compare(original: Disclosure, scan: Disclosure) -> Comparison:
    """Cell by cell; a difference is flagged when the scan's row is unresolved or a check the original passes
    fails in the scan's table."""
    a, b = _cells(original), _cells(scan)
    differences = tuple((key, value, b.get(key)) for key, value in a.items() if b.get(key) != value)
    differences += tuple((key, None, value) for key, value in b.items() if key not in a)
    flagged = _flagged(original, scan)
    unflagged = tuple(d for d in differences if (d[0][0], d[0][1], d[0][2]) not in flagged and d[0][0] not in flagged)
    record = {f: (getattr(original, f), getattr(scan, f)) for f in RECORD if _plain(original, f) != _plain(scan, f)}
    return Comparison(len(a), len(a) - sum(1 for d in differences if d[1] is not None), differences, unflagged, record)


def _plain(doc: Disclosure, field: str):
    """A field's value with spaces removed: a text layer's spacing between scripts ("2023 年") is not in an image."""
    value = getattr(doc, field)
    return "".join(value.split()) if isinstance(value, str) else value


def _cells(doc: Disclosure) -> dict[tuple, tuple]:
    return {
        (t.id, r.side, r.index, c.column): (r.code, r.name, c.text, c.value)
        for t in doc.tables
        for r in t.rows
        for c in r.cells
    }


def _flagged(original: Disclosure, scan: Disclosure) -> set:
    """Rows the scan's reconciliation points at: unresolved rows, and whole tables with a newly failed check."""
    before = {(c.table_id, c.message) for c in reconcile(original).failed}
    tables = {c.table_id for c in reconcile(scan).failed if (c.table_id, c.message) not in before}
    rows = {(t.id, r.side, r.index) for t in scan.tables for r in t.rows if r.status != "resolved"}
    return tables | rows
