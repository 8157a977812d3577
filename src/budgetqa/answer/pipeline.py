"""The entry point: question (+ history, + chosen document) → cited Answer. Never raises for what a user types."""

from __future__ import annotations

import logging
import re
from dataclasses import replace

from ..models import Answer, Disclosure
from ..store.library import Library
from . import registry
from .operations import across, compute, facts
from .question import both, english, frames
from .question.context import Context, context_for, coverage, narrow_by_question, pick_docs
from .question.followup import merge, plan_with_history
from .question.nickname import expand_nickname
from .finding.outside import outside
from .question.plan import Plan, item_measures, read_plan
from .finding.prior import prior_answer
from .question.text import norm
from .writing.trace import trace

_LOG = logging.getLogger(__name__)

EXAMPLES = "例如：“一般公共预算里差旅费多少？”“住房保障支出包括哪些？”“什么是三公经费？”“有没有政府性基金预算？”"


def answer_question(question: str, library: Library, history: tuple[str, ...] = (), doc: str | None = None) -> Answer:
    """The cited answer; an unexpected error in one question becomes a not-found answer (and a log record), so a
    batch or the UI keeps going."""
    question = question if isinstance(question, str) else ""
    try:
        chinese = english.rewrite(question)  # "What share of income comes from …": read as its Chinese question
        asked = chinese or question
        # the difference asked, over the operands the answer shows (whatever found them)
        found = compute.complete(
            _answer(asked, library, history, doc), asked, lambda side: _answer(side, library, (), doc)
        ).model_copy(update={"question": question})
        return trace(found, library.fact_store()) if library.documents else found
    except Exception:  # noqa: BLE001 - the one place that must never let a question kill the caller
        _LOG.exception("internal error answering %r", question)
        return _not_found(question, "回答这个问题时发生了内部错误，未能给出答案。请换一种问法再试。", None)


def _answer(question: str, library: Library, history: tuple[str, ...], doc: str | None) -> Answer:
    if not library.documents:
        return _not_found(question, "还没有载入任何预算文件，请先导入（budgetqa ingest 文件）。", "empty")
    docs = pick_docs(library.documents, doc)
    if not docs:
        names = "、".join(f"《{d.label}》" for d in library.documents)
        return _not_found(question, f"没有与“{doc}”对应的文件。已载入：{names}。", "not_found")
    if len(docs) > 1:  # several documents (all, or a body's / a year's): routed by body / year / kind, each asked alone
        routed = across.answer(
            question,
            docs,
            history,
            lambda q, d: _answer(q, library, (), d),
            lambda d: library.fact_store().of_doc(d.id),
        )
        if routed is not None:
            return routed
        # what the routing left to the one-document path must not mix bodies the question does not name
        return across.one_body_only(_within(question, library, history, doc, docs), docs)
    return _within(question, library, history, doc, docs)


def _within(
    question: str, library: Library, history: tuple[str, ...], doc: str | None, docs: tuple[Disclosure, ...]
) -> Answer:
    """The answer from ``docs`` read together (one document, or several the routing did not split)."""
    expanded = expand_nickname(question, tuple(norm(d.unit_name) for d in docs if d.unit_name))
    if expanded != question:  # "社保中心今年收支总预算": the unit's short name read as the unit itself
        return _answer(expanded, library, history, doc).model_copy(update={"question": question})
    ctx = context_for(library, docs)
    plan = plan_with_history(question, tuple(h for h in history if isinstance(h, str)), ctx.index)
    narrowed = narrow_by_question(plan.text, docs, plan.years)
    if narrowed is not docs:
        ctx = context_for(library, narrowed)
        plan = plan_with_history(question, tuple(history), ctx.index)
    if plan.kind not in ("empty", "off_topic"):
        compound = _compound(question, plan, ctx, tuple(history))
        if compound is not None:
            return compound
    # "行政运行的基本支出和项目支出分别是多少": one item, two columns, answered together (a split would lose the item)
    one_item = len(plan.mentions) == 1 and len(item_measures(plan)) >= 2
    pair = None if one_item else both.split_both(question, tuple(m.text for m in plan.mentions))
    if pair is not None and plan.kind not in ("empty", "off_topic", "person"):
        first, second = (run(plan_with_history(q, (), ctx.index), ctx) for q in pair)
        if first.status == second.status == "answered":
            return both.join(question, first, second)
    return run(plan, ctx)


