"""A column that is itself an item (收入表的 上年结转, 事业收入 › 教育收费, 使用非财政拨款结余) read together with a row
the question names: "高中教育的上年结转" is one cell of the table holding both, not two separate answers."""

from __future__ import annotations

from ...models import Table
from . import columns as cols
from ..question.plan import Mention, Plan
from .resolve import Target
from ..question.text import name_key

Group = tuple[Mention, list[Target]]


class _Names:
    """Which columns and rows of a table each mention names, worked out once per (table, mention).

    A long question has many mentions and each is checked against the tables of every other: without this memo the
    normalised header and row names were recomputed for every pair, which made long questions quadratic in time.
    """

    def __init__(self, groups: list[Group]):
        self.keys = [_keys(m) for m, _ in groups]
        self._tables: dict[int, tuple[Table, list[tuple[cols.ColInfo, frozenset[str]]], frozenset[str]]] = {}
        self._matching: dict[tuple[int, int], tuple[cols.ColInfo, ...]] = {}
        self._row: dict[tuple[int, int], bool] = {}

    def _table(self, table: Table):
        cached = self._tables.get(id(table))
        if cached is None or cached[0] is not table:
            columns = [(c, frozenset(name_key(p) for p in c.column.path)) for c in cols.infos(table)]
            rows = frozenset(
                k for r in table.rows for k in (name_key(r.name), r.code.replace(" ", "") if r.code else "") if k
            )
            cached = (table, columns, rows)
            self._tables[id(table)] = cached
        return cached

    def matching(self, table: Table, j: int) -> tuple[cols.ColInfo, ...]:
        """Columns of ``table`` whose header path names mention ``j`` (a group header names its sub-columns too)."""
        key = (id(table), j)
        if key not in self._matching:
            keys = self.keys[j]
            self._matching[key] = tuple(
                c for c, paths in self._table(table)[1] if any(k in paths for k in keys) or c.item in keys
            )
        return self._matching[key]

    def names_column(self, table: Table, j: int) -> bool:
        return bool(self.matching(table, j))

    def names_row(self, table: Table, j: int) -> bool:
        key = (id(table), j)
        if key not in self._row:
            rows = self._table(table)[2]
            self._row[key] = any(k in rows for k in self.keys[j])
        return self._row[key]


def cross(plan: Plan, groups: list[Group]) -> list[tuple[str, list[Target]]]:
    """Each row mention's cells in the columns other mentions name, in tables holding both; the column mentions
    so used drop out. Questions without such a pair come back unchanged (as (text, targets))."""
    names_of = _Names(groups)
    used: set[int] = set()
    out: list[tuple[str, list[Target]]] = []
    column_namers: dict[int, list[int]] = {}  # id(table) -> mentions naming a column and no row of it
    for i, (mention, found) in enumerate(groups):
        rows = [t for t in found if t.only is None]
        crossed: list[Target] = []
        names: dict[str, None] = {}
        for t in rows:
            namers = column_namers.get(id(t.table))
            if namers is None:
                namers = [
                    j
                    for j in range(len(groups))
                    if names_of.names_column(t.table, j) and not names_of.names_row(t.table, j)
                ]
                column_namers[id(t.table)] = namers
            by = [(j, groups[j][0]) for j in namers if j != i]
            columns = _columns(names_of, t.table, [j for j, _ in by])
            if not columns:
                continue
            column = cols.pick(t.table, t.row, (), plan.measures, t.doc.year, only=columns)
            if column is None:
                continue
            crossed.append(Target(t.doc, t.table, t.row, column))
            used.update(j for j, _ in by)
            names.update((m.text, None) for _, m in by)
        if crossed:
            out.append((f"{mention.text}的{'、'.join(names)}", crossed))
        else:
            out.append((mention.text, found))
    if not used:
        return _columns_only(plan, groups, names_of)
    return [g for k, g in enumerate(out) if k not in used]


def _keys(m: Mention) -> tuple[str, ...]:
    return tuple(k for k in (*m.keys, name_key(m.text)) if len(k) >= 2 and not k.startswith("table:"))


def _columns(names_of: _Names, table: Table, mentions: list[int]) -> tuple[cols.ColInfo, ...]:
    """Columns named by every mention; failing that, by the last (the most specific, as questions narrow)."""
    if not mentions:
        return ()
    sets = [names_of.matching(table, j) for j in mentions]
    if len(sets) == 1:
        return sets[0]
    rest = [set(s) for s in sets[1:]]
    common = tuple(c for c in sets[0] if all(c in s for s in rest))
    return common or sets[-1]


def _columns_only(plan: Plan, groups: list[Group], names_of: _Names) -> list[tuple[str, list[Target]]]:
    """Two mentions naming a header and its sub-column ("公务用车购置及运行费" › "购置费") are one column of the
    table's total row; other questions come back unchanged."""
    column_namers: dict[int, list[int]] = {}
    for i, (mention, found) in enumerate(groups):
        for t in found:
            if t.only is None:
                continue
            namers = column_namers.get(id(t.table))
            if namers is None:
                namers = [j for j in range(len(groups)) if names_of.names_column(t.table, j)]
                column_namers[id(t.table)] = namers
            others = [j for j in namers if j != i]
            own = names_of.matching(t.table, i)
            if not others or not own:
                continue
            theirs = [set(names_of.matching(t.table, j)) for j in others]
            columns = tuple(c for c in own if all(c in s for s in theirs))
            if not columns or len(columns) >= len(own):
                continue
            column = cols.pick(t.table, t.row, (), plan.measures, t.doc.year, only=columns)
            if column is None:
                continue
            used = {i, *others}
            name = "的".join(g[0].text for k, g in enumerate(groups) if k in used)
            rest = [(m.text, f) for k, (m, f) in enumerate(groups) if k not in used]
            return [(name, [Target(t.doc, t.table, t.row, column, columns)]), *rest]
    return [(m.text, found) for m, found in groups]
