"""Scans made from real PDFs: each page rendered to a grey image and written back as an image-only PDF.

Used by the OCR tests and ``bench/ocr.py``: a scan of a disclosure whose text layer we have is the one way to know
what OCR should have read. Noise and a small skew imitate a paper scan.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import numpy as np
import pypdfium2 as pdfium
from PIL import Image


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
