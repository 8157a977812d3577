"""Where tables are: a title naming a standard table with a unit line right below it, up to the next title.

A table-of-contents entry names a table too, but no "单位：万元" follows it, so it is not taken for one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ...models import Line
from .cells import normalize, squeeze
from .kinds import kind_of
from .rules import rules

UNIT = re.compile(r"(?<!编制)(?<!预算)单位\s*[:：]\s*(?P<unit>万元|千元|亿元|元)")
_NUMBER_PREFIX = re.compile(r"^(?P<n>(?:(?:单位|部门)?公开表|表)\s*\d+(?:-\d+)?|\d{1,2}\s*[.．、])\s*[:：]?\s*")
UNIT_LOOKAHEAD = 3
FIGURES_LOOKAHEAD = 8
_FIGURE = re.compile(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+\.\d+")
_PROSE = re.compile(r"[。；;，]")
MAX_TITLE = 45


@dataclass(frozen=True)
class Span:
    """One table's lines: [start, end) of the document's lines, with the title and unit read."""

    start: int
    title_at: int
    unit_at: int
    end: int
    number: str | None
    title: str
    kind: str
    unit: str | None


def find_spans(lines: Sequence[Line]) -> list[Span]:
    found: list[tuple[int, int, int, str | None, str, str, str | None]] = []
    i = 0
    while i < len(lines):
        hit = _title_at(lines, i)
        if hit is None:
            i += 1
            continue
        found.append(hit)
        i = hit[2] + 1
    spans = []
    for k, (start, title_at, unit_at, number, title, kind, unit) in enumerate(found):
        end = found[k + 1][0] if k + 1 < len(found) else len(lines)
        spans.append(Span(start, title_at, unit_at, end, number, title, kind, unit))
    return spans


def _title_at(lines: Sequence[Line], i: int):
    """(start, title index, unit index, number, title, kind, unit) when line i opens a table."""
    text = normalize(lines[i].text).strip()
    number = None
    start = i
    if re.fullmatch(rules()["table_number"], squeeze(text)) and i + 1 < len(lines):
        number, start, i = lines[i].text.strip(), i, i + 1
        text = normalize(lines[i].text).strip()
    m = _NUMBER_PREFIX.match(text)
    title = text[m.end() :] if m and number is None else text
    if m and number is None:
        number = m.group("n").strip()
    title = UNIT.split(title)[0].strip() if UNIT.search(title) else title
    key = squeeze(title)
    if not key or len(key) > MAX_TITLE or not key.rstrip("（）()续").endswith("表"):
        return None
    kind = kind_of(key)
    if kind is None:
        return None
    for j in range(i, min(i + 1 + UNIT_LOOKAHEAD, len(lines))):
        unit = UNIT.search(normalize(lines[j].text))
        if unit:
            return start, i, j, number, lines[i].text.strip() if not m else title, kind, unit.group("unit")
    if lines[i].words and _figures_follow(
        lines, i
    ):  # a title printed without its unit line (the unit is the document's)
        return start, i, i, number, lines[i].text.strip() if not m else title, kind, None
    return None


def _figures_follow(lines: Sequence[Line], i: int) -> bool:
    """A standalone title with a header and then a row of figures right below it, not a sentence or a list of titles."""
    for line in lines[i + 1 : i + 1 + FIGURES_LOOKAHEAD]:
        text = normalize(line.text)
        if _PROSE.search(text) or squeeze(text).endswith("表"):
            return False
        if sum(bool(_FIGURE.fullmatch(w.text.strip())) for w in line.words) >= 2:
            return True
    return False
