"""A unit's whole budget asked with no item named ("今年一共花多少钱", "学校收入有多少", "预算总共多少").

The answer is the all-funds total (支出总表 or 收入总表), with its scope named, then the 财政拨款 total beside it
(and, for income, the 收支总表's 本年收入合计 when carry-overs make the two differ), each copied from its cell."""

from __future__ import annotations

import re

from ...models import Answer, Disclosure, Row, Table
from ..finding import columns as cols
from ..writing.compose import Builder
from ..question.context import Context
from ..writing.phrase import cell_sentence
from ..finding.narrative import content_grams
from ..question.plan import Plan, item_measures
from ..finding.resolve import Target, main_row
from .stated import stated_figure
from .tabular import state
from ..question.text import norm, norm_spaced
from ..question.vocab import vocab

SIDES = {"expense": "支出", "income": "收入"}  # the all-funds table kind → the side of a two-sided summary
FISCAL_KINDS = {"expense": ("fiscal_summary", "fiscal_expense"), "income": ("fiscal_summary",)}


def asks_total(plan: Plan, units: tuple[str, ...] = ()) -> bool:
    """No item, no column measure but a total, no table named, no other content word ("政府采购预算总额" is not
    the whole budget); the scope (if any) is all spending or all income. ``units``: the documents' unit names."""
    if plan.mentions or plan.tables or set(item_measures(plan)) - {"合计"} or plan.kind not in ("value", "explain"):
        return False
    if _residual(plan, units):
        return False
    if plan.scopes:
        return plan.scopes[0] in SIDES
    return "合计" in plan.measures


def _residual(plan: Plan, units: tuple[str, ...]) -> str:
    """What is left of the question once the unit's name and every scope, measure, amount, year and filler word
    are taken out: Chinese characters, or English words of two letters or more."""
    v = vocab()
    words = [
        *units,
        *(c for sc in v.scopes for c in sc.cues),
        *(c for m in v.measures for c in m.cues),
        *v.cues["value_cues"],
        *v.cues["this_year"],
        *v.cues["stopwords"],
        *v.cues["total_filler"],
    ]
    if plan.english:
        text = f" {norm_spaced(plan.question)} "
        for w in sorted((w for w in words if w.isascii()), key=len, reverse=True):
            text = re.sub(rf"(?<![a-z]){re.escape(w)}(?![a-z])", " ", text)
        return " ".join(re.findall(r"[a-z]{2,}", text))
    text = plan.text
    for unit in units:  # a part of the unit's name ("财政局" of 上海市财政局) names it too
        text = _drop_parts(text, unit)
    for w in sorted((w for w in words if not w.isascii()), key=len, reverse=True):
        text = text.replace(w, " ")
    return "".join(re.findall(r"[\u4e00-\u9fff]", text))


def total(plan: Plan, ctx: Context) -> Answer | None:
    """The all-funds total and the 财政拨款 one; None when the narrative states the figure asked (its unit, its
    words) or no table prints the year asked."""
    if not asks_total(plan, unit_names(ctx)):
        return None
    if len(content_grams(plan.question)) >= 2 and stated_figure(ctx.docs, plan.question, plan.years) is not None:
        return None  # "收入预算是多少万元": the narrative's own sentence answers (value does that)
    kind = plan.scopes[0] if plan.scopes else "expense"
    side = SIDES[kind]
    b = Builder(plan.question, "value")
    for doc in ctx.docs:
        whole = _total_target(doc, (kind,), side, plan)
        if whole is None:
            continue
        b.say(f"按全部资金口径，{cell_sentence(whole, state(b, whole))}")
        if kind == "income":
            own = _total_target(doc, ("income_expense_summary",), side, plan, first=True)
            if own is not None and _differs(own, whole):
                b.say(f"其中本年收入（不含上年结转）：{cell_sentence(own, state(b, own))}")
        fiscal = _total_target(doc, FISCAL_KINDS[kind], side, plan)
        if fiscal is not None:
            b.say(f"仅财政拨款口径：{cell_sentence(fiscal, state(b, fiscal))}")
    return b.answer() if b.parts else None


def _total_target(doc: Disclosure, kinds: tuple[str, ...], side: str, plan: Plan, first: bool = False) -> Target | None:
    """The total row of the first table of ``kinds`` (the ``side`` half of a two-sided one), in its amount column.
    ``first``: the side's first total (本年收入合计), else its last (收入总计)."""
    for kind in kinds:
        for table in (t for t in doc.tables if t.kind == kind and not t.empty):
            row = _side_total(doc, table, side, first)
            years = cols.wanted_years(plan.years, plan.relative, doc.year) if plan.years else ()
            column = cols.pick(table, row, years, plan.measures, doc.year) if row is not None else None
            if column is not None and row.cell(column.key) is not None:
                return Target(doc, table, row, column)
    return None


def _drop_parts(text: str, name: str, shortest: int = 2) -> str:
    """``text`` without any run of ``shortest`` or more characters of ``name``, longest first."""
    for length in range(len(name), shortest - 1, -1):
        for i in range(len(name) - length + 1):
            if name[i : i + length] in text:
                text = text.replace(name[i : i + length], " ")
    return text


def unit_names(ctx: Context) -> tuple[str, ...]:
    return tuple(norm(d.unit_name) for d in ctx.docs if d.unit_name)


def _side_total(doc: Disclosure, table: Table, side: str, first: bool) -> Row | None:
    totals = [r for r in table.rows if r.is_total and r.side == side and r.cells]
    if totals:
        return totals[0] if first else totals[-1]
    return None if first else main_row(doc, table)


def _differs(a: Target, b: Target) -> bool:
    return a.cell is not None and b.cell is not None and a.cell.value != b.cell.value
