"""Questions over a library of several documents: routed to the documents they name, answered per document by the
one-document pipeline, then combined — values per year, the change between two years (formula and both citations),
highest / lowest year, trend, 预算 vs 决算 (执行率), and per body when the question names none.

The one-document answer is never re-implemented here: each document is asked a plain "X是多少" question and the
figure it answers with is the value of that document. Vocabulary in data/question_across.json.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from collections import Counter
from functools import cache
from itertools import pairwise

from ...models import Answer, Chart, ChartPoint, ChartSeries, Citation, Disclosure, Fact, Figure
from ..writing.compose import Builder
from ..question.frames import _flat, _renumber
from ..question.nickname import expand_nickname
from ..question.text import fmt, name_key, norm
from ..question.units import FACTORS, converted
from ..question.vocab import vocab
from ...parse._text import load_data
from ...parse._text import number

Ask = Callable[[str, str], Answer]  # (question, document id) → the one-document answer
Facts = Callable[[Disclosure], Sequence[Fact]]  # a document's facts (store.facts)
MONEY = ("万元", "元", "亿元")
# A question naming no body is answered body by body only over a few bodies; over more, it is asked back which body
# from the catalog alone (a thousand per-body answers would read every document and still not be what was meant).
PER_BODY_MAX = 8
LISTED_MAX = 10  # bodies named in that question back; the rest are counted
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)\s*年?")
_YEAR_RUN = re.compile(r"[从自]?(?:(?<!\d)(?:19|20)\d{2}(?!\d)\s*(?:年度|年)?\s*[、，,和与及到至]?\s*)+")


@cache
def words() -> dict[str, tuple[str, ...]]:
    data = load_data("question_across.json")
    return {k: tuple(v) for k, v in data.items() if not k.startswith("_") and isinstance(v, list)}


@cache
def _final_names() -> dict[str, str]:
    data = load_data("question_across.json")
    return {norm(k): norm(v) for k, v in data["final_names"].items()}


def _has(text: str, key: str) -> bool:
    return any(w in text for w in words()[key])


# ---------------------------------------------------------------------------------------------------------------
# The catalog: which body, year and kind each document is


def body_key(doc: Disclosure) -> str:
    return norm(doc.unit_name or doc.title or doc.source)


def bodies(docs: Sequence[Disclosure]) -> dict[str, tuple[Disclosure, ...]]:
    """Documents grouped by the body publishing them (in order of first appearance)."""
    out: dict[str, list[Disclosure]] = {}
    for d in docs:
        out.setdefault(body_key(d), []).append(d)
    return {k: tuple(sorted(v, key=_order)) for k, v in out.items()}


def _order(doc: Disclosure) -> tuple:
    return (doc.year or 0, 0 if doc.kind == "预算" else 1, 0 if doc.scope == "部门" else 1)


def named_bodies(text: str, groups: dict[str, tuple[Disclosure, ...]]) -> tuple[str, ...]:
    """Bodies the question names, in full or by a short name (普陀区政府办公室 for 上海市普陀区人民政府办公室)."""
    return tuple(b for b in groups if b and (b in text or expand_nickname(text, (b,)) != text))


def _foreign_body(text: str, groups: dict[str, tuple[Disclosure, ...]]) -> bool:
    """The question names an organisation that none of the loaded bodies is (普陀区财政局 in a library without it)."""
    rest = text
    for b in groups:
        rest = expand_nickname(rest, (b,)).replace(b, " ")
    suffixes = "|".join(re.escape(s) for s in sorted(vocab().cues["org_suffixes"], key=len, reverse=True))
    return any(
        m.group(0)
        for m in re.finditer(rf"[\u4e00-\u9fff]{{2,8}}?(?:{suffixes})(?![门采性])", rest)
        if len(m.group(0)) >= 4
    )


def one_body_only(found: Answer, docs: Sequence[Disclosure]) -> Answer:
    """``found`` when its figures come from one body; figures of two bodies the question did not choose between
    become a question back: which body is meant (never one body's figure beside another's unnamed)."""
    groups = bodies(docs)
    if len(groups) < 2 or found.status != "answered":
        return found
    of_doc = {d.id: body_key(d) for d in docs}
    cited = {of_doc[c.doc_id] for c in found.citations if c.doc_id in of_doc}
    if len(cited) < 2:
        return found
    return Answer(
        question=found.question,
        status="not_found",
        answer=which_body(groups),
        kind=found.kind,
    )


def which_body(groups: dict[str, tuple[Disclosure, ...]]) -> str:
    """ "您问的是哪个单位？" with each loaded body and its documents."""
    shown = list(groups.items())[:LISTED_MAX]
    listed = "；".join(f"{ds[0].unit_name or b}（{'、'.join(f'《{d.label}》' for d in ds)}）" for b, ds in shown)
    if len(groups) > len(shown):
        listed += f"；等共 {len(groups)} 个单位（budgetqa list 列出全部）"
    return f"已载入几个单位的文件，这个问题的数字分属不同单位。您问的是哪个单位？请在问题中写明单位名称。已载入：{listed}。"


# ---------------------------------------------------------------------------------------------------------------
# What is asked


@dataclass(frozen=True)
class Asked:
    text: str
    years: tuple[int, ...]
    all_years: bool
    final: bool  # 决算 / 实际 / 执行 named
    budget: bool  # 预算 named
    execution: bool
    change: bool
    percent: bool
    trend: bool
    rank: str | None  # "max" / "min"
    same: bool
    measure: str  # the plain one-document question: "西南大学财政拨款收入是多少？"

    @property
    def vs_final(self) -> bool:
        """预算 vs 决算 of one year: 执行率, or both kinds named with a change or a "各是多少"."""
        return self.execution or (self.final and self.budget and len(self.years) <= 1)

    @property
    def several_years(self) -> bool:
        return len(self.years) >= 2 or self.all_years or self.trend or (self.rank is not None and not self.years)


def read(question: str) -> Asked:
    text = norm(question)
    years = tuple(dict.fromkeys(int(y) for y in _YEAR.findall(text)))
    rank = "max" if _has(text, "rank_max") else "min" if _has(text, "rank_min") else None
    if rank and not (_has(text, "all_years") or "年" in text.replace("年初", "")):
        rank = None  # "哪个项目最多": a rank within one document
    final = _has(text, "final_words")
    budget = "预算" in text.replace("决算", "")
    return Asked(
        text=text,
        years=years,
        all_years=_has(text, "all_years"),
        final=final,
        budget=budget,
        execution=_has(text, "execution"),
        change=_has(text, "change"),
        percent=_has(text, "percent"),
        trend=_has(text, "trend"),
        rank=rank,
        same=_has(text, "same"),
        measure=plain_question(text, keep_kind=not (final and budget)),
    )


_DOC_NAMES = re.compile(r"(?:(?:部门|单位)(?:预算|决算)(?:[和与及、]|以及)?){2,}(?:里面|里|中)?[，,]?")


def plain_question(text: str, keep_kind: bool) -> str:
    """The question's item as a one-document "X是多少": years, year words and what follows the item cut off."""
    rest = _DOC_NAMES.sub("", _YEAR_RUN.sub("", text))  # "部门预算和单位预算里，": which documents, not the item
    for w in words()["lead"]:
        rest = rest.removeprefix(w)
    for w in sorted(words()["all_years"], key=len, reverse=True):
        rest = rest.replace(w, "")
    cut = min((i for w in words()["cut"] if (i := rest.find(w)) > 0), default=len(rest))
    rest = rest[:cut]
    if not keep_kind:
        for w in ("年初预算", "预算数", "决算数", "预算", "决算"):
            rest = rest.replace(w, "")
    rest = re.sub(r"(的|和|与|从|到|是|这|那|里|中|在)+$", "", rest)
    rest = re.sub(r"^(的|和|与|从|到|在)+", "", rest)
    return f"{rest}是多少？" if rest else ""


