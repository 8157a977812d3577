"""Answers read from table cells: a value, a year-on-year change, a share, whether something exists.

Figures are copied from cells; computed ones show their formula. Rankings, lists and row arithmetic: ranking.py."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from ...models import Answer, Table
from ..finding import columns as cols
from . import stated
from ..finding import narrative
from ..writing import phrase
from .scopetext import NONE as _NONE
from .scopetext import stated_scope
from ..finding.cross import cross
from ..question.units import FACTORS, asked_unit, converted, units_in
from ..writing.compose import Builder, cell_citation, paragraph_citation, row_label, table_citation
from ..question.context import Context
from ..writing.phrase import cell_sentence
from ..question.plan import Plan, item_measures, scopes_in
from ..finding.resolve import Target, main_row, measure_targets, targets
from ..question.text import decimals_of, fmt, name_key, norm, to_decimal
from ..question.vocab import vocab

MAX_ALTERNATIVES = 3


def notation(table: Table) -> tuple[int, bool]:
    """Decimals and thousands separators the table prints its amounts with."""
    texts = [c.text for r in table.rows for c in r.cells if c.value is not None and c.unit != "%"]
    decimals = max((decimals_of(t) for t in texts), default=2)
    commas = any("," in t for t in texts) or not any(abs(c.value or 0) >= 1000 for r in table.rows for c in r.cells)
    return decimals, commas


def mention_targets(plan: Plan, ctx: Context) -> list[tuple[str, list[Target]]]:
    """(what the question called it, its cells best first) per mention; a lone measure is an item too."""
    out = cross(plan, [(m, found) for m in plan.mentions if (found := targets(plan, m, ctx.index, ctx.docs))])
    own = _drop_scope_measures(plan, item_measures(plan))
    if not out and len(own) >= 2 and own != ("合计",):  # "人员经费比公用经费多多少": each measure is an item
        for m in own:
            found = measure_targets(replace(plan, measures=(m,)), ctx.docs)
            if found:
                out.append((m, found))
        return out
    if not out and plan.measures:
        found = measure_targets(plan, ctx.docs)
        if found:
            out.append(("、".join(plan.measures), found))
    return out


_SCOPE_MARK = re.compile(r"^(?:里面|当中|里|中|之中)")


def _drop_scope_measures(plan: Plan, own: tuple[str, ...]) -> tuple[str, ...]:
    """Of three or more measures, those that only set the scope ("基本支出里，人员经费比公用经费多多少": 基本支出 is
    where the two compared live) are dropped, so the two compared are the ones left."""
    if len(own) <= 2:
        return own
    text = plan.text
    cues = {m.name: m.cues for m in vocab().measures}
    scoped = {
        m
        for m in own
        for c in cues.get(m, ())
        if not c.isascii()
        for at in [i for i in range(len(text)) if text.startswith(c, i)]
        if _SCOPE_MARK.match(text[at + len(c) :])
    }
    kept = tuple(m for m in own if m not in scoped)
    return kept if len(kept) >= 2 else own


def where(t: Target) -> str:
    col = f" › {t.column.column.label}" if t.column is not None else ""
    return f"{t.table.label} › {row_label(t.row)}{col}"


def state(b: Builder, t: Target) -> str:
    """ "169.17 万元[1]" or the note that the printed cell is empty."""
    cid = cell_citation(b, t.doc, t.table, t.row, t.column)
    cell = t.cell
    if cell is None or cell.value is None:
        shown = f"“{cell.text}”" if cell is not None and cell.text.strip() else "空（未列金额，即未安排，为 0）"
        return f"{shown}[{cid}]"
    return f"{b.figure(cell.text, cell.unit, cid)}[{cid}]"


def value(plan: Plan, ctx: Context) -> Answer | None:
    if plan.terms and not plan.mentions:  # "买车" where no row names 公务用车购置费: the narrative, or nothing
        return _stated_terms(plan, ctx)
    groups = mention_targets(plan, ctx)
    primary = next((t for t in (groups[0][1] if groups else ()) if t.column is not None), None)
    years = cols.wanted_years(plan.years, plan.relative, ctx.doc.year) if plan.years else ()
    others = tuple(t for _, g in groups[1:] for t in g[:1] if t.column is not None)
    found = stated.prefer_stated(plan.question, years, ctx.docs, primary, others)
    unit = asked_unit(plan.question)
    if (
        found is not None
        and unit
        and primary is not None
        and primary.cell is not None
        and primary.cell.unit == unit
        and unit not in units_in(found.text)
    ):
        found = None  # the table prints the unit asked; the narrative states another
    if found is not None and primary is not None and _about_part(found.text, primary):
        found = None  # "社会保障和就业支出-…-行政单位离退休"科目: a sentence about one of the item's parts
    if found is not None:
        b = Builder(plan.question, "value")
        cid = paragraph_citation(b, found.doc, found.paragraph, found.text)
        b.say(f"文件说明：{b.quoted(found.text, cid)}[{cid}]")
        if (
            primary is not None
            and plan.mentions
            and primary.column is not None
            and set(item_measures(plan)) <= primary.column.measures
            and _other_figure(primary, found.text)
        ):
            b.say("口径不同的其他数字：" + cell_sentence(primary, state(b, primary)))  # never one figure silently
        return b.answer()
    if not groups:
        return _empty_scope(plan, ctx)
    b = Builder(plan.question, "value")
    for name, found in groups[:4]:
        usable = [t for t in found if t.column is not None]
        if not usable:
            return _year_missing(plan, found[0]) if plan.years or plan.relative else None
        primary = usable[0]
        if primary.row.status == "unresolved":
            b.say(
                f"注意：{primary.table.label}中“{row_label(primary.row)}”一行的数字未能与表头可靠对齐，"
                "只保留了能确定位置的数字。"
            )
        b.say(cell_sentence(primary, state(b, primary)))
        for extra in _other_measures(plan, primary, years):
            b.say(cell_sentence(extra, state(b, extra)))
        _say_converted(b, primary, asked_unit(plan.question))
        if primary.cell is None or primary.cell.value is None:
            _say_narrative(b, plan, primary)
        asked = set(item_measures(plan))
        others = [
            t for t in usable[1:] if _differs(t, primary) and asked <= t.column.measures and not _other_side(plan, t)
        ][:MAX_ALTERNATIVES]
        if others:
            b.say("口径不同的其他数字：" + "".join(cell_sentence(t, state(b, t)) for t in others))
    return b.answer()


_SIDES = ("收入", "支出")
_SIDE_WORDS = {"收入": ("收入", "income", "revenue"), "支出": ("支出", "expenditure", "spending", "expense")}


def _other_side(plan: Plan, t: Target) -> bool:
    """A figure from the other half of a two-sided table (本年收入合计 for "支出预算总额"): not another scope of the
    same thing, so not offered beside it."""
    asked = [s for s in _SIDES if any(w in plan.text for w in _SIDE_WORDS[s])]
    if len(asked) != 1:
        return False
    side = t.row.side or t.column.column.side if t.column is not None else t.row.side
    other = _SIDES[1 - _SIDES.index(asked[0])]
    return side == other or (side is None and other in t.row.name and asked[0] not in t.row.name)


def _other_measures(plan: Plan, primary: Target, years: tuple[int, ...]) -> list[Target]:
    """ "高等教育的基本支出和项目支出各多少": the row's cell for each further measure asked, in the same table."""
    own = item_measures(plan)
    if len(own) < 2 or len(plan.mentions) != 1 or primary.only is not None or primary.column is None:
        return []
    out: list[Target] = []
    for m in own:
        if m in primary.column.measures:
            continue
        info = cols.pick(primary.table, primary.row, years, (m,), primary.doc.year)
        if info is not None and m in info.measures and info.key != primary.column.key:
            out.append(replace(primary, column=info))
    return out


