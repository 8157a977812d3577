"""A composition answer's bar chart: the parts of a total (a table row's children, or the parts a narrative
sentence lists after 其中), each bar citing the figure it draws."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...models import Chart, ChartPoint, ChartSeries
from ..question.text import norm
from ...parse._text import number

MONEY = ("亿元", "万元", "元")
_PART = re.compile(r"([^\d,，；;。：:、（(]{2,20}?)(?:[为是])?(\d[\d,]*(?:\.\d+)?)\s*(亿元|万元|元)")


def parts_chart(total: str, parts: Sequence[tuple[str, float | None, str, int]]) -> Chart | None:
    """A bar of each part (name, value, unit, citation); None unless two or more parts share one money unit."""
    drawn = [(n, v, u, c) for n, v, u, c in parts if v is not None and u in MONEY]
    if len(drawn) < 2 or len({u for _, _, u, _ in drawn}) != 1:
        return None
    return Chart(
        kind="bar",
        title=f"{total}的构成",
        unit=drawn[0][2],
        series=(ChartSeries(name=total, points=tuple(ChartPoint(x=n, y=v, citation=c) for n, v, _, c in drawn)),),
    )


def stated_parts(sentence: str) -> list[tuple[str, float, str]]:
    """The parts a sentence lists after its 其中 ("其中：财政拨款收入244,675.66万元，占54.98%；事业收入…"): each name
    with its amount and unit; shares and changes are not parts."""
    flat = norm(sentence)
    at = flat.find("其中")
    if at < 0:
        return []
    out: list[tuple[str, float, str]] = []
    for clause in re.split(r"[；;。]", flat[at + 2 :]):
        m = _PART.search(clause.lstrip("：:，,"))
        if m is None:
            continue
        name = re.sub(r"^(其中|以及|和|及|另有)", "", m.group(1)).strip("，,：: ")
        if len(name) < 2 or any(w in name for w in ("比", "增加", "减少", "占")):
            continue
        out.append((name, number(m.group(2)), m.group(3)))
    return out
