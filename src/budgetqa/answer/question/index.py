"""Names of the loaded documents (rows, item columns, tables, codes), built once per set of documents.

The question reader matches these names in the question text; resolution turns them back into table cells.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from ...models import Column, Disclosure, Row, Table
from .text import name_key
from .vocab import vocab

_YEAR_WORD = re.compile(r"^(?:19|20)\d{2}年?")
_GENERIC = {"合计", "小计", "总计", "其他", "项目", "科目名称", "项目名称", "金额", "其中"}


@dataclass(frozen=True, eq=False)
class RowRef:
    doc: Disclosure
    table: Table
    row: Row


@dataclass(frozen=True, eq=False)
class ColRef:
    """A column that is itself an item (三公 table: 公务接待费; 收入总表: 上年结转)."""

    doc: Disclosure
    table: Table
    column: Column


@dataclass(eq=False)
class NameIndex:
    docs: tuple[Disclosure, ...]
    rows: dict[str, list[RowRef]] = field(default_factory=lambda: defaultdict(list))
    codes: dict[str, list[RowRef]] = field(default_factory=lambda: defaultdict(list))
    columns: dict[str, list[ColRef]] = field(default_factory=lambda: defaultdict(list))
    tables: dict[str, list[tuple[Disclosure, Table]]] = field(default_factory=lambda: defaultdict(list))
    bigrams: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # bigram → keys

    @property
    def keys(self) -> set[str]:
        return set(self.rows) | set(self.columns)

    def anchors(self, key: str) -> list[RowRef | ColRef]:
        return [*self.rows.get(key, ()), *self.columns.get(key, ())]


def column_item(column: Column) -> str | None:
    """The item a column names, when it names one rather than a measure ("公务接待费", not "2023年预算数").

    A generic leaf ("小计") takes its item from the header above it ("公务用车购置及运行费 / 小计")."""
    for part in reversed(column.path):
        leaf = name_key(_YEAR_WORD.sub("", part))
        if len(leaf) < 2 or leaf in _GENERIC:
            continue
        v = vocab()
        if any(leaf in m.labels or leaf == m.name for m in v.measures) or leaf in v.total_labels:
            return None
        if any(leaf.startswith(w) or leaf.endswith(w) for w in ("预算数", "执行数", "增减", "扣除", "预算")):
            return None
        return leaf
    return None


def is_unit_row(doc: Disclosure, row: Row) -> bool:
    key = name_key(row.name)
    unit = name_key(doc.unit_name)
    return bool(unit) and (key in unit or unit in key) and not row.code


def build_index(docs: tuple[Disclosure, ...]) -> NameIndex:
    index = NameIndex(docs)
    for doc in docs:
        for table in doc.tables:
            index.tables[name_key(table.title)].append((doc, table))
            for row in table.rows:
                ref = RowRef(doc, table, row)
                if row.code:
                    index.codes[row.code.replace(" ", "")].append(ref)
                key = name_key(row.name)
                # A total with a name of its own ("本年收入合计", "收入总计") is an item people ask for.
                if len(key) >= 2 and key not in _GENERIC and not is_unit_row(doc, row):
                    index.rows[key].append(ref)
            for column in table.columns:
                item = column_item(column)
                if item:
                    index.columns[item].append(ColRef(doc, table, column))
    for key in index.keys:
        for gram in _grams(key):
            index.bigrams[gram].add(key)
    return index


def _grams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


_CACHE: dict[tuple[int, ...], NameIndex] = {}


def index_for(docs: tuple[Disclosure, ...]) -> NameIndex:
    """The index of ``docs``, cached by object identity (a Library swaps its tuple on ingest)."""
    key = tuple(id(d) for d in docs)
    if key not in _CACHE:
        if len(_CACHE) > 16:
            _CACHE.clear()
        _CACHE[key] = build_index(docs)
    return _CACHE[key]
