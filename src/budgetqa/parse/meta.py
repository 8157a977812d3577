"""Who published the disclosure, for which year, and whether it is a 预算 or a 决算 of a 单位 or a 部门.

Labelled fields ("单位名称：…", "预算单位：…", "编制单位：…") name the unit best; the cover title
("西南大学 / 2023 年度部门预算") and the file name ("…_2023_单位预算.txt") stand in where no label exists.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from typing import TypeVar

from ..models import Line
from ._text import load_data, nfkc, tidy

_TITLE = re.compile(
    r"(?P<unit>[^\s\d：:]{2,}?)?\s*(?P<year>20\d\d)\s*年\s*度?\s*(?:[省市区县]级)?\s*"
    r"(?P<scope>部门|单位)?\s*(?P<kind>预算|决算)"
)
_SOURCE = re.compile(_TITLE.pattern.replace(r"年\s*度?", r"年?\s*度?"))  # file names drop the 年
_AMOUNT_UNIT = re.compile(r"\d\s*(万元|亿元|(?<![万亿])元)")
T = TypeVar("T")
COVER_LINES = 6  # a cover title sits in the first lines of page 1


@dataclass(frozen=True)
class DocMeta:
    title: str
    unit_name: str
    year: int | None
    kind: str | None  # "预算" / "决算"
    scope: str | None  # "单位" / "部门"
    currency_unit: str = "万元"
    looks_like_budget: bool = False


def read_meta(lines: Sequence[Line], source: str) -> DocMeta:
    """Title, unit, year, kind and scope from labels, the cover, the running titles and the file name."""
    texts = [nfkc(tidy(line.text)) for line in lines]
    stem = nfkc(PurePath(source).stem.replace("_", ""))
    matches = [m for text in texts for m in _TITLE.finditer(text)]
    source_match = _SOURCE.search(stem)
    cover = _cover(lines)
    # The cover says what the document is for; later pages also mention the prior year's figures.
    on_cover = _TITLE.search(cover.replace(" ", "")) if cover else None
    year = (
        (int(on_cover["year"]) if on_cover else None)
        or _most_common(int(m["year"]) for m in matches)
        or (int(source_match["year"]) if source_match else None)
    )
    kind = (
        (on_cover["kind"] if on_cover else None)
        or _most_common(m["kind"] for m in matches)
        or (source_match["kind"] if source_match else None)
    )
    scope = (
        (on_cover["scope"] if on_cover else None)
        or _most_common(m["scope"] for m in matches if m["scope"])
        or (source_match["scope"] if source_match else None)
    )
    unit = _labelled_unit(texts) or _unit_of(cover) or (source_match["unit"] if source_match else None) or stem
    title = cover or f"{unit}{year or ''}年{'度' if not scope else scope}{kind or ''}"
    return DocMeta(
        title=title,
        unit_name=unit.strip(),
        year=year,
        kind=kind,
        scope=scope,
        currency_unit=_narrative_unit(texts),
        looks_like_budget=bool(matches) or _has_budget_words(texts),
    )


def _labelled_unit(texts: Sequence[str]) -> str | None:
    """The most frequent value of a unit label; the table header's "单位：万元" after it is cut off."""
    labels = "|".join(load_data("meta.json")["unit_labels"])
    pattern = re.compile(rf"(?:{labels})\s*[：:]\s*(?P<name>.+?)(?=\s+单位\s*[：:]|\s*单位\s*[：:]\s*[万亿]?元|$)")
    return _most_common(m["name"].strip() for text in texts for m in pattern.finditer(text))


def _cover(lines: Sequence[Line]) -> str | None:
    """The cover title: page 1's first lines up to the one naming a year and 预算/决算."""
    first = [nfkc(line.text.strip()) for line in lines if line.page == lines[0].page][:COVER_LINES]
    for i, text in enumerate(first):
        if _TITLE.search(text) and not re.search(r"[：:，。]", text):
            return " ".join(first[: i + 1]) if not _TITLE.search(text)["unit"] else text
    return None


def _unit_of(title: str | None) -> str | None:
    if not title:
        return None
    found = _TITLE.search(title.replace(" ", ""))
    return found["unit"] if found and found["unit"] else None


def _narrative_unit(texts: Sequence[str]) -> str:
    """万元 unless amounts in the prose are mostly written in 元 (table headers "单位：元" do not count)."""
    counts = Counter(m.group(1) for text in texts for m in _AMOUNT_UNIT.finditer(text))
    if not counts:
        return "万元"
    unit, n = counts.most_common(1)[0]
    return unit if n > counts.get("万元", 0) else "万元"


def _has_budget_words(texts: Sequence[str]) -> bool:
    words = load_data("meta.json")["budget_words"]
    return sum(any(w in text for w in words) for text in texts) >= 2


def _most_common(values: Iterable[T]) -> T | None:
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None