def _empty_scope(plan: Plan, ctx: Context) -> Answer | None:
    """ "政府性基金预算支出是多少" where that table prints no data: zero, with the table's note or the narrative's
    own "…为0" / "无…" sentence quoted, an answer rather than a refusal."""
    if plan.mentions or not plan.scopes:
        return None
    b = Builder(plan.question, "value")
    for doc in ctx.docs:
        for table in (t for t in doc.tables if t.kind == plan.scopes[0]):
            if not table.empty and any(c.value not in (None, 0) for r in table.rows for c in r.cells):
                return None
            cid = table_citation(b, doc, table, table.note or table.title)
            note = f"：{b.quoted(table.note, cid).rstrip('。')}" if table.note else ""
            b.say(f"{table.label}为空表，没有列出金额，即该项为 0[{cid}]{note}。")
            if not table.note:
                _say_absence(b, doc, plan.text)
            return b.answer()
    return None


def _stated_terms(plan: Plan, ctx: Context) -> Answer | None:
    """The narrative's clause stating the amount of a term no table row carries, quoted."""
    for doc in ctx.docs:
        found = narrative.stated_amount(doc, plan.terms)
        if found is not None:
            b = Builder(plan.question, "value")
            cid = paragraph_citation(b, found.doc, found.paragraph, found.text)
            b.say(f"文件说明：{b.quoted(found.text, cid)}[{cid}]。")
            return b.answer()
    return None


