"""Operations that answer from the fact store, each declaring what it claims.

``OPERATIONS`` is the registry the pipeline consults before its older precedence chain: an operation whose
``claims(plan, ctx)`` holds answers (or returns None and the chain goes on). Adding a kind of question = its
vocabulary in data/ + one operation here (or in its own module) + tests.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..models import Answer, Fact
from .compose import Builder
from .context import Context
from .plan import Plan
from .text import name_key, norm
from .vocab import vocab


@dataclass(frozen=True)
class Operation:
    name: str
    claims: Callable[[Plan, Context], bool]  # cheap: reads the plan, not the documents
    answer: Callable[[Plan, Context], Answer | None]


@cache
def _details() -> dict[str, tuple[str, ...]]:
    data = json.loads(resources.files("budgetqa.data").joinpath("question_cues.json").read_text("utf-8"))
    return {norm(k): tuple(v) for k, v in data["definition_details"].items()}


def _subjects(plan: Plan) -> list[str]:
    """What the question is about: its item mentions (as written and as the names they mean), longest first."""
    out: list[str] = []
    for m in plan.mentions:
        for s in (m.text, *m.keys):
            s = name_key(s)
            if s and not s.startswith("table:") and s not in out:
                out.append(s)
    return sorted(out, key=len, reverse=True)


def _cite_fact(b: Builder, ctx: Context, fact: Fact) -> int:
    doc = next(d for d in ctx.docs if d.id == fact.doc_id)
    return b.cite(doc, fact.locator, fact.page, fact.quote)


# ---------------------------------------------------------------------------------------------------------------
# purpose: "其他用车主要用来干什么" / "人员经费主要用在哪" → the narrative's 主要用于 / 主要包括 for that item


def claims_purpose(plan: Plan, ctx: Context) -> bool:
    return any(w in plan.text for w in vocab().cues["purpose_asks"])


def purpose(plan: Plan, ctx: Context) -> Answer | None:
    store = ctx.library.fact_store(ctx.docs)
    facts = [f for d in ctx.docs for f in store.of_doc(d.id) if f.measure in ("用途", "构成") and f.text]
    subjects = _subjects(plan) or [plan.text]
    best: tuple[int, int, Fact] | None = None
    for f in facts:
        subject = name_key(f.subject)
        # the fact's subject named by the question (or the question's item inside the subject's name)
        hit = next((len(s) for s in subjects if s and (subject in s or s in subject) and len(subject) >= 2), 0)
        if not hit and subject in plan.text:
            hit = len(subject)
        if hit:
            rank = (hit, 1 if f.measure == "用途" else 0)
            if best is None or rank > best[:2]:
                best = (*rank, f)
    if best is None:
        return None
    fact = best[2]
    b = Builder(plan.question, "purpose")
    cid = _cite_fact(b, ctx, fact)
    b.say(f"文件说明：{b.quoted(fact.quote, cid)}[{cid}]")  # the whole sentence: the item's amount and its use
    return b.answer()


# ---------------------------------------------------------------------------------------------------------------
# definition detail: "住房公积金的缴存比例是多少" → the words of its 名词解释 that state the 比例


def _asked_detail(plan: Plan) -> tuple[str, ...]:
    words: list[str] = []
    for asked, used in _details().items():
        if asked in plan.text:
            words.extend(w for w in used if w not in words)
    return tuple(words)


def claims_definition_detail(plan: Plan, ctx: Context) -> bool:
    # "X占总支出的比例" is a share of a figure, not a detail of X's definition
    return bool(_asked_detail(plan)) and bool(plan.mentions) and "占" not in plan.text


def definition_detail(plan: Plan, ctx: Context) -> Answer | None:
    words = _asked_detail(plan)
    subjects = _subjects(plan)
    store = ctx.library.fact_store(ctx.docs)
    for d in ctx.docs:
        for f in store.of_doc(d.id):
            if f.source != "definition":
                continue
            term = name_key(re.split(r"[（(](?:类|款|项)[）)]", f.subject.rstrip("（）()项"))[-1] or f.subject)
            full = name_key(f.subject)
            if not any(s and s in (term, full) for s in subjects):
                continue
            said = [s for s in re.split(r"(?<=[。；;])", f.text) if any(w in s for w in words)]
            if not said:
                continue
            b = Builder(plan.question, "definition")
            cid = _cite_fact(b, ctx, f)
            b.say(f"按名词解释，{term}：{''.join(s.strip() for s in said)}[{cid}]")
            return b.answer()
    return None


OPERATIONS: tuple[Operation, ...] = (
    Operation("definition_detail", claims_definition_detail, definition_detail),
    Operation("purpose", claims_purpose, purpose),
)


def first_claimed(plan: Plan, ctx: Context) -> Answer | None:
    """The answer of the first operation that claims the plan and finds what it asks."""
    for op in OPERATIONS:
        if op.claims(plan, ctx):
            found = op.answer(plan, ctx)
            if found is not None and found.answer:
                return found
    return None
