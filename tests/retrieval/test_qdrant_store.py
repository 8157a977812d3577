"""The Qdrant backend (embedded local mode, no server) ranks like the FAISS one and filters by payload."""

from __future__ import annotations

import pytest

from budgetqa.config import Settings
from budgetqa.errors import SettingError
from budgetqa.retrieval.persist import build_retrieval, load_retriever, read_meta

from .conftest import KeywordEmbedder, make_doc

pytest.importorskip("qdrant_client")

QUERIES = ("差旅费是多少", "住房公积金", "社会保险业务管理事务", "三公经费", "车辆", "培训多少人次", "2080107", "办公")


def _build(tmp_path, backend, docs):
    settings = Settings(model="fake-keywords", cache_dir=tmp_path / "cache", vector_store=backend)
    embedder = KeywordEmbedder()
    build_retrieval(docs, tmp_path / backend, settings, embedder=lambda _s: embedder)
    return load_retriever(tmp_path / backend, settings, embedder=lambda _s: embedder)


@pytest.fixture
def docs():
    return [make_doc("doc1", "测试单位"), make_doc("doc2", "另一单位"), make_doc("doc3", "第三单位")]


def test_qdrant_ranks_like_faiss_scoped_and_unscoped(tmp_path, docs):
    faiss_r, qdrant_r = _build(tmp_path, "faiss", docs), _build(tmp_path, "qdrant", docs)
    assert read_meta(tmp_path / "qdrant")["vector_store"]["backend"] == "qdrant"
    for query in QUERIES:
        for scope in (None, frozenset({"doc2"}), frozenset({"doc1", "doc3"})):
            dense_f = faiss_r.components["dense"].retrieve(query, 8, scope)
            dense_q = qdrant_r.components["dense"].retrieve(query, 8, scope)
            assert [h.node.id for h in dense_q] == [h.node.id for h in dense_f]
            assert [h.score for h in dense_q] == pytest.approx([h.score for h in dense_f], abs=1e-5)
            if scope:
                assert {h.node.doc_id for h in dense_q} <= scope
            assert [h.node.id for h in qdrant_r.retrieve(query, 5, scope)] == [
                h.node.id for h in faiss_r.retrieve(query, 5, scope)
            ]


def test_qdrant_payload_filters_by_body_and_year(tmp_path, docs):
    from llama_index.core.vector_stores.types import MetadataFilter, MetadataFilters, VectorStoreQuery

    store = _build(tmp_path, "qdrant", docs).components["dense"].inner.store
    query = KeywordEmbedder().embed_queries(["公积金"])[0].tolist()
    body = MetadataFilters(filters=[MetadataFilter(key="body", value="另一单位")])
    result = store.query(VectorStoreQuery(query_embedding=query, similarity_top_k=50, filters=body))
    assert result.ids and {i.split(":")[0] for i in result.ids} == {"doc2"}
    year = MetadataFilters(filters=[MetadataFilter(key="year", value=2022)])
    assert store.query(VectorStoreQuery(query_embedding=query, similarity_top_k=5, filters=year)).ids == []


def test_qdrant_rebuild_reuses_vectors(tmp_path, docs):
    settings = Settings(model="fake-keywords", cache_dir=tmp_path / "cache", vector_store="qdrant")
    first, second = KeywordEmbedder(), KeywordEmbedder()
    build_retrieval(docs[:2], tmp_path / "a", settings, embedder=lambda _s: first)
    build_retrieval(docs, tmp_path / "b", settings, previous=tmp_path / "a", embedder=lambda _s: second)
    assert second.passages and all("第三单位" in p or p in first.passages for p in second.passages)
    assert len(second.passages) < len(first.passages)


def test_unknown_backend_is_a_clear_error(tmp_path, docs):
    settings = Settings(model="fake-keywords", cache_dir=tmp_path / "cache", vector_store="milvus")
    with pytest.raises(SettingError, match=r"BUDGETQA_VECTOR_STORE='milvus'.*faiss, qdrant"):
        build_retrieval(docs, tmp_path / "x", settings, embedder=lambda _s: KeywordEmbedder())
