"""Scanned pages → the positioned words the text layer would give, with an OCR engine that runs offline.

A scanned disclosure is a picture of the same tables. Recognised text boxes are turned into the ``Box`` words the
PDF text reader produces (text, x extent, top/bottom in points), so line building, table columns, arithmetic and
checks treat a scan like any other PDF. The engine is RapidOCR (PP-OCRv4 models shipped inside the
``rapidocr-onnxruntime`` wheel), installed by the optional extra ``budgetqa[ocr]``; nothing is downloaded.

Speed on a 2-core machine comes from four choices: text is *found* on a coarse render (DETECT_DPI) and *read* on
a fine one (RENDER_DPI); short crops (a table cell) are not padded to the recogniser's 320-pixel default width; the
angle classifier is skipped (a page's rotation is pdfium's job, a scan's slight skew is undone from the boxes); and
pages are recognised WORKERS at a time with one thread each.

Accuracy comes from undoing the engine's known misses where the page itself shows them: ink no detected box covers
(a lone "0" in a cell), a box that starts with 、 (a thin leading 一 left out), two boxes over one word, a 0 read as o.
"""

from __future__ import annotations

import math
import os
import re
import statistics
from collections.abc import Callable, Sequence
from concurrent.futures import ALL_COMPLETED, FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..errors import IngestError
from .layout import Box

RENDER_DPI = 200  # crops for recognition: a 9 pt glyph is ~25 px high, the recogniser works at 48
DETECT_DPI = 120  # text detection finds every cell of a dense table at this resolution, at a third of the cost
POINTS_PER_INCH = 72
# Recogniser input: height 48 (the model's), minimum width 128 px. The stock 320 pads a 3-digit cell 6-fold and
# costs 2.3x the CPU; at 48 a short code cell ("02") lost a digit now and then, at 128 none did on the samples.
REC_SHAPE = (3, 48, 128)
REC_BATCH = 6
MIN_TEXT_SCORE = 0.5  # a box read with lower mean confidence is dropped (noise, ruling-line fragments)
# A figure whose digit groups are broken (a group after a comma that is not 3 digits): a digit was dropped or doubled.
BROKEN_FIGURE = re.compile(r"-?\d{1,3}(?:,\d{3})*,(?:\d{1,2}|\d{4,})(?:,\d+)*(?:\.\d+)?")
# Inside one detected box, a horizontal gap wider than this many glyph heights separates two words (two table
# cells detected as one box); narrower gaps are letter and word spacing, which the text layer joins too.
WORD_GAP = 0.8
# A detected box is about this many times the height of its glyphs (the detector pads its boxes by half the
# difference on every side); measured against the text layer of the sample PDFs.
BOX_TO_GLYPH = 1.6
# How far the detector grows a text region into its box (PP-OCR's default is 1.6): a little wider keeps the thin
# stroke of a leading 一 in the box more often.
UNCLIP = 2.0
WORKERS = max(1, min(4, os.cpu_count() or 1))
# Skew: undone when the median angle of long boxes exceeds this many degrees; boxes at least this many times as
# wide as high vote.
MIN_SKEW = 0.05
SKEW_VOTER_RATIO = 3.0
INSTALL_HINT = "pip install 'budgetqa[ocr]'"
# The recogniser reads the character 一 (a lone stroke) as a hyphen; a hyphen before a Chinese character or 、 and not
# after a digit (2019-2021), or alone in brackets, is 一 in this text: "-般公共服务支出", "第-章", "-、", "（-）".
ONE = re.compile(r"(?<![0-9A-Za-z])-(?=[\u4e00-\u9fff、])|(?<=[（(])-(?=[）)])")

