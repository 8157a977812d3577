"""Shares: "X占Y的比例". The document's own stated share when it is about the same whole; otherwise X ÷ Y from one
table, with the formula shown.

The question is read in two halves around 占 (or "Y中X占多少"): the part (numerator) and the whole (denominator),
each a small plan of its own, so "人员经费占一般公共预算基本支出" finds the 人员经费 column and the basic-expense table's
total, and "社会保险业务管理事务占全部项目支出" the row's and the table's 项目支出 cells."""

from __future__ import annotations

import re
from dataclasses import replace

from ...models import Answer, Disclosure, Row, Table
from ..finding import columns as cols
from ..finding import narrative
from ..writing.compose import Builder, cell_citation, paragraph_citation
from ..question.context import Context
from ..writing.phrase import cell_sentence, measure_phrase, subject
from ..question.plan import Plan, item_measures, read_plan
from ..finding.resolve import Target, main_row
from .stated import cover
from .tabular import _keys, mention_targets, state, where
from ..question.text import fmt, name_key, norm, to_decimal
from .textshare import narrative_share
from ..question.vocab import vocab

DEN_COVER = 0.5  # share of the whole's words the stated share's paragraph must hold to be about the same whole


def share(plan: Plan, ctx: Context) -> Answer | None:
    part_text, whole_text = split_share(plan.text)
    part = _sub_plan(plan, part_text, ctx)
    if plan.followup and plan.mentions and not any(m.text in plan.text for m in plan.mentions):
        part = plan  # "科学技术支出呢？" after a share question: the new item, of the same whole
    whole = _sub_plan(plan, whole_text, ctx) if whole_text else None
    found = [t for _, ts in mention_targets(part, ctx)[:1] for t in ts]
    if not found and part is not plan:
        found = [t for _, ts in mention_targets(plan, ctx)[:1] for t in ts]
    if not found:
        return narrative_share(plan.question, part_text, whole_text, ctx.docs) if whole_text else None
    scope = whole.scopes[0] if whole is not None and whole.scopes and not whole.mentions else None
    stated = _stated_share(plan, part, found, whole_text, ctx, scope)
    if stated is not None:
        return stated
    if part is not plan and whole is not None:
        column_pair = _measure_of_whole(part, whole, found, ctx)
        if column_pair is not None:
            return _computed(plan, *column_pair, row_total=True)
    for num in _ordered(found, whole):
        pair = _pair(num, whole)
        if pair is not None:
            return _computed(plan, *pair, other=(part, found, scope))
    return None


def split_share(text: str) -> tuple[str, str]:
    """(part, whole) of a share question; the whole is empty when the question does not name it."""
    i = max((m.start() for m in re.finditer(r"占(?!比)", text)), default=-1)  # 占比 is a noun, not "X占Y"
    if i < 0:
        return text, ""
    part, whole = text[:i], text[i + 1 :]
    inside = list(re.finditer(r"当中|之中|里面|中|里", part))  # "X中Y占多少", "政府采购里服务占多少"
    if not narrative.content_grams(whole) and inside:
        j = inside[-1]
        part, whole = part[j.end() :], part[: j.start()]
        k = whole.rfind("在")
        if not narrative.content_grams(part) and k > 0:  # "X在Y中占多少": X before 在, Y between 在 and 中
            part, whole = whole[:k], whole[k + 1 :]
    return part, whole if narrative.content_grams(whole) else ""


def _sub_plan(plan: Plan, text: str, ctx: Context) -> Plan:
    if not text or text == plan.text:
        return plan
    sub = read_plan(text, ctx.index)
    return replace(sub, years=plan.years, relative=plan.relative) if sub.kind != "empty" else plan


