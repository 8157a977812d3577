"""Mentions → table cells: every table holding the item, best first (the question's scope, then broadness)."""

from __future__ import annotations

from dataclasses import dataclass

from ...models import Cell, Disclosure, Row, Table
from . import columns as cols
from .columns import ColInfo
from ..question.index import ColRef, NameIndex, RowRef, is_unit_row
from ..question.plan import Mention, Plan
from ..question.text import name_key
from ..question.vocab import vocab


@dataclass(frozen=True, eq=False)
class Target:
    """One cell a question points to: document, table, row, column (cell None when the printed cell is empty)."""

    doc: Disclosure
    table: Table
    row: Row
    column: ColInfo | None
    only: tuple[ColInfo, ...] | None = None  # when the item is a column: the columns naming it

    @property
    def cell(self) -> Cell | None:
        return self.row.cell(self.column.key) if self.column is not None else None

    @property
    def years(self) -> tuple[int, ...]:
        return (self.doc.year,) if self.doc.year else ()


def main_row(doc: Disclosure, table: Table) -> Row | None:
    """The row that totals a table: flagged total, the unit's own row, else the only/first row."""
    rows = [r for r in table.rows if r.cells]
    for test in (lambda r: r.is_total and not r.side, lambda r: is_unit_row(doc, r), lambda r: r.is_total):
        found = [r for r in rows if test(r)]
        if found:
            return found[0]
    return rows[0] if len(rows) == 1 else (rows[0] if rows and not any(r.code for r in rows) else None)


def targets(plan: Plan, mention: Mention, index: NameIndex, docs: tuple[Disclosure, ...]) -> list[Target]:
    """Cells for ``mention`` in ``docs``, ordered by the question's scope, the mention's key order, broadness."""
    found: list[tuple[tuple, Target]] = []
    allowed = {id(d) for d in docs}
    for k_rank, key in enumerate(mention.keys):
        for anchor in (*_anchors(key, mention, index), *_expense_variant(key, mention, index)):
            if id(anchor[0]) not in allowed:
                continue
            target = _target(plan, anchor)
            if target is not None:
                found.append((_rank(plan, target, k_rank, docs), target))
    found.sort(key=lambda p: p[0])
    found = _in_named_tables(plan, found)
    seen: set[tuple[str, str, int]] = set()
    out = []
    for _, t in found:
        ident = (t.doc.id, t.table.id, t.row.side, t.row.index)
        if ident not in seen:
            seen.add(ident)
            out.append(t)
    return out


def _expense_variant(key: str, mention: Mention, index: NameIndex):
    """The functional-class row "X支出" of an item named "X" ("机关事业单位基本养老保险缴费" → 2080505 …缴费支出):
    the same money under its 功能分类 name, which the all-funds tables print."""
    if mention.via != "name" or key.endswith("支出") or key.startswith("table:"):
        return ()
    return tuple(a for a in _anchors(key + "支出", mention, index) if a[2].code)


def _in_named_tables(plan: Plan, found: list) -> list:
    """When the question names tables, only cells of those tables answer it (if any holds the item)."""
    if not plan.tables:
        return found
    inside = [p for p in found if name_key(p[1].table.title) in plan.tables]
    return inside or found


def measure_targets(plan: Plan, docs: tuple[Disclosure, ...]) -> list[Target]:
    """A measure, a table or a scope named without an item ("基本支出是多少", "一般公共预算支出表的合计") is that
    table's total row, in the measure's column."""
    wanted = [m for m in plan.measures if m not in ("增减额", "增减率", "预算数", "执行数", "合计")]
    scoped = bool(plan.tables or plan.scopes)
    if not wanted and not scoped and "合计" not in plan.measures:
        return []
    found = []
    for doc in docs:
        for table in doc.tables:
            row = main_row(doc, table)
            if row is None or table.empty:
                continue
            if not wanted and table.kind not in _TOTAL_KINDS and not (scoped and table.kind in plan.scopes[:1]):
                continue
            if plan.tables and name_key(table.title) not in plan.tables:
                continue
            if wanted and not any(set(wanted) <= c.measures for c in cols.infos(table)):
                continue
            t = _target(plan, (doc, table, row, None))
            if t is not None and t.cell is not None and (not wanted or set(wanted) <= t.column.measures):
                found.append((_rank(plan, t, 0, docs), t))
    found.sort(key=lambda p: p[0])
    if scoped and not wanted and found and plan.scopes and found[0][1].table.kind not in plan.scopes[:1]:
        return []  # the scope named has no total to give; do not answer with another table's
    return [t for _, t in found]


