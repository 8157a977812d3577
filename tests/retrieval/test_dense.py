"""Dense retrieval through FaissVectorStore with IndexFlatIP: higher score is better, filter by document."""

from __future__ import annotations

import pytest

from budgetqa.retrieval.dense import DenseRetriever, faiss_store, store_vectors
from budgetqa.retrieval.nodes import nodes_of


@pytest.fixture
def dense(doc, other_doc, fake_embedder):
    nodes = nodes_of(doc) + nodes_of(other_doc)
    vectors = fake_embedder.embed_passages([n.text for n in nodes])
    return DenseRetriever(nodes, faiss_store(vectors, nodes), lambda q: fake_embedder.embed_queries([q])[0])


def test_keyword_neighbour_ranks_first_with_cosine_scores(dense):
    hits = dense.retrieve("差旅", top_k=3)
    assert "差旅" in hits[0].node.text
    assert hits[0].score == pytest.approx(max(h.score for h in hits)) and hits[0].score <= 1.0001
    assert [h.rank for h in hits] == [1, 2, 3]


def test_doc_filter_overfetches(dense):
    hits = dense.retrieve("公积金", top_k=5, doc_ids=frozenset({"doc2"}))
    assert len(hits) == 5 and {h.node.doc_id for h in hits} == {"doc2"}
    assert "公积金" in hits[0].node.text


def test_vectors_round_trip(fake_embedder, doc):
    vectors = fake_embedder.embed_passages([n.text for n in nodes_of(doc)])
    nodes = nodes_of(doc)
    assert (store_vectors(faiss_store(vectors, nodes), nodes) == vectors).all()
