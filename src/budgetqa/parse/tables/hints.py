"""What one table says about another's cells, for rows their own arithmetic leaves open.

- 收入总表's total row holds the 收支总表's income items (其他收入 64.00 there is 其他收入 here; an item printed
  empty there is empty here).
- 支出总表 covers all funds, so per code its 基本支出 / 项目支出 are at least the 财政拨款 / 一般公共预算 ones.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .build import Hint, name_of, values_by_label
from .cells import squeeze
from .draft import Draft, RowDraft
from .rules import label_key

_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[、.])")
SUBSET_SOURCES = ("general_expense", "fiscal_expense")
SUBSET_LABELS = ("基本支出", "项目支出")


def hints_for(draft: Draft, drafts: Sequence[Draft]) -> list[Hint]:
    out: list[Hint] = []
    if draft.kind == "income":
        for other in drafts:
            if other.kind == "income_expense_summary":
                out.append(_income_items(other))
    if draft.kind == "expense":
        for other in drafts:
            if other.kind in SUBSET_SOURCES:
                out.append(_at_least(other))
    return out


def _bare(name: str) -> str:
    return label_key(_NUMBERING.sub("", squeeze(name)))


def _income_items(summary: Draft) -> Hint:
    items: dict[str, float] = {}
    for row in summary.rows:
        if row.side == "收入" and not row.is_total:
            vals = [n.value for n, _ in row.seg.values]
            items[_bare(name_of(row))] = vals[0] if len(vals) == 1 else 0.0

    def hint(draft: Draft, row: RowDraft):
        if not row.is_total:
            return None
        expect = {}
        for i, path in enumerate(draft.paths):
            key = _bare(path[0])
            if key in items and (len(path) == 1 or label_key(path[-1]) == "金额"):
                expect[i] = items[key]
        if not expect:
            return None
        return lambda placed: all(abs(placed.get(i, 0.0) - v) < 0.006 for i, v in expect.items())

    return hint


def _at_least(source: Draft) -> Hint:
    floor: dict[tuple[str, str], float] = {}
    for row in source.rows:
        if not row.seg.code:
            continue
        for i, v in values_by_label(source, row).items():
            leaf = label_key(source.paths[i][-1])
            if leaf in SUBSET_LABELS and v > 0:
                floor[(row.seg.code, leaf)] = v

    def hint(draft: Draft, row: RowDraft):
        code = row.seg.code
        if not code:
            return None
        need = {
            i: floor[(code, label_key(p[-1]))] for i, p in enumerate(draft.paths) if (code, label_key(p[-1])) in floor
        }
        if not need:
            return None
        return lambda placed: all(placed.get(i, 0.0) >= v - 0.006 for i, v in need.items())

    return hint