def _stated_share(
    plan: Plan, part: Plan, found: list[Target], whole_text: str, ctx: Context, scope: str | None = None
) -> Answer | None:
    """The document's sentence giving the part's share, when the whole it is a share of is the one asked (for a
    whole named by scope, "总支出": a share whose amount is the part's cell in that scope's table)."""
    keys = _keys(part, found)
    grams = narrative.content_grams(whole_text) if whole_text else set()
    hits = [
        (doc, hit) for doc in {id(t.doc): t.doc for t in found}.values() for hit in narrative.stated_shares(doc, keys)
    ]
    if scope is not None and any(t.table.kind == scope for t in found):
        hits = [(d, h) for d, h in hits if not _amount_kinds(found, h[3]) or scope in _amount_kinds(found, h[3])]
    if grams:  # the share of the whole asked: the stating paragraph that names it best
        scored = [(cover(grams, " ".join(h[0].section) + h[0].text), d, h) for d, h in hits]
        best = max((s for s, _, _ in scored), default=0.0)
        hits = [(d, h) for s, d, h in scored if s >= DEN_COVER and s == best][:1]
    if not hits:
        return None
    b = Builder(plan.question, "share")
    if len(hits) > 1:
        b.say("文件按不同口径说明了占比：")
    for doc, (para, clause, _pct, amount) in hits[:3]:
        cid = paragraph_citation(b, doc, para, clause)
        scope = f"（{name_key(para.section[-1])}）" if len(hits) > 1 and para.section else ""
        kind = _amount_kind(found, hits[0][1][3]) if len(hits) == 1 and not whole_text else None
        if kind is not None and kind != "expense":  # no whole asked: say which whole the stated share is of
            scope = f"（按{vocab().scope_names.get(kind, kind)}口径）"
        b.say(f"文件说明{scope}：{b.quoted(clause, cid)}[{cid}]。")
        match = next(
            (
                t
                for t in found
                if amount
                and t.cell is not None
                and t.cell.value is not None
                and to_decimal(t.cell.text) == to_decimal(amount)
            ),
            None,
        )
        if match is not None:
            b.say(f"对应表中数字：{cell_sentence(match, state(b, match))}")
    return b.answer()


def _amount_kinds(found: list[Target], amount: str | None) -> list[str]:
    """Kinds of the tables whose cell for the part prints the stated amount, in ``found`` order."""
    if not amount:
        return []
    kinds = [
        t.table.kind
        for t in found
        if t.cell is not None and t.cell.value is not None and to_decimal(t.cell.text) == to_decimal(amount)
    ]
    return list(dict.fromkeys(kinds))


def _amount_kind(found: list[Target], amount: str | None) -> str | None:
    """The kind of the first table whose cell for the part prints the stated amount (None: no cell does)."""
    kinds = _amount_kinds(found, amount)
    return kinds[0] if kinds else None


def _say_other_scope(b: Builder, part: Plan, found: list[Target], scope: str) -> None:
    """The document's own shares of another whole (its amount is another table's cell), named by that whole."""
    keys = _keys(part, found)
    for doc in {id(t.doc): t.doc for t in found}.values():
        for para, clause, _pct, amount in narrative.stated_shares(doc, keys):
            kinds = _amount_kinds(found, amount)
            kind = kinds[0] if kinds else None
            if kind is not None and scope not in kinds:
                cid = paragraph_citation(b, doc, para, clause)
                name = vocab().scope_names.get(kind, kind)
                b.say(f"另：文件所说的占比是按{name}口径计算的：{b.quoted(clause, cid)}[{cid}]。")
                return


def _ordered(found: list[Target], whole: Plan | None) -> list[Target]:
    """Part cells in tables the whole names (by title or scope) first."""
    if whole is None or not (whole.scopes or whole.tables):
        return found
    return sorted(found, key=lambda t: t.table.kind not in whole.scopes[:1])


