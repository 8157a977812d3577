"""The library's catalog: what each loaded document is — body, year, kind (预算/决算), level (部门/单位), region —
as `budgetqa list` and the UI's filters show it. Read from the parsed record (``Disclosure``), nothing guessed from
the file name."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import cache

from ..models import Disclosure
from ..parse._text import load_data


@dataclass(frozen=True)
class Entry:
    id: str
    source: str
    label: str
    body: str
    year: int | None
    kind: str | None  # 预算 / 决算
    level: str | None  # 部门 / 单位
    region: str | None  # 上海市普陀区; None when the body's name starts with no administrative division
    origin: str  # operator / upload
    pages: int
    tables: int

    def to_json(self) -> dict:
        return asdict(self)


@cache
def _words() -> dict[str, tuple[str, ...]]:
    data = load_data("catalog.json")
    return {k: tuple(v) for k, v in data.items() if not k.startswith("_")}


def region_of(body: str) -> str | None:
    """The administrative divisions the body's name starts with: 上海市普陀区人民政府办公室 → 上海市普陀区."""
    w = _words()
    name = body
    for p in w["party_prefixes"]:
        name = name.removeprefix(p)

    def alt(xs: Iterable[str]) -> str:
        return "|".join(re.escape(x) for x in sorted(xs, key=len, reverse=True))

    m = re.match(rf"(?:[\u4e00-\u9fff]{{2,6}}?(?:{alt(w['province_suffixes'])}))", name)
    if m is None:
        return None
    region = m.group(0)
    sub = re.match(rf"[\u4e00-\u9fff]{{1,4}}?(?:{alt(w['district_suffixes'])})", name[len(region) :])
    if sub is not None and len(name) > len(region) + len(sub.group(0)):
        region += sub.group(0)
    return region


def table_count(doc: Disclosure) -> int:
    """Tables of ``doc``; a document of a library of units tells it from the manifest, its record unread."""
    count = getattr(doc, "table_count", None)
    return count if isinstance(count, int) else len(doc.tables)


def entry(doc: Disclosure, origin: str = "operator") -> Entry:
    return Entry(
        id=doc.id,
        source=doc.source,
        label=doc.label,
        body=doc.unit_name,
        year=doc.year,
        kind=doc.kind,
        level=doc.scope,
        region=region_of(doc.unit_name) if doc.unit_name else None,
        origin=origin,
        pages=doc.page_count,
        tables=table_count(doc),
    )


def catalog(documents: Sequence[Disclosure], origins: dict[str, str] | None = None) -> list[Entry]:
    """One entry per document, by body, then year, then kind."""
    origins = origins or {}
    rows = [entry(d, origins.get(d.id, "operator")) for d in documents]
    return sorted(rows, key=lambda e: (e.body, e.year or 0, e.kind or "", e.level or ""))


def select(entries: Sequence[Entry], body: str | None = None, year: int | None = None) -> list[Entry]:
    """The entries of ``body`` (a part of its name) and ``year`` — the UI's filters."""
    return [e for e in entries if (not body or body in e.body) and (year is None or e.year == year)]
