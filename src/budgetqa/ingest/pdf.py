"""PDF disclosures → RawDocument with pdfplumber: one Line per visual line, words kept with their x positions.

The positions matter because PDF-to-text loses empty table cells; a table parser that knows where each value sits
can put it in its column. Everything pdfminer raises becomes an IngestError that says what is wrong with the file.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfplumber.page import Page
from pdfplumber.utils.exceptions import PdfminerException
from pdfplumber.utils.text import WordExtractor

from ..errors import IngestError
from ..models import Line, RawDocument, Word
from . import ocr
from .layout import Box, PageLine, drop_furniture, page_lines

# Chars closer than this fraction of their size belong to one word (Word's CJK–Latin spacing is ~0.25 em).
X_TOLERANCE_RATIO = 0.2
# Overlapping copies of a glyph (bold drawn twice) closer than this many points are one glyph.
DEDUPE_TOLERANCE = 1.0
# pdfminer writes a glyph it cannot map to Unicode as "(cid:123)"; we keep it as one U+FFFD so no number is misread,
# and above this share of such glyphs the text layer is unreadable.
UNMAPPED = re.compile(r"\(cid:\d+\)")
UNKNOWN = "\ufffd"
MAX_UNMAPPED_SHARE = 0.2
# How much of pdfminer's own message an error quotes.
DETAIL_CHARS = 120
# %%EOF must appear within this many bytes of the end of a complete PDF.
EOF_WINDOW = 2048

logging.getLogger("pdfminer").setLevel(logging.ERROR)


def read_pdf(data: bytes, source: str, progress: ocr.PageProgress | None = None) -> RawDocument:
    """Read every page's text lines; raise IngestError for a damaged or locked PDF, or a scan without the OCR extra.

    A page without a usable text layer (a scanned image, glyphs without Unicode) is read by OCR into the same
    positioned words; ``progress`` hears about each such page.
    """
    if not data.strip():
        raise IngestError(source, "the file is empty")
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise IngestError(source, "this is not a PDF (it does not start with %PDF)")
    if b"%%EOF" not in data[-EOF_WINDOW:]:
        raise IngestError(source, "the PDF is truncated (its end marker %%EOF is missing); download it again")
    pages, heights, legible = _read_pages(data, source)
    scans = _read_scans(data, source, pages, heights, legible, progress)
    if not any(pages):
        raise IngestError(
            source,
            f"the PDF has {len(pages)} page(s) but no text layer, and OCR found no text on them either (blank "
            "pages or pictures only?); give the disclosure as a PDF with text or as plain text",
        )
    _check_unicode(pages, source)
    kept = drop_furniture(pages, heights)
    return RawDocument(
        source=source,
        sha256=hashlib.sha256(data).hexdigest(),
        media="pdf",
        page_count=len(pages),
        lines=tuple(_number(kept)),
        ocr_pages=tuple(i + 1 for i in scans),
    )


def _read_scans(
    data: bytes,
    source: str,
    pages: list[list[PageLine]],
    heights: list[float],
    legible: list[bool],
    progress: ocr.PageProgress | None,
) -> list[int]:
    """OCR the pages whose text layer is missing or unreadable, in place; the 0-based pages OCR found text on.

    Without the OCR extra a document that is all scan is refused with the install command; a text document with
    a few picture pages (a cover, a seal) is read without them.
    """
    scans = [i for i, lines in enumerate(pages) if _unreadable(lines) and legible[i]]
    if not scans:
        return []
    if not ocr.available():
        if len(scans) == len(pages):
            raise ocr.missing_extra(source, len(pages))
        return []
    read = []
    for i, (words, height) in sorted(ocr.read_scanned(data, scans, source, progress).items()):
        if words:  # else the page keeps what its text layer had, and the checks below say what is wrong
            pages[i] = page_lines(words)
            heights[i] = height
            read.append(i)
    return read


def _unreadable(lines: list[PageLine]) -> bool:
    """No text, or mostly glyphs without a Unicode mapping."""
    text = "".join(line.text for line in lines)
    return not text.strip() or text.count(UNKNOWN) > MAX_UNMAPPED_SHARE * len(text)


def _read_pages(data: bytes, source: str) -> tuple[list[list[PageLine]], list[float], list[bool]]:
    """Each page's lines and height, and whether it holds an image or glyphs at all: only such a page can be a scan
    or a text layer without Unicode worth OCR (a page of vector drawings only is never rendered for OCR)."""
    pages: list[list[PageLine]] = []
    heights: list[float] = []
    legible: list[bool] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                words, height = _words(page)
                pages.append(page_lines(words))
                heights.append(height)
                legible.append(bool(page.images) or bool(page.chars))
                page.close()
    except PdfminerException as exc:
        raise _pdf_error(source, exc.args[0] if exc.args else exc, len(pages)) from exc
    except Exception as exc:  # pdfminer raises many types on damaged files; none of them should reach the user raw
        raise _pdf_error(source, exc, len(pages)) from exc
    if not pages:
        raise IngestError(
            source, "the PDF has no pages (its page tree is missing or damaged); download or export it again"
        )
    return pages, heights, legible


def _check_unicode(pages: list[list[PageLine]], source: str) -> None:
    text = "".join(line.text for page in pages for line in page)
    if text.count(UNKNOWN) > MAX_UNMAPPED_SHARE * len(text):
        raise IngestError(
            source,
            "the PDF's fonts carry no Unicode mapping, so its text cannot be extracted (it would read as glyph "
            f"numbers); install the OCR extra ({ocr.INSTALL_HINT}) to read it as a scan, or give the text",
        )


def _pdf_error(source: str, exc: object, pages_read: int) -> IngestError:
    if isinstance(exc, PDFPasswordIncorrect):
        return IngestError(source, "the PDF is encrypted with a password; save an unprotected copy and load that")
    detail = "".join(c if c.isprintable() else "?" for c in f"{type(exc).__name__}: {exc}")[:DETAIL_CHARS]
    where = f" at page {pages_read + 1}" if pages_read else ""
    return IngestError(source, f"the PDF is damaged{where} and cannot be read ({detail}); download or export it again")


def _words(page: Page) -> tuple[list[Box], float]:
    """The page's words in the frame its text reads in, and that frame's height.

    Text is brought upright first: a wide table printed sideways on a portrait page (rotated text, not a rotated
    page) reads like any other once its characters are turned. Characters in a minority direction (a sideways
    margin note, a watermark) are left out.
    """
    width, height = _page_size(page)
    chars = _dedupe(page.chars)
    turns = [_turn(c) for c in chars]
    turn = max(set(turns), key=turns.count) if turns else 0
    if turn in (90, 270):
        width, height = height, width
    upright = [_upright(c, turn, width, height) for c, t in zip(chars, turns) if t == turn]
    extractor = WordExtractor(x_tolerance_ratio=X_TOLERANCE_RATIO, y_tolerance=3, extra_attrs=["size"])
    words = [
        Box(
            text=UNMAPPED.sub(UNKNOWN, w["text"]),
            x0=w["x0"],
            x1=w["x1"],
            top=w["top"],
            bottom=w["bottom"],
            size=float(w["size"]),
        )
        for w in extractor.extract_words(upright)
        if w["text"].strip()
    ]
    return words, height


def _dedupe(chars: list[dict]) -> list[dict]:
    """Drop a glyph drawn again within DEDUPE_TOLERANCE of an identical one (simulated bold, shadow text).

    Same job as pdfplumber's ``dedupe_chars`` at a fraction of its cost: glyphs are bucketed by text and position.
    """
    kept: list[dict] = []
    seen: dict[tuple[str, int, int], list[dict]] = {}
    for char in chars:
        cx, cy = int(char["x0"] // DEDUPE_TOLERANCE), int(char["top"] // DEDUPE_TOLERANCE)
        near = (
            other for dx in (-1, 0, 1) for dy in (-1, 0, 1) for other in seen.get((char["text"], cx + dx, cy + dy), ())
        )
        if any(
            abs(other["x0"] - char["x0"]) <= DEDUPE_TOLERANCE and abs(other["top"] - char["top"]) <= DEDUPE_TOLERANCE
            for other in near
        ):
            continue
        kept.append(char)
        seen.setdefault((char["text"], cx, cy), []).append(char)
    return kept


def _page_size(page: Page) -> tuple[float, float]:
    """Width and height as displayed: pdfminer turns the characters of a /Rotate page, pdfplumber's size is not."""
    if page.rotation % 180 == 90:
        return float(page.height), float(page.width)
    return float(page.width), float(page.height)


