"""A small fake Assistant with the real one's interface, over a hand-made disclosure with known figures."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from pathlib import Path

from budgetqa.errors import IngestError
from budgetqa.models import (
    Answer,
    Cell,
    Chart,
    ChartPoint,
    ChartSeries,
    Citation,
    Column,
    Definition,
    Disclosure,
    Figure,
    Row,
    Table,
)

INJECTION = "<img src=x onerror=alert(1)>"

_GENERAL_COLUMNS = (
    Column(key="c0", path=("2022年执行数",)),
    Column(key="c1", path=("2023年预算数", "小计")),
    Column(key="c2", path=("2023年预算数", "基本支出")),
    Column(key="c3", path=("2023年预算数", "项目支出")),
    Column(key="c4", path=("增减额",)),
    Column(key="c5", path=("增减(%)",)),
)


def _cells(values: Sequence[str | None]) -> tuple[Cell, ...]:
    out = []
    for i, text in enumerate(values):
        if text is None:
            continue
        number = float(text.replace(",", "").rstrip("%"))
        out.append(Cell(column=f"c{i}", value=number, text=text, unit="%" if text.endswith("%") else "万元"))
    return tuple(out)


def _general_table() -> Table:
    rows = (
        Row(
            index=0,
            code="2080101",
            name="行政运行",
            level="项",
            parent="20801",
            cells=_cells(["1,335.31", "1,284.32", "1,284.32", None, "-50.99", "-3.82%"]),
            page=9,
            line=287,
        ),
        Row(
            index=1,
            code="2080107",
            name="社会保险业务管理事务",
            level="项",
            parent="20801",
            cells=_cells(["790.00", "781.01", None, "781.01", "-8.99", "-1.14%"]),
            page=9,
            line=289,
        ),
        Row(
            index=2,
            code="2080199",
            name="其他<b>管理</b>事务",
            status="unresolved",
            note="两个数字无法定位到列",
            raw="2080199 其他 1.00 2.00",
            page=9,
            line=290,
        ),
        Row(
            index=3,
            code=None,
            name="合计",
            is_total=True,
            cells=_cells(["2,672.18", "2,636.04", "1,809.03", "827.01", "-36.14", "-1.35%"]),
            page=9,
            line=291,
        ),
    )
    return Table(
        id="t5",
        number="单位公开表5",
        title="一般公共预算支出表",
        kind="general_expense",
        unit="万元",
        page=9,
        classification="function",
        columns=_GENERAL_COLUMNS,
        rows=rows,
    )


def _summary_table() -> Table:
    """Two-sided: row index 0 exists on both sides, so only the column's side tells them apart."""
    columns = (
        Column(key="c0", path=("项目",), side="收入"),
        Column(key="c1", path=("预算数",), side="收入"),
        Column(key="c2", path=("项目",), side="支出"),
        Column(key="c3", path=("预算数",), side="支出"),
    )
    rows = (
        Row(
            index=0,
            code=None,
            name="一、一般公共预算拨款收入",
            side="收入",
            cells=(Cell(column="c1", value=2636.04, text="2,636.04", unit="万元"),),
            page=5,
        ),
        Row(
            index=0,
            code=None,
            name="一、社会保障和就业支出",
            side="支出",
            cells=(Cell(column="c3", value=2422.42, text="2,422.42", unit="万元"),),
            page=5,
        ),
    )
    return Table(
        id="t1",
        number="单位公开表1",
        title="单位收支总表",
        kind="income_expense_summary",
        unit="万元",
        page=5,
        columns=columns,
        rows=rows,
    )


def _basic_table() -> Table:
    columns = (Column(key="c0", path=("合计",)), Column(key="c1", path=("公用经费",)))
    rows = (
        Row(
            index=0,
            code="30211",
            name="差旅费",
            level="款",
            parent="302",
            cells=_cells(["34.74", "34.74"]),
            page=10,
            line=342,
        ),
    )
    return Table(
        id="t6",
        number="单位公开表6",
        title="一般公共预算基本支出表",
        kind="general_basic_expense",
        unit="万元",
        page=10,
        classification="economic",
        columns=columns,
        rows=rows,
    )


def make_disclosure(doc_id: str = "seed00000001", unit: str = "测试事业管理中心") -> Disclosure:
    definitions = (
        Definition(
            number="（七）",
            term="“三公”经费",
            text="纳入中央财政预决算管理的“三公”经费，是指中央部门用财政拨款安排的因公出国（境）费、"
            "公务用车购置及运行费和公务接待费。",
            page=20,
            line=713,
        ),
        Definition(
            number="（五）",
            term="基本支出",
            text="指为保障机构正常运转、完成日常工作任务而发生的支出。",
            page=20,
            line=705,
        ),
    )
    return Disclosure(
        id=doc_id,
        title=f"{unit}2023年单位预算",
        unit_name=unit,
        year=2023,
        kind="预算",
        scope="单位",
        source=f"{unit}_2023_单位预算.txt",
        sha256=doc_id * 2,
        page_count=22,
        definitions=definitions,
        tables=(_summary_table(), _general_table(), _basic_table()),
    )


