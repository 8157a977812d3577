"""read_pdf on PDFs drawn in the test: lines, word positions, page furniture, and every way a PDF can be bad."""

from __future__ import annotations

import pytest
from reportlab.lib.pdfencrypt import StandardEncryption

from budgetqa.errors import IngestError
from budgetqa.ingest.pdf import read_pdf

from .conftest import Text, make_pdf

# A three-column table (合计 | 基本支出 | 项目支出), values right-aligned at x = 330 / 430 / 530; the second body row
# has no 基本支出, the third no 项目支出.
TABLE = [
    Text(200, 60, "单位支出总表", size=16),
    Text(430, 90, "单位：万元", size=10),
    Text(60, 120, "科目编码"),
    Text(130, 120, "科目名称"),
    Text(330, 120, "合计", right=True),
    Text(430, 120, "基本支出", right=True),
    Text(530, 120, "项目支出", right=True),
    Text(60, 145, "2080101"),
    Text(130, 145, "行政运行"),
    Text(330, 145, "1,967.23", right=True),
    Text(430, 145, "1,967.23", right=True),
    Text(60, 170, "2080107"),
    Text(130, 170, "社会保险业务管理事务"),
    Text(330, 170, "959.96", right=True),
    Text(530, 170, "959.96", right=True),
    # baseline 1 pt lower than its neighbours: still the same line
    Text(60, 195, "2210201"),
    Text(130, 196, "住房公积金"),
    Text(330, 195, "169.17", right=True),
    Text(430, 195.5, "169.17", right=True),
]


def _texts(raw):
    return [line.text for line in raw.lines]


def test_table_lines_and_word_positions():
    raw = read_pdf(make_pdf([TABLE]), "t.pdf")
    assert raw.media == "pdf" and raw.page_count == 1 and raw.source == "t.pdf"
    assert _texts(raw) == [
        "单位支出总表",
        "单位：万元",
        "科目编码 科目名称 合计 基本支出 项目支出",
        "2080101 行政运行 1,967.23 1,967.23",
        "2080107 社会保险业务管理事务 959.96 959.96",
        "2210201 住房公积金 169.17 169.17",
    ]
    assert [line.number for line in raw.lines] == [1, 2, 3, 4, 5, 6]
    header, basic_row, project_row = raw.lines[2], raw.lines[3], raw.lines[4]
    column_right = {w.text: w.x1 for w in header.words}
    assert column_right["项目支出"] == pytest.approx(530, abs=0.5)
    # the empty 基本支出 cell shows as a gap: the second value ends under 项目支出, not under 基本支出
    assert [w.text for w in project_row.words] == ["2080107", "社会保险业务管理事务", "959.96", "959.96"]
    assert project_row.words[3].x1 == pytest.approx(530, abs=0.5)
    assert basic_row.words[3].x1 == pytest.approx(430, abs=0.5)
    assert project_row.words[0].x0 == pytest.approx(60, abs=0.5)
    assert all(w.x0 < w.x1 for line in raw.lines for w in line.words)


def test_lines_count_across_pages_and_keep_page_numbers():
    raw = read_pdf(
        make_pdf([[Text(60, 100, "第一页正文")], [Text(60, 100, "第二页正文"), Text(60, 130, "续")]]), "p.pdf"
    )
    assert [(line.number, line.page, line.text) for line in raw.lines] == [
        (1, 1, "第一页正文"),
        (2, 2, "第二页正文"),
        (3, 2, "续"),
    ]
    assert raw.page_count == 2


@pytest.mark.parametrize("footer", ["7", "- 7 -", "第 7 页", "第7页 共40页", "7 / 40"])
def test_bare_page_number_at_the_bottom_is_dropped(footer):
    raw = read_pdf(make_pdf([[Text(60, 100, "正文一行"), Text(290, 800, footer, size=9)]]), "n.pdf")
    assert _texts(raw) == ["正文一行"]


def test_a_number_in_the_body_is_kept():
    raw = read_pdf(make_pdf([[Text(60, 100, "合计"), Text(60, 130, "7")]]), "b.pdf")
    assert _texts(raw) == ["合计", "7"]


def test_running_header_and_footer_repeated_on_most_pages_are_dropped():
    pages = [
        [
            Text(60, 40, "西南大学 2023 年部门预算", size=9),
            Text(60, 120, f"第{i}页的正文"),
            Text(60, 810, f"内部资料 {i}", size=9),
        ]
        for i in range(1, 5)
    ]
    raw = read_pdf(make_pdf(pages), "h.pdf")
    assert _texts(raw) == [f"第{i}页的正文" for i in range(1, 5)]


def test_title_repeated_mid_page_is_not_a_running_header():
    pages = [[Text(60, 200, "单位：万元"), Text(60, 230, f"{i}号表")] for i in range(1, 5)]
    assert len(read_pdf(make_pdf(pages), "r.pdf").lines) == 8


def test_letter_spaced_and_double_drawn_text_reads_as_plain_words():
    def bold(pdf):  # simulated bold: the same glyphs drawn twice, 0.3 pt apart
        for dx in (0, 0.3):
            pdf.setFont("STSong-Light", 12)
            pdf.drawString(60 + dx, 842 - 200, "公务接待费")

    page = [Text(60, 100, "教师专业发展培训等", char_space=8), bold, Text(60, 300, "类 款 项")]
    raw = read_pdf(make_pdf([page]), "s.pdf")
    assert _texts(raw) == ["教师专业发展培训等", "公务接待费", "类 款 项"]


