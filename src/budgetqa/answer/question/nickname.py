"""A short name of the document's own unit ("社保中心" for 人力资源和社会保障部社会保险事业管理中心, "财政局" for
上海市财政局) read as the unit itself, so that it neither looks like another body nor hides a whole-budget question.

A short name counts when it ends with the same organisation suffix as the unit's name (中心, 局, 大学 …) and its
characters occur in the unit's name in order: "人社部" is not 社保中心's unit (部 ≠ 中心), "财政部" is not 财政局."""

from __future__ import annotations

import re

from .text import norm
from .vocab import vocab

MAX_SHORT = 8  # longest short name read (characters)


def expand_nickname(question: str, unit_names: tuple[str, ...]) -> str:
    """``question`` with a short name of one of ``unit_names`` replaced by the full name (else unchanged)."""
    text = norm(question)
    for unit in unit_names:
        if not unit or unit in text:
            continue
        suffix = next(
            (s for s in sorted(vocab().cues["org_suffixes"], key=len, reverse=True) if unit.endswith(s)), None
        )
        if suffix is None:
            continue
        for m in re.finditer(rf"[\u4e00-\u9fff]{{1,{MAX_SHORT - len(suffix)}}}?{re.escape(suffix)}", text):
            short = _shortest_tail(m.group(0), unit)
            if short and len(short) > len(suffix):
                return text.replace(short, unit, 1)
    return question


def _shortest_tail(span: str, unit: str) -> str | None:
    """The longest end of ``span`` whose characters occur in ``unit`` in order (ending at the unit's end)."""
    for start in range(len(span)):
        if _in_order(span[start:], unit):
            return span[start:]
    return None


def _in_order(short: str, name: str) -> bool:
    rest = iter(name)
    return all(ch in rest for ch in short)
