"""DocumentVectorStore: FAISS IndexIDMap2 behind llama-index's interface, searches restricted per document."""

from __future__ import annotations

import numpy as np
import pytest
from llama_index.core.schema import TextNode
from llama_index.core.vector_stores.types import (
    FilterOperator,
    MetadataFilter,
    MetadataFilters,
    VectorStoreQuery,
)

from budgetqa.retrieval.vector_store import DocumentVectorStore, doc_filter

DIM = 16
SIZES = {"a": 40, "b": 7, "c": 120, "d": 1}
META = {"a": {"body": "甲局", "year": 2023}, "b": {"body": "甲局", "year": 2024}, "c": {"body": "乙局", "year": 2023}}


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture
def corpus():
    rng = np.random.default_rng(7)
    return {d: ([f"{d}:row:{i}" for i in range(n)], _unit(rng.normal(size=(n, DIM)))) for d, n in SIZES.items()}


@pytest.fixture
def store(corpus):
    s = DocumentVectorStore(dim=DIM)
    for d, (ids, vectors) in corpus.items():
        s.add_vectors(d, ids, vectors, META.get(d))
    return s


def _query(store, vector, k, filters=None):
    return store.query(VectorStoreQuery(query_embedding=vector.tolist(), similarity_top_k=k, filters=filters))


def _flat_top(corpus, docs, vector, k):
    """The reference: a plain IndexFlatIP over the vectors of ``docs`` only."""
    import faiss

    ids = [i for d in docs for i in corpus[d][0]]
    flat = faiss.IndexFlatIP(DIM)
    flat.add(np.vstack([corpus[d][1] for d in docs]))
    scores, rows = flat.search(vector.reshape(1, -1), min(k, len(ids)))
    return [ids[i] for i in rows[0]], scores[0]


def test_a_documents_query_returns_only_its_nodes_with_flat_scores(store, corpus):
    rng = np.random.default_rng(1)
    for _ in range(20):
        q = _unit(rng.normal(size=(1, DIM)))[0]
        for d in SIZES:
            result = _query(store, q, 10, doc_filter([d]))
            assert result.ids and all(i.startswith(f"{d}:") for i in result.ids)
            want_ids, want_scores = _flat_top(corpus, [d], q, 10)
            assert result.ids == want_ids
            assert np.allclose(result.similarities, want_scores, atol=1e-5)


def test_several_documents_and_unscoped_match_the_flat_index(store, corpus):
    q = _unit(np.random.default_rng(2).normal(size=(1, DIM)))[0]
    result = _query(store, q, 15, doc_filter(["b", "d"]))
    want_ids, want_scores = _flat_top(corpus, ["b", "d"], q, 15)
    assert result.ids == want_ids and np.allclose(result.similarities, want_scores, atol=1e-5)
    result = _query(store, q, 25)
    want_ids, want_scores = _flat_top(corpus, list(SIZES), q, 25)
    assert result.ids == want_ids and np.allclose(result.similarities, want_scores, atol=1e-5)


def test_document_metadata_filters_select_by_body_and_year(store):
    q = np.ones(DIM, np.float32) / 4
    body = MetadataFilters(filters=[MetadataFilter(key="body", value="甲局")])
    assert {i.split(":")[0] for i in _query(store, q, 100, body).ids} == {"a", "b"}
    since = MetadataFilters(
        filters=[
            MetadataFilter(key="year", value=2024, operator=FilterOperator.GTE),
            MetadataFilter(key="body", value="甲局"),
        ]
    )
    assert {i.split(":")[0] for i in _query(store, q, 100, since).ids} == {"b"}
    assert _query(store, q, 5, doc_filter(["nope"])).ids == []


def test_deleting_a_document_leaves_the_others_untouched(store, corpus):
    q = _unit(np.random.default_rng(3).normal(size=(1, DIM)))[0]
    before = _query(store, q, 10, doc_filter(["c"]))
    store.delete("a")
    assert store.count == sum(SIZES.values()) - SIZES["a"] and "a" not in store.doc_ids
    assert not any(i.startswith("a:") for i in _query(store, q, 200).ids)
    assert _query(store, q, 10, doc_filter(["c"])).ids == before.ids
    store.delete_nodes(["c:row:0", "c:row:5"])
    ids, vectors = store.vectors("c")
    assert len(ids) == SIZES["c"] - 2 and "c:row:5" not in ids
    assert np.allclose(vectors, np.delete(corpus["c"][1], [0, 5], axis=0))


def test_persisted_store_reloads_with_the_same_answers(store, tmp_path):
    q = _unit(np.random.default_rng(4).normal(size=(1, DIM)))[0]
    store.persist(str(tmp_path / "v.faiss"))
    again = DocumentVectorStore.from_persist_path(str(tmp_path / "v.faiss"))
    for flt in (None, doc_filter(["a"]), doc_filter(["b", "c"])):
        assert _query(again, q, 12, flt).ids == _query(store, q, 12, flt).ids
    again.add_vectors("e", ["e:0"], q.reshape(1, -1))  # a new document gets a fresh id range
    assert _query(again, q, 1).ids == ["e:0"]


def test_llama_index_pipeline_uses_the_store(fake_embedder):
    """VectorStoreIndex → retriever with a doc_id filter: llama-index keeps the text, the store the vectors."""
    from llama_index.core import StorageContext, VectorStoreIndex

    from budgetqa.retrieval.llama_embedding import LlamaEmbedding

    store = DocumentVectorStore(dim=fake_embedder.dim)
    nodes = [
        TextNode(id_=f"{d}:{i}", text=t, metadata={"doc_id": d})
        for d in ("x", "y")
        for i, t in enumerate(("差旅费 35.5", "住房公积金 169.17", "办公费 20"))
    ]
    index = VectorStoreIndex(
        nodes,
        storage_context=StorageContext.from_defaults(vector_store=store),
        embed_model=LlamaEmbedding(fake_embedder),
    )
    hits = index.as_retriever(similarity_top_k=2, filters=doc_filter(["y"])).retrieve("公积金")
    assert hits[0].node.node_id == "y:1" and "公积金" in hits[0].node.get_content()
    assert all(h.node.metadata["doc_id"] == "y" for h in hits)
