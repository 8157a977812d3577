"""What a reconciliation reports: per table the rows read and the arithmetic checked, then the checks across
tables and against the narrative."""

from __future__ import annotations

from typing import Literal

from ..models import Frozen

CheckKind = Literal[
    "row_sum",  # 合计 = its parts, along a row
    "parent_sum",  # a parent code = the sum of its children, down a column
    "total",  # the table's total row = its top-level rows (or, in a 收支总表, the items above it)
    "difference",  # 增减 = this year − last year
    "rate",  # 增减率 = 增减 ÷ last year
    "cross_table",  # the same figure in two tables
    "narrative",  # a figure, share or change in the 说明 against its table or its own arithmetic
    "row_name",  # a row name that cannot be as printed (a misread: 序号 missing, one code named two ways)
]
Status = Literal["ok", "rounding", "failed"]


class Suspect(Frozen):
    """The printed figure whose correction alone makes every check it takes part in pass."""

    where: str  # table, row (code and name) and column; or the 说明 sentence
    printed: float | None  # None: left blank
    should_be: float | None
    mends: int = 1  # failed checks this one correction mends
    table_id: str | None = None
    row: str | None = None
    column: str | None = None
    text: str = ""  # Chinese: "…「2080107 社会保险业务管理事务」项目支出 印为 995.96，应为 959.96"


class Check(Frozen):
    kind: CheckKind
    status: Status  # "rounding": off by the rounding of printed figures (e.g. shares that sum to 100 %)
    expected: float | None  # what the arithmetic or the other source gives
    actual: float | None  # what is printed
    message: str  # Chinese, names the figures compared
    pages: tuple[int, ...] = ()
    table_id: str | None = None
    row: str | None = None  # code and name of the row checked
    suspects: tuple[Suspect, ...] = ()  # one: that figure is wrong; several: one of them is; none: undetermined

    @property
    def ok(self) -> bool:
        return self.status != "failed"


class TableReport(Frozen):
    table_id: str
    label: str
    page: int | None
    rows: int
    resolved: int
    unresolved: int
    checks: tuple[Check, ...] = ()


class Unplaced(Frozen):
    """A row the parser left unresolved: its printed figures and whether any placement of them is consistent."""

    table_id: str
    table: str = ""  # its label
    row: str  # code and name
    figures: tuple[str, ...]
    note: str | None = None  # the parser's
    consistent: bool | None = None  # None: not tried (a two-sided row, or too many placements)


class CheckReport(Frozen):
    doc_id: str
    doc_label: str
    source: str = ""  # the file checked
    body: str = ""  # 编制单位/部门 as recorded
    year: int | None = None
    kind: str | None = None  # "单位预算", "部门决算", …
    listed: int | None = None  # tables the 目录 lists (None: no 目录 found)
    tables: tuple[TableReport, ...] = ()
    checks: tuple[Check, ...] = ()  # cross_table and narrative
    unplaced: tuple[Unplaced, ...] = ()

    def summary(self) -> dict:
        """The one-line summary of ``budgetqa check FILE… | DIR`` (and of its --json)."""
        counts = _summary(self.all_checks)
        return {
            "source": self.source,
            "body": self.body,
            "year": self.year,
            "kind": self.kind,
            "tables_found": sum(1 for _ in self.tables),
            "tables_listed": self.listed,
            "rows": sum(t.rows for t in self.tables),
            "resolved": sum(t.resolved for t in self.tables),
            "checks": counts,
            "ok": not counts["failed"],
        }

    @property
    def all_checks(self) -> tuple[Check, ...]:
        return tuple(c for t in self.tables for c in t.checks) + self.checks

    @property
    def failed(self) -> tuple[Check, ...]:
        return tuple(c for c in self.all_checks if not c.ok)

    def to_json(self) -> dict:
        """The plain dict of ``budgetqa check --json``."""
        return {
            "doc_id": self.doc_id,
            "doc": self.doc_label,
            "ok": not self.failed,
            "summary": _summary(self.all_checks),
            "document": self.summary(),
            "tables": [
                {
                    "table_id": t.table_id,
                    "label": t.label,
                    "page": t.page,
                    "rows": t.rows,
                    "resolved": t.resolved,
                    "unresolved": t.unresolved,
                    "checks": [_check_json(c) for c in t.checks],
                }
                for t in self.tables
            ],
            "checks": [_check_json(c) for c in self.checks],
            "unresolved": [u.model_dump() for u in self.unplaced],
        }


def _summary(checks: tuple[Check, ...]) -> dict:
    return {status: sum(c.status == status for c in checks) for status in ("ok", "rounding", "failed")}


def _check_json(check: Check) -> dict:
    return {
        "kind": check.kind,
        "status": check.status,
        "ok": check.ok,
        "expected": check.expected,
        "actual": check.actual,
        "message": check.message,
        "pages": list(check.pages),
        "table_id": check.table_id,
        "row": check.row,
        "suspects": [s.model_dump() for s in check.suspects],
    }
