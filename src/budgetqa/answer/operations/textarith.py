"""Sums and differences of figures only the narrative states ("政府采购里服务比货物多多少"): both amounts are read
from one sentence that names both items ("…其中：政府采购货物预算7.00万元、政府采购服务预算66.00万元"), and the result
is computed with its formula shown."""

from __future__ import annotations

import re

from ...models import Answer
from ..writing.compose import Builder, paragraph_citation
from ..writing.phrase import more_or_less
from ..question.context import Context
from ..finding.narrative import Passage, content_grams, sentences
from ..question.plan import Plan
from .stated import cover
from ..question.text import fmt, norm, to_decimal
from .textshare import _PAIR, MIN_COVER
from ..question.vocab import vocab

_SCOPE = re.compile(r"^(.{2,}?)(?:里面|当中|里|中|的)(?=.{2,}(?:比|和|与|及|加))")
_JOINS = {"diff": re.compile(r"比"), "sum": re.compile(r"加上|和|与|及|跟|同")}
SCOPE_COVER = 0.5  # share of the scope's words ("政府采购") the sentence must hold


def asked_items(plan: Plan) -> tuple[str, str, str] | None:
    """(scope, first item, second item) of "[scope里]A比B多多少" / "A和B加起来多少", or None."""
    op = plan.op or ("sum" if "arith_sum" in plan.cues and "arith_diff" not in plan.cues else "diff")
    text = norm(plan.question).rstrip("?？。!！")
    for cue in sorted(vocab().kinds["arith_sum"] + vocab().kinds["arith_diff"], key=len, reverse=True):
        if not cue.isascii() and cue in text:
            text = text.split(cue, 1)[0]
            break
    scope_match = _SCOPE.match(text)
    scope = scope_match.group(1) if scope_match else ""
    body = text[scope_match.end() :] if scope_match else text
    parts = _JOINS[op].split(body, maxsplit=1)
    if len(parts) != 2 or not all(content_grams(p) for p in parts):
        return None
    return scope, parts[0], parts[1]


def text_arith(plan: Plan, ctx: Context) -> Answer | None:
    """A − B (or A + B) from the first sentence stating both amounts in the same unit."""
    asked = asked_items(plan)
    if asked is None:
        return None
    scope, first, second = asked
    op = "sum" if "arith_sum" in plan.cues and "arith_diff" not in plan.cues else "diff"
    grams_a, grams_b, grams_s = content_grams(first), content_grams(second), content_grams(scope)
    for doc in ctx.docs:
        for para in doc.paragraphs:
            for sentence in sentences(para.text):
                if grams_s and cover(grams_s, sentence) < SCOPE_COVER:
                    continue
                pairs = [(m.group(1), m.group(2), m.group(3)) for m in _PAIR.finditer(norm(sentence))]
                a = _best(pairs, grams_a)
                b_ = _best([p for p in pairs if p is not a], grams_b) if a else None
                if a is None or b_ is None or a[2] != b_[2]:
                    continue
                return _say(plan, Passage(doc, para, sentence), a, b_, op)
    return None


def _best(pairs: list[tuple[str, str, str]], grams: set[str]) -> tuple[str, str, str] | None:
    scored = [(cover(grams, p[0]), -len(p[0]), i) for i, p in enumerate(pairs)]
    scored = [s for s in scored if s[0] >= MIN_COVER]
    return pairs[max(scored)[2]] if scored else None


def _say(plan: Plan, passage: Passage, a: tuple[str, str, str], b_: tuple[str, str, str], op: str) -> Answer:
    (a_label, a_text, unit), (b_label, b_text, _) = a, b_
    x, y = to_decimal(a_text), to_decimal(b_text)
    decimals = len(a_text.split(".")[1]) if "." in a_text else 0
    commas = "," in a_text or "," in b_text
    b = Builder(plan.question, "arith")
    cid = paragraph_citation(b, passage.doc, passage.paragraph, passage.text)
    b.say(f"文件说明：{b.quoted(passage.text, cid)}[{cid}]")
    if op == "sum":
        total = x + y
        b.say(
            f"{a_label}与{b_label}合计：{a_text} + {b_text} = "
            f"{b.figure(fmt(total, decimals, commas), unit, cid, total)}（按文件数字计算）。"
        )
    else:
        diff = x - y
        b.say(
            f"{a_label}比{b_label}{more_or_less(diff, decimals, commas, unit)}（{a_text} − {b_text} = "
            f"{b.figure(fmt(diff, decimals, commas), unit, cid, diff)}，按文件数字计算）。"
        )
    return b.answer()
