"""Checks inside one table: 合计 = parts per row, parent code = sum of children, table total = top-level rows,
and for two-sided summaries 合计 / 总计 = the items above them on each side.

A cell that is not printed counts as 0 (PDF-to-text drops empty cells). Rows the table parser could not place
("unresolved") are left out: their cells are not known to be in the right columns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ..models import Row, Table
from .models import Check, Status
from .roles import sum_groups

_TOP_ITEM = re.compile(r"^[一二三四五六七八九十]+、")
_SUB_ITEM = re.compile(r"^(?:[（(][一二三四五六七八九十]+[）)]|\d+\s*[、.．])")


def tolerance(table: Table) -> float:
    """Half a unit of the last printed digit: 0.005 万元, 0.5 元."""
    return 0.5 if table.unit == "元" else 0.005


def judge(expected: float, actual: float, parts: int, tol: float) -> Status:
    diff = abs(expected - actual)
    if diff <= tol + 1e-9:
        return "ok"
    return "rounding" if diff <= 2 * tol * max(parts, 1) + 1e-9 else "failed"


def value(row: Row, column: str) -> float:
    cell = row.cell(column)
    return cell.value if cell is not None and cell.value is not None else 0.0


def has(row: Row, column: str) -> bool:
    cell = row.cell(column)
    return cell is not None and cell.value is not None


def table_checks(table: Table) -> list[Check]:
    rows = [r for r in table.rows if r.status == "resolved"]
    return list(_row_sums(table, rows)) + list(_parent_sums(table, rows)) + list(_totals(table, rows))


def _row_sums(table: Table, rows: Sequence[Row]) -> Iterator[Check]:
    tol = tolerance(table)
    for group in sum_groups(table):
        total_label = table.column(group.total).label
        for row in rows:
            if not has(row, group.total) and not any(has(row, p) for p in group.parts):
                continue
            expected = round(sum(value(row, p) for p in group.parts), 6)
            actual = value(row, group.total)
            parts = " + ".join(table.column(p).path[-1] for p in group.parts)
            yield Check(
                kind="row_sum",
                status=judge(expected, actual, len(group.parts), tol),
                expected=expected,
                actual=actual,
                message=f"{table.label}「{_row_label(row)}」：{total_label} {fmt(actual)} 应等于 {parts} = {fmt(expected)}",
                pages=_pages(row),
                table_id=table.id,
            )


def _parent_sums(table: Table, rows: Sequence[Row]) -> Iterator[Check]:
    children: dict[str, list[Row]] = {}
    for row in rows:
        if row.code and row.parent:
            children.setdefault(row.parent, []).append(row)
    for parent in rows:
        kids = children.get(parent.code or "")
        if not kids:
            continue
        yield from _sum_checks(table, "parent_sum", parent, kids, "下级科目之和", f"（{len(kids)} 项）")


def _totals(table: Table, rows: Sequence[Row]) -> Iterator[Check]:
    if any(r.side for r in rows):
        yield from _side_totals(table, rows)
        return
    tops = [r for r in rows if r.code and not r.parent and not r.is_total]
    totals = [r for r in rows if r.is_total and not r.code]
    for total in totals:
        if not tops:
            return
        yield from _sum_checks(table, "total", total, _covered(rows, totals, total) or tops, "各类级科目之和")


def _covered(rows: Sequence[Row], totals: Sequence[Row], total: Row) -> list[Row]:
    """Halves printed side by side each close with their own total (人员经费合计 | 公用经费合计): with several totals
    each printed after its rows, a total covers the top-level rows since the previous one; else nothing (all)."""
    if len(totals) < 2 or any(t.index == 0 for t in totals):
        return []
    start = max((t.index for t in totals if t.index < total.index), default=-1)
    return [r for r in rows if start < r.index < total.index and r.code and not r.parent and not r.is_total]


def _sum_checks(
    table: Table, kind: str, target: Row, parts: Sequence[Row], what: str, suffix: str = ""
) -> Iterator[Check]:
    """Per amount column: ``target`` = the sum of ``parts`` (a column empty on every side is skipped)."""
    tol = tolerance(table)
    for column in (c.key for c in table.columns if "%" not in c.label):
        if not has(target, column) and not any(has(p, column) for p in parts):
            continue
        expected = round(sum(value(p, column) for p in parts), 6)
        actual = value(target, column)
        yield Check(
            kind=kind,
            status=judge(expected, actual, len(parts), tol),
            expected=expected,
            actual=actual,
            message=f"{table.label}「{_row_label(target)}」{table.column(column).label}：{fmt(actual)} "
            f"应等于{what} {fmt(expected)}{suffix}",
            pages=_pages(target),
            table_id=table.id,
        )


def _side_totals(table: Table, rows: Sequence[Row]) -> Iterator[Check]:
    """Each side of a 收支总表: a 合计 adds the items since the last total, a 总计 adds the 合计 and what follows."""
    tol = tolerance(table)
    for side in dict.fromkeys(r.side for r in rows):
        column = _side_column(table, side)
        if column is None:
            continue
        items: list[float] = []
        subtotal: float | None = None
        side_rows = [r for r in rows if r.side == side]
        for i, row in enumerate(side_rows):
            if row.is_total:
                expected = round(sum(items) + (subtotal if "总计" in row.name and subtotal is not None else 0), 6)
                actual = value(row, column)
                yield Check(
                    kind="total",
                    status=judge(expected, actual, len(items) + 1, tol),
                    expected=expected,
                    actual=actual,
                    message=f"{table.label}（{side}）「{row.name}」{fmt(actual)} 应等于其上各项之和 {fmt(expected)}",
                    pages=_pages(row),
                    table_id=table.id,
                )
                subtotal, items = actual, []
            elif not _SUB_ITEM.match(row.name) and not row.name.startswith("其中"):
                items.append(_item_value(side_rows, i, column))


def _item_value(rows: Sequence[Row], i: int, column: str) -> float:
    """A top item's amount, or, where it is not printed, the sum of its （一）（二） sub-items."""
    if has(rows[i], column):
        return value(rows[i], column)
    total = 0.0
    for row in rows[i + 1 :]:
        if not _SUB_ITEM.match(row.name):
            break
        total += value(row, column)
    return total


def _side_column(table: Table, side: str | None) -> str | None:
    keyed = [c for c in table.columns if c.side == side]
    if keyed:
        return keyed[0].key
    index = {"收入": 0, "支出": 1}.get(side or "", 0)
    return table.columns[index].key if len(table.columns) > index else None


def fmt(amount: float) -> str:
    """4,534.39 / 171,915,169: thousands separators, cents only where there are some."""
    return f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"


def _row_label(row: Row) -> str:
    return f"{row.code} {row.name}" if row.code else row.name


def _pages(row: Row) -> tuple[int, ...]:
    return (row.page,) if row.page else ()
