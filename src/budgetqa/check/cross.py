"""The same figure printed in two tables must agree (收支总表 支出总计 = 支出总表 合计, …); pairs are data."""

from __future__ import annotations

from collections.abc import Iterator

from ..models import Disclosure, Row, Table
from ..parse._text import load_data
from .arithmetic import fmt, has, judge, tolerance, value
from .models import Check
from .roles import role, total_column


def cross_checks(doc: Disclosure) -> Iterator[Check]:
    for rule in load_data("checks.json")["cross_table"]:
        a, b = _locate(doc, rule["a"]), _locate(doc, rule["b"])
        if a is None or b is None:
            continue
        (ta, ra, ca), (tb, rb, cb) = a, b
        if (ta.id, ra.index, ra.side, ca) == (tb.id, rb.index, rb.side, cb):
            continue
        expected, actual = _in_wan(tb, value(rb, cb)), _in_wan(ta, value(ra, ca))
        yield Check(
            kind="cross_table",
            status=judge(expected, actual, 1, min(tolerance(ta), tolerance(tb)) if ta.unit == tb.unit else 0.005),
            expected=expected,
            actual=actual,
            message=f"{rule['what']}：{ta.label}「{ra.name} › {ta.column(ca).label}」{fmt(actual)} 与 "
            f"{tb.label}「{rb.name} › {tb.column(cb).label}」{fmt(expected)} "
            + ("一致" if abs(expected - actual) < 0.006 else "不一致"),
            pages=tuple(p for p in (ra.page, rb.page) if p),
            table_id=ta.id,
        )


def _locate(doc: Disclosure, sel: dict) -> tuple[Table, Row, str] | None:
    """(table, row, column key) named by a selector, where the cell is printed."""
    table = next((t for t in doc.tables if t.kind == sel["kind"] and not t.empty), None)
    if table is None:
        return None
    rows = [r for r in table.rows if r.status == "resolved" and (sel.get("side") is None or r.side == sel["side"])]
    words = [sel["row"]] if isinstance(sel["row"], str) else sel["row"]
    row = _total_row(rows) if words == ["@total"] else next((r for word in words for r in rows if word in r.name), None)
    if row is None:
        return None
    column = _column(table, row, sel)
    if column is None or not has(row, column):
        return None
    return table, row, column


def _total_row(rows: list[Row]) -> Row | None:
    return next((r for r in rows if r.is_total and not r.code), None)


def _column(table: Table, row: Row, sel: dict) -> str | None:
    within = sel.get("within")
    if sel["column"] == "@side":
        keyed = [c for c in table.columns if c.side == row.side]
        if keyed:
            return keyed[0].key
        printed = [c.column for c in row.cells if c.value is not None]
        return printed[0] if len(printed) == 1 else None
    if sel["column"] == "@total":
        column = total_column(table, within)
        return column.key if column else None
    for column in table.columns:
        if sel["column"] in column.label and (within is None or within in column.label) and role(column) != "total":
            return column.key
    return None


def _in_wan(table: Table, amount: float) -> float:
    return round(amount / 10000, 6) if table.unit == "元" else amount