_TOTAL_KINDS = ("expense", "income", "income_expense_summary", "fiscal_summary", "general_expense")


def _anchors(key: str, mention: Mention, index: NameIndex):
    if key.startswith("table:"):
        for doc, table in index.tables.get(key[6:], ()):
            row = main_row(doc, table)
            if row is not None:
                yield doc, table, row, None
        return
    refs = index.codes.get(key, []) if mention.via == "code" else index.anchors(key)
    for ref in refs:
        if isinstance(ref, RowRef):
            yield ref.doc, ref.table, ref.row, None
        elif isinstance(ref, ColRef):
            row = main_row(ref.doc, ref.table)
            if row is not None:
                # a group header names its sub-columns too ("一般公共预算基本支出 › 人员经费")
                only = tuple(
                    c
                    for c in cols.infos(ref.table)
                    if c.item == key or any(name_key(p) == key for p in c.column.path[:-1])
                )
                yield ref.doc, ref.table, row, only


def _target(plan: Plan, anchor) -> Target | None:
    doc, table, row, only = anchor
    years = cols.wanted_years(plan.years, plan.relative, doc.year)
    column = cols.pick(table, row, years, plan.measures, doc.year, only=only)
    if column is None and years:
        return Target(doc, table, row, None, only)
    return Target(doc, table, row, column, only)


def _rank(plan: Plan, t: Target, key_rank: int, docs: tuple[Disclosure, ...]) -> tuple:
    broad = vocab().broadness
    scope = plan.scopes.index(t.table.kind) if t.table.kind in plan.scopes else len(plan.scopes)
    empty = t.cell is None or t.cell.value is None
    # the column holding more of the measures asked ("基本支出的人员经费": 基本支出 › 人员经费) ranks first
    measured = sum(
        1 for m in plan.measures if m not in ("增减额", "增减率") and t.column is not None and m in t.column.measures
    )
    order = next(i for i, d in enumerate(docs) if d is t.doc)
    return (
        order,
        scope,
        t.column is None,
        empty,
        -measured,
        key_rank,
        broad.index(t.table.kind) if t.table.kind in broad else len(broad),
        t.table.id,
        t.row.index,
    )


def children(doc: Disclosure, table: Table, row: Row) -> list[Row]:
    """Rows one level below ``row``: by the parser's parent code, else by code prefix, else indented order."""
    if not row.code:
        return []
    code = row.code.replace(" ", "")
    direct = [r for r in table.rows if r.parent and r.parent.replace(" ", "") == code]
    if direct:
        return direct
    below = [
        r
        for r in table.rows
        if r.code and r.code.replace(" ", "").startswith(code) and len(r.code.replace(" ", "")) > len(code)
    ]
    if not below:
        return []
    step = min(len(r.code.replace(" ", "")) for r in below)
    return [r for r in below if len(r.code.replace(" ", "")) == step]


def leaves(table: Table) -> list[Row]:
    """Rows with a code that no other row extends (the finest level printed)."""
    coded = [r for r in table.rows if r.code and not r.is_total]
    codes = [r.code.replace(" ", "") for r in coded]
    return [r for r, c in zip(coded, codes) if not any(o != c and o.startswith(c) for o in codes)]


def same_name(a: Row, b: Row) -> bool:
    return name_key(a.name) == name_key(b.name)
