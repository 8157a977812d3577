"""Whether a passage or fact can answer what the question asks: the kind of figure (money, a percent, a count of
something) and the year.

Text found by shared words is only an answer when it shows a figure of the kind asked, for a year asked: "中心有多少
在职职工" is not answered by a definition that merely mentions 在职职工, nor "2022年…是多少" by a 2023 sentence."""

from __future__ import annotations

import re

from .plan import Plan
from .text import norm
from .vocab import vocab

_MONEY = re.compile(r"\d[\d,]*(?:\.\d+)?\s*(?:万元|亿元|元)")
_PERCENT = re.compile(r"\d+(?:\.\d+)?\s*(?:%|百分比)")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_QUANTITY = re.compile(r"(多少|几)(.?)")
_ABSENCE = re.compile("|".join(re.escape(w) + r"(?![偿法论])" for w in vocab().cues["absence_words"]))


def asked_figure(question: str) -> str | None:
    """ "count", "money" or "percent" when the question asks for a figure of that kind, else None."""
    text, cues = norm(question), vocab().cues
    for m in _QUANTITY.finditer(text):
        after = m.group(2)
        if text[max(m.start() - 1, 0) : m.start()] == "哪":
            continue  # 哪几类 / 哪几项 ask for a list, not a count
        if after and (
            after in cues["count_words"]
            or after not in cues["not_nouns"]
            and _is_cjk(after)
            and not any(text.startswith(w, m.start()) for w in cues["asks_money"])
        ):
            return "count"
    if any(w in text for w in cues["asks_percent"]):
        return "percent"
    amount = text.replace("哪几", "")
    if any(norm(w) in text for w in cues["asks_money"]) and any(norm(w) in amount for w in cues["value_cues"]):
        return "money"  # an amount asked of money words; "收入包括哪几类" asks for a list
    return None


def asks_amount(question: str) -> bool:
    """Whether the question asks how much or how many at all (多少, 几, 金额 …)."""
    text = norm(question).replace("哪几", "")
    return any(norm(w) in text for w in vocab().cues["value_cues"])


def count_unit(question: str) -> str | None:
    """The classifier a count question names ("几辆" → 辆), if any."""
    text, words = norm(question), vocab().cues["count_words"]
    return next(
        (
            m.group(2)
            for m in _QUANTITY.finditer(text)
            if m.group(2) in words and text[max(m.start() - 1, 0) : m.start()] != "哪"
        ),
        None,
    )


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def shows(kind: str | None, text: str) -> bool:
    """Whether ``text`` prints a figure of the kind asked, or says there is none (any text does when nothing
    particular is asked)."""
    flat = norm(text)
    if kind is not None and _ABSENCE.search(flat):
        return True
    if kind == "money":
        return bool(_MONEY.search(flat))
    if kind == "percent":
        return bool(_PERCENT.search(flat))
    if kind == "count":
        units = "".join(vocab().cues["count_words"])
        return bool(re.search(rf"\d+\s*[{re.escape(units)}]", flat))
    return True


def years_fit(plan: Plan, text: str, doc_year: int | None) -> bool:
    """A text naming years answers a question about another year only if it names that year too; a text naming
    none speaks of its document's own year."""
    if not plan.years:
        return True
    named = {int(y) for y in _YEAR.findall(norm(text))}
    if named:
        return bool(named & set(plan.years))
    return doc_year is None or doc_year in plan.years


def answers(plan: Plan, text: str, doc_year: int | None) -> bool:
    """Both tests at once: the figure kind asked and the year asked."""
    return shows(asked_figure(plan.question), text) and years_fit(plan, text, doc_year)