def _measure_of_whole(part: Plan, whole: Plan, found: list[Target], ctx: Context) -> tuple[Target, Target] | None:
    """ "高中教育的支出里项目支出占多少" / "基本支出里人员经费占多少": the part is a column measure, the whole a row (or a
    table's total) — the measure's cell in the whole's row over that row's total. The part names no row of its own;
    a whole found in a table without the measure's column (收支总表's 本年支出合计) is the total row of a table with
    it whose total prints the same amount."""
    measures = [m for m in item_measures(part) if m != "合计"]
    if part.mentions or not measures or not whole.mentions:
        return None
    wholes = [t for _, ts in mention_targets(whole, ctx) for t in ts if t.cell is not None and t.cell.value is not None]
    for w in wholes:
        col = _measure_column(w.doc, w.table, w.row, measures, part)
        if col is None:
            continue
        den = w if w.column is not None and not (set(measures) & w.column.measures) else None
        if den is None:
            total = _row_total_column(w.table, w.row, col)
            den = Target(w.doc, w.table, w.row, total) if total is not None else None
        pair = _checked(Target(w.doc, w.table, w.row, col), den)
        if pair is not None:
            return pair
    amounts = {to_decimal(w.cell.text) for w in wholes}
    for num in found:  # the whole's amount is another table's total: that table's total row, if it has the column
        if num.row is not main_row(num.doc, num.table) or not (
            set(measures) & (num.column.measures if num.column else set())
        ):
            continue
        total = _row_total_column(num.table, num.row, num.column)
        den = Target(num.doc, num.table, num.row, total) if total is not None else None
        if den is not None and to_decimal(den.cell.text) in amounts:
            pair = _checked(num, den)
            if pair is not None:
                return pair
    return None


def _measure_column(doc: Disclosure, table: Table, row: Row, measures: list[str], part: Plan) -> cols.ColInfo | None:
    """The column of ``table`` holding one of ``measures`` for ``row`` (None when every column is that measure)."""
    infos = cols.infos(table)
    for m in measures:
        own = tuple(c for c in infos if m in c.measures and not c.change and not c.excluded)
        if own and len(own) < len(infos):
            col = cols.pick(table, row, part.years, (m,), doc.year, only=own)
            if col is not None and _has(row, col):
                return col
    return None


def _row_total_column(table: Table, row: Row, column: cols.ColInfo | None) -> cols.ColInfo | None:
    """The total column (合计 / 小计, or the one-level total) of ``row`` that ``column``'s measure is part of."""
    found = _total_column(table, column)
    if found is not None and found.key != getattr(column, "key", None) and _has(row, found):
        return found
    total_labels = vocab().total_labels
    for c in cols.infos(table):
        leaf = norm(c.column.path[-1]) if c.column.path else ""
        if c.key != getattr(column, "key", None) and not c.change and leaf in total_labels and _has(row, c):
            return c
    return None


def _checked(num: Target, den: Target | None) -> tuple[Target, Target] | None:
    """(part, whole) when both print a value and the part does not exceed its whole."""
    if den is None or not _has(num.row, num.column) or not _has(den.row, den.column):
        return None
    a, z = to_decimal(num.cell.text), to_decimal(den.cell.text)
    if a is None or z is None or z <= 0 or a > z:
        return None
    return num, den


def _pair(num: Target, whole: Plan | None) -> tuple[Target, Target] | None:
    """(part cell, whole cell) in one table, or None when this table cannot give both."""
    table, doc = num.table, num.doc
    total = main_row(doc, table)
    if num.only is not None and num.cell is not None:  # an item column (因公出国(境)费) of its group's 合计 column
        whole_col = _total_column(table, num.column) or _table_total_column(table, num.column)
        if whole_col is not None and _has(num.row, whole_col):
            return num, Target(doc, table, num.row, whole_col)
    if whole is not None and whole.mentions:
        for m in whole.mentions:
            row = next((r for r in table.rows if any(norm(r.name).endswith(k) or r.code == k for k in m.keys)), None)
            if row is not None and row is not num.row and _has(row, num.column):
                return num, Target(doc, table, row, num.column)
        return None
    measures = [m for m in (item_measures(whole) if whole else ()) if m != "合计"]
    infos = cols.infos(table)
    for m in measures:
        own = [c for c in infos if m in c.measures and not c.change]
        if own and len(own) < len(infos):
            col = own[0]
            if num.row is not total and _has(num.row, col) and total is not None and _has(total, col):
                return Target(doc, table, num.row, col), Target(doc, table, total, col)
            if num.row is total and num.column is not None and num.column.key != col.key and _has(total, col):
                return num, Target(doc, table, total, col)
            return None
    if num.column is None or num.cell is None or num.cell.value is None:
        return None
    if total is not None and total is not num.row and _has(total, num.column):
        return num, Target(doc, table, total, num.column)
    whole_col = cols.pick(table, num.row, tuple(c.year for c in (num.column,) if c.year), (), doc.year)
    if whole_col is not None and whole_col.key != num.column.key and _has(num.row, whole_col):
        return num, Target(doc, table, num.row, whole_col)
    return None


