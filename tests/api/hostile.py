"""Hostile inputs the attack tests and bench/load.py share: made here, never checked in."""

from __future__ import annotations

import zlib


def drawing_pdf(operators: int = 400_000) -> bytes:
    """A one-page PDF whose compressed content stream holds ``operators`` line drawings and one line of text: a
    few KB on disk, millions of objects in a PDF reader that lays the page out."""
    ops = b"0 0 m 612 792 l S\n" * operators
    content = zlib.compress(b"BT /F1 12 Tf 72 720 Td (2024 budget) Tj ET\n" + ops, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
