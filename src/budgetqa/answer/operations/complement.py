"""The part of an item outside a scope ("住房公积金里不是财政拨款的部分"): the item's all-funds amount (the broadest
table) minus its amount in the scope's table, with the formula shown."""

from __future__ import annotations

from ...models import Answer
from ..writing.compose import Builder, cell_citation
from ..question.context import Context
from ..question.plan import Plan
from ..finding.resolve import Target
from .tabular import mention_targets, notation, where
from ..question.text import fmt, to_decimal
from ..question.vocab import vocab


def complement(plan: Plan, ctx: Context) -> Answer | None:
    """whole − scoped for the first item named, when both tables hold it with a value."""
    groups = mention_targets(plan, ctx)
    if not groups or not plan.scopes:
        return None
    found = [t for t in groups[0][1] if t.cell is not None and t.cell.value is not None]
    part = next((t for t in found if t.table.kind == plan.scopes[0]), None)
    broad = vocab().broadness
    wholes = sorted(
        (t for t in found if t.table.kind in broad and t.table.kind not in plan.scopes),
        key=lambda t: broad.index(t.table.kind),
    )
    whole = next(
        (
            t
            for t in wholes
            if part is not None
            and t.cell.unit == part.cell.unit
            and (t.row.code or t.row.name) == (part.row.code or part.row.name)
        ),
        None,
    )
    if part is None or whole is None:
        return None
    return _say(plan, whole, part)


def _say(plan: Plan, whole: Target, part: Target) -> Answer:
    b = Builder(plan.question, "arith")
    wid = cell_citation(b, whole.doc, whole.table, whole.row, whole.column)
    pid = cell_citation(b, part.doc, part.table, part.row, part.column)
    decimals, commas = notation(whole.table)
    rest = to_decimal(whole.cell.text) - to_decimal(part.cell.text)
    b.say(
        f"{where(whole)} {b.figure(whole.cell.text, whole.cell.unit, wid)}[{wid}]；"
        f"{where(part)} {b.figure(part.cell.text, part.cell.unit, pid)}[{pid}]。"
        f"两者之差：{whole.cell.text} − {part.cell.text} = "
        f"{b.figure(fmt(rest, decimals, commas), whole.cell.unit, wid, rest)}。"
    )
    return b.answer()
