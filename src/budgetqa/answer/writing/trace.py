"""Each figure and citation of an answer → the id of the stored fact it copies (``fact_id``), so a figure can be
traced to one fact of the store. A figure no fact holds (a computed sum, difference or share) keeps no id."""

from __future__ import annotations

from ...models import Answer, Citation, Fact, Figure
from ...store.facts import FactStore, compare_form


_LONG = 20  # a sentence this long quoted inside the cited passage is that passage's, whatever page it starts on


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
        cell = [f for f in row if c.column_key and f.column_key == c.column_key]
        # a two-sided table prints both sides on one line: the other side's cells share the citation's quote
        line = [f for f in store.printed_line(c.doc_id, c.table_id, quote) if f not in row]
        return cell + [f for f in row if f not in cell] + line
    if not quote:
        return []
    same = [f for key, f in store.quoted(c.doc_id) if key == quote]  # the very line quoted, whatever page it is on
    return same + [
        f
        for key, f in store.quoted(c.doc_id)
        if key
        and key != quote
        and (f.page is None or c.page is None or f.page == c.page or len(key) >= _LONG)
        and (key in quote or quote in key)
    ]


def _figure_fact(f: Figure, candidates: list[Fact]) -> str | None:
    for fact in candidates:
        if fact.value is None or not _same_unit(fact, f):
            continue
        # a change is printed as its size after 增加 / 减少, or signed by the answer: the sign is not the figure's
        if abs(abs(fact.value) - abs(f.value)) < 5e-7 * max(1.0, abs(f.value)):
            return fact.id
    return None


def _same_unit(fact: Fact, f: Figure) -> bool:
    return not fact.unit or not f.unit or fact.unit == f.unit or (fact.unit == "%" and f.unit == "%")