# ---------------------------------------------------------------------------------------------------------------
# One document's value


@dataclass(frozen=True)
class Point:
    doc: Disclosure
    answer: Answer
    figure: Figure | None  # the figure standing for the document's value (money first)

    @property
    def ok(self) -> bool:
        return self.answer.status == "answered" and self.figure is not None


def _point(ask: Ask, question: str, doc: Disclosure) -> Point:
    """The document's value of the question's item: the one-document answer to the plainest question that names
    the item beside its figure ("X决算数是多少" of a 决算, "X预算是多少" of a 预算, "X合计是多少"); failing that, the first
    amount of the first answer."""
    cores = [_core(question)]
    if doc.kind == "决算":  # the 决算's own name of a budget line: 上年结转 → 年初结转和结余
        cores += [cores[0].replace(a, b) for a, b in _final_names().items() if a in cores[0]]
    tried: list[Answer] = []
    for core in cores:
        item = _item(core, doc)
        for q in _variants(core, doc):
            found = ask(q, doc.id)
            tried.append(found)
            if found.status == "answered":
                figure = value_of(found, item)
                if figure is not None:
                    return Point(doc, found, figure)
    first = next((a for a in tried if a.status == "answered"), tried[0])
    if first.status != "answered":
        return Point(doc, first, None)
    money = [f for f in first.figures if f.unit in MONEY]
    return Point(doc, first, (money or list(first.figures) or [None])[0])