_PART_OF = re.compile(r"^(?:[-－—]|[(（]类[)）])")


def _about_part(text: str, t: Target) -> bool:
    """Every mention of the item's name in ``text`` heads a path to a lower item ("X-Y-Z", "X（类）Y（款）…")."""
    key, flat = norm(t.row.name), norm(text)
    key = re.sub(r"^[一二三四五六七八九十]+、", "", key)
    spots = [m.end() for m in re.finditer(re.escape(key), flat)] if len(key) >= 2 else []
    return bool(spots) and all(_PART_OF.match(flat[end:]) for end in spots)


def _other_figure(t: Target, text: str) -> bool:
    """The item's table cell holds an amount the quoted sentence does not state, in any unit (a 三公 figure of all
    财政拨款 in the 说明, another scope's row in the table): the cell is another figure for what was asked."""
    cell = t.cell
    if cell is None or cell.value is None or not cell.value or cell.unit not in FACTORS:
        return False
    printed = {
        to_decimal(m.group(1)) * FACTORS[m.group(2)]
        for m in re.finditer(r"(\d[\d,]*(?:\.\d+)?)\s*(亿元|万元|元)", text)
        if to_decimal(m.group(1)) is not None
    }
    value = to_decimal(cell.text)
    if value is None or not printed:
        return False
    amount = value * FACTORS[cell.unit]
    return all(abs(amount - p) >= FACTORS["万元"] / 200 for p in printed)  # no stated amount rounds to it


def _say_converted(b: Builder, t: Target, wanted: str | None) -> None:
    """The amount in the unit the question asks for, when the table prints another ("折合多少万元")."""
    cell = t.cell
    found = converted(cell.text, cell.unit, wanted) if cell is not None and wanted else None
    if found is not None:
        formula, value, shown = found
        cid = cell_citation(b, t.doc, t.table, t.row, t.column)
        b.say(f"折合 {shown} {wanted}（{formula} = {b.figure(shown, wanted, cid, value)}）。")


def _say_narrative(b: Builder, plan: Plan, t: Target) -> None:
    """Where the table leaves the cell empty, the narrative may still state the figure: quote it."""
    own = tuple(k for k in (t.column.item if t.column else None, None if t.row.is_total else name_key(t.row.name)) if k)
    stated = None
    for keys in (own, _keys(plan, [t])):
        stated = stated or (
            narrative.stated_change(t.doc, keys) or narrative.stated_amount(t.doc, keys) if keys else None
        )
    if stated is not None:
        cid = paragraph_citation(b, stated.doc, stated.paragraph, stated.text)
        b.say(f"文件正文说明：{b.quoted(stated.text, cid)}[{cid}]")


def _say_absence(b: Builder, doc, text: str) -> None:
    """The narrative's own "无…预算" sentence for the scope the question names, quoted and cited."""
    words = [c for sc in vocab().scopes for c in sc.cues if not c.isascii() and c in text]
    for para in doc.paragraphs:
        for sentence in narrative.sentences(para.text):
            if (_NONE.search(sentence)) and any(w in sentence for w in words):
                cid = paragraph_citation(b, doc, para, sentence)
                b.say(f"正文说明：{sentence}[{cid}]")
                return


def _year_missing(plan: Plan, t: Target, name: str | None = None) -> Answer:
    """The item is in the document, but not for the year asked: say which years it has, give no figure."""
    years = sorted({c.year or t.doc.year for c in cols.infos(t.table) if (c.year or t.doc.year)})
    asked = "、".join(f"{y}年" for y in cols.wanted_years(plan.years, plan.relative, t.doc.year))
    have = "、".join(f"{y}年" for y in years) or "本年"
    text = f"文件没有 {name or row_label(t.row)} {asked}的数字：{t.table.label}只列出{have}的数字。"
    return Answer(question=plan.question, status="not_found", answer=text, kind="value")


def _differs(t: Target, primary: Target) -> bool:
    a, c = t.cell, primary.cell
    if a is None or a.value is None:
        return False
    return c is None or c.value != a.value or t.table.kind != primary.table.kind and t.row.code != primary.row.code


