"""Answers quoted from text: definitions, reasons, narrative explanations, 概况 counts, performance targets."""

from __future__ import annotations

import re

from ..errors import BudgetQAError
from ..models import Answer, Definition, Disclosure, Figure, Indicator, PerformanceTable
from . import narrative, tabular
from .compose import Builder, definition_citation, funds_citation, indicator_citation, org_citation, \
    paragraph_citation
from .context import Context
from .plan import Plan
from .text import name_key, norm
from .vocab import vocab

_LEVEL_MARK = re.compile(r"\((?:类|款|项)\)")
MIN_PASSAGE_SCORE = 0.5


def definition(plan: Plan, ctx: Context) -> Answer | None:
    found = _find_definition(plan, ctx.docs)
    if found is None:
        return None
    doc, d = found
    b = Builder(plan.question, "definition")
    cid = definition_citation(b, doc, d)
    b.say(f"{d.term}：{b.quoted(d.text, cid)}[{cid}]")
    return b.answer()


def _definition_keys(d: Definition) -> tuple[str, ...]:
    full = name_key(d.term)
    parts = [p for p in _LEVEL_MARK.split(full) if len(p) >= 2]
    return tuple(dict.fromkeys([full, *parts[-1:]]))


def _find_definition(plan: Plan, docs: tuple[Disclosure, ...]) -> tuple[Disclosure, Definition] | None:
    text = plan.text.translate(str.maketrans("", "", "“”\"'‘’"))
    wanted = {k for m in plan.mentions for k in (*m.keys, name_key(m.text))}
    best, best_len = None, 0
    for doc in docs:
        for d in doc.definitions:
            for key in _definition_keys(d):
                if key in text or key in wanted:
                    if len(key) > best_len:
                        best, best_len = (doc, d), len(key)
    return best


def reason(plan: Plan, ctx: Context) -> Answer | None:
    keys = _plan_keys(plan, ctx)
    b = Builder(plan.question, "reason")
    for doc in ctx.docs:
        found = narrative.stated_reason(doc, keys) if keys else None
        if found is not None:
            cid = paragraph_citation(b, doc, found.paragraph, found.text)
            b.say(f"文件说明：{b.quoted(found.text, cid)}[{cid}]")
            return b.answer()
    for doc in ctx.docs:
        found = narrative.stated_breakdown(doc, keys) if keys else None
        if found is not None:
            cid = paragraph_citation(b, doc, found.paragraph, found.text)
            b.say(f"文件没有单独写明原因，但说明了这一变化由哪些部分构成：{b.quoted(found.text, cid)}[{cid}]")
            return b.answer()
    passages = [p for p in narrative.best_passages(ctx.docs, plan.question, need_reason=True, limit=1)
                if p.score >= MIN_PASSAGE_SCORE]
    if passages:
        p = passages[0]
        cid = paragraph_citation(b, p.doc, p.paragraph, p.text)
        b.say(f"文件说明：{b.quoted(p.text, cid)}[{cid}]")
        return b.answer()
    change = tabular.compare(plan, ctx)
    if change is not None:
        return change.model_copy(update={"answer": change.answer + "文件没有说明这一变化的原因。", "kind": "reason"})
    return None


def _plan_keys(plan: Plan, ctx: Context) -> tuple[str, ...]:
    keys = [k for m in plan.mentions for k in m.keys if not k.startswith("table:")]
    keys += [name_key(m.text) for m in plan.mentions]
    keys += list(plan.measures)
    return tuple(dict.fromkeys(k for k in keys if len(k) >= 2))


def explain(plan: Plan, ctx: Context, kind: str = "explain", min_score: float = MIN_PASSAGE_SCORE) -> Answer | None:
    passages = [p for p in narrative.best_passages(ctx.docs, plan.question, limit=2) if p.score >= min_score]
    passages = [p for p in passages if p.score >= 0.9 * passages[0].score]
    if not passages:
        passages = _retrieved(plan, ctx, min_score)
    if not passages:
        return None
    b = Builder(plan.question, kind)
    for p in passages[:2]:
        cid = paragraph_citation(b, p.doc, p.paragraph, p.text)
        b.say(f"{b.quoted(p.text, cid)}[{cid}]")
    return b.answer()


