"""指标值 as printed → (operator, number, unit).

The rule: a target is a measure when it reads [operator] number unit, where the unit is a short measure word
("≥95百分比" → ≥ 95 %, "≤30万元" → ≤ 30 万元, "420人" → None 420 人, "27台、件、套" → 27 台、件、套). A deadline
(a number followed by 月: "9月底前完成", "2023年11月底前") and a verdict ("效果显著", "按时", "是") are kept as
text with no number, because their digits are dates rather than amounts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._text import CLAUSE_PUNCT, fold, load_data
from ._text import number

MAX_UNIT_CHARS = 8
_NUMBER = re.compile(r"^(?P<num>-?\d[\d,]*(?:\.\d+)?)\s*(?P<unit>.*)$")
_DEADLINE = re.compile(r"\d\s*月")


@dataclass(frozen=True)
class Target:
    operator: str | None
    value: float | None
    unit: str | None


def read_target(text: str) -> Target:
    """Split a printed 指标值; see the module docstring for the rule."""
    rules = load_data("performance.json")
    rest = fold(text).strip().replace(" ", "")
    operator = None
    for word in sorted(rules["operators"], key=len, reverse=True):
        if rest.startswith(fold(word)):
            operator, rest = rules["operators"][word], rest[len(fold(word)) :].strip()
            break
    found = _NUMBER.match(rest)
    if not found or _DEADLINE.search(rest):
        return Target(operator if found else None, None, None)
    unit = found["unit"]
    for trailer in rules["unit_trailers"]:
        if unit.endswith(trailer) and unit != trailer:
            unit = unit[: -len(trailer)]
    unit = rules["unit_aliases"].get(unit, unit)
    if len(unit) > MAX_UNIT_CHARS or any(p in unit for p in CLAUSE_PUNCT) or re.search(r"\d", unit):
        return Target(operator, None, None)
    return Target(operator, number(found["num"]), unit or None)
