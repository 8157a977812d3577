"""Counts and absences the 说明 states: "公务接待 2 批次、26 人次", "安排购置车辆 0 辆", "团组 0 个",
"无“三公”经费财政拨款支出", "无机关运行经费". The sentence is the answer (with its quote): a statement of absence
beats a table's 0 or an unrelated row, and a count is read with its unit, never as an amount.
"""

from __future__ import annotations

import re

from ...models import Answer, Fact
from ..question import asked
from ..writing.compose import Builder
from ..question.context import Context
from ..finding.narrative import sentences, written
from ..question.plan import Plan
from ..question.text import name_key, norm
from ..question.vocab import vocab

_ASKED_UNIT = re.compile(r"(?:几|多少)(批次|批|人次|辆|台|套|个|项|名|人|次|处)")
_EXISTENCE = re.compile(r"吗|有没有|有无|是否|没有")
_WHOLE = 100  # narrative.written's score of a subject written whole
_SPECIFIC = ("批次", "人次", "辆", "台", "套")  # a count unit that says what is counted by itself
# "有多少专任教师", "几名博士生导师": the thing counted, written after the count word (its classifier optional)
_COUNTED = re.compile(r"(?:几|多少)(?:个|名|位)?([\u4e00-\u9fff]{2,12})")


def _units_asked(question: str) -> list[str]:
    return [m.group(1) for m in _ASKED_UNIT.finditer(norm(question))]


def _fits(asked_unit: str, unit: str) -> bool:
    """ "几批" asks 批次; "多少人次" 人次; "几个" 个 (a stated 人次 is no answer to "几个人"); "几名" and "几位"
    count people, stated in 人."""
    people = vocab().cues["people_classifiers"]
    return (
        unit == asked_unit
        or unit == asked_unit + "次"
        or (asked_unit == "次" and unit.endswith("次"))
        or (asked_unit in people and unit == "人")
    )


def _names_counted(units: list[str]) -> bool:
    """ "几批、多少人次、几辆" name what they count by their unit alone."""
    return any(u in (*_SPECIFIC, "批") for u in units)


def _counted_things(question: str) -> list[str]:
    """What a count question counts, as written after its count word ("有多少专任教师" → 专任教师)."""
    return [m.group(1) for m in _COUNTED.finditer(norm(question))]


def _counts_subject(subject: str, things: list[str]) -> bool:
    """A stated count's subject is the thing asked: the whole subject written ("多少教授" of 教授), or four of its
    characters in a row ("多少专任教师" of 现有专任教师)."""
    return any(written(subject, t) >= 4 or (len(subject) >= 2 and subject in t) for t in things)


def claims(plan: Plan, ctx: Context) -> bool:
    """A count asked (几批、多少人次、几辆) or whether something exists; cheap: reads the question only."""
    if units := _units_asked(plan.question):
        # "几批、多少人次、几辆" name what they count; a bare "几个" is first a 概况 or 绩效目标 count
        # "其中教授有多少人" reads as a 绩效 count (多少人): a stated count whose whole subject it names answers it
        kinds = ("value", "existence", "compare", "explain", "performance")
        return _names_counted(units) or plan.kind in kinds
    if plan.kind == "explain" and _counted_things(plan.question):
        return True  # "有多少专任教师": a count of a thing the narrative may state
    return plan.kind in ("value", "existence", "explain", "compare") and (
        _EXISTENCE.search(plan.question) is not None or plan.kind in ("value", "existence")
    )


def _stems(text: str) -> list[str]:
    """The words an everyday question word stands for ("买车" → 购置车辆, 车辆), longest first."""
    return [s for word, stems in vocab().org_facts if len(word) >= 2 and word in text for s in stems]


def _subject(fact: Fact) -> str:
    return name_key(fact.subject).translate(str.maketrans("", "", "()（）"))


def _score(fact: Fact, text: str, units: list[str], stems: list[str]) -> int:
    subject = _subject(fact)
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
    units = _units_asked(plan.question)
    # a follow-up whose unit names nothing ("其中教授有多少人" after "有多少专任教师") names its subject in its own
    # words; "其中应急保障用车几辆" (辆 names the thing) is left to the 概况 count of the item
    own = plan.followup and not _names_counted(units)
    asked_text = f"{plan.text}，{plan.question}" if own else plan.text
    text = name_key(asked_text).translate(str.maketrans("", "", "()（）"))
    things = [] if units else _counted_things(plan.question)
    # claimed only as a 绩效-like count ("多少人"): a stated count answers it when it names the subject whole
    strict = plan.kind == "performance" and not _names_counted(units)
    stems = _stems(text)
    chosen: list[Fact] = []
    for wanted in units or [None]:
        best: tuple[int, Fact] | None = None
        for d in ctx.docs:
            for f in store.of_doc(d.id):
                if f.source != "narrative" or f.measure not in ("数量", "有无") or f.value is None:
                    continue
                counted = f.measure == "数量" and _counts_subject(_subject(f), things)
                if f.measure == "数量" and not units and not counted and not _EXISTENCE.search(plan.question):
                    continue
                score = written(_subject(f), text) if counted else _score(f, text, [wanted] if wanted else [], stems)
                if strict and score < _WHOLE:
                    continue  # an indicator's count ("培训多少人") unless a stated count's whole subject is named
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
