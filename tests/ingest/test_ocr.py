"""OCR into the positional reader: word splitting and deskew (pure geometry), the read path with a fake engine,
the message when the extra is missing, and OCR citations. The real engine runs in test_ocr_scans.py (slow)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from budgetqa.answer.writing.compose import OCR_MARK, Builder
from budgetqa.errors import IngestError
from budgetqa.ingest import ocr
from budgetqa.ingest.layout import Box
from budgetqa.ingest.pdf import read_pdf
from budgetqa.models import Disclosure

from .conftest import Text, make_pdf

SCALE = 200 / 72  # pixels per point at the render resolution


def _glyphs(text: str, start: float, step: float) -> list[ocr.Glyph]:
    return [ocr.Glyph(c, start + i * step) for i, c in enumerate(text)]


GLYPH = 30.0  # glyph height in pixels
BOX_H = GLYPH * ocr.BOX_TO_GLYPH
PAD = (BOX_H - GLYPH) / 2


def test_two_cells_in_one_box_become_two_words_at_their_places():
    # a box from x 100 to 1100: "201" centred at 110..150 px, a 300-px gap, then "行政运行" at 500..608
    glyphs = _glyphs("201", 110, 20) + _glyphs("行政运行", 500, 36)
    words = ocr._words(glyphs, (100.0, 1100.0, 50.0, 50.0 + BOX_H), SCALE)
    assert [w.text for w in words] == ["201", "行政运行"]
    assert words[0].x0 == pytest.approx((100 + PAD) / SCALE) and words[1].x1 == pytest.approx((1100 - PAD) / SCALE)
    assert words[0].x1 == pytest.approx((150 + 0.55 * GLYPH / 2) / SCALE)
    assert words[1].x0 == pytest.approx((500 - GLYPH / 2) / SCALE)
    assert words[0].size == pytest.approx(GLYPH / SCALE)
    assert words[0].top == pytest.approx((50 + PAD) / SCALE) and words[0].bottom == pytest.approx(
        (50 + PAD + GLYPH) / SCALE
    )


def test_a_space_read_inside_a_figure_does_not_split_it():
    words = ocr._words(_glyphs("84,861, 719", 10, 15), (0.0, 200.0, 0.0, BOX_H), SCALE)
    assert [w.text for w in words] == ["84,861,719"]


def test_dash_before_a_chinese_character_is_the_character_one():
    assert ocr._fix("-般公共服务支出") == "一般公共服务支出"
    assert ocr._fix("第-章") == "第一章"
    assert ocr._fix("-、收入") == "一、收入" and ocr._fix("（-）") == "（一）"
    assert ocr._fix("-1,234.00") == "-1,234.00"
    assert ocr._fix("2019-2021年") == "2019-2021年"


def _quad(x0: float, y0: float, width: float, height: float, degrees: float, centre: tuple[float, float]):
    corners = [(x0, y0), (x0 + width, y0), (x0 + width, y0 + height), (x0, y0 + height)]
    a = math.radians(degrees)
    cx, cy = centre
    turned = [
        (cx + (x - cx) * math.cos(a) - (y - cy) * math.sin(a), cy + (x - cx) * math.sin(a) + (y - cy) * math.cos(a))
        for x, y in corners
    ]
    return np.array(turned, dtype=np.float32)


def test_skew_is_measured_from_long_boxes_and_undone():
    centre = (800.0, 1100.0)
    rows = [_quad(100, 200 + 60 * i, 600, 40, 0.5, centre) for i in range(10)]
    angle = ocr._skew(rows)
    assert math.degrees(angle) == pytest.approx(0.5, abs=0.05)
    x0, x1, top, bottom = ocr._upright(_quad(100, 1900, 600, 40, 0.5, centre), angle, centre)
    assert (x0, top) == (pytest.approx(100, abs=1.5), pytest.approx(1900, abs=1.5))
    assert (x1, bottom) == (pytest.approx(700, abs=1.5), pytest.approx(1940, abs=1.5))


def test_a_straight_page_is_left_alone():
    centre = (800.0, 1100.0)
    assert ocr._skew([_quad(100, 200 + 60 * i, 600, 40, 0.0, centre) for i in range(10)]) == 0.0
    assert ocr._skew([_quad(100, 200, 600, 40, 3.0, centre)]) == 0.0  # one box does not make a skew


def _picture(pdf):
    """A raster image over the page, as a scanner writes it (vector drawings alone are never OCR'd)."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    pdf.drawImage(ImageReader(Image.new("L", (40, 60), 128)), 50, 50, 400, 600)


def test_scan_without_the_extra_names_the_install_command(monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    with pytest.raises(IngestError) as info:
        read_pdf(make_pdf([[_picture], [_picture]]), "scan.pdf")
    message = str(info.value)
    assert "pip install 'budgetqa[ocr]'" in message
    assert "扫描件" in message and "2 page(s)" in message


def test_a_text_pdf_with_a_picture_page_reads_without_the_extra(monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    raw = read_pdf(make_pdf([[Text(60, 100, "单位支出总表")], [_picture]]), "mixed.pdf")
    assert [line.text for line in raw.lines] == ["单位支出总表"] and raw.ocr_pages == ()


def _fake_scan(data, pages, source, progress=None):
    """What the engine would give: one table row per scanned page, in points."""
    out = {}
    for done, i in enumerate(pages):
        words = [
            Box("2080107", 60, 100, 140, 152, 10),
            Box("社会保险业务管理事务", 130, 230, 140, 152, 10),
            Box(f"{959 + i}.96", 300, 330, 141, 153, 10),
        ]
        out[i] = (words, 842.0)
        if progress:
            progress(done + 1, len(pages))
    return out


def test_scanned_pages_are_read_into_positioned_lines_and_marked(monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "read_scanned", _fake_scan)
    heard = []
    data = make_pdf([[Text(60, 100, "单位支出总表")], [_picture], [_picture]])
    raw = read_pdf(data, "scan.pdf", progress=lambda done, total: heard.append((done, total)))
    assert raw.ocr_pages == (2, 3)
    assert heard == [(1, 2), (2, 2)]
    scanned = [line for line in raw.lines if line.page == 2]
    assert [line.text for line in scanned] == ["2080107 社会保险业务管理事务 960.96"]
    assert [(w.x0, w.x1) for w in scanned[0].words] == [(60, 100), (130, 230), (300, 330)]


def test_blank_scan_is_refused_after_ocr(monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "read_scanned", lambda data, pages, source, progress=None: {i: ([], 842.0) for i in pages})
    with pytest.raises(IngestError, match="OCR found no text"):
        read_pdf(make_pdf([[_picture]]), "blank.pdf")


def _doc(ocr_pages: tuple[int, ...]) -> Disclosure:
    return Disclosure(
        id="d1",
        title="t",
        unit_name="某单位",
        year=2024,
        kind="预算",
        scope="单位",
        source="s.pdf",
        sha256="0" * 64,
        page_count=3,
        ocr_pages=ocr_pages,
    )


def test_citation_of_a_scanned_page_says_ocr_and_keeps_the_page():
    b = Builder(question="q", kind="k")
    doc = _doc((2,))
    scanned = b.citations[b.cite(doc, "表1 › 行政运行", 2, "行政运行 1.00") - 1]
    typed = b.citations[b.cite(doc, "表2 › 行政运行", 3, "行政运行 1.00") - 1]
    assert scanned.locator == "表1 › 行政运行" + OCR_MARK and "OCR" in scanned.locator and scanned.page == 2
    assert typed.locator == "表2 › 行政运行"


@pytest.mark.parametrize(
    "text,broken",
    [
        ("3,580,22", True),
        ("12,3456", True),
        ("1,23.5", True),
        ("3,580,522", False),
        ("1,234.56", False),
        ("0.5", False),
    ],
)
def test_a_figure_with_broken_digit_groups_is_read_again(text, broken):
    assert bool(ocr.BROKEN_FIGURE.fullmatch(text)) is broken


def test_a_lone_letter_o_read_in_a_figure_is_zero():
    assert ocr._fix("o") == "0" and ocr._fix("1o0") == "100" and ocr._fix("6.4") == "6.4"
    assert ocr._fix("Office") == "Office"


def test_a_word_detected_twice_over_its_middle_is_joined():
    left = Box(text="三、", x0=278.0, x1=294.0, top=100.0, bottom=110.0, size=10.0)
    right = Box(text="、医疗卫生支出", x0=291.5, x1=360.0, top=100.5, bottom=110.5, size=10.0)
    apart = Box(text="、其他", x0=400.0, x1=430.0, top=100.0, bottom=110.0, size=10.0)
    words = ocr._merge_overlaps([right, apart, left])
    assert [w.text for w in words] == ["三、医疗卫生支出", "、其他"]
    assert words[0].x0 == 278.0 and words[0].x1 == 360.0
    again = Box(text="三、医疗卫生支出", x0=285.0, x1=360.0, top=100.0, bottom=110.0, size=10.0)
    assert [w.text for w in ocr._merge_overlaps([left, again])] == ["三、医疗卫生支出"]
    earlier = Box(text="三、医疗卫生支出", x0=270.0, x1=360.0, top=100.0, bottom=110.0, size=10.0)
    [word] = ocr._merge_overlaps([left, earlier])
    assert word.text == "三、医疗卫生支出" and word.x0 == 270.0
    number = Box(text="503,724", x0=359.0, x1=400.0, top=100.0, bottom=110.0, size=10.0)
    assert len(ocr._merge_overlaps([again, number])) == 2  # touching, but nothing read twice
    cells = [Box(text=t, x0=x, x1=x + 30, top=100.0, bottom=110.0, size=10.0) for t, x in (("1,000", 0), ("0", 25))]
    assert [w.text for w in ocr._merge_overlaps(cells)] == ["1,000", "0"]  # figures are never joined


def test_ink_no_detected_box_covers_gets_a_box_and_undersized_boxes_are_dropped():
    import cv2

    image = np.full((400, 600, 3), 255, dtype=np.uint8)
    quads = []
    for x in (20, 200, 380):  # three detected words, 48 px boxes around 30 px glyphs
        cv2.putText(image, "88", (x, 90), cv2.FONT_HERSHEY_SIMPLEX, 1.1, (0, 0, 0), 2)
        quads.append(np.array([[x - 9, 51], [x + 50, 51], [x + 50, 99], [x - 9, 99]], np.float32))
    cv2.putText(image, "0", (300, 250), cv2.FONT_HERSHEY_SIMPLEX, 1.1, (0, 0, 0), 2)  # missed by the detector
    cv2.putText(image, "0", (100, 250), cv2.FONT_HERSHEY_SIMPLEX, 1.1, (0, 0, 0), 2)  # given a sliver of a box
    quads.append(np.array([[103, 236], [113, 236], [113, 246], [103, 246]], np.float32))
    boxes = ocr._with_missed(image, quads)
    assert len(boxes) == 5
    new = sorted(
        (float(q[:, 0].min()), float(q[:, 0].max()), float(q[:, 1].min()), float(q[:, 1].max())) for q in boxes[3:]
    )
    for (x0, x1, _, _), glyph_x in zip(new, (100, 300)):
        assert glyph_x - 15 < x0 < glyph_x + 2 and x1 > glyph_x + 18
    assert all(top < 228 and bottom > 250 for _, _, top, bottom in new)  # the whole glyph, with some margin