# A lone digit in a table cell ("0") is the detector's weak spot: it finds no box, or one a fraction of the line's
# height. Boxes lower than SMALL_BOX times the page's median box height are dropped, and ink the remaining boxes do
# not cover is looked at: a blob MISSED_GLYPH times the median glyph height (low, high) and at most MISSED_WIDTH
# glyph heights wide is a glyph; blobs closer than MISSED_GAP glyph heights are one word, boxed with MISSED_PAD of
# the blobs' height around them.
SMALL_BOX = 0.6
MISSED_GLYPH = (0.45, 1.3)
MISSED_WIDTH = 1.5
MISSED_GAP = 0.5
MISSED_PAD = 0.3
# A name's leading numeral "一" is a thin stroke the detector often leaves out of its box ("、一般公共预算资金"): a
# box that starts with an enumeration separator is read again grown leftwards by this many glyph heights, and the
# read is kept when it adds a numeral before the separator.
ORPHAN_SEPARATOR = re.compile(r"\s*[、．]")
NUMERAL_GROW = 1.0
NUMERALS = "一二三四五六七八九十0123456789"
# Boxes of one line overlapping by at least this many glyph heights may be one word detected twice.
MIN_OVERLAP = 0.15
_FIGURE = re.compile(r"[-\d,.%]+")
# The recogniser, without context, reads a lone 0 as the letter o: a word of digits, separators and o/O only is a
# figure (no disclosure prints a lone Latin "o").
FIGURE_LOOKALIKE = re.compile(r"[0-9oO][0-9oO,.]*")

PageProgress = Callable[[int, int], None]  # (pages done, pages to do)


@dataclass(frozen=True)
class Glyph:
    """One recognised character: its text and the x of its centre (image pixels, or a fraction of its box's width
    as the recogniser gives it)."""

    text: str
    at: float


def available() -> bool:
    """True when the OCR extra is installed."""
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def missing_extra(source: str, pages: int) -> IngestError:
    """The error for a scan that arrives without the OCR extra: Chinese for the UI, the command for the CLI."""
    return IngestError(
        source,
        f"扫描件（{pages} 页为图片，无文字层）需要安装 OCR 组件：{INSTALL_HINT}。"
        f" The PDF has {pages} page(s) of scanned images and no text layer; reading them needs OCR: install the "
        f"optional extra with `{INSTALL_HINT}` (offline PP-OCR models, ~300 MB) and load the file again.",
    )


def read_scanned(
    data: bytes, pages: Sequence[int], source: str, progress: PageProgress | None = None
) -> dict[int, tuple[list[Box], float]]:
    """OCR the given pages (0-based) of a PDF: each page's words in points, and the page's height in points.

    Pages are rendered one by one (pdfium is not thread-safe) and recognised WORKERS at a time, each engine call on
    one core: on small inputs that uses the cores better than one page at a time on all of them.
    """
    if not pages:
        return {}
    _allow_ocr_memory()
    if not available():
        raise missing_extra(source, len(pages))
    import pypdfium2 as pdfium

    engine = _engine()
    scale = RENDER_DPI / POINTS_PER_INCH
    out: dict[int, tuple[list[Box], float]] = {}
    pdf = pdfium.PdfDocument(data)
    try:
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            running: dict[Future, tuple[int, float]] = {}
            for index in pages:
                page = pdf[index]
                height = float(page.get_size()[1])  # points, as displayed (pdfium applies /Rotate)
                image = np.asarray(page.render(scale=scale).to_pil().convert("RGB"))
                page.close()
                running[pool.submit(recognise, engine, image, scale)] = (index, height)
                if len(running) >= WORKERS:
                    _collect(running, out, len(pages), progress, FIRST_COMPLETED)
            _collect(running, out, len(pages), progress, ALL_COMPLETED)
    finally:
        pdf.close()
    return out


def _collect(running: dict, out: dict, total: int, progress: PageProgress | None, when: str) -> None:
    done, _ = wait(running, return_when=when)
    for future in done:
        index, height = running.pop(future)
        out[index] = (future.result(), height)
        if progress:
            progress(len(out), total)


