"""Each figure and citation of an answer → the id of the stored fact it copies (``fact_id``), so a figure can be
traced to one fact of the store. A figure no fact holds (a computed sum, difference or share) keeps no id."""

from __future__ import annotations

from ..models import Answer, Citation, Fact, Figure
from ..store.facts import FactStore, compare_form


def trace(answer: Answer, store: FactStore) -> Answer:
    """The answer with ``fact_id`` on its citations and on the figures a fact holds."""
    if not answer.citations:
        return answer
    found = {c.id: _candidates(c, store) for c in answer.citations}
    citations = tuple(
        c.model_copy(update={"fact_id": found[c.id][0].id if found[c.id] else None}) for c in answer.citations
    )
    figures = tuple(
        f.model_copy(update={"fact_id": _figure_fact(f, found.get(f.citation, []))}) for f in answer.figures
    )
    return answer.model_copy(update={"citations": citations, "figures": figures})


def _candidates(c: Citation, store: FactStore) -> list[Fact]:
    """Facts printed where the citation points: its table cell or row, else the facts its quote contains."""
    if not c.doc_id:
        return []
    quote = compare_form(c.quote)
    if c.table_id is not None and c.row_index is not None:
        row = [f for key, f in store.row(c.doc_id, c.table_id, c.row_index) if key == quote]
        if c.column_key:
            cell = [f for f in row if f.column_key == c.column_key]
            return cell + [f for f in row if f not in cell]
        return row
    if not quote:
        return []
    return [
        f
        for key, f in store.quoted(c.doc_id)
        if key and (f.page is None or c.page is None or f.page == c.page) and (key in quote or quote in key)
    ]


def _figure_fact(f: Figure, candidates: list[Fact]) -> str | None:
    for fact in candidates:
        if fact.value is None or not _same_unit(fact, f):
            continue
        # a change is printed as its size after 增加 / 减少: the fact keeps the sign
        size = abs(fact.value) if fact.measure in ("增减额", "增减率") else fact.value
        if any(abs(v - f.value) < 5e-7 * max(1.0, abs(f.value)) for v in (fact.value, size)):
            return fact.id
    return None


def _same_unit(fact: Fact, f: Figure) -> bool:
    return not fact.unit or not f.unit or fact.unit == f.unit or (fact.unit == "%" and f.unit == "%")
