"""An auditor's checks: does one item's figure agree between tables (核对…是否一致), do parts add up to their total
(基本支出加项目支出是否等于合计)? Each figure cited, the sum shown with its formula, and a plain verdict."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from ...models import Answer
from ..finding import columns as cols
from ..writing.compose import Builder
from ..question.context import Context
from ..writing.phrase import cell_sentence
from ..question.plan import Plan, item_measures
from ..finding.resolve import Target, main_row, measure_targets
from .tabular import mention_targets, state
from ..question.text import decimals_of, fmt, norm, norm_spaced
from ..question.vocab import vocab

_TO_YUAN = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000)}
_TOTAL_LEAVES = ("合计", "小计", "总计")
_SPLIT = re.compile(r"是否等于|等不等于|是不是等于|等于|addupto|sumto|equalto|equal")


def asks_check(plan: Plan) -> str | None:
    """ "same" when the question asks whether figures agree, "sum" when whether parts add up, else None."""
    v = vocab()
    spaced = norm_spaced(plan.question)
    if any((w in spaced) if w.isascii() else (w in plan.text) for w in v.cues.get("check_same", ())):
        return "same"
    if any(re.search(f, spaced if f.isascii() else plan.text) for f in v.cues.get("check_sum_forms", ())):
        return "sum"
    return None


def verify(plan: Plan, ctx: Context) -> Answer | None:
    mode = asks_check(plan)
    if mode == "same":
        return _same(plan, ctx)
    if mode == "sum":
        return _sum(plan, ctx) or _equal(plan, ctx)
    return None


# ---------------------------------------------------------------------------------------------------------------


def _valued(found: list[Target]) -> list[Target]:
    return [t for t in found if t.column is not None and t.cell is not None and t.cell.value is not None]


def _yuan(t: Target) -> Decimal | None:
    factor = _TO_YUAN.get(t.cell.unit)
    return Decimal(str(t.cell.value)) * factor if factor is not None else None


def _same(plan: Plan, ctx: Context) -> Answer | None:
    """One figure per table (the tables named, else each table holding the item), then whether they agree."""
    groups = mention_targets(replace(plan, tables=(), scopes=()), ctx)
    if not groups:
        return None
    found = _valued(groups[0][1])
    picked: list[Target] = []
    named = _loosely_named(plan.text, found)
    if len(named) >= 2:
        for title in named:
            hit = next((t for t in found if norm(t.table.title) == title), None)
            if hit is not None:
                picked.append(hit)
    else:
        for t in found:
            if all(t.table is not p.table for p in picked):
                picked.append(t)
    picked = picked[:3]
    if len(picked) < 2:
        return None
    b = Builder(plan.question, "compare")
    for t in picked:
        b.say(cell_sentence(t, state(b, t)))
    first, amounts = picked[0], [_yuan(t) for t in picked]
    if any(a is None for a in amounts):
        return None
    verdicts = []
    for t, amount in zip(picked[1:], amounts[1:]):
        if amount == amounts[0]:
            verdicts.append(f"{t.table.title}与{first.table.title}一致（均为 {first.cell.text} {first.cell.unit}）")
        else:
            diff = (amount - amounts[0]) / _TO_YUAN[first.cell.unit]
            verdicts.append(
                f"{t.table.title}与{first.table.title}不一致（相差 {fmt(abs(diff), decimals_of(first.cell.text))}"
                f" {first.cell.unit}，可能口径不同）"
            )
    b.say("核对结果：" + "；".join(verdicts) + "。")
    return b.answer()


def _loosely_named(text: str, found: list[Target]) -> list[str]:
    """Titles of the tables holding the item that the question names by a tail ending in 表, 预算 left out on both
    sides ("财政拨款支出表" for 财政拨款支出预算表): the two (or three) best-covered, in the question's order."""
    flat = text.replace("预算", "")
    at: dict[int, tuple[int, float, str]] = {}  # where the tail ends in the question → (length, cover, title)
    for title in dict.fromkeys(norm(t.table.title) for t in found):
        bare = title.replace("预算", "")
        for start in range(len(bare) - 2):
            tail = bare[start:]
            ends = [m.end() for m in re.finditer(re.escape(tail), flat)] if tail.endswith("表") else []
            for end in ends:
                mark = (len(tail), len(tail) / len(bare), title)
                if end not in at or mark[:2] > at[end][:2]:  # one span names one table: the best-covered
                    at[end] = mark
            if ends:
                break
    best = sorted(at.items(), key=lambda kv: -kv[1][0])[:3]
    return [title for _, (_, _, title) in sorted(best)]


def _equal(plan: Plan, ctx: Context) -> Answer | None:
    """ "收入总计是否等于支出总计": one item on each side of 等于, each figure and whether they are equal."""
    groups = [(name, _valued(found)) for name, found in mention_targets(plan, ctx)]
    groups = [g for g in groups if g[1]]
    if len(groups) != 2:
        return None
    a, c = groups[0][1][0], groups[1][1][0]
    if a.cell.unit != c.cell.unit:
        return None
    b = Builder(plan.question, "compare")
    b.say(cell_sentence(a, state(b, a)) + cell_sentence(c, state(b, c)))
    if a.cell.value == c.cell.value:
        b.say(f"核对结果：两者相等，均为 {a.cell.text} {a.cell.unit}。")
    else:
        diff = abs(Decimal(str(a.cell.value)) - Decimal(str(c.cell.value)))
        shown = b.figure(fmt(diff, decimals_of(a.cell.text), "," in a.cell.text), a.cell.unit, b.citations[-1].id, diff)
        b.say(f"核对结果：两者不相等，相差 {shown}（{a.cell.text} 与 {c.cell.text} 之差）。")
    return b.answer()