def _total_column(table: Table, column: cols.ColInfo | None) -> cols.ColInfo | None:
    """The 合计 / 小计 column under the same top header as ``column`` (the whole its item columns make up)."""
    if column is None:
        return None
    top = column.column.path[:1]
    for c in cols.infos(table):
        leaf = norm(c.column.path[-1]) if c.column.path else ""
        if (
            c.key != column.key
            and c.column.path[:1] == top
            and leaf in vocab().total_labels
            and len(c.column.path) <= len(column.column.path)
        ):
            return c
    return None


def _table_total_column(table: Table, column: cols.ColInfo | None) -> cols.ColInfo | None:
    """The table's own one-level 合计 column, for an item column whose header groups no 合计 of its own (a header
    the extraction flattened: "合计 | 因公出国(境)费 | …")."""
    if column is None:
        return None
    total_labels = vocab().total_labels
    return next(
        (
            c
            for c in cols.infos(table)
            if c.key != column.key and len(c.column.path) == 1 and norm(c.column.path[0]) in total_labels
        ),
        None,
    )


def _has(row: Row, column: cols.ColInfo | None) -> bool:
    cell = row.cell(column.key) if column is not None else None
    return cell is not None and cell.value is not None


def _computed(
    plan: Plan,
    num: Target,
    den: Target,
    other: tuple[Plan, list[Target], str | None] | None = None,
    row_total: bool = False,
) -> Answer:
    b = Builder(plan.question, "share")
    a, z = to_decimal(num.cell.text), to_decimal(den.cell.text)
    nid = cell_citation(b, num.doc, num.table, num.row, num.column)
    did = cell_citation(b, den.doc, den.table, den.row, den.column)
    if not z:
        b.say(f"{where(den)} 为 0，无法计算占比[{did}]。")
        return b.answer()
    pct = a / z * 100
    part = cell_sentence(num, f"{b.figure(num.cell.text, num.cell.unit, nid)}[{nid}]").rstrip("。")
    if row_total:  # the row's own total column: "高中教育的合计", "一般公共预算基本支出合计"
        label = norm("".join(den.column.column.path)) or den.column.column.label
        whole = label if den.row is main_row(den.doc, den.table) else f"{subject(den)}的{label}"
        whole = "本表合计" if whole in vocab().total_labels else whole
    elif den.row is main_row(den.doc, den.table):  # the table's total: "公用经费合计", not the unit's name
        whole = f"{measure_phrase(den) if den.column.key == num.column.key else den.column.column.label}合计"
        whole = whole.removesuffix("合计") if whole.endswith("合计合计") else whole
    else:
        whole = subject(den) if den.column.key == num.column.key else f"{subject(den)}的{measure_phrase(den)}"
    b.say(
        f"{part}，占{whole} {b.figure(den.cell.text, den.cell.unit, did)}[{did}]的 "
        f"{b.figure(fmt(pct, 2, False), '%', nid, pct)}（{num.cell.text} ÷ {den.cell.text} = {fmt(pct, 2, False)}%，"
        f"按表中数字计算，文件未直接说明该比例）。"
    )
    if other is not None and other[2] is not None:
        _say_other_scope(b, *other)
    return b.answer()
