"""One item in two tables: "行政运行在单位支出总表中的金额比一般公共预算数多多少" compares the item's cell in the table
each side of 比 names (all funds vs this year's appropriation), with the formula shown.

Each half of the question names its own table (by title or scope word); the item is the question's mention, or
the measure it names ("基本支出"), read in each table."""

from __future__ import annotations

import re
from dataclasses import replace

from ...models import Answer
from ..writing.compose import Builder, cell_citation
from ..question.context import Context
from ..writing.phrase import cell_sentence, more_or_less
from ..question.plan import Plan, read_plan
from ..finding.resolve import Target, measure_targets, targets
from .tabular import notation
from ..question.text import fmt, to_decimal

_SPLIT = re.compile(r"比(?![例重上去前较])")  # "A比B": not 比例, 比重, 比上年, 比去年


def two_tables(plan: Plan, ctx: Context) -> Answer | None:
    """The item's cell in the table each side of 比 names, and their difference."""
    if "arith_diff" not in plan.cues and plan.kind not in ("arith", "compare"):
        return None
    m = _SPLIT.search(plan.text)
    if m is None:
        return None
    sides = [read_plan(half, ctx.index) for half in (plan.text[: m.start()], plan.text[m.end() :])]
    kinds = [side.scopes for side in sides]
    if not all(kinds) or kinds[0][0] == kinds[1][0]:
        return None
    cells = [_cell(plan, side, ctx) for side in sides]
    if any(c is None for c in cells):
        return None
    first, second = cells
    if first.table is second.table:
        return None
    return _say(plan, first, second)


def _cell(plan: Plan, side: Plan, ctx: Context) -> Target | None:
    """The item's valued cell in the first table the half names."""
    scoped = replace(plan, scopes=side.scopes, tables=side.tables, measures=side.measures or plan.measures)
    found: list[Target] = []
    for mention in plan.mentions[:1]:
        found = targets(scoped, mention, ctx.index, ctx.docs)
    if not plan.mentions:
        found = measure_targets(scoped, ctx.docs)
    for t in found:
        if t.table.kind == side.scopes[0] and t.cell is not None and t.cell.value is not None:
            return t
    return None


def _say(plan: Plan, x: Target, y: Target) -> Answer:
    b = Builder(plan.question, "arith")
    xid = cell_citation(b, x.doc, x.table, x.row, x.column)
    yid = cell_citation(b, y.doc, y.table, y.row, y.column)
    b.say(cell_sentence(x, f"{b.figure(x.cell.text, x.cell.unit, xid)}[{xid}]").rstrip("。") + "；")
    b.say(cell_sentence(y, f"{b.figure(y.cell.text, y.cell.unit, yid)}[{yid}]"))
    decimals, commas = notation(x.table)
    diff = to_decimal(x.cell.text) - to_decimal(y.cell.text)
    b.say(
        f"前者比后者{more_or_less(diff, decimals, commas, x.cell.unit)}（{x.cell.text} − {y.cell.text} = "
        f"{b.figure(fmt(diff, decimals, commas), x.cell.unit, xid, diff)}）。"
    )
    return b.answer()
