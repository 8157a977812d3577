"""A rate an item is paid at (住房公积金的缴存比例, 养老保险的缴费比例, 工伤保险费率): a policy parameter, not the
item's share of a total. Answered by the sentence or 名词解释 that states it for the item; when none does, the
question is refused (answer/finding/outside.py), never computed as a share."""

from __future__ import annotations

import re

from ...models import Answer, Definition, Disclosure, Paragraph
from ..writing.compose import Builder, definition_citation, paragraph_citation
from ..question.context import Context
from ..question.plan import Plan
from ..question.text import norm
from ..question.vocab import vocab

_SPLIT = re.compile(r"(?<=[。；;])")


def asked_rates(plan: Plan) -> list[str]:
    """The policy rates the question asks ("缴存比例"); none for "X占总支出的比例", which asks a share."""
    if "占" in plan.text:
        return []
    return [w for w in vocab().cues["policy_rates"] if w in plan.text]


def _items(plan: Plan) -> list[str]:
    return [k for m in plan.mentions for k in (norm(m.text), *m.keys) if len(k) >= 2 and not k.startswith("table:")]


def stated(plan: Plan, docs: tuple[Disclosure, ...]) -> tuple[Disclosure, Definition | Paragraph, str] | None:
    """The first 名词解释 entry or narrative sentence naming the asked rate and the item (any item when the question
    names none): the document, where, and the sentence."""
    asked, items = asked_rates(plan), _items(plan)
    if not asked:
        return None
    for doc in docs:
        for d in doc.definitions:
            if not items or any(k in norm(d.term) for k in items):
                said = [s for s in _SPLIT.split(d.text) if any(w in norm(s) for w in asked)]
                if said:
                    return doc, d, "".join(s.strip() for s in said)
        for p in doc.paragraphs:
            for s in _SPLIT.split(p.text):
                flat = norm(s)
                if any(w in flat for w in asked) and (not items or any(k in flat for k in items)):
                    return doc, p, s.strip()
    return None


def claims(plan: Plan, ctx: Context) -> bool:
    return bool(asked_rates(plan))


def answer(plan: Plan, ctx: Context) -> Answer | None:
    """The stated rate, quoted with its citation."""
    found = stated(plan, ctx.docs)
    if found is None:
        return None
    doc, where, sentence = found
    if isinstance(where, Definition):
        b = Builder(plan.question, "definition")
        cid = definition_citation(b, doc, where)
        b.say(f"按名词解释，{where.term}：{b.quoted(sentence, cid)}[{cid}]")
    else:
        b = Builder(plan.question, "explain")
        cid = paragraph_citation(b, doc, where, sentence)
        b.say(f"文件说明：{b.quoted(sentence, cid)}[{cid}]")
    return b.answer()