_KIND_TAIL = re.compile(r"(的)?(年初预算|预算数|决算数|预算|决算)$")


def _core(question: str) -> str:
    return _KIND_TAIL.sub("", norm(question).removesuffix("是多少？").removesuffix("是多少?").rstrip("的"))


def _item(core: str, doc: Disclosure) -> str:
    """What the answer must name beside the figure: the core after its last 的, without the body's name."""
    unit = norm(doc.unit_name) if doc.unit_name else ""
    if unit:
        core = expand_nickname(core, (unit,)).replace(unit, "")
    return core.rsplit("的", 1)[-1]


def _variants(core: str, doc: Disclosure) -> list[str]:
    kind = doc.kind or "预算"
    tails = (f"{kind}数", kind, "合计", "") if kind == "决算" else (kind, f"{kind}数", "合计", "")
    cores = [
        core,
        *(core.removesuffix(w) for w in ("收入", "支出") if core.endswith(w)),
    ]  # 一、财政拨款 for 财政拨款收入
    return list(
        dict.fromkeys(f"{c}{t}是多少？" for c in cores for t in tails if not (t == "合计" and c.endswith("合计")))
    )


_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
_CHANGE_BEFORE = re.compile(r"(增加|减少|增长|下降|增减|持平|比上年|较上年)$")


def value_of(found: Answer, item: str) -> Figure | None:
    """The answer's figure printed first after ``item`` (a change's figure — 增加 N — is not the item's value)."""
    text = norm(found.answer)
    names = [item, re.sub(r"\(.*?\)", "", item)]
    names += [n.removesuffix(w) for n in names for w in ("支出", "收入") if n.endswith(w) and len(n) - len(w) >= 2]
    at = next((i for n in names if n and (i := text.find(n)) >= 0), -1)
    if at < 0:
        return None
    for m in _NUMBER.finditer(text, at):
        if _CHANGE_BEFORE.search(text[max(0, m.start() - 4) : m.start()]):
            continue
        value = number(m.group(0))
        figure = next((f for f in found.figures if abs(abs(f.value) - abs(value)) < 0.005), None)
        if figure is not None and figure.unit in (*MONEY, "%"):
            return figure
    return None


# ---------------------------------------------------------------------------------------------------------------
# Joining answers


class Joined:
    """Answers of several documents in one: citations renumbered (the same quote of the same document merged)."""

    def __init__(self, question: str, kind: str):
        self.question, self.kind = question, kind
        self.lines: list[str] = []
        self.citations: list[Citation] = []
        self.figures: list[Figure] = []

    def add(self, label: str, answer: Answer) -> dict[int, int]:
        mapping: dict[int, int] = {}
        for c in answer.citations:
            same = next((x for x in self.citations if (x.doc_id, _flat(x.quote)) == (c.doc_id, _flat(c.quote))), None)
            if same is None:
                same = c.model_copy(update={"id": len(self.citations) + 1})
                self.citations.append(same)
            mapping[c.id] = same.id
        self.lines.append(f"{label}：{_renumber(answer.answer, mapping).strip()}")
        for f in answer.figures:
            moved = f.model_copy(update={"citation": mapping.get(f.citation, f.citation)})
            if moved not in self.figures:
                self.figures.append(moved)
        return mapping

    def answer(self, chart: Chart | None = None) -> Answer:
        return Answer(
            question=self.question,
            status="answered",
            answer="\n".join(self.lines),
            citations=tuple(self.citations),
            figures=tuple(self.figures),
            kind=self.kind,
            chart=chart,
        )


