"""One named item of a 概况 list: the n-th duty ("第十项职责"), or the 处室 whose name holds the question's topic
("负责职业年金的是哪个处室" → 职业年金管理处). The list's quote is cited; nothing is counted or guessed."""

from __future__ import annotations

import re

from ...models import Answer, Disclosure, OrgFact
from ..writing.compose import Builder, org_citation
from ..question.plan import Plan
from ..question.text import norm
from ..question.vocab import vocab

_ORDINAL = re.compile(r"第([一二三四五六七八九十百\d]+)(?:项|条|个|点)")
_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
_SHORT_ITEM = 20  # list items longer than this are sentences (duties), not names
MIN_RUN = 3  # characters of an item's name the question must share to pick it


def chinese_number(text: str) -> int | None:
    """ "十" → 10, "十一" → 11, "二十三" → 23, "7" → 7."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return _DIGITS.get(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    t = _DIGITS.get(tens, 0) if tens else 1
    o = _DIGITS.get(ones, 0) if ones else 0
    return t * 10 + o


def item_answer(plan: Plan, facts: list[tuple[Disclosure, OrgFact]], stems: list[str]) -> Answer | None:
    """The n-th item of the fact the question's words point to, or the short item naming the question's topic."""
    listed = [(d, f) for d, f in facts if f.items]
    if not listed:
        return None
    m = _ORDINAL.search(plan.text)
    if m:
        n = chinese_number(m.group(1))
        chosen = next(((d, f) for s in stems for d, f in listed if s in f.key), None)
        if chosen and n and 1 <= n <= len(chosen[1].items):
            doc, fact = chosen
            b = Builder(plan.question, "org")
            cid = item_citation(b, doc, fact, fact.items[n - 1])
            b.say(f"{fact.key.removesuffix('数')}的第{m.group(1)}项是：{fact.items[n - 1]}[{cid}]")
            return b.answer()
    named = named_items(plan, listed)
    if named:
        doc, fact, _ = named[0]
        b = Builder(plan.question, "org")
        cid = org_citation(b, doc, fact)
        names = "、".join(i for _, _, i in named)
        b.say(f"有。{names}是文件所列{fact.key.removesuffix('数')}之一[{cid}]：{b.quoted(fact.quote, cid)}")
        return b.answer()
    if not any(w in plan.text for w in vocab().cues["org_which"]):
        return None
    return _which_item(plan, listed)


def named_items(plan: Plan, listed: list[tuple[Disclosure, OrgFact]]) -> list[tuple[Disclosure, OrgFact, str]]:
    """Short list items the question names exactly, when it asks whether they exist ("有没有预算处")."""
    if "existence" not in plan.cues:
        return []
    return [(d, f, i) for d, f in listed for i in f.items if 2 <= len(norm(i)) <= _SHORT_ITEM and norm(i) in plan.text]


def item_citation(b: Builder, doc: Disclosure, fact: OrgFact, item: str) -> int:
    """The list item itself as the quote (the fact's own quote may elide the list)."""
    locator = " › ".join(fact.section) if fact.section else "概况"
    return b.cite(doc, locator, fact.page, item)


def _which_item(plan: Plan, listed: list[tuple[Disclosure, OrgFact]]) -> Answer | None:
    text = plan.text
    for w in vocab().cues["org_which"]:
        text = text.replace(w, "，")
    best: list[tuple[int, Disclosure, OrgFact, str]] = []
    for doc, fact in listed:
        for item in fact.items:
            if len(item) > _SHORT_ITEM:
                continue
            run = _longest_run(text, norm(item))
            if run >= MIN_RUN:
                best.append((run, doc, fact, item))
    if not best:
        return None
    top = max(r for r, *_ in best)
    chosen = [(d, f, i) for r, d, f, i in best if r == top]
    b = Builder(plan.question, "org")
    doc, fact, _ = chosen[0]
    cid = org_citation(b, doc, fact)
    names = "、".join(i for _, _, i in chosen)
    b.say(
        f"按名称看，对应的是{names}[{cid}]（文件所列{fact.key.removesuffix('数')}之一；文件未逐一说明各处室的分工）。"
    )
    return b.answer()


def _longest_run(text: str, name: str) -> int:
    best = 0
    for i in range(len(name)):
        for j in range(len(name), i + best, -1):
            if name[i:j] in text:
                best = j - i
                break
    return best
