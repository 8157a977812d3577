"""Answers read from table cells: a value, a year-on-year change, a share, a ranking, the items under a heading,
a sum or difference of rows. Figures are copied from cells; computed ones show their formula."""

from __future__ import annotations

from decimal import Decimal

from ..models import Answer, Row, Table
from . import columns as cols
from . import narrative
from .compose import Builder, cell_citation, paragraph_citation, row_label
from .context import Context
from .plan import Plan, item_measures, scopes_in
from .resolve import Target, children, leaves, main_row, measure_targets, targets
from .text import decimals_of, fmt, name_key, to_decimal
from .vocab import vocab

MAX_ALTERNATIVES = 3


def _notation(table: Table) -> tuple[int, bool]:
    """Decimals and thousands separators the table prints its amounts with."""
    texts = [c.text for r in table.rows for c in r.cells if c.value is not None and c.unit != "%"]
    decimals = max((decimals_of(t) for t in texts), default=2)
    commas = any("," in t for t in texts) or not any(abs(c.value or 0) >= 1000
                                                     for r in table.rows for c in r.cells)
    return decimals, commas


def mention_targets(plan: Plan, ctx: Context) -> list[tuple[str, list[Target]]]:
    """(what the question called it, its cells best first) per mention; a lone measure is an item too."""
    out = [(m.text, targets(plan, m, ctx.index, ctx.docs)) for m in plan.mentions]
    out = [(t, ts) for t, ts in out if ts]
    if not out and plan.measures:
        found = measure_targets(plan, ctx.docs)
        if found:
            out.append(("、".join(plan.measures), found))
    return out


def _where(t: Target) -> str:
    col = f" › {t.column.column.label}" if t.column is not None else ""
    return f"{t.table.label} › {row_label(t.row)}{col}"


def _state(b: Builder, t: Target) -> str:
    """"169.17 万元[1]" or the note that the printed cell is empty."""
    cid = cell_citation(b, t.doc, t.table, t.row, t.column)
    cell = t.cell
    if cell is None or cell.value is None:
        shown = f"“{cell.text}”" if cell is not None and cell.text.strip() else "空（未列金额）"
        return f"{shown}[{cid}]"
    return f"{b.figure(cell.text, cell.unit, cid)}[{cid}]"


def value(plan: Plan, ctx: Context) -> Answer | None:
    groups = mention_targets(plan, ctx)
    if not groups:
        return None
    b = Builder(plan.question, "value")
    for name, found in groups[:4]:
        usable = [t for t in found if t.column is not None]
        if not usable:
            return _year_missing(plan, found[0]) if plan.years or plan.relative else None
        primary = usable[0]
        if primary.row.status == "unresolved":
            b.say(f"注意：{primary.table.label}中“{row_label(primary.row)}”一行的数字未能与表头可靠对齐，"
                  "只保留了能确定位置的数字。")
        b.say(f"{_where(primary)}：{_state(b, primary)}。")
        if primary.cell is None or primary.cell.value is None:
            _say_narrative(b, plan, primary)
        asked = set(item_measures(plan))
        others = [t for t in usable[1:] if _differs(t, primary) and asked <= t.column.measures][:MAX_ALTERNATIVES]
        if others:
            b.say("口径不同的其他数字：" + "；".join(f"{_where(t)} {_state(b, t)}" for t in others) + "。")
    return b.answer()


def _say_narrative(b: Builder, plan: Plan, t: Target) -> None:
    """Where the table leaves the cell empty, the narrative may still state the figure: quote it."""
    stated = narrative.stated_change(t.doc, _keys(plan, [t]))
    if stated is not None:
        cid = paragraph_citation(b, stated.doc, stated.paragraph, stated.text)
        b.say(f"文件正文说明：{b.quoted(stated.text, cid)}[{cid}]")


def _year_missing(plan: Plan, t: Target) -> Answer:
    """The item is in the document, but not for the year asked: say which years it has, give no figure."""
    years = sorted({c.year or t.doc.year for c in cols.infos(t.table) if (c.year or t.doc.year)})
    asked = "、".join(f"{y}年" for y in cols.wanted_years(plan.years, plan.relative, t.doc.year))
    have = "、".join(f"{y}年" for y in years) or "本年"
    text = (f"文件没有 {row_label(t.row)} {asked}的数字：{t.table.label}只列出{have}的数字。")
    return Answer(question=plan.question, status="not_found", answer=text, kind="value")