def _num(value: float | Decimal) -> str:
    return fmt(Decimal(str(value)), 2)


# ---------------------------------------------------------------------------------------------------------------
# The entry point


def answer(
    question: str,
    documents: tuple[Disclosure, ...],
    history: tuple[str, ...],
    ask: Ask,
    facts: Facts = lambda _doc: (),
) -> Answer | None:
    """The answer over several documents, or None when the question is one document's (the caller goes on)."""
    groups = bodies(documents)
    if len(documents) < 2:
        return None
    asked = read(question)
    named = named_bodies(asked.text, groups)
    if not named and _foreign_body(asked.text, groups):
        return None  # another body: the one-document pipeline says what is loaded
    if history and not named and not asked.years:
        return None  # a follow-up keeps to the conversation's document
    scope = named or tuple(groups)
    if not named and len(scope) > PER_BODY_MAX:
        return Answer(question=question, status="not_found", answer=which_body(groups), kind="value")
    if len(scope) == 1:
        return _one_body(question, asked, groups[scope[0]], ask, facts)
    return _per_body(question, asked, {b: groups[b] for b in scope}, ask, facts, named=bool(named))


def _per_body(
    question: str, asked: Asked, groups: dict[str, tuple[Disclosure, ...]], ask: Ask, facts: Facts, named: bool
) -> Answer | None:
    """Each body answered on its own and named beside its figures; never one body's figure for another's."""
    joined = Joined(question, "compare" if named else "value")
    missing: list[str] = []
    for body, docs in groups.items():
        label = docs[0].unit_name or body
        # a year the question names belongs to the body that covers it ("2024年西南大学和2025年普陀区…")
        own = _body_question(question, body, docs, groups)
        found = _one_body(own, read(own), docs, ask, facts) if own else None
        if found is not None and found.status == "answered":
            joined.add(label, found)
        else:
            missing.append(label)
    if not joined.lines:
        return None if not named else _refuse(question, asked, [d for ds in groups.values() for d in ds])
    if missing:
        joined.lines.append("未找到：" + "、".join(missing) + " 的文件中没有这一项。")
    _in_one_unit(joined, [d for ds in groups.values() for d in ds])
    return joined.answer()


def _table_unit(doc: Disclosure) -> str | None:
    """The money unit most of the document's table cells are printed in."""
    counts = Counter(c.unit for t in doc.tables for r in t.rows for c in r.cells if c.unit in MONEY)
    return counts.most_common(1)[0][0] if counts else None


def _in_one_unit(joined: Joined, docs: Sequence[Disclosure]) -> None:
    """Bodies whose tables print different units (元 beside 万元): each amount not in the larger unit is also given
    in it, the conversion shown, so the bodies' figures read side by side."""
    used = {u for d in docs if (u := _table_unit(d))}
    if len(used) < 2:
        return
    wanted = max(used, key=lambda u: FACTORS[u])
    seen: set[float] = set()
    for f in list(joined.figures):
        if f.unit not in MONEY or f.unit == wanted or f.value in seen:
            continue
        seen.add(f.value)
        done = converted(_num(f.value), f.unit, wanted)
        if done is None:
            continue
        formula, value, shown = done
        joined.lines.append(f"换算为{wanted}：{formula} = {shown} {wanted}[{f.citation}]。")
        joined.figures.append(Figure(value=float(round(value, 2)), unit=wanted, citation=f.citation))


def _body_question(question: str, body: str, docs: tuple[Disclosure, ...], groups: dict) -> str:
    """The part of ``question`` about ``body`` when it names several bodies each with its year; else the question."""
    text = norm(question)
    spans = []
    for b in groups:
        full = expand_nickname(text, (b,))
        at = full.find(b)
        if at >= 0:
            spans.append((at, b))
    years = [(m.start(), int(m.group(1))) for m in _YEAR.finditer(text)]
    if len(spans) < 2 or not years:
        return question
    # a year belongs to the body it stands beside: the next one when the question opens with a year
    # (2024年西南大学和2025年普陀区…), else the one before it (西南大学2024年和普陀区2025年…)
    ahead = years[0][0] < min(at for at, _ in spans)
    mine = [y for at, y in years if _closest(at, spans, ahead) == body]
    rest = _YEAR_RUN.sub("", text)
    for b in groups:
        if b != body:
            rest = expand_nickname(rest, (b,)).replace(b, "")
    rest = re.sub(r"^[和与及、，,]+|[和与及、]+(?=的)", "", rest)
    return "".join(f"{y}年" for y in mine) + rest


