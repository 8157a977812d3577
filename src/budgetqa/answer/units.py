"""The money unit a question asks its answer in ("是多少元", "多少万元"): tables and narrative may print different
units (Shanghai: tables in 元, narrative in 万元), and the source printed in the asked unit answers it as printed."""

from __future__ import annotations

import re

from .text import norm

_ASKED = re.compile(r"(?:多少|几|多少钱?)(亿元|万元|元)|(?:单位|以)(?:为|是|用)?(亿元|万元|元)")
_AMOUNT = re.compile(r"\d[\d,]*(?:\.\d+)?\s*(亿元|万元|元)")


def asked_unit(question: str) -> str | None:
    """"万元" / "元" / "亿元" when the question names the unit it wants, else None."""
    m = _ASKED.search(norm(question))
    return (m.group(1) or m.group(2)) if m else None


def units_in(text: str) -> set[str]:
    """Money units the amounts of ``text`` are printed in."""
    return set(_AMOUNT.findall(norm(text)))
