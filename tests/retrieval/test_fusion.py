"""Reciprocal-rank fusion over retrievers with known ranks."""

from __future__ import annotations

import pytest

from budgetqa.retrieval.base import BaseRetriever, Hit, Node
from budgetqa.retrieval.fusion import FusionRetriever


def node(name: str, doc_id: str = "d") -> Node:
    return Node(id=f"{doc_id}:row:{name}", doc_id=doc_id, kind="row", ref=name, text=name)


class Fixed(BaseRetriever):
    def __init__(self, *nodes: Node):
        self.nodes = nodes
        self.seen: list[frozenset[str] | None] = []

    def _retrieve(self, query, top_k, doc_ids):
        self.seen.append(doc_ids)
        return [Hit(node=n, score=1.0, rank=0) for n in self.nodes if doc_ids is None or n.doc_id in doc_ids]


def test_rrf_rewards_agreement():
    a, b, c = node("a"), node("b"), node("c")
    fused = FusionRetriever([Fixed(a, b, c), Fixed(b, c, a)]).retrieve("q", top_k=3)
    assert [h.node.ref for h in fused] == ["b", "a", "c"]
    assert fused[0].score == pytest.approx(1 / 62 + 1 / 61)


def test_weights_tip_the_balance():
    a, b = node("a"), node("b")
    fused = FusionRetriever([Fixed(a, b), Fixed(b, a)], weights=[2.0, 1.0]).retrieve("q")
    assert fused[0].node.ref == "a"


def test_doc_ids_reach_every_retriever():
    left, right = Fixed(node("a", "d1"), node("b", "d2")), Fixed(node("c", "d2"))
    fused = FusionRetriever([left, right]).retrieve("q", doc_ids=frozenset({"d2"}))
    assert {h.node.doc_id for h in fused} == {"d2"}
    assert left.seen == right.seen == [frozenset({"d2"})]


def test_weights_must_match_retrievers():
    with pytest.raises(ValueError):
        FusionRetriever([Fixed()], weights=[1.0, 2.0])


def test_hybrid_exposes_its_named_components_and_fuses_them():
    from budgetqa.retrieval.fusion import HybridRetriever

    a, b = node("a"), node("b")
    lexical, dense = Fixed(a, b), Fixed(b, a)
    hybrid = HybridRetriever({"bm25": lexical, "dense": dense}, {"bm25": 2.0}, k=10)
    assert dict(hybrid.components) == {"bm25": lexical, "dense": dense}
    assert hybrid.weights == (2.0, 1.0)  # unnamed components weigh 1
    fused = hybrid.retrieve("q")
    assert [h.node.ref for h in fused] == ["a", "b"]
    assert fused[0].score == pytest.approx(2 / 11 + 1 / 12)
    with pytest.raises(TypeError):
        hybrid.components["codes"] = lexical  # read-only view


def test_hybrid_rejects_weights_for_unknown_components():
    from budgetqa.retrieval.fusion import HybridRetriever

    with pytest.raises(ValueError, match="codes"):
        HybridRetriever({"bm25": Fixed()}, {"codes": 2.0})
