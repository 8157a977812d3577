"""The index folder: round trip, vector reuse across builds, model mismatch, lazy model loading, progress."""

from __future__ import annotations

import pytest

from budgetqa.config import Settings
from budgetqa.errors import IndexNotReady
from budgetqa.retrieval.nodes import nodes_of
from budgetqa.retrieval.persist import build_retrieval, load_retriever, read_meta, read_nodes

from .conftest import KeywordEmbedder


@pytest.fixture
def settings(tmp_path):
    return Settings(model="fake-keywords", cache_dir=tmp_path / "cache")


def factory(embedder: KeywordEmbedder):
    calls = []

    def get(settings):
        calls.append(settings.model)
        return embedder

    get.calls = calls
    return get


def test_round_trip(tmp_path, settings, doc, other_doc, fake_embedder):
    get = factory(fake_embedder)
    frac = []
    build_retrieval([doc, other_doc], tmp_path / "r", settings, progress=frac.append, embedder=get)
    assert frac[-1] == 1.0 and all(0 <= f <= 1 for f in frac)
    assert read_nodes(tmp_path / "r") == nodes_of(doc) + nodes_of(other_doc)
    assert read_meta(tmp_path / "r")["model"] == "fake-keywords"

    get.calls.clear()
    retriever = load_retriever(tmp_path / "r", settings, embedder=get)
    assert get.calls == []  # loading never loads the model
    hits = retriever.retrieve("差旅费是多少", top_k=5, doc_ids=frozenset({"doc2"}))
    assert hits[0].node.id == "doc2:row:t5/2"
    assert {h.node.doc_id for h in hits} == {"doc2"}
    assert get.calls == ["fake-keywords"]
    assert retriever.retrieve("2080107", top_k=1, doc_ids=frozenset({"doc1"}))[0].node.id == "doc1:row:t3/4"


def test_unchanged_nodes_are_not_embedded_again(tmp_path, settings, doc, other_doc):
    first = KeywordEmbedder()
    build_retrieval([doc], tmp_path / "a", settings, embedder=factory(first))
    assert len(first.passages) == len(nodes_of(doc))

    second = KeywordEmbedder()
    build_retrieval([doc, other_doc], tmp_path / "b", settings, previous=tmp_path / "a", embedder=factory(second))
    assert sorted(second.passages) == sorted(n.text for n in nodes_of(other_doc))

    third = KeywordEmbedder()
    get = factory(third)
    build_retrieval([doc, other_doc], tmp_path / "c", settings, previous=tmp_path / "b", embedder=get)
    assert third.passages == [] and get.calls == []
    hits = load_retriever(tmp_path / "c", settings, embedder=get).retrieve("公积金", top_k=3)
    assert "公积金" in hits[0].node.text


def test_changed_text_is_embedded_again(tmp_path, settings, doc, fake_embedder):
    build_retrieval([doc], tmp_path / "a", settings, embedder=factory(fake_embedder))
    edited = doc.model_copy(update={"definitions": (doc.definitions[0].model_copy(update={"text": "新的解释。"}),)})
    again = KeywordEmbedder()
    build_retrieval([edited], tmp_path / "b", settings, previous=tmp_path / "a", embedder=factory(again))
    assert again.passages == ["名词解释（七）“三公”经费：新的解释。"]


def test_other_model_rebuilds_and_refuses_to_load(tmp_path, settings, doc, fake_embedder):
    build_retrieval([doc], tmp_path / "a", settings, embedder=factory(fake_embedder))
    other = Settings(model="another-model", cache_dir=settings.cache_dir)
    with pytest.raises(IndexNotReady, match="another-model"):
        load_retriever(tmp_path / "a", other)
    again = KeywordEmbedder()
    build_retrieval([doc], tmp_path / "b", other, previous=tmp_path / "a", embedder=factory(again))
    assert len(again.passages) == len(nodes_of(doc))


def test_empty_build_loads_and_finds_nothing(tmp_path, settings, fake_embedder):
    get = factory(fake_embedder)
    build_retrieval([], tmp_path / "e", settings, embedder=get)
    assert load_retriever(tmp_path / "e", settings, embedder=get).retrieve("差旅费") == []
    assert get.calls == []


def test_missing_index_is_a_clear_error(tmp_path, settings):
    with pytest.raises(IndexNotReady, match="budgetqa ingest"):
        load_retriever(tmp_path / "nothing", settings)


def test_out_dir_must_be_fresh(tmp_path, settings, doc, fake_embedder):
    (tmp_path / "r").mkdir()
    with pytest.raises(FileExistsError):
        build_retrieval([doc], tmp_path / "r", settings, embedder=factory(fake_embedder))


def test_loaded_retriever_exposes_components_and_rewrites_questions(tmp_path, settings, doc, fake_embedder):
    """Each component can rank alone (the eval's ablation); BM25 and dense get "出差" as 差旅费, codes the raw query."""
    get = factory(fake_embedder)
    build_retrieval([doc], tmp_path / "r", settings, embedder=get)
    retriever = load_retriever(tmp_path / "r", settings, embedder=get)
    assert set(retriever.components) == {"codes", "bm25", "dense"}
    travel = "doc1:row:t5/2"  # 30211 差旅费
    assert retriever.components["bm25"].retrieve("出差的钱是多少？", top_k=1)[0].node.id == travel
    assert retriever.retrieve("出差的钱是多少？", top_k=1)[0].node.id == travel
    assert fake_embedder.queries[-1] == "出差的钱 差旅费"  # dense saw the rewritten question
    assert retriever.components["codes"].retrieve("30211", top_k=1)[0].node.id == travel


def test_format_1_index_still_loads(tmp_path, settings, doc, other_doc, fake_embedder):
    """An index written before the per-document store (a bare IndexFlatIP in node order) is regrouped on load."""
    import json

    import faiss
    import numpy as np

    get = factory(fake_embedder)
    build_retrieval([doc, other_doc], tmp_path / "r", settings, embedder=get)
    new = load_retriever(tmp_path / "r", settings, embedder=get).components["dense"]
    nodes = read_nodes(tmp_path / "r")
    flat = faiss.IndexFlatIP(fake_embedder.dim)
    flat.add(np.vstack(fake_embedder.embed_passages([n.text for n in nodes])))
    faiss.write_index(flat, str(tmp_path / "r" / "vectors.faiss"))
    (tmp_path / "r" / "vectors.faiss.docs.json").unlink()
    meta = read_meta(tmp_path / "r")
    del meta["vector_store"]
    (tmp_path / "r" / "meta.json").write_text(json.dumps({**meta, "format": 1}), "utf-8")
    old = load_retriever(tmp_path / "r", settings, embedder=get).components["dense"]
    for scope in (None, frozenset({"doc2"})):
        assert [h.node.id for h in old.retrieve("公积金", 6, scope)] == [
            h.node.id for h in new.retrieve("公积金", 6, scope)
        ]


def test_unknown_format_asks_for_a_rebuild(tmp_path, settings, doc, fake_embedder):
    import json

    build_retrieval([doc], tmp_path / "r", settings, embedder=factory(fake_embedder))
    meta = read_meta(tmp_path / "r")
    (tmp_path / "r" / "meta.json").write_text(json.dumps({**meta, "format": 99}), "utf-8")
    with pytest.raises(IndexNotReady, match=r"format 99.*budgetqa ingest"):
        load_retriever(tmp_path / "r", settings)