def _closest(at: int, spans: list[tuple[int, str]], ahead: bool = True) -> str:
    after = [(s - at, b) for s, b in spans if s >= at]
    before = [(at - s, b) for s, b in spans if s < at]
    first, second = (after, before) if ahead else (before, after)
    return min(first or second)[1]


def _one_body(
    question: str, asked: Asked, docs: tuple[Disclosure, ...], ask: Ask, facts: Facts = lambda _doc: ()
) -> Answer | None:
    if asked.vs_final and {d.kind for d in docs} >= {"预算", "决算"}:
        found = _budget_vs_final(question, asked, docs, ask, facts)
        if found is not None:
            return found
    if asked.several_years and asked.measure:
        return _over_years(question, asked, docs, ask)
    docs = _levels(asked, docs)
    if asked.years:
        year = asked.years[0]
        at_year = [d for d in docs if d.year == year]
        if asked.final and not asked.budget:
            at_year = [d for d in at_year if d.kind == "决算"]
        elif asked.budget and not asked.final:
            at_year = [d for d in at_year if d.kind == "预算"] or at_year
        if at_year:
            return _each(question, asked, at_year, ask)
        later = [d for d in docs if d.year == year + 1]  # the next year's document states its 上年 figures
        if asked.final and not asked.budget:
            later = [d for d in later if d.kind == "决算"]
        for d in sorted(later, key=lambda d: (d.kind != "预算", d.scope != "部门")):
            found = ask(question, d.id)
            if found.status == "answered":
                return found
        for d in later:
            found = earlier_from_change(question, asked, d, year, facts(d))
            if found is None and asked.measure and facts(d):  # the sentence stating the item's current figure
                current = _point(ask, asked.measure, d).figure
                found = earlier_from_change(question, asked, d, year, facts(d), current)
            if found is not None:
                return found
        return _refuse(question, asked, docs)
    if len(docs) == 1:
        return ask(question, docs[0].id)
    if len({d.scope for d in docs}) > 1 and all(f"{d.scope}{d.kind}" in asked.text for d in docs if d.scope and d.kind):
        latest = max(d.year or 0 for d in docs)
        return _each(question, asked, [d for d in docs if (d.year or 0) == latest], ask, asked.measure)
    ordered = sorted(docs, key=lambda d: (-(d.year or 0), (d.kind == "预算") == asked.final, d.scope != "部门"))
    for d in ordered:
        found = ask(question, d.id)
        if found.status == "answered":
            return found
    return ask(question, ordered[0].id)


def _levels(asked: Asked, docs: tuple[Disclosure, ...]) -> tuple[Disclosure, ...]:
    """The documents of the level (部门 / 单位) the question names, when it names one and the body has both."""
    named = {d.scope for d in docs if d.scope and f"{d.scope}{d.kind or ''}" in asked.text}
    return tuple(d for d in docs if d.scope in named) if len(named) == 1 else docs


def _each(question: str, asked: Asked, docs: Sequence[Disclosure], ask: Ask, measure: str = "") -> Answer:
    """One year: one document's answer; two (预算 and 决算, or 部门 and 单位) each named beside its figures.

    ``measure`` is the plain item question each document is asked when the question itself names the documents
    ("部门预算和单位预算里…": each document would refuse the other's name)."""
    if len(docs) == 1:
        return ask(question, docs[0].id)
    joined = Joined(question, "value")
    values: list[tuple[Figure, int]] = []
    for d in docs:
        p = _point(ask, measure or question, d)
        if p.answer.status == "answered":
            mapping = joined.add(f"《{d.label}》", p.answer)
            if p.figure is not None:
                values.append((p.figure, mapping.get(p.figure.citation, p.figure.citation)))
    if not joined.lines:
        return ask(question, docs[0].id)
    if asked.same and len(values) == 2:
        (fa, ca), (fb, cb) = values
        if fa.unit == fb.unit and fa.value == fb.value:
            joined.lines.append(f"两份文件所列相同：都是 {_num(fa.value)} {fa.unit}[{ca}][{cb}]。")
        elif fa.unit == fb.unit:
            d = Decimal(str(fa.value)) - Decimal(str(fb.value))
            joined.lines.append(
                f"两份文件所列不同：相差 {_num(abs(d))} {fa.unit}（{_num(fa.value)} − {_num(fb.value)} = {_num(d)} {fa.unit}）[{ca}][{cb}]。"
            )
    return joined.answer()


