"""An earlier year's figure a sentence implies: "2023年…预算313.01万元，比2022年预算减少8.32万元" gives 2022 as
313.01 + 8.32 = 321.33 万元, with the formula shown (asked "2022年…是多少" of a budget that prints only 2023)."""

from __future__ import annotations

import re
from decimal import Decimal

from ...models import Answer
from ..writing.compose import Builder, paragraph_citation
from .narrative import Passage
from ..question.plan import Plan
from ..question.text import decimals_of, fmt, to_decimal

_CHANGE = re.compile(
    r"比\s*((?:19|20)\d{2})\s*年[^，,。；;]*?(增加|增长|上升|减少|下降|降低)\s*(\d[\d,]*(?:\.\d+)?)\s*万元"
)
_AMOUNT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*万元")
_DOWN = ("减少", "下降", "降低")


def earlier_value(plan: Plan, passage: Passage) -> Answer | None:
    """The asked year's amount, when the sentence compares its own amount with that year's by a stated change."""
    if len(plan.years) != 1:
        return None
    m = _CHANGE.search(passage.text)
    if m is None or int(m.group(1)) != plan.years[0]:
        return None
    amounts = _AMOUNT.findall(passage.text[: m.start()])
    if not amounts:
        return None
    now, change = amounts[-1], m.group(3)
    a, c = to_decimal(now), to_decimal(change)
    if a is None or c is None:
        return None
    down = m.group(2) in _DOWN
    value: Decimal = a + c if down else a - c
    places = max(decimals_of(now), decimals_of(change))
    b = Builder(plan.question, "arith")
    cid = paragraph_citation(b, passage.doc, passage.paragraph, passage.text)
    b.say(
        f"文件说明：{b.quoted(passage.text, cid)}[{cid}]据此，{m.group(1)}年为 "
        f"{now} {'+' if down else '−'} {change} = {b.figure(fmt(value, places), '万元', cid, value)}"
        f"（按文件所列数字推算）。"
    )
    return b.answer()
