"""A whole 概况 list of duties asked for ("主要职责有哪些", "主要职能是什么"): every item of the list fact the
question's words point to, each cited. Lists of names (处室) keep the org answer, which quotes the list with its
stated count; a count question ("几项职责") is left to the org answer too."""

from __future__ import annotations

from ...models import Answer, Disclosure, OrgFact
from ..question import asked
from ..question.context import Context
from .orgitems import item_citation
from ..question.plan import Plan
from ..writing.compose import Builder
from ..question.vocab import vocab

_ITEM_LIMIT = 60  # characters of an item shown; the citation quotes it in full
_SENTENCE_ITEMS = 20  # a list whose items average more characters than this holds sentences (duties), not names


def org_list(plan: Plan, ctx: Context) -> Answer | None:
    """The items of the list the question names by a 概况 word (职责, 处室 …), when it asks what, not how many."""
    if plan.mentions or asked.count_unit(plan.question) is not None or _counts(plan.text):
        return None
    facts = _named_lists(plan.text, ctx)
    if not facts:
        return None
    doc, fact = facts[0]
    b = Builder(plan.question, "org")
    shown = []
    for item in fact.items:
        cid = item_citation(b, doc, fact, item)
        short = item if len(item) <= _ITEM_LIMIT else item[:_ITEM_LIMIT] + "……"
        shown.append(f"{short}[{cid}]")
    b.say(f"文件所列{fact.key.removesuffix('数')}共 {len(fact.items)} 项：" + "；".join(shown))
    return b.answer()


def _counts(text: str) -> bool:
    return any(w in text for w in ("几", "多少"))


def _named_lists(text: str, ctx: Context) -> list[tuple[Disclosure, OrgFact]]:
    """Duty-like list facts whose key holds a stem of an org word in ``text`` (question_scopes.json org_facts)."""
    stems = [s for word, ss in vocab().org_facts if len(word) >= 2 and word in text for s in ss]
    return [
        (d, f)
        for s in stems
        for d in ctx.docs
        for f in d.org_facts
        if f.items and s in f.key and sum(map(len, f.items)) / len(f.items) > _SENTENCE_ITEMS
    ]
