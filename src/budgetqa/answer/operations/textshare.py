"""Shares of figures only the narrative states ("政府采购服务预算占政府采购预算的比例"): the part's and the whole's
amounts are read from one sentence that names both ("政府采购预算1,708.03万元，其中：…政府采购服务预算1,665.53万元"),
and the share is computed with its formula shown."""

from __future__ import annotations

import re

from ...models import Answer, Disclosure
from ..writing.compose import Builder, paragraph_citation
from ..finding.narrative import Passage, content_grams, sentences
from .stated import cover
from ..question.text import fmt, norm, to_decimal

_PAIR = re.compile(r"([^\d，,、；;：:。（）()]{2,}?)(?:为|是)?(\d[\d,]*(?:\.\d+)?)\s*(万元|亿元|元)")
MIN_COVER = 0.6  # share of the part's (whole's) words its label in the sentence must hold


def narrative_share(question: str, part_text: str, whole_text: str, docs: tuple[Disclosure, ...]) -> Answer | None:
    """part ÷ whole from the first sentence naming both with an amount each, or None."""
    part, whole = content_grams(part_text), content_grams(whole_text)
    if not part or not whole:
        return None
    best: tuple[float, Passage, tuple, tuple] | None = None
    for doc in docs:
        for para in doc.paragraphs:
            for sentence in sentences(para.text):
                pairs = [(m.group(1), m.group(2), m.group(3)) for m in _PAIR.finditer(norm(sentence))]
                num = _best(pairs, part)
                # a part never exceeds its whole: only amounts at least the part's can be the whole
                den = _best(
                    [p for p in pairs if num and p is not num[1] and to_decimal(p[1]) >= to_decimal(num[1][1])], whole
                )
                if num is None or den is None or num[1] is den[1] or num[1][2] != den[1][2]:
                    continue
                score = num[0] + den[0]
                if best is None or score > best[0]:
                    best = (score, Passage(doc, para, sentence), num[1], den[1])
    if best is None:
        return None
    _, passage, (n_label, n_text, unit), (d_label, d_text, _) = best
    n_label, d_label = (re.sub(r"^年度?", "", x) for x in (n_label, d_label))  # the 年 left of "2023年…"
    a, z = to_decimal(n_text), to_decimal(d_text)
    if not z:
        return None
    pct = a / z * 100
    b = Builder(question, "share")
    cid = paragraph_citation(b, passage.doc, passage.paragraph, passage.text)
    b.say(
        f"文件说明：{b.quoted(passage.text, cid)}[{cid}]{n_label} {n_text} {unit} 占 {d_label} {d_text} {unit}："
        f"{n_text} ÷ {d_text} = {b.figure(fmt(pct, 2, False), '%', cid, pct)}（按文件数字计算）。"
    )
    return b.answer()


def _best(pairs: list[tuple[str, str, str]], grams: set[str]) -> tuple[float, tuple[str, str, str]] | None:
    """The (label, amount, unit) whose label holds the most of ``grams`` (ties: the shortest label)."""
    scored = [(cover(grams, label), -len(label), p) for p in pairs for label in (p[0],)]
    scored = [s for s in scored if s[0] >= MIN_COVER]
    if not scored:
        return None
    top = max(scored)
    return top[0], top[2]
