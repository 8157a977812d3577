"""Small-to-big: a table rises with several of its rows, never by echoing one; components pass through."""

from __future__ import annotations

import pytest

from budgetqa.retrieval.base import BaseRetriever, Hit, Node
from budgetqa.retrieval.merging import ParentMergingRetriever, parent_ref, parents
from budgetqa.retrieval.nodes import nodes_of


def node(kind: str, ref: str, doc_id: str = "d") -> Node:
    return Node(id=f"{doc_id}:{kind}:{ref}", doc_id=doc_id, kind=kind, ref=ref, text=ref)


class Scored(BaseRetriever):
    def __init__(self, *scored: tuple[Node, float]):
        self.scored = scored
        self.components = {"bm25": self}

    def _retrieve(self, query, top_k, doc_ids):
        return [Hit(node=n, score=s, rank=0) for n, s in self.scored][:top_k]


TABLE, PARA = node("table", "t6"), node("paragraph", "p3")
ROWS = [node("row", f"t6/{i}") for i in range(4)]


@pytest.mark.parametrize(
    "n, ref",
    [
        (node("row", "t3/5"), "t3"),
        (node("indicator", "p1/4"), "p1"),
        (node("indicator", "p1"), None),
        (node("table", "t3"), None),
        (node("paragraph", "p12"), None),
    ],
)
def test_parent_ref(n, ref):
    assert parent_ref(n) == ref


def test_parents_of_a_real_disclosure(doc):
    found = parents(nodes_of(doc))
    assert found["doc1:row:t3/4"].id == "doc1:table:t3"
    assert found["doc1:indicator:p1/0"].id == "doc1:indicator:p1"
    assert "doc1:paragraph:p0" not in found and "doc1:table:t3" not in found


def test_many_middling_rows_lift_their_table_above_a_lone_paragraph():
    inner = Scored((PARA, 0.2), *[(r, 0.15) for r in ROWS])
    hits = ParentMergingRetriever(inner, {r.id: TABLE for r in ROWS}, share=0.5).retrieve("q", top_k=3)
    assert hits[0].node == TABLE and hits[0].score == pytest.approx(0.5 * 0.15 * 3)
    assert [h.rank for h in hits] == [1, 2, 3]


def test_one_clear_row_stays_above_its_table():
    inner = Scored((ROWS[0], 0.3), (TABLE, 0.05))
    merged = ParentMergingRetriever(inner, {r.id: TABLE for r in ROWS}, share=0.5)
    hits = merged.retrieve("q")
    assert [h.node for h in hits] == [ROWS[0], TABLE] and hits[1].score == pytest.approx(0.05)
    assert dict(merged.components) == {"bm25": inner}


def test_ranks_do_not_depend_on_top_k():
    inner = Scored((PARA, 0.2), *[(r, 0.15) for r in ROWS])
    merged = ParentMergingRetriever(inner, {r.id: TABLE for r in ROWS}, share=0.5, depth=30)
    assert [h.node for h in merged.retrieve("q", top_k=1)] == [merged.retrieve("q", top_k=6)[0].node] == [TABLE]
    shallow = ParentMergingRetriever(inner, {r.id: TABLE for r in ROWS}, share=0.5, depth=1)
    assert shallow.retrieve("q", top_k=1)[0].node == PARA  # counted among one hit, the rows never show