def _single(question: str, ctx: Context, history: tuple[str, ...]) -> Answer:
    """One frame's answer: an enumeration ("A、B各多少") is one frame per item; else the question as it stands."""
    plan = plan_with_history(question, history, ctx.index)
    one_item = len(plan.mentions) == 1 and len(item_measures(plan)) >= 2
    items = [] if one_item else frames.list_items(question, tuple(m.text for m in plan.mentions))
    if len(items) >= 2 and not any(m.via != "fuzzy" for m in plan.mentions):
        stated = facts.breakdown_items(items, ctx)  # "其中货物、工程、服务各多少": the parts one sentence states
        if stated is not None:
            return stated.model_copy(update={"question": question})
    if len(items) >= 3:  # two items keep both.split_both's reading; three or more: one frame each
        plans = [plan_with_history(q, (), ctx.index) for q in items]
        answers = [run(p, ctx) for p in plans]
        ok = [
            a.status == "answered" and frames.names_item(a, _item_words(p, q)) for p, q, a in zip(plans, items, answers)
        ]
        answered = [a for a, good in zip(answers, ok) if good]
        if answered:
            missing = [q for q, good in zip(items, ok) if not good]
            return frames.join_all(question, answered, missing)
    return run(plan, ctx)


def _item_words(plan: Plan, item: str) -> tuple[str, ...]:
    """The words an answer about ``item`` shows: the item as asked, or the budget term an everyday word means."""
    own = re.sub(r"(是)?(多少|几|哪些|什么).*$", "", norm(item))
    return (own, *(k for m in plan.mentions if m.via == "lexicon" for k in m.keys if not k.startswith("table:")))


def _compound(question: str, plan: Plan, ctx: Context, history: tuple[str, ...]) -> Answer | None:
    """Questions in a row or an enumeration of three or more items: every frame answered, joined into one answer.

    The whole question is answered first as before; each part then adds what the whole answer lacks, and a part
    no document states is named as such."""
    parts = frames.clauses(question)
    first = frames.question_parts(question)[0]
    enumerated = len(frames.list_items(first, tuple(m.text for m in plan.mentions))) >= 3
    if len(parts) < 2 and not enumerated:
        return None
    if len(parts) < 2:
        return _single(question, ctx, history)
    whole = run(plan, ctx)
    answers, missing, asked, earlier = [], [], list(history), []
    for part, joined in parts:
        own_item = bool(asked) and _names_own_item(part, ctx)
        own = frames.own_words(part, asked) if asked else ()
        if joined and not (own_item or own) and whole.status == "answered":
            found = _joined_clause(part, whole, ctx, tuple(asked), tuple(earlier))
        else:
            found = _single(part, ctx, tuple(asked))
            if asked and found.status != "answered" and not own_item:
                continued = _continued(part, ctx, tuple(asked))  # the subject of the part before
                found = continued if continued is not None and frames.adds_to(whole, continued) else found
        if asked and whole.status == "answered" and not frames.adds_to(whole, found) and (own_item or own):
            alone = _single(part, ctx, ())  # "其中基本支出和项目支出分别多少": its own items, not the earlier part's
            shows = own_item or frames.says_own_words(alone, own)  # "其中农林水支出减了多少": its own words
            found = alone if shows and frames.adds_to(whole, alone) else found
        asked.append(part)
        earlier.append(part)
        if found.status == "answered":
            answers.append(found)
        elif found.answer:
            missing.append(part)
    adding = [a for a in answers if frames.adds_to(whole, a)]
    if whole.status != "answered":
        return frames.join_all(question, answers, missing) if answers and len(answers) >= len(missing) else whole
    if not adding and not missing:
        return whole
    return frames.join_all(question, [whole, *adding], missing if adding or missing else [])


