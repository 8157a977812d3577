"""The geometry of PDF reading on hand-placed boxes: lines, letter-spacing, page furniture."""

from __future__ import annotations

import pytest

from budgetqa.ingest.layout import PAGE_NUMBER, Box, PageLine, drop_furniture, join_letter_spaced, page_lines


def box(text: str, x0: float, top: float, size: float = 12, width: float | None = None) -> Box:
    width = size * len(text) if width is None else width
    return Box(text=text, x0=x0, x1=x0 + width, top=top, bottom=top + size, size=size)


def texts(lines: list[PageLine]) -> list[str]:
    return [line.text for line in lines]


def test_words_on_one_baseline_form_a_line_read_left_to_right():
    words = [
        box("959.96", 400, 100.8),
        box("2080107", 60, 100),
        box("社会保险业务管理事务", 120, 101.5),
        box("下一行", 60, 118),
    ]
    assert texts(page_lines(words)) == ["2080107 社会保险业务管理事务 959.96", "下一行"]


def test_a_cell_wrapped_half_a_line_higher_is_its_own_line():
    # "机关事业单位基本 / 2080505 9,860.64 / 养老保险缴费支出": the name wraps around the row's baseline
    words = [
        box("机关事业单位基本", 100, 92),
        box("2080505", 40, 100),
        box("9,860.64", 300, 100),
        box("养老保险缴费支出", 100, 108),
    ]
    assert texts(page_lines(words)) == ["机关事业单位基本", "2080505 9,860.64", "养老保险缴费支出"]


def test_mixed_font_sizes_on_one_baseline_stay_together():
    words = [box("2023", 100, 104, size=12), box("年度部门预算", 130, 100, size=16)]
    assert texts(page_lines(words)) == ["2023 年度部门预算"]


def test_lines_do_not_chain_down_the_page():
    # each word 4 pt below the previous one (within tolerance of it): compared with the line, not the last word
    words = [box(str(i), 60 + 40 * i, 100 + 4 * i, size=10) for i in range(6)]
    assert len(page_lines(words)) >= 3


@pytest.mark.parametrize(
    "chars,gap,expected",
    [
        ("培训教师专业", 8, ["培训教师专业"]),  # distributed alignment, 0.7 em
        ("收入总计", 4, ["收入总计"]),
        ("类款项", 20, ["类", "款", "项"]),  # 1.7 em: table columns
        ("收入", 4, ["收", "入"]),  # two characters are not a run
    ],
)
def test_letter_spaced_runs(chars, gap, expected):
    words = [box(c, 60 + i * (12 + gap), 100) for i, c in enumerate(chars)]
    assert [w.text for w in join_letter_spaced(words)] == expected


def test_uneven_single_characters_are_not_merged():
    words = [box("年", 60, 100), box("度", 80, 100), box("总", 130, 100)]
    assert [w.text for w in join_letter_spaced(words)] == ["年", "度", "总"]


def test_letter_spacing_stops_at_a_longer_word():
    words = [box("培", 60, 100), box("训", 80, 100), box("、", 100, 100), box("2023", 120, 100, width=24)]
    words.append(box("年", 152, 100))
    assert [w.text for w in join_letter_spaced(words)] == ["培训、", "2023", "年"]


@pytest.mark.parametrize(
    "text,is_number",
    [
        ("7", True),
        ("- 7 -", True),
        ("—12—", True),
        ("第 7 页", True),
        ("第7页 共40页", True),
        ("7 / 40", True),
        ("Page 3 of 9", True),
        ("7.16", False),
        ("2023", False),
        ("2,636.04", False),
        ("合计 7", False),
        ("第一页", False),
    ],
)
def test_page_number_pattern(text, is_number):
    assert bool(PAGE_NUMBER.match(text)) is is_number


def _page(*rows: tuple[str, float]) -> list[PageLine]:
    return [PageLine((box(text, 60, top),)) for text, top in rows]


def test_page_number_only_in_the_margin_and_only_alone():
    pages = [_page(("正文", 100), ("12", 800)), _page(("正文", 100), ("12", 400)), _page(("3", 20), ("正文", 100))]
    assert [texts(p) for p in drop_furniture(pages, [842] * 3)] == [["正文"], ["正文", "12"], ["正文"]]


def test_running_lines_need_most_pages_and_the_margin():
    header = ("某某单位2023年预算", 30)
    pages = [_page(header, (f"正文{i}", 100 + i), (f"第{i}页", 810)) for i in range(4)]
    pages.append(_page(("正文", 100)))
    assert [texts(p) for p in drop_furniture(pages, [842] * 5)] == [[f"正文{i}"] for i in range(4)] + [["正文"]]
    # two pages are too few to call anything running
    assert texts(drop_furniture(pages[:2], [842] * 2)[0]) == ["某某单位2023年预算", "正文0"]


def test_a_total_row_at_the_foot_of_every_page_is_content():
    pages = [_page((f"正文{i}", 100), (f"合计 {i}1,234 {i}00.00", 800)) for i in range(1, 5)]
    assert [len(p) for p in drop_furniture(pages, [842] * 4)] == [2, 2, 2, 2]


def test_a_single_character_repeated_in_the_margin_is_content():
    pages = [_page((f"正文{i}", 100), ("标", 800)) for i in range(4)]
    assert [len(p) for p in drop_furniture(pages, [842] * 4)] == [2, 2, 2, 2]


def test_page_number_above_a_running_footer():
    pages = [_page((f"正文{i}", 100), (str(i), 770), ("内部资料 注意保存", 800)) for i in range(1, 5)]
    assert [texts(p) for p in drop_furniture(pages, [842] * 4)] == [[f"正文{i}"] for i in range(1, 5)]