def _retrieved(plan: Plan, ctx: Context, min_score: float) -> list[narrative.Passage]:
    """Paragraph hits of the hybrid retriever, kept only when they share enough words with the question."""
    try:
        retriever = ctx.library.retriever
        if retriever is None:
            return []
        hits = retriever.retrieve(plan.question, top_k=5, doc_ids=frozenset(d.id for d in ctx.docs))
    except (BudgetQAError, OSError, ImportError):
        return []
    grams = narrative.content_grams(plan.question)
    out = []
    for hit in hits:
        if hit.node.kind != "paragraph" or not grams:
            continue
        doc = next((d for d in ctx.docs if d.id == hit.node.doc_id), None)
        para = next((p for p in doc.paragraphs if norm(p.text) == norm(hit.node.text)), None) if doc else None
        score = sum(1 for g in grams if g in norm(hit.node.text)) / len(grams)
        if para is not None and score >= min_score:
            out.append(narrative.Passage(doc, para, para.text, score))
    return out[:1]


def person(plan: Plan, ctx: Context) -> Answer | None:
    return explain(plan, ctx, kind="person", min_score=0.75)


# ---------------------------------------------------------------------------------------------------------------


def org(plan: Plan, ctx: Context) -> Answer | None:
    facts = [(doc, f) for doc in ctx.docs for f in doc.org_facts]
    if not facts:
        return None
    stems = [s for word, ss in vocab().org_facts if word in plan.text or word in plan.question.lower() for s in ss]
    best = None
    for stem in stems:
        best = next(((d, f) for d, f in facts if stem in f.key), None) or next(
            ((d, f) for d, f in facts if stem in norm(f.quote)), None)
        if best:
            break
    if best is None:
        return None
    doc, fact = best
    b = Builder(plan.question, "org")
    cid = org_citation(b, doc, fact)
    number = f"{fact.value:g}"
    if re.search(rf"(?<![\d.]){re.escape(number)}(?![\d.])", norm(fact.quote)):
        b.say(f"{fact.key}：{b.figure(number, fact.unit, cid, fact.value)}[{cid}]")
    else:  # a count of the items the quote lists, not a printed figure: say so instead of claiming it
        b.say(f"{fact.key}：共 {number} {fact.unit}（按原文所列条目计数）[{cid}]")
    if fact.items and max(len(i) for i in fact.items) <= 20:
        b.say("，即" + "、".join(fact.items[:30]))
    b.say(f"。原文：{b.quoted(fact.quote, cid)}")
    return b.answer()


def names_project(plan: Plan, ctx: Context) -> bool:
    return any(len(p.project) >= 4 and norm(p.project) in plan.text for d in ctx.docs for p in d.performance)


def performance(plan: Plan, ctx: Context) -> Answer | None:
    grams = narrative.content_grams(plan.question)
    if not grams:
        return None
    if names_project(plan, ctx):
        funds = _funds(plan, ctx, grams)
        if funds is not None:
            return funds
    scored = []
    for doc in ctx.docs:
        for p in doc.performance:
            project = norm(p.project)
            p_hit = sum(1 for g in grams if g in project) / len(grams)
            for ind in p.indicators:
                flat = norm(ind.level3 + ind.level2)
                hit = sum(1 for g in grams if g in flat) / len(grams)
                scored.append((hit + 0.3 * p_hit, doc, p, ind))
    scored.sort(key=lambda s: s[0], reverse=True)
    if not scored or scored[0][0] < 0.25:
        return _funds(plan, ctx, grams)
    top = scored[0][0]
    b = Builder(plan.question, "performance")
    for score, doc, p, ind in [s for s in scored if s[0] >= top - 1e-9][:3]:
        _say_indicator(b, doc, p, ind)
    return b.answer()


def _say_indicator(b: Builder, doc: Disclosure, p: PerformanceTable, ind: Indicator) -> None:
    cid = indicator_citation(b, doc, p, ind)
    shown = ind.target
    if ind.value is not None and ind.unit:
        b.figures.append(Figure(value=ind.value, unit=ind.unit, citation=cid))
    b.say(f"{p.project}项目的绩效指标“{ind.level3}”（{ind.level1} › {ind.level2}）目标值为 {shown}[{cid}]。")


def _funds(plan: Plan, ctx: Context, grams: set[str]) -> Answer | None:
    """项目资金: the funds block of the project the question names best."""
    if not any(w in plan.text for w in ("资金", "经费", "预算", "多少钱")):
        return None
    best = None
    for doc in ctx.docs:
        for p in doc.performance:
            hit = sum(1 for g in grams if g in norm(p.project)) / len(grams)
            if p.funds and hit >= 0.5 and (best is None or hit > best[0]):
                best = (hit, doc, p)
    if best is None:
        return None
    _, doc, p = best
    b = Builder(plan.question, "performance")
    cid = funds_citation(b, doc, p)
    parts = [f"{k} {b.figure(f'{v:g}', '万元', cid, v)}" for k, v in p.funds.items()]
    b.say(f"{p.project}项目资金：{'，'.join(parts)}[{cid}]。")
    return b.answer()