@lru_cache(maxsize=1)
def _allow_ocr_memory() -> None:
    """In the upload sandbox the address-space cap is a soft limit under a higher hard one kept for OCR
    (ingest/sandbox.py): raise the soft limit to it, now that scanned pages are to be read."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if soft != resource.RLIM_INFINITY and (hard == resource.RLIM_INFINITY or soft < hard):
        resource.setrlimit(resource.RLIMIT_AS, (hard, hard))


@lru_cache(maxsize=1)
def _engine():
    """The RapidOCR pipeline, loaded once per process (its ONNX sessions take ~1 s of CPU), shared by the page
    threads (an ONNX session runs concurrent calls); one thread per call."""
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR(
        use_cls=False,
        rec_img_shape=list(REC_SHAPE),
        rec_batch_num=REC_BATCH,
        det_unclip_ratio=UNCLIP,
        intra_op_num_threads=1,
        inter_op_num_threads=1,
    )


def recognise(engine, image, scale: float) -> list[Box]:
    """Words on one page image (RGB array rendered at ``scale`` pixels per point), in points, deskewed."""
    quads = _detect(engine, image)
    if not quads:
        return []
    quads = _with_missed(image, quads)
    crops = engine.get_crop_img_list(image, quads)
    results, _ = engine.text_rec(crops, return_word_box=True)
    _reread_bad_figures(crops, results)
    _reread_orphan_separators(engine, image, quads, results)
    angle = _skew(quads)
    centre = (image.shape[1] / 2, image.shape[0] / 2)
    words: list[Box] = []
    for quad, (text, score, info) in zip(quads, results):
        if score < MIN_TEXT_SCORE or not text.strip():
            continue
        x0, x1, top, bottom = _upright(quad, angle, centre)
        glyphs = [Glyph(g.text, x0 + g.at * (x1 - x0)) for g in _glyphs(text, info)]
        words.extend(_words(glyphs, (x0, x1, top, bottom), scale))
    return _merge_overlaps(words)


def _shared(left: str, right: str) -> int:
    """How many characters that end ``left`` begin ``right`` (the longest such run)."""
    return next((k for k in range(min(len(left), len(right)), 0, -1) if left.endswith(right[:k])), 0)


def _reread_orphan_separators(engine, image, quads: list, results: list) -> None:
    """Grow leftwards a box that starts with 、 (see ORPHAN_SEPARATOR); keep the read that finds the numeral."""
    for i, (text, _, _) in enumerate(results):
        if not ORPHAN_SEPARATOR.match(text):
            continue
        quad = quads[i].copy()
        glyph_h = float(quad[:, 1].max() - quad[:, 1].min()) / BOX_TO_GLYPH
        quad[[0, 3], 0] = np.maximum(quad[[0, 3], 0] - NUMERAL_GROW * glyph_h, 0)
        again, _ = engine.text_rec(engine.get_crop_img_list(image, [quad]), return_word_box=True)
        new = _fix(again[0][0]).strip()
        head = new[: len(new) - len(text.strip())]
        if head and all(c in NUMERALS for c in head) and new.endswith(text.strip()):
            quads[i], results[i] = quad, again[0]


def _merge_overlaps(words: list[Box]) -> list[Box]:
    """Two boxes of one line that overlap and share the characters where they overlap ("三、" and "、医疗…", or
    "三、" and "三、医疗…") are one word detected twice: joined, the shared characters once."""
    merged: list[Box] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        for j, other in enumerate(merged):
            joined = _joined(other, word)
            if joined is not None:
                merged[j] = joined
                break
        else:
            merged.append(word)
    return merged


def _joined(a: Box, b: Box) -> Box | None:
    """``a`` and ``b`` as one word when they overlap on one line and their texts overlap where they do; else None."""
    if min(a.bottom, b.bottom) - max(a.top, b.top) <= 0.5 * min(a.bottom - a.top, b.bottom - b.top):
        return None
    left, right = (a, b) if a.x0 <= b.x0 else (b, a)
    overlap = min(left.x1, right.x1) - right.x0
    if overlap < MIN_OVERLAP * max(a.size, b.size) or (_FIGURE.fullmatch(a.text) and _FIGURE.fullmatch(b.text)):
        return None  # two neighbouring cells, however close, are never one word
    if right.text in left.text or left.text in right.text:
        if overlap < 0.5 * min(a.x1 - a.x0, b.x1 - b.x0):
            return None
        text = max(left.text, right.text, key=len)
    elif shared := _shared(left.text, right.text):
        text = left.text + right.text[shared:]
    else:
        return None
    return Box(
        text=text,
        x0=left.x0,
        x1=max(left.x1, right.x1),
        top=min(a.top, b.top),
        bottom=max(a.bottom, b.bottom),
        size=max(a.size, b.size),
    )


def _reread_bad_figures(crops: list, results: list) -> None:
    """Read again, at the recogniser's stock width, a box that reads as a figure with broken digit grouping
    ("3,580,22"): the narrow input that makes OCR fast sometimes drops a digit, and a figure must not."""
    bad = [i for i, (text, _, _) in enumerate(results) if BROKEN_FIGURE.fullmatch(text.replace(" ", ""))]
    if not bad:
        return
    again, _ = _stock_recogniser()([crops[i] for i in bad], return_word_box=True)
    for i, result in zip(bad, again):
        if not BROKEN_FIGURE.fullmatch(result[0].replace(" ", "")):
            results[i] = result


@lru_cache(maxsize=1)
def _stock_recogniser():
    """The recogniser with PP-OCR's own input width (320), for the rare box worth the cost."""
    from rapidocr_onnxruntime.ch_ppocr_rec import TextRecognizer

    return TextRecognizer({**_engine_config(), "rec_img_shape": [3, 48, 320]})


