"""What a total is made of, as the narrative states it ("收入预算由哪几部分构成" → "收入预算557,259.13万元，其中：财政
拨款收入…占41.43%；事业收入…"): the sentence giving the subject's amount and then its parts, quoted."""

from __future__ import annotations

import re

from ...models import Answer
from ..writing import composition
from ..writing.composition import parts_chart
from ..writing.compose import Builder, paragraph_citation
from ..question.context import Context
from ..finding.narrative import sentences
from ..question.plan import Plan
from ..question.text import norm

_SUBJECT = re.compile(
    r"^(?:(?:19|20)\d{2}年度?)?(?:的)?(.{2,12}?)(?:由哪|由什么|包括哪|包含哪|分为哪|有哪|是哪|主要有|的构成|"
    r"构成|的组成|组成)"
)
_PARTS = re.compile(r"\d[\d,]*(?:\.\d+)?\s*万?元[,，]?\s*其中")


def stated_parts(plan: Plan, ctx: Context) -> Answer | None:
    """The narrative sentence stating the subject's amount followed by "其中" and its parts, or None."""
    asked = norm(plan.question)
    for d in ctx.docs:  # "西南大学2024年收入预算由哪几部分构成": the body and the year are not the subject
        if d.unit_name:
            asked = asked.replace(norm(d.unit_name), "")
    m = _SUBJECT.search(re.sub(r"^(?:(?:19|20)\d{2}年度?)?的?", "", asked))
    if m is None:
        return None
    subject = m.group(1)
    for doc in ctx.docs:
        for para in doc.paragraphs:
            for sentence in _joined(sentences(para.text)):
                flat = norm(sentence)
                pos = flat.find(subject)
                if pos >= 0 and _PARTS.match(flat[pos + len(subject) :]):
                    b = Builder(plan.question, "children")
                    cid = paragraph_citation(b, doc, para, sentence)
                    b.say(f"文件说明：{b.quoted(sentence, cid)}[{cid}]")
                    chart = parts_chart(subject, [(n, v, u, cid) for n, v, u in composition.stated_parts(sentence)])
                    return b.answer().model_copy(update={"chart": chart})
    return None


def _joined(sents: list[str]) -> list[str]:
    """Sentences of a paragraph, each with the rest of its "其中：a；b；c" list (split at the semicolons) attached."""
    return ["".join(sents[i:]) if "其中" in s else s for i, s in enumerate(sents)]
