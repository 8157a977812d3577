"""The money unit a question asks its answer in ("是多少元", "多少万元"): tables and narrative may print different
units (Shanghai: tables in 元, narrative in 万元), and the source printed in the asked unit answers it as printed."""

from __future__ import annotations

import re
from decimal import Decimal

from .text import fmt, norm, to_decimal

_ASKED = re.compile(r"(?:多少|几|多少钱?)(亿元|万元|元)|(?:单位|以)(?:为|是|用)?(亿元|万元|元)")
_AMOUNT = re.compile(r"\d[\d,]*(?:\.\d+)?\s*(亿元|万元|元)")


_ASKED_EN = (  # "in 10,000 yuan", "in yuan": an English question's unit
    (re.compile(r"\bin (?:units of )?(?:10,?000|ten thousand) (?:yuan|rmb)\b"), "万元"),
    (re.compile(r"\bin (?:units of )?(?:100 million|a hundred million|hundred million) (?:yuan|rmb)\b"), "亿元"),
    (re.compile(r"\bin (?:yuan|rmb)\b"), "元"),
)


def asked_unit(question: str) -> str | None:
    """ "万元" / "元" / "亿元" when the question names the unit it wants, else None."""
    m = _ASKED.search(norm(question))
    if m:
        return m.group(1) or m.group(2)
    lower = question.lower()
    return next((unit for pattern, unit in _ASKED_EN if pattern.search(lower)), None)


def units_in(text: str) -> set[str]:
    """Money units the amounts of ``text`` are printed in."""
    return set(_AMOUNT.findall(norm(text)))


FACTORS = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000)}


def converted(text: str, unit: str, wanted: str) -> tuple[str, Decimal, str] | None:
    """("84,861,719 ÷ 10,000", 8486.1719, "8,486.17") for an amount printed in ``unit`` asked in ``wanted``."""
    value = to_decimal(text)
    if value is None or unit == wanted or unit not in FACTORS or wanted not in FACTORS:
        return None
    ratio = FACTORS[unit] / FACTORS[wanted]
    result = value * ratio
    formula = f"{text} × {fmt(ratio, 0)}" if ratio >= 1 else f"{text} ÷ {fmt(1 / ratio, 0)}"
    return formula, result, fmt(result, 2)