def _engine_config() -> dict:
    from rapidocr_onnxruntime import RapidOCR  # noqa: F401  (the config's paths are relative to the package)
    from rapidocr_onnxruntime.main import DEFAULT_CFG_PATH
    from rapidocr_onnxruntime.utils import read_yaml, update_model_path

    config = update_model_path(read_yaml(DEFAULT_CFG_PATH))["Rec"]
    return {**config, "rec_batch_num": REC_BATCH, "intra_op_num_threads": 1, "inter_op_num_threads": 1}


def _detect(engine, image) -> list:
    """Text boxes (4 corner points, image pixels) found on a DETECT_DPI copy of the page."""
    import cv2
    from rapidocr_onnxruntime.ch_ppocr_det.utils import DetPreProcess

    shrink = DETECT_DPI / RENDER_DPI
    small = cv2.resize(image, None, fx=shrink, fy=shrink, interpolation=cv2.INTER_AREA)
    det = engine.text_det
    # no further resizing than to a multiple of 32 (the stock detector picks a size per call, on shared state)
    tensor = DetPreProcess(max(small.shape), "max", det.mean, det.std)(small)
    preds = det.infer(tensor)[0]
    boxes, _ = det.postprocess_op(preds, small.shape[:2])
    boxes = det.filter_tag_det_res(boxes, small.shape[:2])
    return [np.asarray(b, dtype=np.float32) / shrink for b in boxes]


def _with_missed(image, quads: list) -> list:
    """The detected boxes without the undersized ones, plus boxes around glyph-sized ink no box covers."""
    import cv2

    heights = [float(q[:, 1].max() - q[:, 1].min()) for q in quads]
    median = statistics.median(heights)
    kept = [q for q, h in zip(quads, heights) if h >= SMALL_BOX * median]
    glyph = median / BOX_TO_GLYPH
    grey = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    _, ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    _, _, stats, centres = cv2.connectedComponentsWithStats(ink, connectivity=8)
    covered = np.zeros(ink.shape, dtype=bool)
    for q in kept:
        x0, y0 = np.maximum(np.floor(q.min(axis=0)).astype(int), 0)
        x1, y1 = np.ceil(q.max(axis=0)).astype(int)
        covered[y0:y1, x0:x1] = True
    low, high = MISSED_GLYPH[0] * glyph, MISSED_GLYPH[1] * glyph
    blobs = sorted(
        (int(y), int(x), int(w), int(h))
        for (x, y, w, h, _), (cx, cy) in zip(stats[1:], centres[1:])
        if low <= h <= high and w <= MISSED_WIDTH * glyph and not covered[int(cy), int(cx)]
    )
    words: list[list[int]] = []  # x0, y0, x1, y1
    for y, x, w, h in sorted(blobs, key=lambda b: (round(b[0] / glyph), b[1])):
        last = words[-1] if words else None
        if last and abs(y - last[1]) < glyph / 2 and 0 <= x - last[2] <= MISSED_GAP * glyph:
            last[2], last[3] = max(last[2], x + w), max(last[3], y + h)
            last[1] = min(last[1], y)
        else:
            words.append([x, y, x + w, y + h])
    for x0, y0, x1, y1 in words:
        pad = MISSED_PAD * (y1 - y0)
        kept.append(
            np.array(
                [[x0 - pad, y0 - pad], [x1 + pad, y0 - pad], [x1 + pad, y1 + pad], [x0 - pad, y1 + pad]], np.float32
            )
        )
    return kept


