"""Rows the table parser left unresolved: can their printed figures be true at all?

The parser keeps an unresolved row's text (``Row.raw``) and a note. Here its figures are tried in every order-
keeping placement over the table's columns (percent figures in percent columns only) against the row's own
arithmetic: the sum groups of its header, and 增减 / 增减率 as the table's resolved rows define them. If no placement
holds, the figures cannot all be true and the row is a failed check named with its figures and the arithmetic of
the closest placement (and, where that tells, the wrong figure). If some placement holds, the row is a parse
ambiguity, not an inconsistency: it is listed as unresolved, not failed.
"""

from __future__ import annotations

import itertools
import math

from ..models import Cell, Row, Table
from ..parse.tables.cells import parse_number
from .arithmetic import change_columns, changes, checks_of, is_percent, row_sums
from .equations import Equation
from .equations import Sheet, judge
from .models import Check, Unplaced
from .roles import sum_groups

MAX_PLACEMENTS = 50_000


def figures_of(row: Row) -> tuple[str, ...]:
    """The figures printed at the end of the row's text (after its code and name)."""
    tokens = row.raw.split()
    out: list[str] = []
    for token in reversed(tokens):
        if parse_number(token) is None or (row.code and token == row.code and not out):
            break
        out.append(token)
    figures = tuple(reversed(out))
    if row.code and figures and figures[0] == row.code:
        figures = figures[1:]
    return figures


def audit_unresolved(table: Table) -> tuple[list[Check], list[Unplaced]]:
    checks: list[Check] = []
    listed: list[Unplaced] = []
    rows = [r for r in table.rows if r.status == "unresolved"]
    if not rows:
        return checks, listed
    resolved = [r for r in table.rows if r.status == "resolved"]
    pairs = change_columns(table, resolved)
    for row in rows:
        figures = figures_of(row)
        label = f"{row.code} {row.name}" if row.code else row.name
        closest = None if row.side or not figures else _closest(table, row, figures, pairs)
        if closest is None:
            listed.append(Unplaced(table_id=table.id, row=label, figures=figures, note=row.note))
            continue
        violated, placed = closest
        listed.append(
            Unplaced(table_id=table.id, row=label, figures=figures, note=row.note, consistent=not violated)
        )
        if violated:
            checks.append(_failed(table, row, label, figures, placed))
    return checks, listed


def _closest(table: Table, row: Row, figures: tuple[str, ...], pairs) -> tuple[int, Row] | None:
    """(violations, the row placed) of the placement with the fewest failed equations; 0 violations stops early."""
    numbers = [parse_number(f) for f in figures]
    if any(n is None for n in numbers):
        return None
    columns = [c for c in table.columns if c.side is None]
    if len(numbers) > len(columns) or math.comb(len(columns), len(numbers)) > MAX_PLACEMENTS:
        return None
    groups = sum_groups(table)
    nested = {p for g in groups for p in g.parts}
    tol = 0.5 if table.unit == "元" else 0.005
    best: tuple[int, tuple[str, ...]] | None = None
    for combo in itertools.combinations(columns, len(numbers)):
        if any(is_percent(c) != n.percent for c, n in zip(combo, numbers)):  # type: ignore[union-attr]
            continue
        values = {c.key: n.value for c, n in zip(combo, numbers)}  # type: ignore[union-attr]
        bad = _violations(values, groups, nested, pairs, tol)
        if best is None or bad < best[0]:
            best = (bad, tuple(c.key for c in combo))
            if bad == 0:
                break
    if best is None:
        return None
    cells = tuple(
        Cell(column=key, value=n.value, text=n.text, unit="%" if n.percent else table.unit)  # type: ignore[union-attr]
        for key, n in zip(best[1], numbers)
    )
    return best[0], row.model_copy(update={"cells": cells, "status": "resolved"})


def _violations(values: dict[str, float], groups, nested, pairs, tol: float) -> int:
    bad = 0
    by_total = {g.total: g for g in groups}

    def part_value(key: str, depth: int = 0) -> float:
        if key in values or key not in by_total or depth > 4:
            return values.get(key, 0.0)
        return sum(part_value(p, depth + 1) for p in by_total[key].parts)

    for g in groups:
        if g.total not in values and (g.total in nested or not any(p in values for p in g.parts)):
            continue
        got = sum(part_value(p) for p in g.parts)
        bad += judge(got, values.get(g.total, 0.0), len(g.parts), tol) == "failed"
    for diff, earlier, later, rate in pairs:
        a, b = values.get(earlier, 0.0), values.get(later, 0.0)
        if diff in values:
            bad += judge(b - a, values[diff], 2, tol) == "failed"
        if rate and rate in values and a:
            bad += abs(100 * values.get(diff, 0.0) / a - values[rate]) > 0.011 + 200 * tol / abs(a)
    return bad


def _failed(table: Table, row: Row, label: str, figures: tuple[str, ...], placed: Row) -> Check:
    """The closest placement's failed equations, named, under one placement check."""
    alone = table.model_copy(update={"rows": (placed,)})
    inner = [c for c in checks_of(_row_equations(alone, table), Sheet.of([alone])) if c.status == "failed"]
    detail = "；".join(c.message.split("；")[0] for c in inner) or "no equation holds"
    suspects = inner[0].suspects if len(inner) == 1 else ()
    tail = ""
    if suspects:
        tail = "；" + ("有误的是：" + suspects[0].text if len(suspects) == 1 else "有误的是其中之一：" + " 或 ".join(
            s.text for s in suspects
        ))
    return Check(
        kind="placement",
        status="failed",
        expected=inner[0].expected if inner else None,
        actual=inner[0].actual if inner else None,
        message=f"{table.label}「{label}」印有 {' '.join(figures)}，无论放入哪几列都不能自洽"
        f"（最接近的放法：{detail}）{tail}",
        pages=(row.page,) if row.page else (),
        table_id=table.id,
        row=label,
        suspects=suspects,
    )


def _row_equations(alone: Table, table: Table) -> list[Equation]:
    """The row's own equations (row sums, 增减, 增减率), with 增减 columns learned from the whole table."""
    resolved = [r for r in table.rows if r.status == "resolved"]
    rows = [(0, alone.rows[0])]
    return list(row_sums(alone, rows)) + list(changes(alone, rows, change_columns(table, resolved)))


