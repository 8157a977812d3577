"""Eleven real disclosures read right: the document record, the tables the 目录 lists, hand-checked cells, the counts of
名词解释 and 项目绩效目标表, and no unresolved row.

Each PDF is loaded and parsed once per session. The cells were read off the PDF pages by hand (page, row as printed,
column under which the figure stands); a figure the publisher printed wrong is listed in PUBLISHER_SLIPS with its page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from budgetqa.models import Disclosure, Row, Table
from budgetqa.parse.tables.cells import squeeze

from ..conftest import SH_PDF, SHARED_CORPUS, SWU_PDF


@dataclass(frozen=True)
class Cell:
    table: str  # a part of the printed title
    row: str  # a code, or the row name as printed (wrapped names rejoined)
    column: str  # the end of the column path, "事业收入/金额"
    text: str  # the figure as printed
    page: int
    side: str | None = None


@dataclass(frozen=True)
class Doc:
    unit: str
    year: int
    kind: str
    scope: str
    listed: int  # tables its 目录 lists (0: it lists only "部门预算报表")
    pages: tuple[int, ...]  # the page each table starts on, in order
    definitions: int
    performance: int
    cells: tuple[Cell, ...]
    empty: tuple[str, ...] = ()  # tables that state they are empty
    unit_of_tables: dict[str, str] = field(default_factory=dict)  # title part → 元 / 万元


OFFICE_CELLS = (
    Cell("支出预算总表", "2010301", "合计", "12,029,501.84", 11),
    Cell("支出预算总表", "2010301", "基本支出", "11,919,501.84", 11),
    Cell("支出预算总表", "2010301", "项目支出", "110,000.00", 11),
    Cell("支出预算总表", "2010350", "基本支出", "3,767,295.58", 11),
    Cell("支出预算总表", "20103", "项目支出", "66,410,000.00", 11),
    Cell("经济分类预算表", "30101", "合计", "2,540,192.00", 18),
    Cell("经济分类预算表", "30102", "人员经费", "9,572,367.00", 18),
    Cell("经济分类预算表", "302", "公用经费", "1,932,777.54", 18),
    Cell("三公", "合计", "合计", "867.50", 20),
    Cell("三公", "合计", "因公出国(境)费", "839.00", 20),
    Cell("三公", "合计", "公务接待费", "28.50", 20),
    Cell("三公", "合计", "机关运行经费预算数", "213.28", 20),
)

DOCS: dict[str, Doc] = {
    "上海市普陀区人民政府办公室_2025_单位预算.pdf": Doc(
        "上海市普陀区人民政府办公室",
        2025,
        "预算",
        "单位",
        9,
        (8, 9, 11, 13, 14, 16, 17, 18, 20),
        8,
        0,
        OFFICE_CELLS,
        empty=("政府性基金", "国有资本经营"),
        unit_of_tables={"支出预算总表": "元", "三公": "万元"},
    ),
    "上海市普陀区人民政府办公室_2025_部门预算.pdf": Doc(
        "上海市普陀区人民政府办公室",
        2025,
        "预算",
        "部门",
        9,
        (8, 9, 11, 13, 14, 16, 17, 18, 20),
        8,
        0,
        OFFICE_CELLS,
        empty=("政府性基金", "国有资本经营"),
        unit_of_tables={"支出预算总表": "元", "三公": "万元"},
    ),
    "上海市普陀区社会福利院_2024_单位预算.pdf": Doc(
        "上海市普陀区社会福利院",
        2024,
        "预算",
        "单位",
        9,
        (7, 8, 9, 10, 11, 12, 13, 14, 15),
        4,
        0,
        (
            Cell("支出预算总表", "208", "合计", "11,281,624", 9),
            Cell("支出预算总表", "208", "基本支出", "8,661,624", 9),
            Cell("支出预算总表", "208", "项目支出", "2,620,000", 9),
            Cell("支出预算总表", "2080502", "合计", "538,440", 9),
            Cell("支出预算总表", "2081005", "项目支出", "2,620,000", 9),
            Cell("支出预算总表", "2101102", "合计", "503,724", 9),
            Cell("支出预算总表", "2210201", "基本支出", "335,816", 9),
            Cell("支出预算总表", "合计", "合计", "12,121,164", 9),
            Cell("财政拨款收支预算总表", "一、一般公共预算资金", "预算数", "9,501,164", 10, "收入"),
            Cell("财政拨款收支预算总表", "二、社会保障和就业支出", "一般公共预算", "8,661,624", 10, "支出"),
            Cell("三公", "合计", "合计", "6.4", 15),
            Cell("三公", "合计", "小计", "6.4", 15),
            Cell("三公", "合计", "运行费", "6.4", 15),
            Cell("三公", "合计", "2024年机关运行经费预算数", "0", 15),
        ),
        empty=("政府性基金", "国有资本经营"),
        unit_of_tables={"支出预算总表": "元", "三公": "万元"},
    ),
    "上海市普陀区规划和自然资源局_2024_部门决算.pdf": Doc(
        "上海市普陀区规划和自然资源局",
        2024,
        "决算",
        "部门",
        9,
        (7, 8, 10, 12, 14, 16, 17, 18, 19),
        11,
        0,
        (
            Cell("收入支出决算总表", "一、一般公共预算财政拨款收入", "决算数", "9746.50", 7, "收入"),
            Cell("收入支出决算总表", "十一、城乡社区支出", "决算数", "3845.25", 7, "支出"),
            Cell("收入支出决算总表", "年初结转和结余", "决算数", "112.88", 7, "收入"),
            Cell("收入支出决算总表", "年末结转和结余", "决算数", "100.00", 7, "支出"),
            Cell("收入决算表", "2080505", "本年收入合计", "446.11", 8),
            Cell("支出决算表", "212", "本年支出合计", "3845.24", 11),
            Cell("支出决算表", "212", "基本支出", "1585.59", 11),
            Cell("一般公共预算财政拨款支出决算表", "208", "合计", "754.75", 14),
            Cell("一般公共预算财政拨款支出决算表", "2120101", "基本支出", "1084.02", 14),
            Cell("一般公共预算财政拨款支出决算表", "22102", "合计", "461.08", 15),
            Cell("基本支出决算表", "30108", "决算数", "446.11", 16),
            Cell("基本支出决算表", "30239", "决算数", "33.50", 16),
            Cell("基本支出决算表", "人员经费合计", "决算数", "4884.09", 16),
            Cell("基本支出决算表", "公用经费合计", "决算数", "480.66", 16),
            Cell("三公", "合计", "合计/预算数", "2.85", 17),
            Cell("三公", "合计", "合计/决算数", "0.39", 17),
            Cell("三公", "合计", "公务接待费/决算数", "0.39", 17),
            Cell("三公", "合计", "公务用车购置费/决算数", "0.00", 17),
        ),
        empty=("政府性基金", "国有资本经营"),
    ),
    "上海市财政局_2025_单位预算.pdf": Doc(
        "上海市财政局",
        2025,
        "预算",
        "单位",
        9,
        (7, 8, 10, 12, 13, 15, 16, 17, 20),
        8,
        0,
        (
            Cell("支出预算总表", "201", "合计", "127,886,849", 10),
            Cell("支出预算总表", "201", "基本支出", "84,861,719", 10),
            Cell("支出预算总表", "201", "项目支出", "43,025,130", 10),
            Cell("支出预算总表", "20106", "项目支出", "43,025,130", 10),
            Cell("支出预算总表", "208", "项目支出", "1,200,000", 10),
            Cell("支出预算总表", "2080599", "合计", "50,400", 10),
            Cell("经济分类预算表", "301", "人员经费", "98,950,260", 17),
            Cell("经济分类预算表", "30101", "合计", "13,150,000", 17),
            Cell("经济分类预算表", "30113", "人员经费", "10,000,000", 17),
            Cell("经济分类预算表", "302", "公用经费", "24,840,779", 17),
            Cell("三公", "合计", "合计", "346.30", 20),
            Cell("三公", "合计", "运行费", "32.20", 20),
        ),
        empty=("政府性基金", "国有资本经营"),
        unit_of_tables={"支出预算总表": "元", "三公": "万元"},
    ),
    "上海市部门决算公开模板_2024.pdf": Doc(
        "上海市XX局",
        2024,
        "决算",
        "部门",
        9,
        (5, 6, 7, 8, 10, 11, 12, 13, 14),
        11,
        0,
        (),
        empty=("收入支出决算总表", "收入决算表", "支出决算表", "基本支出决算表", "三公"),
    ),
    "中共上海市普陀区委社会工作部_2024_部门决算.pdf": Doc(
        "中共上海市普陀区委社会工作部",
        2024,
        "决算",
        "部门",
        9,
        (5, 6, 8, 10, 12, 13, 14, 15, 16),
        11,
        0,
        (
            Cell("收入支出决算总表", "本年收入合计", "决算数", "307.82", 5, "收入"),
            Cell("收入支出决算总表", "十九、住房保障支出", "决算数", "29.42", 5, "支出"),
            Cell("收入决算表", "2013901", "本年收入合计", "51.32", 6),
            Cell("收入决算表", "2080505", "财政拨款收入", "6.18", 6),
            Cell("支出决算表", "合计", "基本支出", "105.58", 8),
            Cell("支出决算表", "合计", "项目支出", "202.24", 8),
            Cell("支出决算表", "2013999", "项目支出", "202.24", 8),
            Cell("财政拨款收入支出决算总表", "一、一般公共服务支出", "一般公共预算财政拨款", "264.87", 10, "支出"),
            Cell("一般公共预算财政拨款支出决算表", "201", "基本支出", "62.63", 12),
            Cell("一般公共预算财政拨款支出决算表", "2080506", "合计", "4.64", 12),
            Cell("基本支出决算表", "301", "决算数", "95.36", 13),
            Cell("基本支出决算表", "30201", "决算数", "3.78", 13),
            Cell("基本支出决算表", "公用经费合计", "决算数", "10.23", 13),
        ),
        empty=("三公", "政府性基金", "国有资本经营"),
    ),
    "西南大学_2021_部门预算.pdf": Doc(
        "西南大学",
        2021,
        "预算",
        "部门",
        0,
        (6, 7, 8, 9),
        15,
        0,
        (
            Cell("收支预算总表", "一、财政拨款", "预算数", "216,552.53", 6, "收入"),
            Cell("收支预算总表", "一、教育支出", "预算数", "398,593.09", 6, "支出"),
            Cell("收支预算总表", "上年结转", "预算数", "81,714.17", 6, "收入"),
            Cell("收支预算总表", "收入总计", "预算数", "490,808.40", 7, "收入"),
            Cell("收入预算表", "2050204", "事业收入/金额", "1,200.00", 7),
            Cell("收入预算表", "2050204", "其中：教育收费", "1,200.00", 7),
            Cell("收入预算表", "2050205", "其他收入", "43,550.16", 7),
            Cell("收入预算表", "2210203", "其他收入", "1.52", 7),
            Cell("财政拨款支出预算表", "205", "合计", "207,796.18", 9),
            Cell("财政拨款支出预算表", "205", "基本支出", "178,467.95", 9),
            Cell("财政拨款支出预算表", "205", "项目支出", "29,328.23", 9),
            Cell("财政拨款支出预算表", "20599", "项目支出", "792.64", 9),
        ),
    ),
    "西南大学_2023_部门预算.pdf": Doc(
        "西南大学",
        2023,
        "预算",
        "部门",
        0,
        (7, 8, 9, 10),
        18,
        24,
        (
            Cell("收入预算表", "205", "收入合计", "522,815.05", 8),
            Cell("收入预算表", "205", "上年结转", "92,178.70", 8),
            Cell("收入预算表", "205", "财政拨款收入", "208,613.34", 8),
            Cell("收入预算表", "205", "事业收入/金额", "122,342.73", 8),
            Cell("收入预算表", "205", "其中：教育收费", "74,162.23", 8),
            Cell("收入预算表", "205", "使用非财政拨款结余", "52,800.00", 8),
            Cell("收入预算表", "2050202", "收入合计", "9,645.51", 8),
            Cell("收入预算表", "2050202", "事业收入/金额", "0.50", 8),
            Cell("收入预算表", "2050204", "其中：教育收费", "950.00", 8),
            Cell("收入预算表", "2050204", "其他收入", "8,166.62", 8),
        ),
    ),
    "西南大学_2024_部门决算.pdf": Doc(
        "西南大学",
        2024,
        "决算",
        "部门",
        4,
        (8, 10, 12, 14),
        19,
        0,
        (
            Cell("收入决算表", "2050202", "本年收入合计", "9,489.41", 10),
            Cell("收入决算表", "2050202", "财政拨款收入", "8,505.98", 10),
            Cell("收入决算表", "2050202", "事业收入/金额", "1.00", 10),
            Cell("收入决算表", "2050202", "其他收入", "982.43", 10),
            Cell("收入决算表", "208", "本年收入合计", "15,171.49", 11),
            Cell("收入决算表", "208", "其他收入", "93.68", 11),
            Cell("收入决算表", "合计", "其他收入", "53,611.86", 11),
            Cell("支出决算表", "20598", "合计", "6,304.68", 12),
            Cell("支出决算表", "20598", "项目支出", "6,304.68", 12),
            Cell("支出决算表", "2060204", "项目支出", "1,165.07", 13),
            Cell("支出决算表", "合计", "基本支出", "367,180.56", 13),
        ),
    ),
    "西南大学_2024_部门预算.pdf": Doc(
        "西南大学",
        2024,
        "预算",
        "部门",
        0,
        (8, 9, 10, 11),
        18,
        26,
        (
            Cell("收支预算总表", "一、财政拨款", "预算数", "244,675.66", 8, "收入"),
            Cell("收支预算总表", "五、其他支出", "预算数", "109.50", 8, "支出"),
            Cell("收支预算总表", "结转下年", "预算数", "95,721.40", 8, "支出"),
            Cell("收支预算总表", "上年结转", "预算数", "106,848.41", 8, "收入"),
            Cell("收入预算表", "合计", "本年收入合计", "445,059.97", 9),
            Cell("收入预算表", "合计", "财政拨款收入", "244,675.66", 9),
            Cell("收入预算表", "合计", "事业收入/金额", "141,934.81", 9),
            Cell("收入预算表", "合计", "其中：教育收费", "86,701.51", 9),
            Cell("收入预算表", "合计", "其他收入", "58,449.50", 9),
            Cell("支出预算表", "205", "基本支出", "344,338.18", 10),
        ),
    ),
}

# Figures that cannot all be true as printed, each confirmed on the page: (document, page, what the page shows).
PUBLISHER_SLIPS = (
    (
        "西南大学_2023_部门预算.pdf",
        8,
        "2050202 小学教育 收入合计 9,645.51 ≠ 14.33 + 8,201.15 + 0.50 + 1,430.03 = 9,646.01",
    ),
    ("上海市普陀区社会福利院_2024_单位预算.pdf", 9, "事业单位医疗 printed with 类 '7' under 210 11 (read as 2101102)"),
    ("上海市普陀区社会福利院_2024_单位预算.pdf", 11, "事业单位医疗 printed with 类 '7' under 210 11 (read as 2101102)"),
)

_parsed: dict[str, Disclosure] = {}


SHARED_FIXTURES = {SWU_PDF.name: "swu_doc", SH_PDF.name: "sh_doc"}  # parsed for other tests already


@pytest.fixture(scope="session")
def real_doc(request):
    """real_doc(name) → the parsed Disclosure, loaded and parsed once per session."""
    from budgetqa.ingest.loader import load
    from budgetqa.parse.document import parse

    def get(name: str) -> Disclosure:
        if name in SHARED_FIXTURES:
            return request.getfixturevalue(SHARED_FIXTURES[name])
        if name not in _parsed:
            path = SHARED_CORPUS / name
            if not path.exists():
                pytest.fail(f"{path} is missing: the real disclosures are kept in corpus/samples/")
            _parsed[name] = parse(load(path))
        return _parsed[name]

    return get


def _table(doc: Disclosure, part: str) -> Table:
    found = [t for t in doc.tables if part in t.title]
    assert found, f"no table titled …{part}… in {doc.source}: {[t.title for t in doc.tables]}"
    return found[0]


def _row(table: Table, key: str, side: str | None) -> Row:
    for row in table.rows:
        if (row.code == key or (not key[0].isdigit() and row.name == key)) and (side is None or row.side == side):
            return row
    raise AssertionError(f"no row {key} ({side}) in {table.title}: {[(r.code, r.name) for r in table.rows]}")


NAMES = sorted(DOCS)


@pytest.mark.parametrize("name", NAMES)
def test_document_record(real_doc, name):
    doc, want = real_doc(name), DOCS[name]
    assert (doc.unit_name, doc.year, doc.kind, doc.scope) == (want.unit, want.year, want.kind, want.scope)


@pytest.mark.parametrize("name", NAMES)
def test_every_table_the_contents_lists_is_found(real_doc, name):
    doc, want = real_doc(name), DOCS[name]
    assert len(doc.listed_tables) == want.listed
    titles = [squeeze(t.title) for t in doc.tables]
    for listed in doc.listed_tables:
        assert squeeze(listed) in titles, f"{listed} listed in the 目录 but not found"
    assert tuple(t.page for t in doc.tables) == want.pages
    assert len(doc.tables) == max(want.listed, len(want.pages))


@pytest.mark.parametrize("name", NAMES)
def test_empty_tables_are_kept_with_their_note(real_doc, name):
    doc, want = real_doc(name), DOCS[name]
    for part in want.empty:
        table = _table(doc, part)
        assert table.empty and not any(c.value for r in table.rows for c in r.cells)
    for table in doc.tables:
        if table.empty and table.note:
            assert table.note.startswith(("注", "说明"))


@pytest.mark.parametrize("name", NAMES)
def test_no_row_is_unresolved(real_doc, name):
    doc = real_doc(name)
    unresolved = [(t.title, r.code, r.name, r.note) for t in doc.tables for r in t.rows if r.status != "resolved"]
    assert unresolved == []


@pytest.mark.parametrize("name", NAMES)
def test_hand_checked_cells(real_doc, name):
    doc, want = real_doc(name), DOCS[name]
    assert len(want.cells) >= 10 or not any(t.rows for t in doc.tables)
    for cell in want.cells:
        table = _table(doc, cell.table)
        row = _row(table, cell.row, cell.side)
        got = {"/".join(table.column(c.column).path): c for c in row.cells}
        match = [c for label, c in got.items() if label == cell.column or label.endswith("/" + cell.column)]
        assert len(match) == 1, f"{table.title} {cell.row}: no single column …{cell.column} in {sorted(got)}"
        assert match[0].text == cell.text, f"{table.title} {cell.row} {cell.column}"
        assert row.page == cell.page


@pytest.mark.parametrize("name", NAMES)
def test_table_units_as_printed(real_doc, name):
    doc, want = real_doc(name), DOCS[name]
    for part, unit in want.unit_of_tables.items():
        assert _table(doc, part).unit == unit


@pytest.mark.parametrize("name", NAMES)
def test_glossary_and_performance_counts(real_doc, name):
    doc, want = real_doc(name), DOCS[name]
    assert (len(doc.definitions), len(doc.performance)) == (want.definitions, want.performance)


def test_split_codes_are_joined(real_doc):
    """类 / 款 / 项 printed in three cells ("201 03 01") read as one code with its level and parent."""
    row = _row(_table(real_doc("上海市财政局_2025_单位预算.pdf"), "支出预算总表"), "2080505", None)
    assert (row.level, row.parent, row.name) == ("项", "20805", "机关事业单位基本养老保险缴费支出")


def test_names_wrapped_around_their_code_line(real_doc):
    """A name printed over two lines, above and below the code and figures, and a code alone on its line."""
    table = _table(real_doc("上海市普陀区规划和自然资源局_2024_部门决算.pdf"), "一般公共预算财政拨款支出决算表")
    names = {r.code: r.name for r in table.rows}
    assert names["208"] == "社会保障和就业支出"
    assert names["2080599"] == "其他行政事业单位养老支出"
    assert names["210"] == "卫生健康支出"
    assert names["22102"] == "住房改革支出"


def test_halves_side_by_side_read_as_one_list(real_doc):
    """The 基本支出决算表 prints 工资福利/对个人和家庭 on the left and 商品和服务/资本性 on the right."""
    table = _table(real_doc("中共上海市普陀区委社会工作部_2024_部门决算.pdf"), "基本支出决算表")
    codes = [r.code for r in table.rows if r.code and len(r.code) == 3]
    assert codes == ["301", "303", "302", "310"]
    assert [c.path for c in table.columns] == [("决算数",)]


@pytest.mark.parametrize(("name", "page", "what"), PUBLISHER_SLIPS)
def test_publisher_slips_are_on_the_page(real_doc, name, page, what):
    """Each listed slip is what the page prints, not a reading error: the row as printed carries the figures."""
    doc = real_doc(name)
    if "小学教育" in what:
        row = _row(_table(doc, "收入预算表"), "2050202", None)
        assert row.raw.split()[2:] == ["9,645.51", "14.33", "8,201.15", "0.50", "1,430.03"]
        assert sum(c.value or 0 for c in row.cells[1:]) == pytest.approx(9646.01)
    else:
        table = next(t for t in doc.tables if t.page == page)
        row = _row(table, "2101102", None)
        assert row.raw.startswith("7 11 02") and row.note and "'7'" in row.note