def _refuse(question: str, asked: Asked, docs: Sequence[Disclosure]) -> Answer:
    held = "、".join(f"《{d.label}》" for d in docs)
    years = "、".join(f"{y}年" for y in asked.years)
    return Answer(
        question=question,
        status="not_found",
        answer=f"已载入的文件中没有{years or '这个问题'}的数字（本年或后一年文件的上年数都没有）。已载入：{held}。",
        kind="value",
    )


# ---------------------------------------------------------------------------------------------------------------
# Over years


def _over_years(question: str, asked: Asked, docs: tuple[Disclosure, ...], ask: Ask) -> Answer | None:
    kind = "决算" if asked.final and not asked.budget else "预算"
    pool = [d for d in docs if d.kind == kind] or list(docs)
    if asked.years:
        pool = [d for d in pool if d.year in asked.years]
    by_year: dict[int, Disclosure] = {}
    for d in pool:
        if d.year and (d.year not in by_year or (d.scope == "部门" and by_year[d.year].scope != "部门")):
            by_year[d.year] = d
    points = [_point(ask, asked.measure, by_year[y]) for y in sorted(by_year)]
    found = [p for p in points if p.ok]
    if not found:
        return None
    joined = Joined(question, "compare" if (asked.change or asked.trend or asked.rank) else "value")
    cids: dict[int, int] = {}
    for p in points:
        if p.ok:
            mapping = joined.add(f"{p.doc.year}年（《{p.doc.label}》）", p.answer)
            cids[p.doc.year] = mapping.get(p.figure.citation, p.figure.citation)
    missing = [y for y in asked.years if y not in cids]
    if missing:
        held = [y for y in missing if y in by_year]
        absent = [y for y in missing if y not in by_year]
        if held:
            joined.lines.append("、".join(f"{y}年" for y in held) + "：该年的文件中没有找到这一项。")
        if absent:
            joined.lines.append("、".join(f"{y}年" for y in absent) + "：已载入的文件中没有这一年的文件。")
    series = [(p.doc.year, p.figure, cids[p.doc.year]) for p in found]
    units = {f.unit for _, f, _ in series}
    if len(series) >= 2 and len(units) == 1:
        unit = units.pop()
        _derived(joined, asked, series, unit)
        chart = Chart(
            kind="line" if len(series) >= 3 else "bar",
            title=asked.measure.removesuffix("是多少？"),
            unit=unit,
            series=(
                ChartSeries(
                    name=asked.measure.removesuffix("是多少？"),
                    points=tuple(ChartPoint(x=str(y), y=f.value, citation=c) for y, f, c in series),
                ),
            ),
        )
        return joined.answer(chart)
    return joined.answer()


def _derived(joined: Joined, asked: Asked, series: list[tuple[int, Figure, int]], unit: str) -> None:
    """Change (amount and %, formula shown), highest / lowest year and trend from the per-year values."""
    if asked.change or asked.percent or len(asked.years) == 2:
        (y0, f0, c0), (y1, f1, c1) = _pair(asked, series)
        _change(joined, f"{y1}年比{y0}年", f1.value, f0.value, unit, c1, c0)
    if asked.rank:
        pick = max if asked.rank == "max" else min
        y, f, c = pick(series, key=lambda s: s[1].value)
        word = "最多" if asked.rank == "max" else "最少"
        joined.lines.append(f"{word}的是{y}年：{_num(f.value)} {unit}[{c}]。")
    if asked.trend or asked.all_years or asked.rank:
        steps = []
        for (ya, fa, _), (yb, fb, _) in pairwise(series):
            d = Decimal(str(fb.value)) - Decimal(str(fa.value))
            steps.append(f"{ya}→{yb}年{'增加' if d > 0 else '减少' if d < 0 else '持平'} {_num(abs(d))} {unit}")
        signs = {s.split("年")[1][:2] for s in steps}
        overall = "逐年增加" if signs == {"增加"} else "逐年减少" if signs == {"减少"} else "有增有减"
        joined.lines.append(f"趋势：{overall}（{'；'.join(steps)}）。")