def _cite(doc: Disclosure, cid: int, table_id: str, row_index: int, column: str) -> Citation:
    table = doc.table(table_id)
    col = table.column(column)
    row = next(r for r in table.rows if r.index == row_index and (col.side is None or r.side == col.side))
    return Citation(
        id=cid,
        doc=doc.label,
        locator=f"{table.label} › {row.code or ''} {row.name} › {col.label}",
        page=row.page,
        quote=row.raw or row.name,
        doc_id=doc.id,
        table_id=table_id,
        row_index=row_index,
        column_key=column,
    )


class FakeAssistant:
    """Answers a handful of questions from its disclosure and records every call, like the real one would."""

    def __init__(self, documents: Sequence[Disclosure] | None = None):
        self._documents = tuple(documents) if documents is not None else (make_disclosure(),)
        self.calls: list[tuple[str, tuple[str, ...], str | None]] = []
        self._lock = threading.Lock()

    @property
    def documents(self) -> tuple[Disclosure, ...]:
        return self._documents

    def ask(self, question: str, history: Sequence[str] = (), doc: str | None = None) -> Answer:
        with self._lock:
            self.calls.append((question, tuple(history), doc))
        d = next((x for x in self._documents if x.id == doc), self._documents[0])
        if "历年" in question:  # an answer over years, with its chart (three points)
            cites = (_cite(d, 1, "t5", 0, "c0"), _cite(d, 2, "t5", 0, "c1"), _cite(d, 3, "t5", 1, "c1"))
            values = (("2021", 1335.31, 1), ("2022", 1284.32, 2), ("2023", 781.01, 3))
            return Answer(
                question=question,
                status="answered",
                kind="value",
                citations=cites,
                answer="2021年 1,335.31 万元[1]；2022年 1,284.32 万元[2]；2023年 781.01 万元[3]。",
                figures=tuple(Figure(value=v, unit="万元", citation=c) for _, v, c in values),
                chart=Chart(
                    kind="line",
                    title="行政运行",
                    unit="万元",
                    series=(
                        ChartSeries(
                            name="行政运行", points=tuple(ChartPoint(x=x, y=v, citation=c) for x, v, c in values)
                        ),
                    ),
                ),
            )
        if "出差" in question or ("去年" in question and any("出差" in h for h in history)):
            c = _cite(d, 1, "t6", 0, "c0")
            return Answer(
                question=question,
                status="answered",
                kind="value",
                citations=(c,),
                answer="2023年差旅费预算 34.74 万元[1]。",
                figures=(Figure(value=34.74, unit="万元", citation=1),),
            )
        if "2080107" in question:
            cites = (_cite(d, 1, "t5", 1, "c4"), _cite(d, 2, "t5", 1, "c1"))
            return Answer(
                question=question,
                status="answered",
                kind="compare",
                citations=cites,
                answer="社会保险业务管理事务 2023 年预算 781.01 万元[2]，比上年少 8.99 万元[1]。",
                figures=(Figure(value=-8.99, unit="万元", citation=1),),
            )
        if "收入" in question:
            c = _cite(d, 1, "t1", 0, "c1")
            return Answer(
                question=question,
                status="answered",
                citations=(c,),
                answer="一般公共预算拨款收入 2,636.04 万元[1]。",
                figures=(Figure(value=2636.04, unit="万元", citation=1),),
            )
        if "三公" in question:
            df = d.definitions[0]
            c = Citation(id=1, doc=d.label, locator=f"名词解释 {df.number}{df.term}", page=df.page, quote=df.text)
            return Answer(
                question=question,
                status="answered",
                kind="definition",
                citations=(c,),
                answer=f"{df.term}：{df.text}[1]",
            )
        return Answer(
            question=question,
            status="not_found",
            answer=f"文档中没有“{question}”的答案。本文档涵盖 {d.label} 的收支预算。",
        )

    def ingest(self, paths: Sequence[str | Path], progress=None, origin: str = "operator") -> list[Disclosure]:
        report = progress or (lambda _m, _f: None)
        added = []
        for i, path in enumerate(paths):
            path = Path(path)
            report(f"解析 {path.name}", i / len(paths))
            text = path.read_bytes().decode("utf-8", errors="replace")
            if "预算" not in text:
                raise IngestError(
                    path.name, "this does not look like a budget disclosure (no 预算/决算 tables or 名词解释 found)"
                )
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
            added.append(make_disclosure(digest, unit=path.stem.split("_")[0]))
        report("完成", 1.0)
        with self._lock:
            self._documents = self._documents + tuple(added)
        return added

    def remove(self, doc_id: str) -> Disclosure:
        with self._lock:
            doc = next(d for d in self._documents if d.id == doc_id)
            self._documents = tuple(d for d in self._documents if d.id != doc_id)
        return doc
