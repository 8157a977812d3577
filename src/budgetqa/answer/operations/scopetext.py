"""Whether a scope with a table of its own (政府性基金, 国有资本经营 …) has money, when the document prints no such
table but its narrative speaks of it ("5.政府性基金支出比去年增加 109.5 万元。")."""

from __future__ import annotations

import re

from ...models import Answer
from ..finding import narrative
from ..writing.compose import Builder, paragraph_citation
from ..question.context import Context
from ..question.plan import Plan
from ..question.text import norm
from ..question.vocab import vocab

NONE = re.compile(r"无|为0(?![.\d])|(?<![\d.,])0(?:\.0+)?万?元")  # "无…预算", "…为0", "0 万元"
_AMOUNT = re.compile(r"\d[\d,]*(?:\.\d+)?\s*(?:万元|亿元|元)")
_QUOTES = str.maketrans("", "", "“”‘’\"'")


def stated_scope(plan: Plan, ctx: Context, kind: str) -> Answer | None:
    """ "有没有政府性基金支出" without that table: the first sentence naming the scope with an amount or a "无" answers
    it, quoted and cited (a sentence naming it without either, e.g. a duty "负责政府性基金管理", does not)."""
    words = [norm(c) for sc in vocab().scopes if kind in sc.kinds[:1] for c in sc.cues if not c.isascii()]
    if not words:
        return None
    name = vocab().scope_names.get(kind, kind)
    for doc in ctx.docs:
        for para in doc.paragraphs:
            for sentence in narrative.sentences(para.text):
                flat = norm(sentence).translate(_QUOTES)
                if not any(w in flat for w in words):
                    continue
                none, amount = NONE.search(sentence), _AMOUNT.search(sentence)
                if not (none or amount):
                    continue
                b = Builder(plan.question, "existence")
                cid = paragraph_citation(b, doc, para, sentence)
                verdict = "没有" if none and not amount else "有"
                b.say(f"{verdict}。文件没有{name}表，正文说明：{b.quoted(sentence, cid)}[{cid}]")
                return b.answer()
    return None
