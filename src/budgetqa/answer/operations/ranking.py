"""Answers over several rows of a table: the largest/smallest item, the items under a heading, a sum or a
difference of two rows (with its formula)."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from ..writing.composition import parts_chart
from ...models import Answer, Row, Table
from ...parse._text import load_data
from ..finding import columns as cols
from ..writing.compose import Builder, cell_citation, row_label
from ..question.context import Context
from ..writing.phrase import cell_sentence, item_name, measure_phrase, more_or_less
from ..question.plan import Plan, item_measures
from ..finding.resolve import Target, children, leaves, main_row
from .parts import stated_parts
from .tabular import mention_targets, notation, state
from ..question.text import fmt, norm, to_decimal
from ..question.vocab import vocab


def rank(plan: Plan, ctx: Context) -> Answer | None:
    pool = _rank_pool(plan, ctx)
    if pool is None:
        return None
    t, rows, column, scope = pool
    rows, scope = _economic_group(plan, rows, column, scope)
    valued = [
        (to_decimal(r.cell(column.key).text), r)
        for r in rows
        if r.cell(column.key) is not None and r.cell(column.key).value is not None
    ]
    if not valued:
        return None
    valued.sort(key=lambda p: p[0], reverse=plan.op != "min")
    b = Builder(plan.question, "rank")
    word = _rank_word(plan, column)
    top_value, top = valued[0]
    cid = cell_citation(b, t.doc, t.table, top, column)
    cell = top.cell(column.key)
    measure = measure_phrase(Target(t.doc, t.table, top, column))
    where_ = t.table.title if scope in (t.table.title, column.column.label) else f"{t.table.title}{scope}"
    b.say(
        f"{where_}中，{f'按{measure}，' if measure else ''}{word}的是{item_name(top)}，"
        f"{b.figure(cell.text, cell.unit, cid)}[{cid}]（共比较 {len(valued)} 项）"
    )
    rest = valued[1:3]
    if rest:
        items = []
        for _, r in rest:
            rid = cell_citation(b, t.doc, t.table, r, column)
            c = r.cell(column.key)
            items.append(f"{item_name(r)} {b.figure(c.text, c.unit, rid)}[{rid}]")
        b.say("；其次是" + "、".join(items))
    if word in _FALL_WORDS.values() and top_value >= 0:
        b.say("。所比较的各项都没有减少")
    b.say("。")
    return b.answer()


_FALL_WORDS = {"增减率": "降幅最大", "增减额": "减少最多"}


def _rank_word(plan: Plan, column: cols.ColInfo) -> str:
    """ "减少最多" / "降幅最大" when the most negative change was asked for (a decrease word), so that the answer
    does not call the largest fall the "least"; otherwise "最少" / "最多"."""
    question = norm(plan.question)
    falls = (
        plan.op == "min"
        and {"增减额", "增减率"} & set(plan.measures) & column.measures
        and any(norm(w) in question for w in vocab().cues["decrease_words"])
        and not any(norm(w) in question for w in vocab().cues["rank_min"])
    )
    if falls:
        return _FALL_WORDS["增减率" if "增减率" in column.measures else "增减额"]
    return "最少" if plan.op == "min" else "最多"


def _rank_pool(plan: Plan, ctx: Context):
    """(anchor target, rows compared, column, how the scope is named)."""
    changes = {"增减额", "增减率"} & set(plan.measures)
    if changes:  # "比上年增长幅度最大": the change columns, not last year's amounts; a 幅度/率 asks the rate
        rate = "增减率" in changes and any(w in plan.text for w in vocab().cues["rate_words"])
        plan = replace(
            plan, years=(), relative=(), measures=tuple(m for m in plan.measures if not (rate and m == "增减额"))
        )
    years = lambda doc: cols.wanted_years(plan.years, plan.relative, doc.year)  # noqa: E731
    # several measures and no item ("基本支出中哪一项公用经费最多") name one column: the table loop below finds it
    groups = mention_targets(plan, ctx) if plan.mentions or len(item_measures(plan)) < 2 else []
    if _excluded_span(plan.text) is not None:
        pool = _pool_without(plan, ctx)
        if pool is not None:
            return pool
    for name, found in groups:
        for t in found:
            kids = children(t.doc, t.table, t.row) if t.row.code else []
            if plan.level is None and len(kids) == 1:
                kids = children(t.doc, t.table, kids[0])
            if kids and t.column is not None:
                return t, kids, t.column, f"{row_label(t.row)}下"
            if t.row is main_row(t.doc, t.table) and t.column is not None:
                return t, _level_rows(t.table, plan.level), t.column, t.column.column.label
    wanted = set(item_measures(plan)) | ({"增减额", "增减率"} & set(plan.measures))
    for strict in (True, False):  # a column holding every measure named ("基本支出 › 公用经费") first
        for doc in ctx.docs:
            for table in sorted(doc.tables, key=lambda tb: _scope_rank(plan, tb.kind)):
                rows = _level_rows(table, plan.level)
                if len(rows) < 2:
                    continue
                total = main_row(doc, table) or rows[0]  # the total row has every column the rows may fill
                column = cols.pick(table, total, years(doc), plan.measures, doc.year)
                if column is None or strict and not wanted <= column.measures:
                    continue
                scope = column.column.label if plan.measures else table.title
                return Target(doc, table, rows[0], column), rows, column, scope
    return None


def _economic_group(plan: Plan, rows: list[Row], column: cols.ColInfo, scope: str) -> tuple[list[Row], str]:
    """ "公用经费里哪一项最多" over a table with one amount column: the rows of that group's economic classes
    (302/310 for 公用经费; data/table_rules.json), not every row of the table."""
    groups = _economic_classes()
    named = [m for m in item_measures(plan) if m in groups and m not in column.measures]
    if len(named) != 1:
        return rows, scope
    prefixes = groups[named[0]]
    kept = [r for r in rows if r.code and r.code.replace(" ", "").startswith(prefixes)]
    return (kept, named[0]) if len(kept) >= 2 else (rows, scope)


@cache
def _economic_classes() -> dict[str, tuple[str, ...]]:
    return {k: tuple(v) for k, v in load_data("table_rules.json")["economic_columns"].items()}


_EXCLUDE = re.compile(r"除(?:了|去|开)?(.+?)(?:以外|之外|外)?(?:[，,、]|还有|其他|其余|剩下)")


def _excluded_span(text: str) -> tuple[int, int] | None:
    m = _EXCLUDE.search(text)
    return m.span(1) if m else None


def _pool_without(plan: Plan, ctx: Context):
    """ "除了教育支出，哪一类最多": the rows of the excluded item's level (or the level asked) in its table, without
    the items the 除了 clause names."""
    start, end = _excluded_span(plan.text)
    inside = [m for m in plan.mentions if m.start >= 0 and start <= m.start and m.end <= end + 1]
    if not inside:
        return None
    outside_plan = replace(plan, mentions=tuple(m for m in plan.mentions if m not in inside))
    if outside_plan.mentions:
        return None  # another item named too: its own children are what is ranked
    found = mention_targets(replace(plan, mentions=tuple(inside[:1])), ctx)
    for _, targets in found:
        for t in targets:
            if t.column is None or not t.row.code:
                continue
            dropped = {id(t.row)}
            size = len(t.row.code.replace(" ", ""))
            rows = (
                _level_rows(t.table, plan.level)
                if plan.level
                else [r for r in t.table.rows if r.code and not r.is_total and len(r.code.replace(" ", "")) == size]
            )
            rows = [r for r in rows if id(r) not in dropped]
            if len(rows) >= 1:
                return t, rows, t.column, f"（{row_label(t.row)}除外）"
    return None


def _scope_rank(plan: Plan, kind: str) -> tuple[int, int]:
    broad = vocab().broadness
    wanted = [m for m in plan.measures if m not in ("增减额", "增减率", "执行数", "预算数", "合计")]
    return (
        plan.scopes.index(kind) if kind in plan.scopes else len(plan.scopes),
        0 if not wanted or kind == "general_basic_expense" else 1,
        broad.index(kind) if kind in broad else len(broad),
    )


def _level_rows(table: Table, level: str | None) -> list[Row]:
    coded = [r for r in table.rows if r.code and not r.is_total]
    if level is None:
        return leaves(table)
    lengths = sorted({len(r.code.replace(" ", "")) for r in coded})
    pos = {"类": 0, "款": 1, "项": 2}[level]
    if pos >= len(lengths):
        return leaves(table)
    return [r for r in coded if len(r.code.replace(" ", "")) == lengths[pos]]


# ---------------------------------------------------------------------------------------------------------------


def items_under(plan: Plan, ctx: Context) -> Answer | None:
    if not plan.mentions:  # "收入预算由哪几部分构成": the narrative's own breakdown of the total
        stated = stated_parts(plan, ctx)
        if stated is not None:
            return stated
    for name, found in mention_targets(plan, ctx):
        for t in found:
            kids = children(t.doc, t.table, t.row)
            path = [t.row]
            while len(kids) == 1:
                path.append(kids[0])
                kids = children(t.doc, t.table, kids[0])
            if not kids or t.column is None:
                continue
            b = Builder(plan.question, "children")
            head = "、".join(item_name(r) for r in path)
            measure = measure_phrase(t)
            b.say(
                f"{t.table.title}中，{head}{f'的{measure}' if measure else ''}为 "
                f"{state(b, Target(t.doc, t.table, path[-1], t.column))}，下分 {len(kids)} 项："
            )
            parts = []
            for k in kids:
                part = Target(t.doc, t.table, k, t.column)
                parts.append(
                    (item_name(k), part.cell.value if part.cell else None, part.cell.unit if part.cell else "")
                )
                parts[-1] += (cell_citation(b, t.doc, t.table, k, t.column),)
            b.say("、".join(f"{item_name(k)} {state(b, Target(t.doc, t.table, k, t.column))}" for k in kids))
            b.say("。")
            return b.answer().model_copy(update={"chart": parts_chart(item_name(path[-1]), parts)})
    return None


# ---------------------------------------------------------------------------------------------------------------


def arith(plan: Plan, ctx: Context) -> Answer | None:
    groups = mention_targets(plan, ctx)
    if len(groups) < 2:
        return None
    items = _common_table([found for _, found in groups] if plan.op == "sum" else [groups[0][1], groups[1][1]])
    if items is None:
        return None
    b = Builder(plan.question, "arith")
    x = items[0]
    decimals, commas = notation(x.table)
    ids = [cell_citation(b, t.doc, t.table, t.row, t.column) for t in items]
    said = [cell_sentence(t, f"{b.figure(t.cell.text, t.cell.unit, i)}[{i}]").rstrip("。") for t, i in zip(items, ids)]
    b.say(
        "；".join(
            said[:1] + [s.split("中，", 1)[-1] if items[k + 1].table is x.table else s for k, s in enumerate(said[1:])]
        )
        + "。"
    )
    values = [to_decimal(t.cell.text) for t in items]
    unit = x.cell.unit
    names = [name for name, _ in groups]
    if plan.op == "sum":
        total = sum(values)
        b.say(
            f"{'、'.join(names[: len(items)])}合计 {fmt(total, decimals, commas)} {unit}"
            f"（{' + '.join(t.cell.text for t in items)} = "
            f"{b.figure(fmt(total, decimals, commas), unit, ids[0], total)}）。"
        )
    else:
        diff = values[0] - values[1]
        b.say(
            f"{names[0]}比{names[1]}{more_or_less(diff, decimals, commas, unit)}"
            f"（{x.cell.text} − {items[1].cell.text} = {b.figure(fmt(diff, decimals, commas), unit, ids[0], diff)}）。"
        )
    return b.answer()


def _common_table(groups: list[list[Target]]) -> list[Target] | None:
    """One cell per item, all in the first table (in the first item's order) holding every item with a value in the
    same column; a measure named as an item brings its own column."""
    for x in groups[0]:
        if x.cell is None or x.cell.value is None:
            continue
        picked = [x]
        for ys in groups[1:]:
            y = next(
                (
                    y
                    for y in ys
                    if y.table is x.table and (y.row is not x.row or y.column is not x.column) and _valued(y, x)
                ),
                None,
            )
            if y is None:
                break
            picked.append(y if y.row is x.row else Target(y.doc, y.table, y.row, x.column))
        else:
            return picked
    return None


def _valued(y: Target, x: Target) -> bool:
    """``y`` has a value: in its own column when it is x's row (two measures), else in x's column."""
    cell = y.cell if y.row is x.row else y.row.cell(x.column.key)
    return cell is not None and cell.value is not None
