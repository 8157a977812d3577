"""What one question is answered against: the library, the documents in scope and their name index."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...models import Disclosure
from ...store.library import Library
from .index import NameIndex, index_for
from .text import norm


@dataclass(frozen=True, eq=False)
class Context:
    library: Library
    docs: tuple[Disclosure, ...]
    index: NameIndex

    @property
    def doc(self) -> Disclosure:
        return self.docs[0]


def context_for(library: Library, docs: tuple[Disclosure, ...]) -> Context:
    return Context(library, docs, index_for(docs))


def pick_docs(documents: tuple[Disclosure, ...], doc: str | None) -> tuple[Disclosure, ...]:
    """The documents a question is asked of: ``doc`` (id, unit name or source substring) or all."""
    if not doc:
        return documents
    wanted = norm(doc)
    exact = tuple(d for d in documents if d.id == doc)
    if exact:
        return exact
    return tuple(
        d
        for d in documents
        if wanted and (wanted in norm(d.unit_name) or wanted in norm(d.source) or wanted in norm(d.label))
    )


def narrow_by_question(text: str, docs: tuple[Disclosure, ...], years: tuple[int, ...]) -> tuple[Disclosure, ...]:
    """With several documents loaded, the ones whose unit (or year) the question names."""
    if len(docs) < 2:
        return docs
    named = tuple(d for d in docs if d.unit_name and norm(d.unit_name) in text)
    if named:
        return named
    by_year = tuple(d for d in docs if d.year in years)
    return by_year or docs


def covered_years(doc: Disclosure) -> set[int]:
    """Years a document gives figures for: its own, and those its column headers name (e.g. last year's 执行数)."""
    years = {doc.year} if doc.year else set()
    for table in doc.tables:
        for column in table.columns:
            years.update(int(y) for y in re.findall(r"((?:19|20)\d{2})年", "".join(column.path)))
    return years


def coverage(docs: tuple[Disclosure, ...]) -> str:
    """One sentence per document on what it holds, for answers that cannot be given."""
    out = []
    for d in docs:
        parts = [t.title for t in d.tables][:9]
        if d.definitions:
            parts.append("名词解释")
        if d.performance:
            parts.append(f"{len(d.performance)}个项目绩效目标表")
        years = sorted(covered_years(d))
        span = "、".join(f"{y}年" for y in years) if years else "未标明年份"
        out.append(f"《{d.label}》（数字涉及{span}）包含：{'、'.join(parts) or '正文说明'}")
    return "；".join(out) + "。"