def _differs(t: Target, primary: Target) -> bool:
    a, c = t.cell, primary.cell
    if a is None or a.value is None:
        return False
    return c is None or c.value != a.value or t.table.kind != primary.table.kind and t.row.code != primary.row.code


# ---------------------------------------------------------------------------------------------------------------


def compare(plan: Plan, ctx: Context) -> Answer | None:
    groups = mention_targets(plan, ctx)
    if not groups:
        return None
    name, found = groups[0]
    b = Builder(plan.question, "compare")
    measures = tuple(m for m in plan.measures if m not in ("增减额", "增减率", "执行数", "预算数"))
    for t in found:
        years = cols.year_columns(t.table, t.row, measures, t.doc.year, only=t.only)
        years = {y: c for y, c in years.items() if (t.row.cell(c.key) or _nil).value is not None}
        if len(years) >= 2:
            return _year_change(b, plan, t, years)
    stated = narrative.stated_change(ctx.doc, _keys(plan, found))
    if stated is not None:
        cid = paragraph_citation(b, stated.doc, stated.paragraph, stated.text)
        b.say(f"文件说明：{b.quoted(stated.text, cid)}[{cid}]")
        return b.answer()
    return None


class _Nil:
    value = None


_nil = _Nil()


def _keys(plan: Plan, found: list[Target]) -> tuple[str, ...]:
    keys = [k for m in plan.mentions for k in m.keys if not k.startswith("table:")]
    keys += [name_key(t.row.name) for t in found[:3] if t.row is not main_row(t.doc, t.table)]
    keys += [m for m in plan.measures if m not in ("增减额", "增减率", "预算数", "执行数", "合计")]
    return tuple(dict.fromkeys(k for k in keys if len(k) >= 2))


def _year_change(b: Builder, plan: Plan, t: Target, years: dict) -> Answer:
    latest = max(years)
    earlier = max(y for y in years if y < latest)
    cur_c, old_c = years[latest], years[earlier]
    cur, old = t.row.cell(cur_c.key), t.row.cell(old_c.key)
    cur_id = cell_citation(b, t.doc, t.table, t.row, cur_c)
    old_id = cell_citation(b, t.doc, t.table, t.row, old_c)
    b.say(f"{t.table.label} › {row_label(t.row)}：{cur_c.column.label} {b.figure(cur.text, cur.unit, cur_id)}"
          f"[{cur_id}]，{old_c.column.label} {b.figure(old.text, old.unit, old_id)}[{old_id}]。")
    amount_c, pct_c = cols.change_columns(t.table, t.row) if t.only is None else (None, None)
    if amount_c is not None:
        cell = t.row.cell(amount_c.key)
        cid = cell_citation(b, t.doc, t.table, t.row, amount_c)
        text = f"表中列出增减额 {b.figure(cell.text, cell.unit, cid)}[{cid}]"
        if pct_c is not None:
            pc = t.row.cell(pct_c.key)
            pid = cell_citation(b, t.doc, t.table, t.row, pct_c)
            text += f"，增减 {b.figure(pc.text.rstrip('%'), '%', pid)}[{pid}]"
        b.say(text + "。")
        return b.answer()
    decimals, commas = _notation(t.table)
    a, z = to_decimal(cur.text), to_decimal(old.text)
    diff = a - z
    shown = fmt(diff, decimals, commas)
    b.say(f"变化：{cur.text} − {old.text} = {b.figure(shown, cur.unit, cur_id, diff)}"
          f"（{_direction(diff)}）")
    if z:
        pct = diff / z * 100
        b.say(f"，{shown} ÷ {old.text} × 100% = {b.figure(fmt(pct, 2, False), '%', cur_id, pct)}")
    b.say("。")
    return b.answer()


def _direction(diff: Decimal) -> str:
    return "增加" if diff > 0 else "减少" if diff < 0 else "持平"


# ---------------------------------------------------------------------------------------------------------------


