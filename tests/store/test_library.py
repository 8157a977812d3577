"""The index directory: writes are atomic, re-ingest replaces, bad files leave the live manifest untouched."""

from __future__ import annotations

import json
import shutil

import pytest

from budgetqa.config import Settings
from budgetqa.errors import IngestError
from budgetqa.store import library as library_mod
from budgetqa.store.library import Library, live_build

from ..conftest import SEED


@pytest.fixture
def no_vectors(monkeypatch):
    """Stand-in for the retrieval build, which needs the embedding model; counts its calls."""
    calls = []

    def fake_build(docs, out_dir, settings, previous=None, progress=None):
        out_dir.mkdir(parents=True)
        (out_dir / "nodes.json").write_text(json.dumps([d.id for d in docs]))
        calls.append(out_dir)

    monkeypatch.setattr("budgetqa.retrieval.persist.build_retrieval", fake_build)
    return calls


@pytest.fixture
def settings(tmp_path):
    return Settings(index_dir=tmp_path / "idx", corpus_dir=tmp_path / "no-corpus")


def test_new_index_dir_starts_empty(settings):
    lib = Library.open(settings)
    assert lib.documents == () and lib.facts() == [] and lib.retriever is None


def test_ingest_then_reload(settings, no_vectors):
    lib = Library.open(settings)
    (doc,) = lib.ingest([SEED])
    assert doc.unit_name and lib.documents == (doc,)
    again = Library.open(settings)
    assert again.documents == (doc,)
    facts = again.facts("subject_code = ? AND value IS NOT NULL", ("2080107",))
    assert facts and all(f.doc_id == doc.id for f in facts)


def test_reingest_same_content_does_not_duplicate(settings, no_vectors, tmp_path):
    lib = Library.open(settings)
    lib.ingest([SEED])
    copy = tmp_path / "renamed.txt"
    shutil.copy(SEED, copy)
    lib.ingest([copy])
    assert len(Library.open(settings).documents) == 1
    assert len(list((settings.index_dir / "units").iterdir())) == 1


def test_bad_file_leaves_index_untouched(settings, no_vectors, tmp_path):
    lib = Library.open(settings)
    lib.ingest([SEED])
    before = live_build(settings.index_dir)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(IngestError, match=r"empty\.txt"):
        lib.ingest([empty])
    assert live_build(settings.index_dir) == before
    assert len(Library.open(settings).documents) == 1


def test_interrupted_build_keeps_previous_build_live(settings, no_vectors, monkeypatch, tmp_path):
    lib = Library.open(settings)
    lib.ingest([SEED])
    before = live_build(settings.index_dir)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("budgetqa.retrieval.persist.build_retrieval", interrupted)
    other = tmp_path / "other.txt"
    other.write_text(SEED.read_text("utf-8") + "\n补充说明。", "utf-8")
    with pytest.raises(KeyboardInterrupt):
        lib.ingest([other])
    assert live_build(settings.index_dir) == before
    reloaded = Library.open(settings)
    assert len(reloaded.documents) == 1 and reloaded.facts()


def test_default_index_builds_from_corpus(tmp_path, no_vectors, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    default = Settings(index_dir=tmp_path / "index", corpus_dir=corpus)
    monkeypatch.setattr(library_mod, "_is_default", lambda s: True)
    lib = Library.open(default)
    assert len(lib.documents) == 1 and live_build(default.index_dir) is not None
