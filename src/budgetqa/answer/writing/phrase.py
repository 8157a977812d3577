"""Plain Chinese for a table cell: "一般公共预算基本支出表中，差旅费（30211）的2023年基本支出为 34.74 万元[1]。"

The locator (表号 › 行 › 列) stays in the citation; the sentence names the table, the item and what the column
measures the way a reader would say it."""

from __future__ import annotations

from decimal import Decimal

from ...models import Row
from ..finding.resolve import Target
from ..question.text import fmt

_GENERIC = ("合计", "小计", "金额", "总计")


def more_or_less(diff: Decimal | float, decimals: int, commas: bool, unit: str) -> str:
    """How "A比B…" ends: "多 1,623.03 万元", "少 3.71 万元" or "一样多" (the size printed like the operands)."""
    if not diff:
        return "一样多"
    return f"{'多' if diff > 0 else '少'} {fmt(abs(diff), decimals, commas)} {unit}"


def item_name(row: Row) -> str:
    """ "差旅费（30211）", or the row's name alone when it has no code."""
    name = row.name.strip()
    code = (row.code or "").replace(" ", "")
    if code and name.startswith(row.code or code):
        name = name[len(row.code or code) :].strip()
    return f"{name}（{code}）" if code else name


def column_phrase(t: Target, skip: str | None = None) -> str:
    """What the column measures, without header repeats: ("2023年预算数", "年初预算数", "小计") → "2023年预算数"."""
    if t.column is None:
        return ""
    parts: list[str] = []
    for part in t.column.column.path:
        part = part.strip()
        if not part or part in (t.row.side, skip) or (part in _GENERIC and parts):
            continue
        if any(p.endswith(part[-3:]) or part.endswith(p[-3:]) for p in parts):
            continue
        parts.append(part)
    return "的".join(parts)


def measure_phrase(t: Target) -> str:
    """``column_phrase`` unless it only says 合计 / 金额 (nothing a reader needs)."""
    phrase = column_phrase(t)
    return "" if phrase in _GENERIC else phrase


def cell_sentence(t: Target, shown: str) -> str:
    """One sentence stating ``shown`` (the figure with its [n] marker) for target ``t``."""
    if t.only is not None and t.column is not None and t.column.item:
        item = next((p for p in t.column.column.path if t.column.item in p), t.column.item)
        column = column_phrase(t, skip=item)
        return f"{t.table.title}中，{item}{f'（{column}）' if column else ''}为 {shown}。"
    column = column_phrase(t)
    of = f"的{column}" if column and column not in _GENERIC else ""
    if t.only is not None or t.row.is_total or t.row.code is None and not of:
        subject = t.row.name.strip() if not t.row.is_total or t.row.name.strip() not in _GENERIC else "合计"
        return f"{t.table.title}中，{subject}{of}为 {shown}。"
    return f"{t.table.title}中，{item_name(t.row)}{of}为 {shown}。"


def subject(t: Target) -> str:
    """Who the figure belongs to, as ``cell_sentence`` names it: the column's item, a total, or the row."""
    if t.only is not None and t.column is not None and t.column.item:
        return next((p for p in t.column.column.path if t.column.item in p), t.column.item)
    if t.row.is_total and t.row.name.strip() in _GENERIC:
        return "合计"
    return t.row.name.strip() if t.only is not None or t.row.code is None else item_name(t.row)


def pair_sentence(t: Target, later: Target, earlier: Target, later_shown: str, earlier_shown: str) -> str:
    """ "…表中，合计的2023年预算数为 3.45 万元[1]，2022年预算数为 7.16 万元[2]" (no closing stop)."""
    skip = subject(t) if t.only is not None else None
    return (
        f"{t.table.title}中，{subject(t)}的{column_phrase(later, skip) or '本年数'}为 {later_shown}，"
        f"{column_phrase(earlier, skip) or '上年数'}为 {earlier_shown}"
    )


def change_words(diff: float) -> tuple[str, str]:
    """("增加", "增长") / ("减少", "下降") / ("持平", "持平") for an amount and its rate."""
    return ("增加", "增长") if diff > 0 else ("减少", "下降") if diff < 0 else ("持平", "持平")