def share(plan: Plan, ctx: Context) -> Answer | None:
    groups = mention_targets(plan, ctx)
    if not groups:
        return None
    name, found = groups[0]
    b = Builder(plan.question, "share")
    if len(groups) < 2:
        stated = _stated_share(b, plan, found)
        if stated is not None:
            return stated
    num = next((t for t in found if t.cell is not None and t.cell.value is not None), None)
    if num is None:
        return None
    den = _denominator(plan, num, groups)
    if den is None:
        return None
    den_col, den_row = den
    den_cell = den_row.cell(den_col.key)
    a, z = to_decimal(num.cell.text), to_decimal(den_cell.text)
    if not z:
        return None
    pct = a / z * 100
    nid = cell_citation(b, num.doc, num.table, num.row, num.column)
    did = cell_citation(b, num.doc, num.table, den_row, den_col)
    b.say(f"{_where(num)} {b.figure(num.cell.text, num.cell.unit, nid)}[{nid}]，"
          f"占 {row_label(den_row)}（{den_col.column.label}）{b.figure(den_cell.text, den_cell.unit, did)}[{did}] 的 "
          f"{num.cell.text} ÷ {den_cell.text} × 100% = {b.figure(fmt(pct, 2, False), '%', nid, pct)}"
          f"（按表中数字计算，文件未直接说明该比例）。")
    return b.answer()


def _stated_share(b: Builder, plan: Plan, found: list[Target]) -> Answer | None:
    keys = _keys(plan, found)
    for doc in {id(t.doc): t.doc for t in found}.values():
        hit = narrative.stated_share(doc, keys)
        if hit is None:
            continue
        para, clause, pct, amount = hit
        cid = paragraph_citation(b, doc, para, clause)
        b.say(f"文件说明：{b.quoted(clause, cid)}[{cid}]。")
        match = next((t for t in found if amount and t.cell is not None and t.cell.value is not None
                      and to_decimal(t.cell.text) == to_decimal(amount)), None)
        if match is not None:
            b.say(f"对应表中数字：{_where(match)} {_state(b, match)}。")
        return b.answer()
    return None


def _denominator(plan: Plan, num: Target, groups) -> tuple[cols.ColInfo, Row] | None:
    """The second item named, else the table's total row in the same column, else the row's own total column."""
    if len(groups) > 1:
        for t in groups[1][1]:
            if t.table is num.table and t.column is not None:
                return num.column, t.row
    total = main_row(num.doc, num.table)
    if total is not None and total is not num.row and total.cell(num.column.key) is not None:
        return num.column, total
    if num.column is not None:
        whole = cols.pick(num.table, num.row, cols.wanted_years(plan.years, plan.relative, num.doc.year), (),
                          num.doc.year)
        if whole is not None and whole.key != num.column.key:
            return whole, num.row
    return None


# ---------------------------------------------------------------------------------------------------------------


def rank(plan: Plan, ctx: Context) -> Answer | None:
    pool = _rank_pool(plan, ctx)
    if pool is None:
        return None
    t, rows, column, scope = pool
    valued = [(to_decimal(r.cell(column.key).text), r) for r in rows
              if r.cell(column.key) is not None and r.cell(column.key).value is not None]
    if not valued:
        return None
    valued.sort(key=lambda p: p[0], reverse=plan.op != "min")
    b = Builder(plan.question, "rank")
    word = "最少" if plan.op == "min" else "最多"
    top_value, top = valued[0]
    cid = cell_citation(b, t.doc, t.table, top, column)
    cell = top.cell(column.key)
    b.say(f"{scope}中{word}的是 {row_label(top)}：{b.figure(cell.text, cell.unit, cid)}[{cid}]"
          f"（{t.table.label} › {column.column.label}，共比较 {len(valued)} 项）。")
    rest = valued[1:3]
    if rest:
        items = []
        for _, r in rest:
            rid = cell_citation(b, t.doc, t.table, r, column)
            c = r.cell(column.key)
            items.append(f"{row_label(r)} {b.figure(c.text, c.unit, rid)}[{rid}]")
        b.say("其次是 " + "、".join(items) + "。")
    return b.answer()


def _rank_pool(plan: Plan, ctx: Context):
    """(anchor target, rows compared, column, how the scope is named)."""
    years = lambda doc: cols.wanted_years(plan.years, plan.relative, doc.year)  # noqa: E731
    for name, found in mention_targets(plan, ctx):
        for t in found:
            kids = children(t.doc, t.table, t.row) if t.row.code else []
            if plan.level is None and len(kids) == 1:
                kids = children(t.doc, t.table, kids[0])
            if kids and t.column is not None:
                return t, kids, t.column, f"{row_label(t.row)}下"
            if t.row is main_row(t.doc, t.table) and t.column is not None:
                return t, _level_rows(t.table, plan.level), t.column, t.column.column.label
    for doc in ctx.docs:
        for table in sorted(doc.tables, key=lambda tb: _scope_rank(plan, tb.kind)):
            rows = _level_rows(table, plan.level)
            if len(rows) < 2:
                continue
            column = cols.pick(table, rows[0], years(doc), plan.measures, doc.year)
            if column is None:
                continue
            scope = column.column.label if plan.measures else table.title
            return Target(doc, table, rows[0], column), rows, column, scope
    return None