# ---------------------------------------------------------------------------------------------------------------


def _sides(plan: Plan) -> tuple[str, str]:
    """The question's text before and after its 等于: one side names the parts, the other the total."""
    parts = _SPLIT.split(plan.text, maxsplit=1)
    return (parts[0], parts[1]) if len(parts) == 2 else (plan.text, "")


def _sum(plan: Plan, ctx: Context) -> Answer | None:
    parts, total = _measure_parts(plan, ctx) or _row_parts(plan, ctx) or ([], None)
    if len(parts) < 2 or total is None:
        return None
    b = Builder(plan.question, "arith")
    for t in (*parts, total):
        b.say(cell_sentence(t, state(b, t)))
    values = [Decimal(str(t.cell.value)) for t in parts]
    dec = max(decimals_of(t.cell.text) for t in (*parts, total))
    commas = any("," in t.cell.text for t in (*parts, total))
    got, want = sum(values), Decimal(str(total.cell.value))
    cid = b.citations[-1].id
    unit = total.cell.unit
    formula = " + ".join(t.cell.text for t in parts)
    shown = b.figure(fmt(got, dec, commas), unit, cid, got)
    if abs(got - want) < Decimal(1).scaleb(-dec) / 2 * len(parts) + Decimal("1e-9"):
        b.say(f"核对结果：{formula} = {shown}，与{_name(total)} {total.cell.text} {unit}一致。")
    else:
        diff = b.figure(fmt(abs(got - want), dec, commas), unit, cid, abs(got - want))
        b.say(f"核对结果：{formula} = {shown}，与{_name(total)} {total.cell.text} {unit}不一致，相差 {diff}。")
    return b.answer()


def _name(t: Target) -> str:
    """The total as the verdict names it: a named row ("人力资源和社会保障管理事务"), else 合计."""
    if t.row is not main_row(t.doc, t.table) and t.row.name.strip() and not t.row.is_total and t.only is None:
        return t.row.name.strip()
    leaf = t.column.column.path[-1] if t.column is not None and t.column.column.path else ""
    return leaf if leaf in _TOTAL_LEAVES else "合计"


def _measure_parts(plan: Plan, ctx: Context) -> tuple[list[Target], Target | None] | None:
    """ "基本支出加项目支出是否等于合计": the part columns on one row, and the row's total column beside them."""
    left, right = _sides(plan)
    own = item_measures(plan)
    side = left if sum(_names(m, left) for m in own) >= 2 else right
    wanted = [m for m in own if _names(m, side)]
    if len(wanted) < 2:
        return None
    picked: list[Target] = []
    for m in wanted:
        found = _valued(measure_targets(replace(plan, measures=(m,)), ctx.docs))
        same = [t for t in found if not picked or (t.table is picked[0].table and t.row is picked[0].row)]
        if not same:
            return None
        picked.append(same[0])
    return picked, _total_column(picked)


def _names(measure: str, text: str) -> bool:
    cues = next((m.cues for m in vocab().measures if m.name == measure), ())
    return any(c.replace(" ", "") in text for c in cues)


def _total_column(parts: list[Target]) -> Target | None:
    """The column that totals the parts' columns: a 合计/小计 leaf under the same header above them."""
    head = parts[0].column.column.path[:-1]
    for info in cols.infos(parts[0].table):
        path = info.column.path
        if path and norm(path[-1]) in _TOTAL_LEAVES and tuple(path[:-1]) == tuple(head):
            t = replace(parts[0], column=info, only=None)
            return t if t.cell is not None and t.cell.value is not None else None
    return None


def _row_parts(plan: Plan, ctx: Context) -> tuple[list[Target], Target | None] | None:
    """ "行政运行加社会保险业务管理事务是否等于…": the rows named on one side, in one column of one table, and the
    row named on the other side (else the table's total row)."""
    groups = [(name, _valued(found)) for name, found in mention_targets(plan, ctx)]
    groups = [(name, found) for name, found in groups if found]
    if len(groups) < 2:
        return None
    left, _ = _sides(plan)
    parts_side = [g for g in groups if g[0] and norm(g[0]) in left]
    other = [g for g in groups if g not in parts_side]
    if len(parts_side) < 2:
        parts_side, other = groups, []
    first = parts_side[0][1][0]
    parts = []
    for _, found in parts_side:
        hit = next((t for t in found if t.table is first.table and t.column.key == first.column.key), None)
        if hit is None:
            return None
        parts.append(hit)
    if other:
        total = next((t for t in other[0][1] if t.table is first.table and t.column.key == first.column.key), None)
    else:
        row = main_row(first.doc, first.table)
        total = replace(first, row=row) if row is not None else None
    if total is None or total.cell is None or total.cell.value is None:
        return None
    return parts, total