def _joined_clause(
    part: str, whole: Answer, ctx: Context, history: tuple[str, ...], earlier: tuple[str, ...]
) -> Answer:
    """A clause joined by a comma that names nothing of its own ("…给了多少钱，要培训多少名老师"): answered by the
    whole answer when that says all its words ("…安排了多少钱，主要用于什么" → 主要用于…); else read as a follow-up of
    the clauses before, and kept only when its answer says their subject. Not answered: an empty not-found (the
    whole answer is taken to hold it, it is not named as missing)."""
    none = _not_found(part, "", None)
    grams = frames.content_grams(part)
    said = norm(whole.answer)
    if grams and all(g in said for g in grams):
        return none
    subject = tuple(w for c in earlier for w in frames.subject_words(c))
    for found in (_single(part, ctx, history), _continued(part, ctx, history)):
        if found is not None and found.status == "answered" and (not subject or frames.says_own_words(found, subject)):
            return found
    return none


def run(plan: Plan, ctx: Context) -> Answer:
    if plan.kind == "empty":
        return _not_found(plan.question, f"请输入一个关于已载入预算文件的问题，{EXAMPLES}", "empty")
    blocked = outside(plan, ctx)
    # the only obstacle is an earlier year no table prints, and the narrative's stated change implies its figure
    timeless = replace(plan, years=(), relative=())
    earlier = prior_answer(plan, ctx) if blocked and not outside(timeless, ctx) else None
    if earlier is not None:
        return earlier
    if blocked:
        return _not_found(plan.question, blocked + "已载入的文件：" + coverage(ctx.docs), plan.kind)
    found = registry.answer(plan, ctx)  # what each kind of answer claims, in order: answer/registry.py
    if found is not None:
        return found
    if plan.kind == "person":
        said = "文件没有写明担任这一职务的人员（预算文件公开的是单位的收支、机构和职能，不列负责人姓名）。"
        return _not_found(plan.question, said + "已载入的文件：" + coverage(ctx.docs), plan.kind)
    return _not_found(plan.question, "已载入的文件中没有找到这个问题的答案。它们是：" + coverage(ctx.docs), plan.kind)


def _continued(part: str, ctx: Context, history: tuple[str, ...]) -> Answer | None:
    """A later part naming nothing of its own, read as a follow-up of the part before it: it keeps that part's
    subject (a project, an item) and asks its own measure; None when that does not answer either."""
    own = read_plan(part, ctx.index)
    if own.kind in ("empty", "off_topic", "person"):
        return None  # "局长是谁": asks what no follow-up of an amount answers
    found = run(merge(_subject_plan(history, ctx), own), ctx)
    return found if found.status == "answered" else None


def _subject_plan(history: tuple[str, ...], ctx: Context) -> Plan:
    """The plan of the latest question before that names its own subject, carried through the parts after it that
    name none ("行政运行全年预算多少，实际支出多少，完成了多少": the third part is still about 行政运行)."""
    plan = plan_with_history(history[0], (), ctx.index)
    for i, h in enumerate(history[1:], start=1):
        plan = (
            plan_with_history(h, history[:i], ctx.index)
            if _names_own_item(h, ctx)
            else merge(plan, read_plan(h, ctx.index))
        )
    return plan


def _names_own_item(part: str, ctx: Context) -> bool:
    """A part of a compound question that names items of its own (a row, or columns such as 基本支出 and 项目支出)."""
    plan = plan_with_history(part, (), ctx.index)
    return bool(plan.mentions) or bool(set(item_measures(plan)) - {"合计"})


def _not_found(question: str, text: str, kind: str | None) -> Answer:
    return Answer(question=question, status="not_found", answer=text, kind=kind)
