"""What each column of a table means (year, measure, change, item) and which column a question points to."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...models import Column, Row, Table
from ..question.index import column_item
from ..question.text import norm
from ..question.vocab import vocab

_YEAR = re.compile(r"((?:19|20)\d{2})年")


@dataclass(frozen=True, eq=False)
class ColInfo:
    column: Column
    position: int
    label: str  # normalised, path joined without separators
    year: int | None
    change: str | None  # "amount" | "percent" for 增减额 / 增减(%)
    excluded: bool  # "扣除…" variants
    measures: frozenset[str]
    item: str | None  # the item a column names (三公 table: "公务接待费")

    @property
    def key(self) -> str:
        return self.column.key


_INFO: dict[int, tuple[Table, tuple[ColInfo, ...]]] = {}


def infos(table: Table) -> tuple[ColInfo, ...]:
    cached = _INFO.get(id(table))
    if cached is None or cached[0] is not table:
        cached = (table, tuple(_describe(c, i) for i, c in enumerate(table.columns)))
        _INFO[id(table)] = cached
    return cached[1]


def _describe(column: Column, position: int) -> ColInfo:
    label = norm("".join(column.path))
    leaf = norm(column.path[-1]) if column.path else ""
    years = _YEAR.findall(label)
    change = None
    if "增减" in label or "增长" in label or "比上年" in label:
        change = "percent" if "%" in leaf or "率" in leaf else "amount"
    v = vocab()
    measures = frozenset(m.name for m in v.measures if any(lab in label for lab in m.labels))
    return ColInfo(
        column,
        position,
        label,
        int(years[0]) if years else None,
        change,
        any(x in label for x in v.excluded_labels),
        measures,
        column_item(column),
    )


def wanted_years(years: tuple[int, ...], relative: tuple[int, ...], doc_year: int | None) -> tuple[int, ...]:
    out = list(years)
    if doc_year:
        out.extend(doc_year + r for r in relative if doc_year + r not in out)
    return tuple(out)


def score(
    info: ColInfo, row: Row | None, years: tuple[int, ...], measures: tuple[str, ...], doc_year: int | None
) -> float:
    """Higher is better; a column for another year than the one asked scores below zero."""
    s = -0.1 * info.position
    cell = row.cell(info.key) if row is not None else None
    if cell is not None and cell.value is not None:
        s += 20 if measures else 100
    year = info.year if info.year is not None else doc_year
    if years:
        s += 50 if year in years else -200
    elif doc_year and year is not None and year != doc_year:
        s -= 150  # unasked, another year's figure only when the table has nothing for this year
    wanted = [m for m in measures if m not in ("增减额", "增减率")]
    if len(wanted) > 1 and "合计" in wanted:  # "项目支出合计": the 项目支出 column (its total row)
        wanted.remove("合计")
    for m in wanted:
        s += 60 if m in info.measures else -40
    change_asked = [m for m in measures if m in ("增减额", "增减率")]
    if info.change:
        # a percent cue ("百分之几", "幅度") is the more specific ask when both kinds of cue occur
        s += (
            75
            if info.change == "percent" and "增减率" in change_asked
            else 70
            if (info.change == "amount" and "增减额" in change_asked)
            else -150
        )
    if info.excluded:
        s -= 15
    if not wanted and any(lab in info.label for lab in vocab().total_labels):
        s += 5
    if not wanted and info.item is not None:
        s -= 3
    return s


def pick(
    table: Table,
    row: Row | None,
    years: tuple[int, ...],
    measures: tuple[str, ...],
    doc_year: int | None,
    only: tuple[ColInfo, ...] | None = None,
) -> ColInfo | None:
    """The column a question points to for ``row`` (restricted to ``only`` when the item is a column)."""
    cols = only if only is not None else infos(table)
    if row is not None and row.side:
        cols = tuple(c for c in cols if c.column.side in (None, row.side)) or cols
    if years:
        cols = tuple(c for c in cols if (c.year if c.year is not None else doc_year) in years)
    ranked = sorted(cols, key=lambda c: score(c, row, years, measures, doc_year), reverse=True)
    if not ranked:
        return None
    best = ranked[0]
    if score(best, row, years, measures, doc_year) < -100:
        return None
    return best


def year_columns(
    table: Table, row: Row, measures: tuple[str, ...], doc_year: int | None, only: tuple[ColInfo, ...] | None = None
) -> dict[int, ColInfo]:
    """The best plain (not change) column per year for ``row``: the two sides of a year-on-year comparison."""
    cols = [c for c in (only if only is not None else infos(table)) if not c.change and not c.excluded]
    out: dict[int, ColInfo] = {}
    for year in sorted({c.year if c.year is not None else doc_year for c in cols} - {None}):
        best = pick(table, row, (year,), measures, doc_year, only=tuple(cols))
        if best is not None and (best.year or doc_year) == year:
            out[year] = best
    return out


def change_columns(table: Table, row: Row) -> tuple[ColInfo | None, ColInfo | None]:
    """The table's own 增减额 and 增减(%) columns holding a value for ``row`` (plain variant first)."""
    amount = percent = None
    for c in sorted(infos(table), key=lambda c: (c.excluded, c.position)):
        cell = row.cell(c.key)
        if c.change and cell is not None and cell.value is not None:
            if c.change == "amount" and amount is None:
                amount = c
            elif c.change == "percent" and percent is None:
                percent = c
    return amount, percent
