"""A column that is itself an item (收入表的 上年结转, 事业收入 › 教育收费, 使用非财政拨款结余) read together with a row
the question names: "高中教育的上年结转" is one cell of the table holding both, not two separate answers."""

from __future__ import annotations

from ..models import Table
from . import columns as cols
from .plan import Mention, Plan
from .resolve import Target
from .text import name_key

Group = tuple[Mention, list[Target]]


def cross(plan: Plan, groups: list[Group]) -> list[tuple[str, list[Target]]]:
    """Each row mention's cells in the columns other mentions name, in tables holding both; the column mentions
    so used drop out. Questions without such a pair come back unchanged (as (text, targets))."""
    used: set[int] = set()
    out: list[tuple[str, list[Target]]] = []
    for i, (mention, found) in enumerate(groups):
        rows = [t for t in found if t.only is None]
        crossed: list[Target] = []
        names: list[str] = []
        for t in rows:
            by = [
                (j, m)
                for j, (m, _) in enumerate(groups)
                if j != i and _names_column(m, t.table) and not _names_row(m, t.table)
            ]
            columns = _columns(t.table, [m for _, m in by])
            if not columns:
                continue
            column = cols.pick(t.table, t.row, (), plan.measures, t.doc.year, only=columns)
            if column is None:
                continue
            crossed.append(Target(t.doc, t.table, t.row, column))
            used.update(j for j, _ in by)
            names.extend(m.text for _, m in by if m.text not in names)
        if crossed:
            out.append((f"{mention.text}的{'、'.join(names)}", crossed))
        else:
            out.append((mention.text, found))
    if not used:
        return _columns_only(plan, groups)
    return [g for k, g in enumerate(out) if k not in used]


def _keys(m: Mention) -> tuple[str, ...]:
    return tuple(k for k in (*m.keys, name_key(m.text)) if len(k) >= 2 and not k.startswith("table:"))


def _names_column(m: Mention, table: Table) -> bool:
    return bool(_matching(table, m))


def _names_row(m: Mention, table: Table) -> bool:
    keys = _keys(m)
    return any(name_key(r.name) in keys or (r.code and r.code.replace(" ", "") in keys) for r in table.rows)


def _matching(table: Table, m: Mention) -> tuple[cols.ColInfo, ...]:
    """Columns of ``table`` whose header path names the mention (a group header names its sub-columns too)."""
    keys = _keys(m)
    return tuple(
        c for c in cols.infos(table) if any(k == name_key(p) for p in c.column.path for k in keys) or c.item in keys
    )


def _columns(table: Table, mentions: list[Mention]) -> tuple[cols.ColInfo, ...]:
    """Columns named by every mention; failing that, by the last (the most specific, as questions narrow)."""
    if not mentions:
        return ()
    sets = [_matching(table, m) for m in mentions]
    common = tuple(c for c in sets[0] if all(c in s for s in sets[1:]))
    return common or sets[-1]


def _columns_only(plan: Plan, groups: list[Group]) -> list[tuple[str, list[Target]]]:
    """Two mentions naming a header and its sub-column ("公务用车购置及运行费" › "购置费") are one column of the
    table's total row; other questions come back unchanged."""
    for i, (mention, found) in enumerate(groups):
        for t in found:
            if t.only is None:
                continue
            others = [(j, m) for j, (m, _) in enumerate(groups) if j != i and _names_column(m, t.table)]
            own = _matching(t.table, mention)
            columns = tuple(c for c in own if others and all(c in _matching(t.table, m) for _, m in others))
            if not columns or len(columns) >= len(own):
                continue
            column = cols.pick(t.table, t.row, (), plan.measures, t.doc.year, only=columns)
            if column is None:
                continue
            used = {i, *(j for j, _ in others)}
            name = "的".join(g[0].text for k, g in enumerate(groups) if k in used)
            rest = [(m.text, f) for k, (m, f) in enumerate(groups) if k not in used]
            return [(name, [Target(t.doc, t.table, t.row, column, columns)]), *rest]
    return [(m.text, found) for m, found in groups]
