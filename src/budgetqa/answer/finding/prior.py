"""An earlier year's figure the narrative implies: "财政拨款收入17,192万元，比2024年预算减少990万元" gives 2024's as
17,192 + 990 = 18,182 万元, computed with its formula shown (no table prints the earlier year)."""

from __future__ import annotations

import re
from decimal import Decimal

from ...models import Answer, Disclosure, Paragraph
from ..writing.compose import Builder, paragraph_citation
from ..question.context import Context
from .narrative import mentions_in
from ..question.plan import Plan
from ..question.text import fmt, norm, to_decimal

_NUM = r"(\d[\d,]*(?:\.\d+)?)"
_UP, _DOWN = ("增加", "增长", "上升"), ("减少", "下降", "降低")


def stated_prior(question: str, keys: tuple[str, ...], year: int, doc: Disclosure) -> Answer | None:
    """``year``'s amount of the item named by ``keys``, from this year's amount and the stated change, or None."""
    if not doc.year or year >= doc.year:
        return None
    base = rf"(?:{year}年|上年|上一年|去年)" if year == doc.year - 1 else rf"{year}年"
    for key in keys:
        pattern = re.compile(
            re.escape(key) + rf"(?:预算数?|为|是)*{_NUM}(万元|元)[,，]?(?:比|较){base}[^,，;；。]*?"
            rf"({'|'.join(_UP + _DOWN)}){_NUM}(万元|元)"
        )
        for para, sents, i in mentions_in(doc, (key,)):
            m = pattern.search(norm(sents[i]))
            if m is None or m.group(2) != m.group(5):
                continue
            now, change = to_decimal(m.group(1)), to_decimal(m.group(4))
            before = now + change if m.group(3) in _DOWN else now - change
            return _say(question, doc, para, sents[i], m, before, year)
    return None


def _say(
    question: str, doc: Disclosure, para: Paragraph, sentence: str, m: re.Match, before: Decimal, year: int
) -> Answer:
    b = Builder(question, "value")
    cid = paragraph_citation(b, doc, para, sentence)
    op = "+" if m.group(3) in _DOWN else "−"
    decimals = len(m.group(1).split(".")[1]) if "." in m.group(1) else 0
    shown = fmt(before, decimals, "," in m.group(1) or before >= 1000)
    b.say(
        f"文件说明：{b.quoted(sentence, cid)}[{cid}]按此推算，{year}年为 {m.group(1)} {op} {m.group(4)} = "
        f"{b.figure(shown, m.group(2), cid, before)}（文件未直接列出{year}年的数字）。"
    )
    return b.answer()


def prior_answer(plan: Plan, ctx: Context) -> Answer | None:
    """For a value question about one earlier year that no table covers: the amount the stated change implies."""
    if plan.kind != "value" or not plan.mentions:
        return None
    doc = ctx.doc
    years = set(plan.years) | {doc.year + r for r in plan.relative if doc.year}
    if len(years) != 1:
        return None
    keys = tuple(
        dict.fromkeys(
            k for m in plan.mentions for k in (*m.keys, norm(m.text)) if len(k) >= 2 and not k.startswith("table:")
        )
    )
    return stated_prior(plan.question, keys, years.pop(), doc)
