"""Odd input never raises: no tables, garbage, a title without a body, tables in text with wrapped values."""

from budgetqa.models import Line, Word
from budgetqa.parse.tables import read_tables
from budgetqa.parse.tables.header_pdf import pdf_columns
from budgetqa.parse.tables.kinds import kind_of


def _lines(*texts, page=1):
    return [Line(number=i, page=page, text=t) for i, t in enumerate(texts, start=1)]


def test_no_tables():
    assert read_tables([]).tables == []
    got = read_tables(_lines("第一部分 概况", "一、主要职责", "（一）执行社会保险有关法规。"))
    assert got.tables == [] and got.claimed == frozenset()


def test_garbage_lines_do_not_raise():
    junk = [
        "单位收支总表",
        "单位：万元",
        "%%%",
        "1,2,3,,",
        "— 7 —",
        "（）：",
        "表",
        "－",
        "9" * 40,
        "合计 合计 合计",
        "\t",
    ]
    result = read_tables(_lines(*junk))
    assert len(result.tables) == 1
    assert all(r.status in ("resolved", "unresolved") for t in result.tables for r in t.rows)


def test_toc_entry_is_not_a_table():
    lines = _lines(
        "目 录", "1. 2025年预算单位财务收支预算总表", "2. 2025年预算单位收入预算总表", "六、其他相关情况说明"
    )
    assert read_tables(lines).tables == []


def test_title_without_body():
    t = read_tables(_lines("单位支出总表", "单位：元")).tables[0]
    assert t.kind == "expense" and t.unit == "元" and t.empty and t.rows == ()


def test_ambiguous_row_is_unresolved_not_guessed():
    lines = _lines(
        "单位支出总表", "单位：万元", "科目编码 科目名称 合计 基本支出 项目支出", "2080101 行政运行 10.00 10.00"
    )
    (row,) = read_tables(lines).tables[0].rows
    assert row.status == "unresolved" and "2 placements" in (row.note or "")
    assert [c.column for c in row.cells] == ["c0"]


def test_children_settle_by_parent_sums():
    lines = _lines(
        "单位支出总表",
        "单位：万元",
        "科目编码 科目名称 合计 基本支出 项目支出",
        "208 社会保障和就业支出 30.00 10.00 20.00",
        "20801 人力资源和社会保障管理事务 30.00 10.00 20.00",
        "2080101 行政运行 10.00 10.00",
        "2080107 社会保险业务管理事务 20.00 20.00",
    )
    rows = read_tables(lines).tables[0].rows
    assert [r.status for r in rows] == ["resolved"] * 4
    assert [c.column for c in rows[2].cells] == ["c0", "c1"]
    assert [c.column for c in rows[3].cells] == ["c0", "c2"]


def test_kind_by_alias_then_header():
    assert kind_of("2025年预算单位一般公共预算基本支出部门预算经济分类预算表") == "general_basic_expense"
    assert kind_of("西南大学财政拨款支出预算表") == "fiscal_expense"
    assert kind_of("财政拨款收支预算总表") == "fiscal_summary"
    assert kind_of("某某表", "合计 人员经费 公用经费") == "general_basic_expense"
    assert kind_of("关于2023年单位收支总表的说明") == "income_expense_summary"  # segment.py requires the 表 ending
    assert kind_of("资产负债表") is None


def _w(text, x0, x1):
    return Word(text=text, x0=x0, x1=x1)


def test_pdf_header_groups_and_stacked_cells():
    header = [
        [_w("事业收入", 378, 420), _w("使用非财", 513, 556)],
        [_w("财政拨款", 291, 333), _w("其他收", 465, 497)],
        [_w("收入合计", 172, 214), _w("上年结转", 232, 274), _w("其中：教", 404, 446), _w("政拨款结", 513, 556)],
        [_w("收入", 301, 322), _w("金额", 360, 381), _w("入", 476, 487)],
        [_w("育收费", 404, 435), _w("余", 529, 540)],
    ]
    paths = [c.path for c in pdf_columns(header)]
    assert paths == [
        ("收入合计",),
        ("上年结转",),
        ("财政拨款收入",),
        ("事业收入", "金额"),
        ("事业收入", "其中：教育收费"),
        ("其他收入",),
        ("使用非财政拨款结余",),
    ]


def test_pdf_header_centred_group_spans_its_block():
    header = [
        [_w("一般公共预算支出", 558, 654)],
        [_w("合计", 469, 493), _w("基本支出", 588, 636), _w("项目支出", 713, 761)],
    ]
    assert [c.path for c in pdf_columns(header)] == [
        ("一般公共预算支出", "合计"),
        ("一般公共预算支出", "基本支出"),
        ("一般公共预算支出", "项目支出"),
    ]
