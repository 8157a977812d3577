"""The domain: what a parsed disclosure holds and what an answer is made of.

Every stage hands the next one these frozen models, never bare dicts. They are pydantic models so a parsed
disclosure round-trips through JSON (``model_dump_json`` / ``model_validate_json``) into the index directory.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# ---------------------------------------------------------------------------------------------------------------
# Raw input: what a loader reads from a file, before any budget knowledge is applied.


class Word(Frozen):
    """A run of text on a PDF page with its horizontal extent (points from the left edge)."""

    text: str
    x0: float
    x1: float


class Line(Frozen):
    """One text line of a page, as extracted; ``number`` counts from 1 within the whole document.

    ``words`` is filled for PDF input only: it lets a table parser place a value in its column by position, where
    plain text has lost the empty cells.
    """

    number: int
    page: int
    text: str
    words: tuple[Word, ...] = ()


class RawDocument(Frozen):
    """A file read into pages of lines."""

    source: str  # file name as given by the user
    sha256: str
    media: Literal["text", "pdf"]
    page_count: int
    lines: tuple[Line, ...]
    ocr_pages: tuple[int, ...] = ()  # pages read by OCR (a scan), 1-based: their citations say so


# ---------------------------------------------------------------------------------------------------------------
# Parsed structure.


class Paragraph(Frozen):
    """Narrative text rejoined across hard wraps and page breaks."""

    section: tuple[str, ...]  # heading path, e.g. ("第三部分 …情况说明", "五、关于…的说明", "（一）…")
    text: str
    page: int | None
    line: int | None


class Definition(Frozen):
    """One 名词解释 entry."""

    number: str  # as printed: "（七）"
    term: str  # "“三公”经费"
    text: str  # the explanation after the colon
    page: int | None
    line: int | None
    group: tuple[str, ...] = ()  # nesting headings inside 名词解释, e.g. ("（二）支出科目", "1.教育支出")


class OrgFact(Frozen):
    """A countable fact of 概况 or of the narrative: 内设处室 14 个, 车辆 2 辆, duties 11 项."""

    key: str  # canonical name: "内设机构数", "车辆数", "主要职责数", …
    value: float
    unit: str  # "个", "辆", "项"
    items: tuple[str, ...] = ()  # the named items, e.g. the 14 处室
    quote: str
    section: tuple[str, ...] = ()
    page: int | None = None
    line: int | None = None


class Column(Frozen):
    """A table column; ``path`` is the wrapped header read top-down, e.g. ("2023年预算数", "基本支出")."""

    key: str  # stable within the table: "c0", "c1", …
    path: tuple[str, ...]
    side: str | None = None  # "收入" / "支出" for a two-sided table

    @property
    def label(self) -> str:
        return " / ".join(self.path)


class Cell(Frozen):
    column: str  # Column.key
    value: float | None  # None where the printed text is not a number (e.g. "无", "-")
    text: str  # as printed: "1,967.23", "-1.35%"
    unit: str  # "万元", "元", "%"


RowStatus = Literal["resolved", "unresolved", "empty"]


class Row(Frozen):
    index: int  # position in its table (per side), from 0
    code: str | None  # "2080107", "30211"; None for a total or an item without a code
    name: str  # "社会保险业务管理事务", "合计", "一、一般公共预算拨款收入"
    level: str | None = None  # "类" / "款" / "项" for codes; None otherwise
    parent: str | None = None  # parent code
    is_total: bool = False
    side: str | None = None  # "收入" / "支出" for a two-sided table
    cells: tuple[Cell, ...] = ()
    status: RowStatus = "resolved"
    note: str | None = None  # why a row is unresolved
    raw: str = ""  # the row as printed
    page: int | None = None
    line: int | None = None

    def cell(self, column: str) -> Cell | None:
        return next((c for c in self.cells if c.column == column), None)


TableKind = Literal[
    "income_expense_summary",  # 收支总表
    "income",  # 收入总表
    "expense",  # 支出总表
    "fiscal_summary",  # 财政拨款收支总表
    "fiscal_expense",  # 财政拨款支出表 (西南大学)
    "general_expense",  # 一般公共预算支出表 (功能分类)
    "general_basic_expense",  # 一般公共预算基本支出表 (经济分类)
    "gov_fund_expense",  # 政府性基金预算支出表
    "state_capital_expense",  # 国有资本经营预算支出表
    "three_public",  # “三公”经费支出表
    "other",
]


class Table(Frozen):
    id: str  # "t1", … in document order
    number: str | None  # as printed: "单位公开表1", "表1", "1"
    title: str  # as printed: "单位支出总表"
    kind: TableKind
    unit: str  # "万元" / "元"
    page: int | None
    classification: Literal["function", "economic"] | None = None
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    note: str | None = None  # e.g. "注：…无政府性基金预算，故表中无数据。"
    empty: bool = False  # the document states the table has no data

    @property
    def label(self) -> str:
        return " ".join(p for p in (self.number, self.title) if p)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


class Indicator(Frozen):
    """One 绩效指标 line: 一级 / 二级 / 三级指标 → 指标值 (operator, number, unit) and 分值."""

    level1: str
    level2: str
    level3: str
    target: str  # as printed: "≥95百分比", "9月底前完成"
    operator: str | None = None  # "≥", "≤", "=", ">", "<" or None
    value: float | None = None
    unit: str | None = None  # "%", "万元", "人", "月底前", …
    score: float | None = None
    page: int | None = None
    line: int | None = None


class PerformanceTable(Frozen):
    """A 项目绩效目标表."""

    id: str  # "p1", …
    project: str
    department: str | None = None  # 主管部门及代码
    implementer: str | None = None  # 实施单位
    funds: dict[str, float] = {}  # "年度资金总额", "财政拨款", "上年结转", "其他资金", in ``fund_unit``
    fund_unit: str = "万元"  # as the block prints it: （万元） or （元）
    goals: tuple[str, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    page: int | None = None
    line: int | None = None


class Disclosure(Frozen):
    """One parsed budget disclosure."""

    id: str  # short content hash, stable across re-ingests
    title: str
    unit_name: str  # 单位 / 部门 name
    year: int | None
    kind: Literal["预算", "决算"] | None
    scope: Literal["单位", "部门"] | None
    source: str
    sha256: str
    page_count: int
    currency_unit: str = "万元"  # the narrative's unit
    ocr_pages: tuple[int, ...] = ()  # pages read by OCR, 1-based
    paragraphs: tuple[Paragraph, ...] = ()
    definitions: tuple[Definition, ...] = ()
    org_facts: tuple[OrgFact, ...] = ()
    tables: tuple[Table, ...] = ()
    performance: tuple[PerformanceTable, ...] = ()
    listed_tables: tuple[str, ...] = ()  # the table titles its 目录 lists, as printed (empty when it lists none)

    @property
    def label(self) -> str:
        return f"{self.unit_name} {self.year or ''}年{self.scope or ''}{self.kind or ''}".strip()

    def table(self, table_id: str) -> Table:
        return next(t for t in self.tables if t.id == table_id)


FactSource = Literal["table", "narrative", "definition", "overview", "performance", "project"]


class Fact(Frozen):
    """One thing a document states, with the same dimensions whatever printed it: a table cell, a narrative
    sentence's figure, a 名词解释, a 概况 count, a 绩效目标表 fund. Answers copy their figures from facts and cite
    them by ``id`` (stable across re-ingests: the document's content hash and the fact's place in it)."""

    id: str
    doc_id: str
    body: str  # the unit or department that publishes the document
    doc_year: int | None
    doc_kind: str | None  # 预算 / 决算
    level: str | None  # 单位 / 部门
    source: FactSource
    subject: str  # row name, narrative subject ("机关运行经费财政拨款预算"), term, project name
    subject_code: str | None = None  # 科目 code
    parent: str | None = None  # what the subject is part of: the sentence's total after 其中, a row's parent code
    topic: str | None = None  # narrative topic: 三公经费, 机关运行经费, 政府采购, 车辆, 绩效目标, 资产, 收支总计
    measure: str  # 预算数, 执行数, 决算数, 年初预算, 增减额, 增减率, 占比, 数量, 定义, 原因, 用途, 构成, 指标 …
    part: str | None = None  # a table column's breakdown (基本支出, 人员经费, 小计) or a fund kind
    scope: str | None = None  # None = all funds; 财政拨款, 一般公共预算, 政府性基金预算, 国有资本经营预算
    year: int | None = None  # the year the figure is for
    value: float | None = None
    text: str = ""  # the figure as printed ("1,967.23", "-1.35%"), or the words (a definition, a reason)
    unit: str = ""  # as printed: 万元, 元, %, 辆, 个
    page: int | None = None
    line: int | None = None
    quote: str = ""
    locator: str = ""  # table › row › column, or the section heading
    table_id: str | None = None
    table_kind: str | None = None
    row_index: int | None = None
    row_side: str | None = None
    column_key: str | None = None


# ---------------------------------------------------------------------------------------------------------------
# Answers.


class Citation(Frozen):
    id: int
    doc: str  # Disclosure.label
    locator: str  # "单位公开表3 单位支出总表 › 2080107 社会保险业务管理事务 › 项目支出"
    page: int | None
    quote: str
    # Structured provenance, for UIs that render the cited row (not part of the JSON contract).
    doc_id: str | None = None
    table_id: str | None = None
    row_index: int | None = None
    column_key: str | None = None
    fact_id: str | None = None  # the store's fact this citation quotes (see store.facts)


class Figure(Frozen):
    value: float
    unit: str
    citation: int
    fact_id: str | None = None  # the fact the figure is copied from; None for a computed figure


class ChartPoint(Frozen):
    x: str  # a year ("2023") or a part's / a document's name
    y: float
    citation: int  # the citation the point's figure comes from


class ChartSeries(Frozen):
    name: str
    points: tuple[ChartPoint, ...]


class Chart(Frozen):
    """A small chart of an answer over several years (line or bar) or of a composition (bar of parts)."""

    kind: Literal["line", "bar"]
    title: str
    unit: str
    series: tuple[ChartSeries, ...]

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "title": self.title,
            "unit": self.unit,
            "series": [
                {"name": s.name, "points": [{"x": p.x, "y": p.y, "citation": p.citation} for p in s.points]}
                for s in self.series
            ],
        }


class Answer(Frozen):
    question: str
    status: Literal["answered", "not_found"]
    answer: str
    citations: tuple[Citation, ...] = ()
    figures: tuple[Figure, ...] = ()
    kind: str | None = None  # the question kind the pipeline recognised (for the eval's per-kind report)
    chart: Chart | None = None  # answers over several years or parts (optional in the JSON contract)

    def to_json(self) -> dict:
        """The public JSON contract of ``budgetqa ask --json`` and ``POST /api/ask``."""
        out: dict[str, object] = {
            "question": self.question,
            "status": self.status,
            "answer": self.answer,
            "citations": [
                {"id": c.id, "doc": c.doc, "locator": c.locator, "page": c.page, "quote": c.quote, "fact_id": c.fact_id}
                for c in self.citations
            ],
            "figures": [
                {"value": f.value, "unit": f.unit, "citation": f.citation, "fact_id": f.fact_id} for f in self.figures
            ],
        }
        if self.chart is not None:
            out["chart"] = self.chart.to_json()
        return out
