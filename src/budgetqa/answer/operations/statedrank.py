"""Ranking by the changes the 说明 states per item, where no table prints last year's figures ("哪个项级科目比2023年
增长最快" over a 决算 whose table has only this year): every sentence "X（code），…比 2023 年度决算数增长 P%" gives one
item's rate; the largest (or smallest) is quoted, with the runners-up."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ...models import Answer, Disclosure, Paragraph
from ..finding import columns as cols
from ..writing.compose import Builder, paragraph_citation
from ..question.context import Context
from ..finding.narrative import sentences
from ..question.plan import Plan
from ..question.text import norm, to_decimal
from ..question.vocab import vocab

_RATE = re.compile(
    r"(?P<name>[\u4e00-\u9fff（）()、]{2,40}?)[（(](?P<code>\d{3,7})[）)].{0,60}?比(?:(?:19|20)\d{2}年度?|上年|去年)"
    r"[^，,。；;]{0,8}?(?P<dir>增长|增加|降低|减少|下降)(?P<pct>\d+(?:\.\d+)?)%"
)
_DOWN = ("降低", "减少", "下降")
_LEVEL_DIGITS = {"类": 3, "款": 5, "项": 7}
SHOWN = 3  # runners-up listed after the first


@dataclass(frozen=True)
class Stated:
    name: str
    code: str
    rate: Decimal
    doc: Disclosure
    paragraph: Paragraph
    sentence: str


def claims_stated_rank(plan: Plan, ctx: Context) -> bool:
    return plan.kind == "rank" and bool({"增减额", "增减率"} & set(plan.measures))


def stated_rank(plan: Plan, ctx: Context) -> Answer | None:
    if any(_prints_change(d) for d in ctx.docs):
        return None  # a table prints the change or last year's figures: the table ranking answers
    found = [s for d in ctx.docs for s in _stated(d)]
    digits = _LEVEL_DIGITS.get(plan.level or "")
    if digits:
        found = [s for s in found if len(s.code) == digits]
    if len(found) < 2:
        return None
    text = norm(plan.question)
    lowest = any(w in text for w in (*vocab().cues["rank_min"], *vocab().cues["decrease_words"]))
    ranked = sorted(found, key=lambda s: s.rate, reverse=not lowest)
    b = Builder(plan.question, "rank")
    top = ranked[0]
    cid = paragraph_citation(b, top.doc, top.paragraph, top.sentence)
    b.say(
        f"按文件说明所列各科目的变动，{'降幅最大' if lowest else '增长最快'}的是{top.name}（{top.code}）："
        f"{b.quoted(top.sentence, cid)}[{cid}]"
    )
    rest = []
    for s in ranked[1 : 1 + SHOWN]:
        sid = paragraph_citation(b, s.doc, s.paragraph, s.sentence)
        rest.append(f"{s.name}（{s.code}）{b.figure(f'{s.rate:+.2f}'.replace('+', ''), '%', sid, s.rate)}[{sid}]")
    if rest:
        b.say("其次：" + "；".join(rest) + "。")
    return b.answer()


def _prints_change(doc: Disclosure) -> bool:
    """Some table of the document prints a change column or an earlier year's figures."""
    for table in doc.tables:
        for c in cols.infos(table):
            if c.change or (c.year is not None and doc.year is not None and c.year < doc.year):
                return True
    return False


def _stated(doc: Disclosure) -> list[Stated]:
    out: list[Stated] = []
    seen: set[str] = set()
    for para in doc.paragraphs:
        for sentence in sentences(para.text):
            flat = norm(sentence)
            for m in _RATE.finditer(flat):
                code = m.group("code")
                rate = to_decimal(m.group("pct"))
                if rate is None or code in seen:
                    continue
                seen.add(code)
                name = re.sub(r"^[\d.、]+", "", m.group("name")).strip("（()）")
                signed = -rate if m.group("dir") in _DOWN else rate
                out.append(Stated(name, code, signed, doc, para, sentence))
    return out