def _pair(asked: Asked, series: list[tuple[int, Figure, int]]) -> tuple:
    if len(asked.years) >= 2:
        wanted = [s for s in series if s[0] in asked.years[:2]]
        if len(wanted) == 2:
            return tuple(sorted(wanted, key=lambda s: s[0]))
    return series[0], series[-1]


def _change(joined: Joined, what: str, new: float, old: float, unit: str, c_new: int, c_old: int) -> None:
    a, b = Decimal(str(new)), Decimal(str(old))
    d = a - b
    word = "增加" if d > 0 else "减少" if d < 0 else "持平"
    text = f"{what}{word} {_num(abs(d))} {unit}（{_num(a)} − {_num(b)} = {_num(d)} {unit}）[{c_new}][{c_old}]"
    joined.figures.append(Figure(value=float(abs(d)), unit=unit, citation=c_new))
    if b:
        pct = d / b * 100
        text += f"，{'增长' if d >= 0 else '下降'} {_num(abs(pct))}%（{_num(d)} ÷ {_num(b)} = {_num(pct)}%）"
        joined.figures.append(Figure(value=float(abs(pct).quantize(Decimal("0.01"))), unit="%", citation=c_new))
    joined.lines.append(text + "。")


# ---------------------------------------------------------------------------------------------------------------
# 预算 vs 决算 of one year


def _budget_vs_final(
    question: str, asked: Asked, docs: tuple[Disclosure, ...], ask: Ask, facts: Facts = lambda _doc: ()
) -> Answer | None:
    years = [y for y in asked.years if any(d.year == y for d in docs)] or sorted(
        {d.year for d in docs if d.kind == "决算" and d.year}, reverse=True
    )
    for year in years:
        budget = next((d for d in docs if d.year == year and d.kind == "预算"), None)
        final = next((d for d in docs if d.year == year and d.kind == "决算"), None)
        if budget is None or final is None:
            continue
        plan, done = _point(ask, asked.measure, budget), _point(ask, asked.measure, final)
        if not (plan.ok and done.ok):
            continue
        joined = Joined(question, "compare")
        c_plan = joined.add(f"预算（《{budget.label}》）", plan.answer).get(plan.figure.citation, plan.figure.citation)
        c_done = joined.add(f"决算（《{final.label}》）", done.answer).get(done.figure.citation, done.figure.citation)
        unit = plan.figure.unit
        if done.figure.unit != unit:
            return joined.answer()
        a, b = Decimal(str(done.figure.value)), Decimal(str(plan.figure.value))
        d = a - b
        if asked.same:
            joined.lines.append(
                "两份文件所列相同。"
                if d == 0
                else f"两份文件所列不同：相差 {_num(abs(d))} {unit}（{_num(a)} − {_num(b)} = {_num(d)} {unit}）[{c_done}][{c_plan}]。"
            )
        else:
            word = "多" if d > 0 else "少" if d < 0 else "相同"
            joined.lines.append(
                f"决算比预算{word} {_num(abs(d))} {unit}（{_num(a)} − {_num(b)} = {_num(d)} {unit}）[{c_done}][{c_plan}]。"
            )
            joined.figures.append(Figure(value=float(abs(d)), unit=unit, citation=c_done))
            if b:
                rate = a / b * 100
                joined.lines.append(
                    f"执行率 {_num(rate)}%（{_num(a)} ÷ {_num(b)} = {_num(rate)}%）[{c_done}][{c_plan}]。"
                )
                joined.figures.append(Figure(value=float(rate.quantize(Decimal("0.01"))), unit="%", citation=c_done))
            _stated_reasons(joined, final, _item(_core(asked.measure), final), facts(final))
        chart = Chart(
            kind="bar",
            title=f"{year}年 {asked.measure.removesuffix('是多少？')}：预算与决算",
            unit=unit,
            series=(
                ChartSeries(
                    name=asked.measure.removesuffix("是多少？"),
                    points=(
                        ChartPoint(x="预算", y=plan.figure.value, citation=c_plan),
                        ChartPoint(x="决算", y=done.figure.value, citation=c_done),
                    ),
                ),
            ),
        )
        return joined.answer(chart)
    return None