# ---------------------------------------------------------------------------------------------------------------


def compare(plan: Plan, ctx: Context) -> Answer | None:
    groups = mention_targets(plan, ctx)
    if not groups and (plan.years or plan.relative):  # "人员经费比上年…": the item is there, the year is not
        stated = None if plan.mentions else narrative.stated_change(ctx.doc, _scope_keys(plan))
        if stated is not None:  # "财政拨款支出比上年多了多少": the narrative states the whole scope's change
            b = Builder(plan.question, "compare")
            cid = paragraph_citation(b, stated.doc, stated.paragraph, stated.text)
            b.say(f"文件说明：{b.quoted(stated.text, cid)}[{cid}]")
            return b.answer()
        timeless = mention_targets(replace(plan, years=(), relative=()), ctx)
        usable = [t for _, found in timeless for t in found if t.column is not None]
        named = "、".join(item_measures(plan)) if not plan.mentions else None
        return _year_missing(plan, usable[0], named) if usable else None
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
    fact = _stated_change_fact(ctx, found)
    if fact is not None:  # "本年支出预算 415,808.40 万元，与上年相比减少 2,219.02 万元": the row's own words
        doc = next(d for d in ctx.docs if d.id == fact.doc_id)
        cid = b.cite(doc, fact.locator, fact.page, fact.quote, fact_id=fact.id)
        b.say(f"文件说明：{b.quoted(fact.quote.strip(), cid)}[{cid}]")
        return b.answer()
    return _no_prior(b, found)


_TOTAL_WORDS = re.compile(r"(?:合计|总计|小计)$")


def _stated_change_fact(ctx: Context, found: list[Target]):
    """A narrative change fact whose sentence names the row (its 合计 dropped: "本年支出合计" → "本年支出") before
    the change: a printed change of that very row the tables do not hold."""
    keys = {k for t in found if (k := _TOTAL_WORDS.sub("", name_key(t.row.name))) and len(k) >= 3 and not k.isdigit()}
    if not keys:
        return None
    store = ctx.library.fact_store()
    for doc in ctx.docs:
        for f in store.of_doc(doc.id):
            if f.source != "narrative" or f.measure != "增减额" or f.value is None:
                continue
            quote = name_key(f.quote).replace(" ", "")
            at = quote.find(name_key(f.text).replace(" ", ""))
            if at > 0 and any(0 <= quote.find(k) < at for k in keys) and ("上年" in quote or "年" in quote[:at]):
                return f
    return None


def _no_prior(b: Builder, found: list[Target]) -> Answer | None:
    """Only one year is printed for a named row: give that figure and say plainly no earlier one is printed (a
    table's total is left to the narrative, which often states the whole budget's change)."""
    usable = [t for t in found if t.column is not None]
    t = next((t for t in usable if t.cell is not None and t.cell.value is not None), usable[0] if usable else None)
    if t is None or t.row is main_row(t.doc, t.table):
        return None
    b.say(cell_sentence(t, state(b, t)))
    printed = sorted({c.year or t.doc.year for c in cols.infos(t.table) if c.year or t.doc.year})
    have = "、".join(f"{y}年" for y in printed) or "本年"
    b.say(f"{t.table.label}只列出{have}的数字，文件没有列出该项上年的数字，因此无法说明同比变化。")
    return b.answer()


class _Nil:
    value = None


_nil = _Nil()


def _scope_keys(plan: Plan) -> tuple[str, ...]:
    """The scope words the question names ("财政拨款支出"), longest first: what a narrative sentence about the
    whole scope names."""
    words = {c for sc in vocab().scopes for c in sc.cues if not c.isascii() and len(c) >= 4 and c in plan.text}
    words |= {w + side for w in words for side in ("支出", "收入") if w + side in plan.text}  # which side it is
    longest = max(map(len, words), default=0)
    return tuple(sorted(w for w in words if len(w) == longest))  # a shorter cue inside it says less


