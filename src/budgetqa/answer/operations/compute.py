"""The difference a question asks, computed over the figures its answer shows.

Whatever found the operands — two cells of one row, two rows of one table, one item in two tables, two amounts of
one narrative sentence — an answer that shows them but not their difference ("A比B多多少" answered with A and B)
gets the difference appended, with both operands and the formula. The operands are the shown figures whose labels
(the words printed before each figure) best match the question's two sides of 比; a question asking the part of
an item outside a scope ("不是…的部分") takes the item's two figures, larger less smaller; a gap asked without 比
("A和B各是多少？相差多少？") takes the figures its two named sides stand for, larger less smaller.

A completion rate asked ("完成了预算的百分之几", "完成率") over an answer that shows a budget (预算) and what was
spent (决算, 支出, 执行) but no rate gets the rate computed, spent ÷ budget, said to be computed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from collections.abc import Callable
from functools import cache

from ...models import Answer, Figure
from ...parse._text import load_data
from ..question import both
from ..finding.narrative import content_grams
from .stated import cover
from ..question.text import decimals_of, fmt, norm, to_decimal
from ..writing.phrase import more_or_less
from ..question.units import asked_unit, converted
from ..question.vocab import vocab

_MONEY = re.compile(r"(-?\d[\d,]*(?:\.\d+)?)\s*(亿元|万元|元)")
_BOUNDARY = re.compile(r"[。；;：:！!？?]")
_SIDES = re.compile(r"比(?![例重上去前较])")  # "A比B": not 比例, 比重, 比上年, 比去年
_FORMULA = re.compile(r"\d\s*[−\-+÷×]\s*\d[\d,.]*\s*=")
MIN_COVER = 0.5  # share of a side's words an operand's label must hold when the answer shows more than two figures


@dataclass(frozen=True)
class Shown:
    """A money figure as an answer prints it: the words before it, its text, unit and citation."""

    label: str
    text: str
    unit: str
    citation: int


@cache
def _forms() -> dict[str, tuple[re.Pattern[str], ...]]:
    data = load_data("question_cues.json")["operation_forms"]
    return {k: tuple(re.compile(p) for p in v) for k, v in data.items() if not k.startswith("_")}


def asked_operation(question: str) -> str | None:
    """ "diff" ("A比B多多少"), "complement" ("X中不是财政拨款的部分"), "rate" ("完成了预算的百分之几") or None."""
    text = norm(question)
    if any(p.search(text) for p in _forms()["complement"]) or any(w in text for w in vocab().kinds["complement"]):
        return "complement"
    if any(w in text for w in vocab().kinds["arith_diff"] if not w.isascii()):
        return "diff"
    if any(p.search(text) for p in _forms()["completion"]):
        return "rate"
    return None


def shown_figures(text: str) -> list[Shown]:
    """The money figures of an answer's text, each with the words printed before it (back to the previous figure
    or sentence mark) and the citation marker after it."""
    out: list[Shown] = []
    start = 0
    for m in _MONEY.finditer(text):
        before = text[start : m.start()]
        label = _BOUNDARY.split(before)[-1]
        cited = re.search(r"\[(\d+)\]", text[m.end() :])
        out.append(Shown(label, m.group(1), m.group(2), int(cited.group(1)) if cited else 0))
        start = m.end()
    return out


Lookup = Callable[[str], Answer]  # a question of its own, answered from the same documents


def complete(answer: Answer, question: str, lookup: Lookup | None = None) -> Answer:
    """``answer`` with the difference the question asks appended, when it shows both operands but not the result
    (a side it does not show is looked up as a question of its own); and with its first amount converted, when the
    question asks a unit none of its amounts is printed in."""
    if answer.status != "answered":
        return answer
    return _in_asked_unit(_with_operation(answer, question, lookup), question)


def _with_operation(answer: Answer, question: str, lookup: Lookup | None) -> Answer:
    op = asked_operation(question)
    if op is None or _FORMULA.search(answer.answer):
        return answer
    shown = [s for s in shown_figures(answer.answer) if to_decimal(s.text) is not None]
    if op == "rate":
        return _with_rate(answer, shown)
    if op == "diff" and _split(question) is None:
        gap = _gap(shown, question)
        return answer if gap is None else _with_difference(answer, *gap)
    pair = _whole_and_part(shown) if op == "complement" else _sides(shown, question)
    if pair is None and op == "diff" and lookup is not None:
        missing = _missing_side(shown, question)
        other = lookup(f"{missing}是多少") if missing else None
        if other is not None and other.status == "answered" and not _FORMULA.search(other.answer):
            joined = both.join(answer.question, answer, other)
            pair = _sides([s for s in shown_figures(joined.answer) if to_decimal(s.text) is not None], question)
            answer = joined if pair is not None else answer
    if pair is None:
        return answer
    return _with_difference(answer, *pair)


def _split(question: str) -> tuple[str, str] | None:
    """The two sides of "A比B多多少", B without the asking words."""
    text = norm(question)
    m = _SIDES.search(text)
    if m is None:
        return None
    left, right = text[: m.start()], text[m.end() :]
    for w in sorted(vocab().kinds["arith_diff"], key=len, reverse=True):
        right = right.split(w)[0] if w in right and not w.isascii() else right
    return left, right


def _missing_side(shown: list[Shown], question: str) -> str | None:
    """The side of 比 no figure shown stands for, when a different figure stands for the other side."""
    sides = _split(question)
    if sides is None or not shown:
        return None
    grams = [content_grams(sides[0]), content_grams(_without_time(sides[1]))]
    if not all(grams):
        return None
    scores = [[cover(g, s.label) for s in shown] for g in grams]
    best = [max(range(len(shown)), key=lambda i, k=k: scores[k][i]) for k in (0, 1)]
    top = [scores[k][best[k]] for k in (0, 1)]
    if best[0] == best[1]:  # one figure stands for both sides: the side it fits less is not shown
        if top[0] == top[1]:
            return None
        k = 0 if top[0] < top[1] else 1
    else:
        k = next((k for k in (0, 1) if top[k] < MIN_COVER), -1)
    if k < 0 or top[1 - k] < MIN_COVER:
        return None
    return re.sub(r"^.*?(?:里面|当中|里|中)[,，]?", "", sides[k]) if k == 0 else sides[k]


def _in_asked_unit(answer: Answer, question: str) -> Answer:
    """The first amount shown, converted to the unit asked ("…多少万元" of a table printed in 元), formula shown."""
    wanted = asked_unit(question)
    shown = shown_figures(answer.answer)
    if wanted is None or not shown or any(s.unit == wanted for s in shown):
        return answer
    first = shown[0]
    found = converted(first.text, first.unit, wanted)
    if found is None:
        return answer
    formula, value, text = found
    said = f"{answer.answer}折合 {text} {wanted}（{formula} = {text} {wanted}）。"
    figure = Figure(value=float(value), unit=wanted, citation=first.citation or 1)
    return answer.model_copy(update={"answer": said, "figures": (*answer.figures, figure)})


def _whole_and_part(shown: list[Shown]) -> tuple[Shown, Shown, str] | None:
    """The first two distinct figures in one unit: the whole (larger) and the scoped part."""
    first = shown[0] if shown else None
    other = next((s for s in shown[1:] if first and s.unit == first.unit and _value(s) != _value(first)), None)
    if first is None or other is None:
        return None
    whole, part = sorted((first, other), key=_value, reverse=True)
    return whole, part, ""


def _sides(shown: list[Shown], question: str) -> tuple[Shown, Shown, str] | None:
    """The figures the two sides of 比 name (the best-matching pair, in the question's order)."""
    sides = _split(question)
    if sides is None:
        return None
    left, right = sides
    grams = [content_grams(left), content_grams(_without_time(right))]
    if not all(grams):
        return None  # "比2022年执行数多多少": a change over time, not two items
    best: tuple[float, int, Shown, Shown] | None = None
    strict = len({(s.text, s.unit) for s in shown}) > 2
    for i, a in enumerate(shown):
        for j, b in enumerate(shown):
            if i == j or a.unit != b.unit or _value(a) == _value(b):
                continue
            ca, cb = cover(grams[0], a.label), cover(grams[1], b.label)
            if strict and min(ca, cb) < MIN_COVER:
                continue
            rank = (ca + cb, -(i + j))
            if best is None or rank > best[:2]:
                best = (*rank, a, b)
    if best is None or best[0] <= 0:
        return None
    return best[2], best[3], f"{left}比{right}"


_JOINED = re.compile(r"(?P<left>[^，,。；;？?：:]{2,}?)(?:和|与|跟|同|及)(?P<right>[^，,。；;？?：:]{2,})")
_CHANGED = ("增加", "减少", "增长", "下降", "相差", "差额", "差距", "多出", "超出", "节约")


def _joined_sides(question: str) -> tuple[str, str] | None:
    """The two items a gap without 比 is asked between: the last "A和B" of the question, B without its asking words
    ("收入决算和支出决算各是多少？相差多少？" → 收入决算, 支出决算)."""
    text = norm(question)
    found = list(_JOINED.finditer(text))
    if not found:
        return None
    left, right = found[-1].group("left"), found[-1].group("right")
    right = re.split(r"各自|分别|各|是|有|为|多少|相差|差|几", right)[0]
    return (left, right) if len(right) >= 2 else None


def _gap(shown: list[Shown], question: str) -> tuple[Shown, Shown, str] | None:
    """ "相差多少" without 比: the two figures the question's two sides stand for (or the only two the answer shows),
    larger less smaller; none when a figure shown is itself a change or a gap (the document states it)."""
    if any(w in norm(s.label) for s in shown for w in _CHANGED):
        return None
    distinct = {(_value(s), s.unit) for s in shown}
    sides = _joined_sides(question)
    pair: tuple[Shown, Shown] | None = None
    if sides is not None:
        grams = [content_grams(_without_time(x)) or content_grams(x) for x in sides]
        best: tuple[float, int, Shown, Shown] | None = None
        for i, a in enumerate(shown):
            for j, b in enumerate(shown):
                if i == j or a.unit != b.unit or _value(a) == _value(b):
                    continue
                ca, cb = cover(grams[0], a.label), cover(grams[1], b.label)
                if len(distinct) > 2 and min(ca, cb) < MIN_COVER:
                    continue
                rank = (ca + cb, -(i + j))
                if best is None or rank > best[:2]:
                    best = (*rank, a, b)
        pair = (best[2], best[3]) if best is not None and best[0] > 0 else None
    if pair is None and len(distinct) == 2:
        first = shown[0]
        other = next((s for s in shown[1:] if _value(s) != _value(first)), None)
        pair = (first, other) if other is not None and other.unit == first.unit else None
    if pair is None:
        return None
    larger, smaller = sorted(pair, key=_value, reverse=True)
    return larger, smaller, ""


_PERCENT = re.compile(r"\d\s*[%％]|百分之")
_BUDGET = re.compile(r"预算")
_SPENT = re.compile(r"决算|执行|实际|支出|花了|使用|完成")


def _with_rate(answer: Answer, shown: list[Shown]) -> Answer:
    """The share of the budget spent, when the answer shows a budget (预算, not 决算) and a spent figure in one unit
    and states no rate of its own."""
    if _PERCENT.search(answer.answer):
        return answer
    budget = next((s for s in shown if _BUDGET.search(s.label) and "决算" not in s.label), None)
    spent = next(
        (
            s
            for s in shown
            if budget is not None
            and s is not budget
            and s.unit == budget.unit
            and _SPENT.search(s.label)
            and not _BUDGET.search(s.label)
        ),
        None,
    )
    if budget is None or spent is None or not _value(budget):
        return answer
    rate = _value(spent) / _value(budget) * 100
    shown_rate = fmt(rate, 2, False)
    text = (
        f"{answer.answer}按文件数字计算：{spent.text} ÷ {budget.text} = {shown_rate}%"
        f"（完成预算的 {shown_rate}%，文件未直接说明这一比例）。"
    )
    figure = Figure(value=float(Decimal(shown_rate)), unit="%", citation=spent.citation or budget.citation or 1)
    return answer.model_copy(update={"answer": text, "figures": (*answer.figures, figure)})


def _without_time(text: str) -> str:
    """A side with its years and time words removed: what is left names an item, or nothing."""
    v = vocab()
    text = re.sub(r"(?:19|20)\d{2}年?度?", "", text)
    for w in (*v.cues["last_year"], *v.cues["this_year"], "执行数", "预算数", "决算数", "预算", "决算"):
        text = text.replace(w, "") if not w.isascii() else text
    return text


def _value(s: Shown) -> Decimal:
    return to_decimal(s.text) or Decimal(0)


def _with_difference(answer: Answer, a: Shown, b: Shown, said: str) -> Answer:
    diff = _value(a) - _value(b)
    decimals = max(decimals_of(x.text) for x in (a, b))
    commas = "," in a.text or "," in b.text
    result = fmt(diff, decimals, commas)
    if said:
        told = f"{said}{more_or_less(diff, decimals, commas, a.unit)}"
    else:
        told = f"两者之差 {fmt(abs(diff), decimals, commas)} {a.unit}" if diff else "两者之差"
    text = f"{answer.answer}按文件数字计算：{a.text} − {b.text} = {result} {a.unit}（{told}）。"
    figure = Figure(value=float(diff), unit=a.unit, citation=a.citation or 1)
    return answer.model_copy(update={"answer": text, "figures": (*answer.figures, figure)})