def _scope_rank(plan: Plan, kind: str) -> tuple[int, int]:
    broad = vocab().broadness
    wanted = [m for m in plan.measures if m not in ("增减额", "增减率", "执行数", "预算数", "合计")]
    return (plan.scopes.index(kind) if kind in plan.scopes else len(plan.scopes),
            0 if not wanted or kind == "general_basic_expense" else 1,
            broad.index(kind) if kind in broad else len(broad))


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
            head = "、".join(row_label(r) for r in path)
            b.say(f"{t.table.label}中，{head} {_state(b, Target(t.doc, t.table, path[-1], t.column))} "
                  f"包括 {len(kids)} 项：")
            b.say("；".join(f"{row_label(k)} {_state(b, Target(t.doc, t.table, k, t.column))}" for k in kids))
            b.say(f"（{t.column.column.label}）。")
            return b.answer()
    return None


# ---------------------------------------------------------------------------------------------------------------


def arith(plan: Plan, ctx: Context) -> Answer | None:
    groups = mention_targets(plan, ctx)
    if len(groups) < 2:
        return None
    pair = _common_table(groups[0][1], groups[1][1])
    if pair is None:
        return None
    x, y = pair
    b = Builder(plan.question, "arith")
    xa, ya = to_decimal(x.cell.text), to_decimal(y.cell.text)
    xid = cell_citation(b, x.doc, x.table, x.row, x.column)
    yid = cell_citation(b, y.doc, y.table, y.row, y.column)
    decimals, commas = _notation(x.table)
    b.say(f"{_where(x)} {b.figure(x.cell.text, x.cell.unit, xid)}[{xid}]；"
          f"{_where(y)} {b.figure(y.cell.text, y.cell.unit, yid)}[{yid}]。")
    if plan.op == "sum":
        total = xa + ya
        b.say(f"合计：{x.cell.text} + {y.cell.text} = {b.figure(fmt(total, decimals, commas), x.cell.unit, xid, total)}。")
    else:
        diff = xa - ya
        more = "多" if diff >= 0 else "少"
        b.say(f"{row_label(x.row)}比{row_label(y.row)}{more} {fmt(abs(diff), decimals, commas)} {x.cell.unit}："
              f"{x.cell.text} − {y.cell.text} = {b.figure(fmt(diff, decimals, commas), x.cell.unit, xid, diff)}。")
    return b.answer()


def _common_table(xs: list[Target], ys: list[Target]) -> tuple[Target, Target] | None:
    """The first table (in the first item's order) holding both items with values in the same column."""
    for x in xs:
        if x.cell is None or x.cell.value is None:
            continue
        for y in ys:
            if y.table is x.table and y.row is not x.row:
                cell = y.row.cell(x.column.key)
                if cell is not None and cell.value is not None:
                    return x, Target(y.doc, y.table, y.row, x.column)
    return None


# ---------------------------------------------------------------------------------------------------------------


def existence(plan: Plan, ctx: Context) -> Answer | None:
    """有没有…: an empty table or cell is answered "无" with the document's note; a filled one with its figure."""
    b = Builder(plan.question, "existence")
    scopes = scopes_in(plan.text) or plan.scopes
    for doc in ctx.docs:
        for table in doc.tables:
            if table.kind not in scopes[:1]:
                continue
            numbers = [c for r in table.rows for c in r.cells if c.value not in (None, 0)]
            if table.empty or not numbers:
                note = table.note or f"{table.title}中无数据"
                from .compose import table_citation
                cid = table_citation(b, doc, table, note)
                b.say(f"没有。{table.label}无数据：{b.quoted(note, cid)}[{cid}]")
                return b.answer()
            row = main_row(doc, table)
            if row is not None:
                t = Target(doc, table, row, cols.pick(table, row, (), (), doc.year))
                b.say(f"有。{_where(t)}：{_state(b, t)}。")
                return b.answer()
    groups = mention_targets(plan, ctx)
    if groups:
        t = groups[0][1][0]
        if t.cell is None or t.cell.value is None or t.cell.value == 0:
            b.say(f"{t.table.label}列有 {row_label(t.row)}，但没有安排金额：{_state(b, t)}。")
        else:
            b.say(f"有。{_where(t)}：{_state(b, t)}。")
        return b.answer()
    return None
