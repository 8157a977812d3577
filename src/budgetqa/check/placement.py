"""Rows the table parser left unresolved: can their printed figures be true at all?

The parser keeps an unresolved row's text (``Row.raw``) and a note. Here its figures are tried in every order-
keeping placement over the table's columns (percent figures in percent columns only) against the row's own
arithmetic: the sum groups of its header, and 增减 / 增减率 as the table's resolved rows define them. Either way the row
is placed, for the audit only, where it breaks the fewest checks of the whole table, so that its parent and the
table total count it. If no placement holds, the figures cannot all be true: its failed checks name it, its printed
figures, the arithmetic and, where the table tells, the wrong figure. If some placement holds, the row is a parse
ambiguity, not an inconsistency: it is listed as unresolved, and its checks are ordinary ones.
"""

from __future__ import annotations

import itertools
import math

from ..models import Cell, Row, Table
from ..parse.tables.cells import parse_number
from .arithmetic import change_columns, is_percent, table_equations
from .equations import Sheet, evaluate, judge
from .models import Unplaced
from .roles import sum_groups

MAX_PLACEMENTS = 50_000
MAX_OPTIONS = 24  # equally near placements compared on the whole table
MAX_JOINT = 256  # placements of a family of sibling rows tried together


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


def audit_unresolved(table: Table) -> tuple[Table, dict[int, tuple[str, ...]], list[Unplaced]]:
    """(the table with each unresolved row placed where it breaks the fewest checks of the table, the positions of
    those no placement fits → their printed figures, every unresolved row listed)."""
    listed: list[Unplaced] = []
    tentative: dict[int, tuple[str, ...]] = {}
    if not any(r.status == "unresolved" for r in table.rows):
        return table, tentative, listed
    resolved = [r for r in table.rows if r.status == "resolved"]
    pairs = change_columns(table, resolved)
    rows = list(table.rows)
    choices: dict[int, list[Row]] = {}
    for i, row in enumerate(table.rows):
        if row.status != "unresolved":
            continue
        figures = figures_of(row)
        label = f"{row.code} {row.name}" if row.code else row.name
        found = None if row.side or not figures else _nearest(table, row, figures, pairs)
        if found is None:
            listed.append(Unplaced(table_id=table.id, table=table.label, row=label, figures=figures, note=row.note))
            continue
        violated, options = found
        listed.append(
            Unplaced(
                table_id=table.id, table=table.label, row=label, figures=figures, note=row.note, consistent=not violated
            )
        )
        rows[i] = options[0]
        if len(options) > 1:
            choices[i] = options
        if violated:
            tentative[i] = figures
    # siblings (rows under one parent) that can be placed several ways are settled together where few enough,
    # then each row where the whole table agrees best with it, the others placed
    families: dict[str | None, list[int]] = {}
    for i in choices:
        families.setdefault(table.rows[i].parent, []).append(i)
    for members in families.values():
        if 1 < len(members) and math.prod(len(choices[i]) for i in members) <= MAX_JOINT:
            best = min(
                itertools.product(*(choices[i] for i in members)),
                key=lambda combo: _failures(table, rows, dict(zip(members, combo))),
            )
            for i, placed in zip(members, best):
                rows[i] = placed
    for _ in range(2):
        for i, options in choices.items():
            rows[i] = min(options, key=lambda placed: _failures(table, rows, {i: placed}))
    return table.model_copy(update={"rows": tuple(rows)}), tentative, listed


def _failures(table: Table, rows: list[Row], placed: dict[int, Row]) -> tuple[int, float]:
    """(failed checks, their total gap) of the table's checks that involve the rows ``placed``, placed so."""
    trial = table.model_copy(update={"rows": tuple(placed.get(i, r) for i, r in enumerate(rows))})
    sheet = Sheet.of([trial])
    results = [
        evaluate(eq, sheet) for eq in table_equations(trial) if any(ref.row in placed for ref in (eq.target, *eq.parts))
    ]
    failed = [r for r in results if r[2] == "failed"]
    return len(failed), round(sum(abs(e - a) for e, a, _ in failed), 6)


def _nearest(table: Table, row: Row, figures: tuple[str, ...], pairs) -> tuple[int, list[Row]] | None:
    """(violations, the row placed each way that violates fewest of its own equations, at most MAX_OPTIONS)."""
    numbers = [parse_number(f) for f in figures]
    if any(n is None for n in numbers):
        return None
    columns = [c for c in table.columns if c.side is None]
    if len(numbers) > len(columns) or math.comb(len(columns), len(numbers)) > MAX_PLACEMENTS:
        return None
    groups = sum_groups(table)
    nested = {p for g in groups for p in g.parts}
    tol = 0.5 if table.unit == "元" else 0.005
    least: int | None = None
    best: list[tuple[str, ...]] = []
    for combo in itertools.combinations(columns, len(numbers)):
        if any(is_percent(c) != n.percent for c, n in zip(combo, numbers)):  # type: ignore[union-attr]
            continue
        values = {c.key: n.value for c, n in zip(combo, numbers)}  # type: ignore[union-attr]
        bad = _violations(values, groups, nested, pairs, tol)
        if least is None or bad < least:
            least, best = bad, []
        if bad == least and len(best) < MAX_OPTIONS:
            best.append(tuple(c.key for c in combo))
    if least is None:
        return None
    return least, [_placed(table, row, keys, numbers) for keys in best]


def _placed(table: Table, row: Row, keys: tuple[str, ...], numbers) -> Row:
    cells = tuple(
        Cell(column=key, value=n.value, text=n.text, unit="%" if n.percent else table.unit)
        for key, n in zip(keys, numbers)
    )
    return row.model_copy(update={"cells": cells, "status": "resolved"})


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