def _glyphs(text: str, info: list) -> list[Glyph]:
    """Each character's place along its box, from the recogniser's CTC column (one column ≈ 8 px of a 48-px line)."""
    columns, groups, group_columns = info[0], info[1], info[2]
    chars = [c for group in groups for c in group]
    cols = [c for group in group_columns for c in group]
    if len(chars) != len(cols) or not columns:
        # The decoder's grouping lost a character: spread the text evenly over the box.
        cols = [(i + 0.5) * columns / max(len(text), 1) for i in range(len(text))]
        chars = list(text)
    return [Glyph(c, (col + 0.5) / columns) for c, col in zip(chars, cols)]


def _words(glyphs: list[Glyph], box: tuple[float, float, float, float], scale: float) -> list[Box]:
    """Split a box's glyphs (x in pixels) into words at wide gaps, trimmed from the detector's padded box to the
    glyphs' em boxes as a text layer gives them; spaces the recogniser inserts inside a figure are dropped."""
    x0, x1, top, bottom = box
    glyph_h = (bottom - top) / BOX_TO_GLYPH
    pad = (bottom - top - glyph_h) / 2
    pieces: list[list[Glyph]] = [[]]
    for g in glyphs:
        if g.text.isspace():
            continue
        current = pieces[-1]
        if current and g.at - current[-1].at > (WORD_GAP + (_width(current[-1].text) + _width(g.text)) / 2) * glyph_h:
            pieces.append([])
        pieces[-1].append(g)
    pieces = [p for p in pieces if p]
    words: list[Box] = []
    for i, piece in enumerate(pieces):
        first, last = piece[0], piece[-1]
        left = first.at - _width(first.text) / 2 * glyph_h
        right = last.at + _width(last.text) / 2 * glyph_h
        if i == 0:
            left = x0 + pad  # the box's edge is more exact than a glyph's estimated one
        if i == len(pieces) - 1:
            right = x1 - pad
        words.append(
            Box(
                text=_fix("".join(g.text for g in piece)),
                x0=left / scale,
                x1=right / scale,
                top=(top + pad) / scale,
                bottom=(bottom - pad) / scale,
                size=glyph_h / scale,
            )
        )
    return words


def _fix(text: str) -> str:
    """Undo the recogniser's systematic confusions in this script (see ONE and FIGURE_LOOKALIKE)."""
    if FIGURE_LOOKALIKE.fullmatch(text):
        return text.replace("o", "0").replace("O", "0")
    return ONE.sub("一", text)


def _width(char: str) -> float:
    """A glyph's advance in glyph heights: CJK and full-width are square, digits and Latin about half."""
    return 1.0 if ord(char) > 0x2E80 else 0.55


def _skew(quads: list) -> float:
    """The page's skew in radians: the median slope of the long detected boxes (0 when too few vote)."""
    slopes = []
    for q in quads:
        dx, dy = q[1][0] - q[0][0], q[1][1] - q[0][1]
        height = math.dist(q[0], q[3])
        if height and math.hypot(dx, dy) >= SKEW_VOTER_RATIO * height:
            slopes.append(math.atan2(dy, dx))
    if len(slopes) < 3:
        return 0.0
    angle = statistics.median(slopes)
    return angle if abs(math.degrees(angle)) >= MIN_SKEW else 0.0


def _upright(quad, angle: float, centre: tuple[float, float]) -> tuple[float, float, float, float]:
    """A box's x0, x1, top, bottom (pixels) once the page is turned back by its skew."""
    cos, sin = math.cos(-angle), math.sin(-angle)
    cx, cy = centre
    xs, ys = [], []
    for x, y in quad:
        dx, dy = float(x) - cx, float(y) - cy
        xs.append(cx + dx * cos - dy * sin)
        ys.append(cy + dx * sin + dy * cos)
    return min(xs), max(xs), min(ys), max(ys)
