"""The real disclosures in corpus/samples: pages, known lines, column positions."""

from __future__ import annotations

import re

from budgetqa.ingest.loader import looks_like_budget


def _page(raw, page: int) -> list[str]:
    return [line.text for line in raw.lines if line.page == page]


def _well_formed(raw) -> None:
    assert [line.number for line in raw.lines] == list(range(1, len(raw.lines) + 1))
    assert all(line.text == " ".join(w.text for w in line.words) for line in raw.lines)
    assert not any("\ufffd" in line.text or "(cid:" in line.text for line in raw.lines)
    pages = [line.page for line in raw.lines]
    assert pages == sorted(pages) and pages[-1] <= raw.page_count


def test_swu_pages_and_lines(swu_raw):
    assert swu_raw.page_count == 40 and swu_raw.media == "pdf"
    _well_formed(swu_raw)
    assert "西南大学收支预算总表" in _page(swu_raw, 7)
    assert "一、财政拨款 230,876.38 一、教育支出 434,334.99" in _page(swu_raw, 7)
    assert "2050205 高等教育 483,848.18 90,686.29 181,866.03 121,212.23 73,212.23 37,283.63 52,800.00" in _page(
        swu_raw, 8
    )
    assert "合计 230,876.38 199,019.33 31,857.05" in _page(swu_raw, 10)
    assert any(t.startswith("我校 2023 年收支总预算 557,259.13 万元") for t in _page(swu_raw, 11))
    assert looks_like_budget(swu_raw)


def test_swu_page_numbers_are_gone(swu_raw):
    last_lines = {page: _page(swu_raw, page)[-1] for page in range(1, 41) if _page(swu_raw, page)}
    assert not [t for t in last_lines.values() if re.fullmatch(r"\d{1,2}", t)]


def test_swu_distributed_line_has_no_spurious_spaces(swu_raw):
    assert "培训、 2023 年新教师入职培训、教师专业发展培训等；" in _page(swu_raw, 16)


def test_sh_pages_and_lines(sh_raw):
    assert sh_raw.page_count == 21
    _well_formed(sh_raw)
    page7 = _page(sh_raw, 7)
    assert any(t.startswith("一、财政拨款收入 171,915,169") for t in page7)
    assert "编制单位：上海市财政局 单位：元" in page7
    assert "201 06 01 行政运行 84,861,719 84,861,719" in _page(sh_raw, 8)
    assert "346.30 288.70 25.40 32.20 32.20 2,517.78" in _page(sh_raw, 20)
    assert any("共有车辆0辆" in t for t in _page(sh_raw, 21))


def test_sh_split_code_columns_line_up(sh_raw):
    header = next(line for line in sh_raw.lines if line.page == 8 and line.text.startswith("类 款 项"))
    row = next(line for line in sh_raw.lines if line.text.startswith("201 06 01 行政运行"))
    for head, cell in zip(header.words[:3], row.words[:3]):
        assert abs((head.x0 + head.x1) / 2 - (cell.x0 + cell.x1) / 2) < 3, (head, cell)