def _same_figure(fact: Fact, figure: Figure) -> bool:
    """A narrative amount (not a change or a share) equal to ``figure`` in the same unit."""
    return (
        fact.source == "narrative"
        and fact.measure not in ("增减额", "增减率", "占比")
        and fact.value is not None
        and fact.unit == figure.unit
        and abs(fact.value - figure.value) < 0.005
    )


def _stated_reasons(joined: Joined, final: Disclosure, item: str, facts: Sequence[Fact]) -> None:
    """The 决算's own reasons for the item ("主要原因是…" sentences whose subject is the item), each cited."""
    key = name_key(item)
    seen: set[str] = set()
    for f in facts:
        if f.source != "narrative" or f.measure != "原因" or not f.text or f.text in seen:
            continue
        subject = name_key(f.subject)
        for w in _OWN:
            subject = subject.removeprefix(w)
        if len(subject) < 2 or len(key) < 2 or not (key in subject or subject in key):
            continue
        seen.add(f.text)
        cid = len(joined.citations) + 1
        joined.citations.append(
            Citation(
                id=cid, doc=final.label, locator=f.locator, page=f.page, quote=f.quote, doc_id=final.id, fact_id=f.id
            )
        )
        joined.lines.append(f"决算说明的原因：{f.text.strip().rstrip('。')}[{cid}]。")


# ---------------------------------------------------------------------------------------------------------------
# An earlier year from the next year's stated change: "2021年本年预算收入 390,140.45 万元，与上年相比减少 1,106.89 万元"
# makes 2020's 391,247.34 (formula shown, the sentence cited)

_OWN = ("我校", "学校", "本单位", "本部门", "我单位", "我部门")


def earlier_from_change(
    question: str, asked: Asked, doc: Disclosure, year: int, facts: Sequence[Fact], current: Figure | None = None
) -> Answer | None:
    """The previous year's figure of the item as the next year's document states it by its change on 上年.

    The sentence is the one naming the item, or — the narrative naming a line otherwise than its table ("收入总计"
    for the table's 本年收入合计) — the one stating the item's current figure ``current`` (the document's own value)."""
    if not asked.measure or doc.year != year + 1:
        return None
    item = _item(_core(asked.measure), doc)
    stated = {(f.quote, f.subject) for f in facts if current is not None and _same_figure(f, current)}
    best: tuple[int, Fact, float, str] | None = None
    for f in facts:
        if f.source != "narrative" or f.measure != "增减额" or f.value is None or f.year != doc.year:
            continue
        subject = norm(f.subject)
        for w in _OWN:
            subject = subject.removeprefix(w)
        named = len(subject) >= 2 and (subject in item or item in subject)
        if not named and (f.quote, f.subject) not in stated:
            continue
        quote = name_key(f.quote)  # quote marks dropped: “三公”经费 is 三公经费
        m = re.search(re.escape(subject) + r"[^\d\-]{0,8}?(-?\d[\d,]*(?:\.\d+)?)\s*(亿元|万元|元)?", quote)
        if m is None or ("上年" not in quote and str(year) not in quote):
            continue
        current = number(m.group(1))
        if f.value and abs(abs(current) - abs(f.value)) < 0.005:
            continue  # the number after the subject is the change itself
        if best is None or len(subject) > best[0]:
            best = (len(subject), f, current, f.unit or m.group(2) or "")
    if best is None:
        return None
    _, fact, current, unit = best
    a, d = Decimal(str(current)), Decimal(str(fact.value))
    earlier = a - d
    b = Builder(question, "arith")
    cid = b.cite(doc, fact.locator, fact.page, fact.quote, fact_id=fact.id)
    if d == 0:  # "与2024年预算持平": the earlier year's figure is this year's
        derived = f"{_num(a)} {unit}（与上年持平）"
    else:
        derived = f"{_num(a)} {'−' if d > 0 else '+'} {_num(abs(d))} = {_num(earlier)} {unit}"
    b.say(
        f"《{doc.label}》说明：{fact.quote.strip().rstrip('。')}[{cid}]。按此推算，{year}年{fact.subject}为 {derived}[{cid}]。"
    )
    b.figures.append(Figure(value=float(earlier), unit=unit or "万元", citation=cid))
    return b.answer()
