"""Column roles (合计 / 基本 / 项目 / 人员经费 / 公用经费) read from column labels, and the sum groups they form.

A total-role column under a header path P is the sum of P's other children: each child is a column labelled
P + (name,) or, where that child has sub-columns, the total-role column under it ("公务用车购置及运行费 / 小计").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..models import Column, Table
from ..parse._text import load_data


def role(column: Column) -> str | None:
    last = (column.path[-1] if column.path else "").replace(" ", "")
    rules = load_data("checks.json")
    for name, words in rules["column_roles"].items():
        if last in words:
            return name
    return "total" if any(last.endswith(w) for w in rules["total_suffixes"]) else None


@dataclass(frozen=True)
class SumGroup:
    """total column = sum of part columns."""

    total: str
    parts: tuple[str, ...]


def sum_groups(table: Table) -> list[SumGroup]:
    """Every total-role column with the columns it adds up; percent columns never take part."""
    columns = [c for c in table.columns if not _is_percent(c)]
    excluded = load_data("checks.json")["part_exclude"]
    groups: list[SumGroup] = []
    for total in (c for c in columns if role(c) == "total"):
        prefix = total.path[:-1]
        parts: list[str] = []
        for name in _children(columns, prefix, total.side):
            if name == total.path[-1] or any(name.startswith(w) for w in excluded):
                continue
            part = _representative(columns, prefix + (name,), total.side)
            if part is None:
                parts = []
                break
            parts.append(part.key)
        if len(parts) >= 2:
            groups.append(SumGroup(total.key, tuple(parts)))
    return groups


def _children(columns: Sequence[Column], prefix: tuple[str, ...], side: str | None) -> list[str]:
    names: list[str] = []
    for c in columns:
        if c.side == side and len(c.path) > len(prefix) and c.path[: len(prefix)] == prefix:
            name = c.path[len(prefix)]
            if name not in names:
                names.append(name)
    return names


def _representative(columns: Sequence[Column], path: tuple[str, ...], side: str | None) -> Column | None:
    exact = next((c for c in columns if c.path == path and c.side == side), None)
    if exact is not None:
        return exact
    return next(
        (c for c in columns if c.side == side and c.path[:-1] == path and role(c) == "total"),
        None,
    )


def _is_percent(column: Column) -> bool:
    return "%" in column.label or "％" in column.label


def total_column(table: Table, within: str | None = None) -> Column | None:
    """The table's main total column: the first total-role column (whose label holds ``within`` if given)."""
    for column in table.columns:
        if role(column) == "total" and (within is None or within in column.label):
            return column
    if within is None and table.columns and len(table.columns) == 1:
        return table.columns[0]
    return None