def _keys(plan: Plan, found: list[Target]) -> tuple[str, ...]:
    keys = [k for m in plan.mentions for k in m.keys if not k.startswith("table:")]
    keys += [m.text for m in plan.mentions if m.via == "lexicon"]  # "三公" names a table the narrative names too
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
    b.say(
        phrase.pair_sentence(
            t,
            replace(t, column=cur_c),
            replace(t, column=old_c),
            f"{b.figure(cur.text, cur.unit, cur_id)}[{cur_id}]",
            f"{b.figure(old.text, old.unit, old_id)}[{old_id}]",
        )
    )
    amount_c, pct_c = cols.change_columns(t.table, t.row) if t.only is None else (None, None)
    if amount_c is not None:
        cell = t.row.cell(amount_c.key)
        cid = cell_citation(b, t.doc, t.table, t.row, amount_c)
        amount, rate = phrase.change_words(cell.value or 0.0)
        if not cell.value:
            b.say(f"，两年持平（增减额 {b.figure(cell.text, cell.unit, cid)}[{cid}]）。")
            _say_stated_change(b, plan, t)
            return b.answer()
        text = f"，{amount} {cell.text.lstrip('-')} {cell.unit}（增减额 {b.figure(cell.text, cell.unit, cid)}[{cid}]）"
        pc = t.row.cell(pct_c.key) if pct_c is not None else None
        if pc is not None and pc.value is not None:
            pid = cell_citation(b, t.doc, t.table, t.row, pct_c)
            text += (
                f"，{rate} {pc.text.lstrip('-').rstrip('%')}%（增减 {b.figure(pc.text.rstrip('%'), '%', pid)}[{pid}]）"
            )
        b.say(text + "。")
    else:
        decimals, commas = notation(t.table)
        a, z = to_decimal(cur.text), to_decimal(old.text)
        diff = a - z
        shown = fmt(diff, decimals, commas)
        amount, rate = phrase.change_words(float(diff))
        if not diff:
            b.say(f"，两年{amount}（{cur.text} − {old.text} = {b.figure(shown, cur.unit, cur_id, diff)}）。")
        else:
            b.say(
                f"，{amount} {fmt(abs(diff), decimals, commas)} {cur.unit}"
                f"（{cur.text} − {old.text} = {b.figure(shown, cur.unit, cur_id, diff)}）"
            )
            if z:
                pct = diff / z * 100
                b.say(
                    f"，{rate} {fmt(abs(pct), 2, False)}%（{shown} ÷ {old.text} = "
                    f"{b.figure(fmt(pct, 2, False), '%', cur_id, pct)}）"
                )
            b.say("。")
    _say_stated_change(b, plan, t)
    return b.answer()


def _say_stated_change(b: Builder, plan: Plan, t: Target) -> None:
    """The narrative's own sentence on the change (with its breakdown or reason, when it gives one), quoted."""
    keys = _keys(plan, [t]) + tuple(name_key(m.text) for m in plan.mentions if len(name_key(m.text)) >= 2)
    keys = tuple(dict.fromkeys(keys))
    if not keys:
        return
    found = narrative.stated_breakdown(t.doc, keys) or narrative.stated_change(t.doc, keys)
    if found is not None:
        cid = paragraph_citation(b, found.doc, found.paragraph, found.text)
        b.say(f"文件说明：{b.quoted(found.text, cid)}[{cid}]")


def _direction(diff: Decimal) -> str:
    return "增加" if diff > 0 else "减少" if diff < 0 else "持平"


# ---------------------------------------------------------------------------------------------------------------


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
                cid = table_citation(b, doc, table, note)
                b.say(f"没有。{table.label}无数据：{b.quoted(note, cid)}[{cid}]")
                _say_absence(b, doc, plan.text)
                return b.answer()
            row = main_row(doc, table)
            if row is not None and not plan.mentions:  # a named item is answered by its own cell below
                t = Target(doc, table, row, cols.pick(table, row, (), (), doc.year))
                b.say(f"有。{where(t)}：{state(b, t)}。")
                return b.answer()
    if scopes and not any(t.kind == scopes[0] for d in ctx.docs for t in d.tables):
        told = stated_scope(plan, ctx, scopes[0])  # no table, but the narrative may say it
        if told is not None:
            return told
        name = vocab().scope_names.get(scopes[0], scopes[0])
        return Answer(
            question=plan.question,
            status="not_found",
            kind="existence",
            answer=f"已载入的文件没有{name}表，文件中找不到这方面的数字。",
        )
    groups = mention_targets(plan, ctx)
    if groups:
        t = groups[0][1][0]
        if t.cell is None or t.cell.value is None or t.cell.value == 0:
            b.say(f"{where(t)}：没有安排金额，表中为{state(b, t)}。")
            _say_narrative(b, plan, t)
        else:
            b.say(f"有。{where(t)}：{state(b, t)}。")
        return b.answer()
    return None
