"""What a reconciliation reports: per table the rows read and the arithmetic checked, then the checks across
tables and against the narrative."""

from __future__ import annotations

from typing import Literal

from ..models import Frozen

CheckKind = Literal["row_sum", "parent_sum", "total", "cross_table", "narrative"]
Status = Literal["ok", "rounding", "failed"]


class Check(Frozen):
    kind: CheckKind
    status: Status  # "rounding": off by the rounding of printed figures (e.g. shares that sum to 100 %)
    expected: float | None  # what the arithmetic or the other source gives
    actual: float | None  # what is printed
    message: str  # Chinese, names the figures compared
    pages: tuple[int, ...] = ()
    table_id: str | None = None

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


class CheckReport(Frozen):
    doc_id: str
    doc_label: str
    tables: tuple[TableReport, ...] = ()
    checks: tuple[Check, ...] = ()  # cross_table and narrative

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
    }