def _turn(char: dict) -> int:
    """Which way a character's baseline runs, in degrees counter-clockwise: 0 reads left to right."""
    a, b, _, _, _, _ = char["matrix"]
    if abs(b) > abs(a):
        return 90 if b > 0 else 270
    return 180 if a < 0 else 0  # a degenerate matrix (a = b = 0) counts as upright


def _upright(char: dict, turn: int, width: float, height: float) -> dict:
    """A character's box in the frame turned so its text reads left to right (width/height: the turned frame's)."""
    x0, x1, top, bottom = char["x0"], char["x1"], char["top"], char["bottom"]
    if turn == 90:  # reads bottom to top; lines follow left to right
        x0, x1, top, bottom = width - bottom, width - top, x0, x1
    elif turn == 270:  # reads top to bottom; lines follow right to left
        x0, x1, top, bottom = top, bottom, height - x1, height - x0
    elif turn == 180:
        x0, x1, top, bottom = width - x1, width - x0, height - bottom, height - top
    return {
        "text": char["text"],
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "upright": True,
        # pdfminer measures a turned glyph's size along the page's vertical: its advance, not its height
        "size": char["size"] if turn == 0 else bottom - top,
    }


def _number(pages: list[list[PageLine]]) -> list[Line]:
    lines: list[Line] = []
    for page_no, page in enumerate(pages, start=1):
        for line in page:
            words = tuple(Word(text=w.text, x0=round(w.x0, 2), x1=round(w.x1, 2)) for w in line.words)
            lines.append(Line(number=len(lines) + 1, page=page_no, text=line.text, words=words))
    return lines
