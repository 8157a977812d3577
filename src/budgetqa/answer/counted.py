"""Counts and absences the 说明 states: "公务接待 2 批次、26 人次", "安排购置车辆 0 辆", "团组 0 个",
"无“三公”经费财政拨款支出", "无机关运行经费". The sentence is the answer (with its quote): a statement of absence
beats a table's 0 or an unrelated row, and a count is read with its unit, never as an amount.
"""

from __future__ import annotations

import re

from ..models import Answer, Fact
from . import asked
from .compose import Builder
from .context import Context
from .narrative import sentences, written
from .plan import Plan
from .text import name_key, norm
from .vocab import vocab

_ASKED_UNIT = re.compile(r"(?:几|多少)(批次|批|人次|辆|台|套|个|项|名|人|次|处)")
_EXISTENCE = re.compile(r"吗|有没有|有无|是否|没有")
_SPECIFIC = ("批次", "人次", "辆", "台", "套")  # a count unit that says what is counted by itself


def _units_asked(question: str) -> list[str]:
    return [m.group(1) for m in _ASKED_UNIT.finditer(norm(question))]


def _fits(asked_unit: str, unit: str) -> bool:
    """ "几批" asks 批次; "多少人次" 人次; "几个" 个 (a stated 人次 is no answer to "几个人")."""
    return unit == asked_unit or unit == asked_unit + "次" or (asked_unit == "次" and unit.endswith("次"))


def claims(plan: Plan, ctx: Context) -> bool:
    """A count asked (几批、多少人次、几辆) or whether something exists; cheap: reads the question only."""
    if units := _units_asked(plan.question):
        # "几批、多少人次、几辆" name what they count; a bare "几个" is first a 概况 or 绩效目标 count
        return any(u in (*_SPECIFIC, "批") for u in units) or plan.kind in ("value", "existence", "compare", "explain")
    return plan.kind in ("value", "existence", "explain", "compare") and (
        _EXISTENCE.search(plan.question) is not None or plan.kind in ("value", "existence")
    )


def _stems(text: str) -> list[str]:
    """The words an everyday question word stands for ("买车" → 购置车辆, 车辆), longest first."""
    return [s for word, stems in vocab().org_facts if len(word) >= 2 and word in text for s in stems]


def _score(fact: Fact, text: str, units: list[str], stems: list[str]) -> int:
    subject = name_key(fact.subject).translate(str.maketrans("", "", "()（）"))
    said = max(written(subject, text), max((len(s) for s in stems if s in subject), default=0))
    if fact.measure == "有无":
        return said if said >= 4 else 0  # an absence answers only a question naming what is absent
    if units:
        if not any(_fits(u, fact.unit) for u in units):
            return 0
        # "几个出国团组": the thing counted, written after the unit, is what the subject ends with (团组)
        counted = re.search(rf"(?:{'|'.join(units)})([\u4e00-\u9fff]{{2,6}})", text)
        if counted and subject.endswith(counted.group(1)[-2:]):
            said = max(said, 4)
        return said if said >= 4 or (said >= 2 and fact.unit in _SPECIFIC) else 0
    return said if said >= 4 and fact.value == 0 else 0  # "打算买车吗": a stated 0 says no


def answer(plan: Plan, ctx: Context) -> Answer | None:
    store = ctx.library.fact_store()
    text = name_key(plan.text).translate(str.maketrans("", "", "()（）"))
    units = _units_asked(plan.question)
    stems = _stems(text)
    chosen: list[Fact] = []
    for wanted in units or [None]:
        best: tuple[int, Fact] | None = None
        for d in ctx.docs:
            for f in store.of_doc(d.id):
                if f.source != "narrative" or f.measure not in ("数量", "有无") or f.value is None:
                    continue
                if f.measure == "数量" and not units and not _EXISTENCE.search(plan.question):
                    continue
                score = _score(f, text, [wanted] if wanted else [], stems)
                if score and (best is None or score > best[0]):
                    best = (score, f)
        if best is not None and best[1] not in chosen:
            chosen.append(best[1])
    if not chosen:
        return None
    b = Builder(plan.question, "existence" if any(f.measure == "有无" for f in chosen) else "value")
    quotes: list[str] = []
    for f in chosen:
        doc = next(d for d in ctx.docs if d.id == f.doc_id)
        quote = "".join(sentences(f.quote))
        if quote in quotes:
            continue
        quotes.append(quote)
        cid = b.cite(doc, f.locator, f.page, quote)
        lead = "没有。" if f.measure == "有无" or (f.value == 0 and asked.count_unit(plan.question) is None) else ""
        b.say(f"{lead}文件说明：{b.quoted(quote, cid)}[{cid}]")
    return b.answer()
