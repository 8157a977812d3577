"""The two real PDFs: every table found with its unit, rows resolved, and hand-checked cells (read off the pages)."""

import pytest


def _cell(table, row, leaf):
    hits = [c for c in row.cells if table.column(c.column).path[-1] == leaf]
    assert len(hits) == 1, (row.name, leaf, row.cells)
    return hits[0]


def _share_resolved(tables):
    rows = [r for t in tables for r in t.rows]
    return sum(r.status == "resolved" for r in rows) / len(rows)


def test_swu_tables(swu_tables):
    tables = swu_tables.tables
    assert [(t.title, t.kind, t.unit) for t in tables] == [
        ("西南大学收支预算总表", "income_expense_summary", "万元"),
        ("西南大学收入预算表", "income", "万元"),
        ("西南大学支出预算表", "expense", "万元"),
        ("西南大学财政拨款支出预算表", "fiscal_expense", "万元"),
    ]
    assert [t.page for t in tables] == [7, 8, 9, 10]
    assert _share_resolved(tables) >= 0.98


SWU_CELLS = [  # (table index, code or name, side, column leaf, value) — read off pages 7-10
    (0, "一、财政拨款", "收入", "预算数", 230876.38),
    (0, "四、住房保障支出", "支出", "预算数", 16916.56),
    (0, "其中：捐赠收入", "收入", "预算数", 1000.00),
    (0, "结转下年", "支出", "预算数", 88480.06),
    (1, "2050202", None, "其中：教育收费", None),
    (1, "2050204", None, "其中：教育收费", 950.00),
    (1, "2050204", None, "金额", 1130.00),
    (1, "2210201", None, "使用非财政拨款结余", 6491.75),
    (1, "2210201", None, "其他收入", 2114.74),
    (1, "208", None, "其他收入", 1270.51),
    (1, "20599", None, "上年结转", 265.06),
    (2, "20599", None, "项目支出", 902.14),
    (2, "206", None, "项目支出", 1973.00),  # printed half a line above its row
    (2, "2060201", None, "基本支出", 828.72),
    (2, "2050205", None, "基本支出", 308469.42),
    (3, "2060204", None, "项目支出", 350.00),
    (3, "2296004", None, "项目支出", 109.50),
    (3, "合计", None, "基本支出", 199019.33),
]


@pytest.mark.parametrize("i,key,side,leaf,value", SWU_CELLS)
def test_swu_cells(swu_tables, row_of, i, key, side, leaf, value):
    t = swu_tables.tables[i]
    row = row_of(t, code=key, side=side) if key[0].isdigit() else row_of(t, name=key, side=side)
    if value is None:
        assert all(t.column(c.column).path[-1] != leaf for c in row.cells)
    else:
        assert _cell(t, row, leaf).value == value


def test_swu_wrapped_names_and_header(swu_tables, row_of):
    income = swu_tables.tables[1]
    assert row_of(income, code="208").name == "社会保障和就业支出"
    assert row_of(income, code="20805").name == "行政事业单位养老支出"
    assert row_of(income, code="2080505").name == "机关事业单位基本养老保险缴费支出"
    assert row_of(income, code="2296004").name == "用于教育事业的彩票公益金支出"
    assert ("事业收入", "其中：教育收费") in [c.path for c in income.columns]
    assert ("使用非财政拨款结余",) in [c.path for c in income.columns]
    expense = swu_tables.tables[2]
    unit_row = row_of(expense, code="105236")
    assert unit_row.is_total and unit_row.level is None


def test_shanghai_tables(sh_tables):
    tables = sh_tables.tables
    titles = [t.title for t in tables]
    assert titles[0] == "2025年预算单位财务收支预算总表"
    assert "2025年单位“三公”经费和机关运行经费预算表" in titles
    assert [t.kind for t in tables] == [
        "income_expense_summary",
        "income",
        "expense",
        "fiscal_summary",
        "general_expense",
        "gov_fund_expense",
        "state_capital_expense",
        "general_basic_expense",
        "three_public",
    ]
    assert [t.unit for t in tables] == ["元"] * 8 + ["万元"]
    assert tables[5].empty and tables[6].empty and not tables[4].empty
    assert tables[7].classification == "economic" and tables[4].classification == "function"
    assert _share_resolved(tables) >= 0.98


SH_CELLS = [  # read off pages 7-20
    (0, "一、财政拨款收入", "收入", "预算数", 171915169, "元"),
    (0, "二、社会保障和就业支出", "支出", "公用经费", 646320, "元"),
    (0, "三、卫生健康支出", "支出", "项目支出", 48000, "元"),
    (0, "支出总计", "支出", "人员经费", 102464260, "元"),
    (1, "2010604", None, "财政拨款收入", 370000, "元"),
    (2, "2010602", None, "项目支出", 28544130, "元"),
    (2, "2080599", None, "基本支出", 50400, "元"),
    (2, "合计", None, "基本支出", 127642039, "元"),
    (3, "一、一般公共服务支出", "支出", "一般公共预算", 127886849, "元"),
    (4, "2109999", None, "项目支出", 48000, "元"),
    (4, "2101101", None, "基本支出", 4620000, "元"),
    (7, "30209", None, "公用经费", 9265733, "元"),
    (7, "30399", None, "人员经费", None, "元"),
    (7, "30302", None, "人员经费", 3514000, "元"),
    (7, "合计", None, "公用经费", 25177779, "元"),
    (8, "合计", None, "因公出国(境)费", 288.70, "万元"),
    (8, "合计", None, "机关运行经费预算数", 2517.78, "万元"),
]


@pytest.mark.parametrize("i,key,side,leaf,value,unit", SH_CELLS)
def test_shanghai_cells(sh_tables, row_of, i, key, side, leaf, value, unit):
    t = sh_tables.tables[i]
    if key == "30399":  # no such row: 303 has only 退休费
        assert all(r.code != key for r in t.rows)
        return
    row = row_of(t, code=key, side=side) if key[0].isdigit() else row_of(t, name=key, side=side)
    cell = _cell(t, row, leaf)
    assert (cell.value, cell.unit) == (value, unit)


def test_shanghai_split_codes_and_levels(sh_tables, row_of):
    t = sh_tables.tables[1]
    row = row_of(t, code="2010601")
    assert (row.name, row.level, row.parent) == ("行政运行", "项", "20106")
    assert row.raw.startswith("201 06 01")
    assert row_of(t, code="20106").level == "款"
    basic = sh_tables.tables[7]
    assert (row_of(basic, code="30211").level, row_of(basic, code="30211").parent) == ("款", "302")


def test_shanghai_continuation_pages_do_not_repeat(sh_tables):
    t = sh_tables.tables[2]  # 支出预算总表 runs over pages 10-11, header repeated on 11
    codes = [r.code for r in t.rows]
    assert len(codes) == len(set(codes)) == 24
    assert {r.page for r in t.rows} == {10, 11}
    assert all(r.name not in ("项目", "类", "功能分类科目名称") for r in t.rows)


def test_shanghai_three_public_arithmetic(sh_tables, values_of):
    t = sh_tables.tables[8]
    (row,) = t.rows
    assert row.status == "resolved"
    got = {k.split("/")[-1]: v for k, v in values_of(t, row).items()}
    assert got["合计"] == pytest.approx(got["因公出国(境)费"] + got["公务接待费"] + got["小计"])
    assert got["运行费"] == 32.20 and "购置费" not in got