def test_landscape_page():
    page = [Text(60, 100, "一、财政拨款收入"), Text(700, 100, "171,915,169", right=True)]
    raw = read_pdf(make_pdf([page], size=(842, 595)), "l.pdf")
    assert _texts(raw) == ["一、财政拨款收入 171,915,169"]
    assert raw.lines[0].words[-1].x1 == pytest.approx(700, abs=0.5)


def _ascii(pdf):
    pdf.setFont("Helvetica", 12)
    pdf.drawString(60, 700, "Budget 2023 total 4,534.39")


def test_owner_password_only_pdf_opens():
    # ASCII here: pdfminer cannot map reportlab's CID font once the file is encrypted (see the next test)
    data = make_pdf([[_ascii]], encrypt=StandardEncryption("", ownerPassword="owner", canPrint=0))
    assert _texts(read_pdf(data, "o.pdf")) == ["Budget 2023 total 4,534.39"]


def test_text_without_unicode_mapping_is_refused():
    data = make_pdf([[Text(60, 100, "预算收入支出")]], encrypt=StandardEncryption("", ownerPassword="owner"))
    message = _error(data)
    assert "no Unicode mapping" in message and "OCR" in message


def _error(data: bytes) -> str:
    with pytest.raises(IngestError) as info:
        read_pdf(data, "bad.pdf")
    assert str(info.value).startswith("bad.pdf: ")
    return str(info.value)


def test_user_password_pdf_is_refused():
    data = make_pdf([[_ascii]], encrypt=StandardEncryption("secret", ownerPassword="owner"))
    assert "encrypted with a password" in _error(data)


def test_image_only_pdf_needs_ocr():
    def picture(pdf):
        pdf.rect(50, 50, 400, 600, fill=1)

    message = _error(make_pdf([[picture], [picture]]))
    assert "no text layer" in message and "OCR" in message and "2 page" in message


def test_truncated_pdf():
    data = make_pdf([TABLE])
    assert "truncated" in _error(data[: len(data) // 2])


@pytest.mark.parametrize(
    "data,words",
    [
        (b"%PDF-1.4\n garbage that is no PDF at all\n%%EOF\n", "damaged and cannot be read (PDFSyntaxError"),
        (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n", "no pages"),
    ],
)
def test_broken_pdf_is_an_ingest_error_not_a_pdfminer_one(data, words):
    assert words in _error(data)


def test_damaged_page_is_named():
    data = make_pdf([TABLE, TABLE])
    # corrupt the second page's content stream (ASCII85-encoded by reportlab) but keep the file's structure
    first = data.index(b"\nstream\n")
    start = data.index(b"\nstream\n", first + 1) + len(b"\nstream\n")
    damaged = data[:start] + b"\x00\x01\x02" + data[start + 3 :]
    assert "damaged at page 2" in _error(damaged)


@pytest.mark.parametrize("data,words", [(b"", "empty"), (b"hello, not a pdf", "not a PDF")])
def test_empty_or_not_a_pdf(data, words):
    assert words in _error(data)


def test_same_bytes_same_hash():
    data = make_pdf([TABLE])
    assert read_pdf(data, "a.pdf").sha256 == read_pdf(data, "b.pdf").sha256


def _sideways(angle: float, origin: tuple[float, float], rows: list[tuple[float, float, str]]):
    """Draw rows (x, y-from-the-top in the turned frame, text) in a frame rotated by ``angle`` degrees."""

    def draw(pdf):
        pdf.saveState()
        pdf.translate(*origin)
        pdf.rotate(angle)
        pdf.setFont("STSong-Light", 12)
        for x, y, text in rows:
            pdf.drawString(x, -y, text)
        pdf.restoreState()

    return draw


ROWS = [(40, 40, "一、财政拨款收入"), (300, 40, "171,915,169"), (40, 70, "二、事业收入"), (300, 70, "0")]
READ = ["一、财政拨款收入 171,915,169", "二、事业收入 0"]


@pytest.mark.parametrize("angle,origin", [(90, (0, 0)), (-90, (595, 842)), (180, (595, 0))])
def test_text_printed_sideways_reads_like_upright_text(angle, origin):
    raw = read_pdf(make_pdf([[_sideways(angle, origin, ROWS)]]), "s.pdf")
    assert _texts(raw) == READ
    first = raw.lines[0].words
    assert first[1].x0 - first[0].x1 > 100  # the gap between the cells survives the turn


def test_rotated_page_uses_the_displayed_size():
    # /Rotate 90 with the content drawn turned back: an upright landscape page (842 x 595), page number at its foot
    def rotate(pdf):
        pdf.setPageRotation(90)

    raw = read_pdf(make_pdf([[rotate, _sideways(90, (0, 0), ROWS + [(400, 555, "- 3 -")])]]), "r.pdf")
    assert _texts(raw) == READ


def test_sideways_watermark_on_an_upright_page_is_left_out():
    page = [Text(60, 100, "单位收支总表"), Text(60, 130, "合计 100.00"), _sideways(90, (300, 300), [(0, 0, "样")])]
    assert _texts(read_pdf(make_pdf([page]), "w.pdf")) == ["单位收支总表", "合计 100.00"]
