"""One document = one unit of storage: adding or removing a document touches only its unit and the manifest, an
index opens without reading any unit, and answers are those of the earlier one-folder index it is migrated from."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from budgetqa.answer.pipeline import answer_question
from budgetqa.config import Settings
from budgetqa.models import Disclosure
from budgetqa.retrieval import embedding
from budgetqa.retrieval.embedding import HashEmbedder
from budgetqa.retrieval.persist import build_retrieval
from budgetqa.store.facts import facts_of, write_facts
from budgetqa.store.library import MANIFEST, UNITS, LazyDisclosure, Library

from ..conftest import SEED

DIM = 32
QUESTIONS = (
    "住房公积金预算是多少？",
    "差旅费是多少",
    "2080107",
    "一般公共预算基本支出表的合计",
    "三公经费",
    "机关运行经费是多少",
    "什么是基本支出",
    "单位概况",
    "项目支出绩效目标",
    "收入总计",
)


@pytest.fixture
def stub(monkeypatch):
    embedder = HashEmbedder("stub-e5", DIM, record=True)
    monkeypatch.setattr(embedding, "_load", lambda model, cache_dir: embedder)
    return embedder


@pytest.fixture
def settings(tmp_path):
    return Settings(index_dir=tmp_path / "idx", corpus_dir=tmp_path / "no-corpus", model="stub-e5", cache_dir=tmp_path)


def _files(folder: Path) -> dict[str, int]:
    """Every file under ``folder`` with its modification time (ns)."""
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in sorted(folder.rglob("*")) if p.is_file()}


def _legacy_index(settings: Settings, docs: tuple[Disclosure, ...]) -> Path:
    """An index in the layout before units: CURRENT → build-*/ with every document together."""
    build = settings.index_dir / "build-old"
    (build / "docs").mkdir(parents=True)
    for doc in docs:
        (build / "docs" / f"{doc.id}.json").write_text(doc.model_dump_json(), "utf-8")
    conn = sqlite3.connect(build / "facts.sqlite")
    for doc in docs:
        write_facts(conn, facts_of(doc))
    conn.close()
    build_retrieval(docs, build / "retrieval", settings)
    manifest = {"format": 1, "model": settings.model, "documents": [{"id": d.id, "source": d.source} for d in docs]}
    (build / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    (settings.index_dir / "CURRENT").write_text(build.name, "utf-8")
    return build


def test_adding_a_document_writes_only_its_unit_and_embeds_only_its_nodes(settings, stub, seed_doc, sh_doc):
    lib = Library(settings, None, ())
    lib.add_documents([seed_doc])
    (first,) = (settings.index_dir / UNITS).iterdir()
    before = _files(first)
    lib.add_documents([sh_doc])
    assert _files(first) == before  # not one file of the first unit rewritten
    units = sorted(p.name for p in (settings.index_dir / UNITS).iterdir())
    assert len(units) == 2 and units[0 if units[0].startswith(seed_doc.id) else 1] == first.name
    reopened = Library.open(settings)
    assert [d.id for d in reopened.documents] == [seed_doc.id, sh_doc.id]


def test_adding_embeds_nothing_of_the_documents_already_there(settings, stub, seed_doc, sh_doc):
    lib = Library(settings, None, ())
    lib.add_documents([seed_doc])
    stub.passages.clear()
    lib.add_documents([sh_doc])
    from budgetqa.retrieval.nodes import nodes_of

    assert sorted(stub.passages) == sorted(n.text for n in nodes_of(sh_doc))


def test_removing_a_document_touches_only_its_unit_and_the_manifest(settings, stub, seed_doc, sh_doc):
    lib = Library(settings, None, ())
    lib.add_documents([seed_doc, sh_doc])
    units = {p.name.split("-")[0]: p for p in (settings.index_dir / UNITS).iterdir()}
    kept = _files(units[seed_doc.id])
    stub.passages.clear()
    lib.remove(sh_doc.id)
    assert not units[sh_doc.id].exists() and _files(units[seed_doc.id]) == kept and not stub.passages
    manifest = json.loads((settings.index_dir / MANIFEST).read_text("utf-8"))
    assert [d["id"] for d in manifest["documents"]] == [seed_doc.id]
    assert [d.id for d in Library.open(settings).documents] == [seed_doc.id]
    lib.remove(seed_doc.id)
    assert not (settings.index_dir / MANIFEST).exists() and not any((settings.index_dir / UNITS).iterdir())
    assert Library.open(settings).documents == ()


def test_open_reads_no_unit_until_a_question_is_routed_to_its_document(settings, stub, seed_doc, sh_doc):
    Library(settings, None, ()).add_documents([seed_doc, sh_doc])
    lib = Library.open(settings)
    assert all(isinstance(d, LazyDisclosure) and not d.loaded for d in lib.documents)
    assert {d.label for d in lib.documents} == {seed_doc.label, sh_doc.label}  # the catalog, from the manifest
    retriever = lib.retriever
    units = retriever.inner.components["bm25"].inner.units.units  # type: ignore[union-attr]
    assert not any(u.loaded for u in units.values())
    hits = retriever.retrieve("住房公积金", 5, frozenset({seed_doc.id}))
    assert hits and all(h.node.doc_id == seed_doc.id for h in hits)
    assert units[seed_doc.id].loaded and not units[sh_doc.id].loaded
    assert not lib.documents[1].loaded
    assert lib.fact_store().of_doc(seed_doc.id) and lib.facts("doc_id = ?", (seed_doc.id,))
    assert lib.preload() == 2 and all(u.loaded for u in units.values())  # what `serve` does in the background


@pytest.mark.parametrize("two", [False, True], ids=["default-document", "two-documents"])
def test_answers_are_those_of_the_index_migrated_from(settings, stub, seed_doc, sh_doc, tmp_path, two):
    docs = (seed_doc, sh_doc) if two else (seed_doc,)
    before = _legacy_index(settings, docs)
    legacy_settings = Settings(**{**settings.__dict__, "index_dir": tmp_path / "legacy"})
    legacy = Library(legacy_settings, tmp_path / "legacy-build", docs)
    import shutil

    shutil.copytree(before, tmp_path / "legacy-build")
    stub.passages.clear()
    migrated = Library.open(settings)
    assert not stub.passages  # the vectors are reused, not embedded again
    assert (settings.index_dir / MANIFEST).is_file() and not (settings.index_dir / "CURRENT").exists()
    assert not before.exists() and [d.id for d in migrated.documents] == [d.id for d in docs]
    questions = QUESTIONS + tuple(f"{d.unit_name}{q}" for d in docs for q in QUESTIONS[:3])
    found = 0
    for question in questions:
        for doc in (None, *(d.id for d in docs)):
            a = answer_question(question, legacy, doc=doc)
            b = answer_question(question, migrated, doc=doc)
            assert b == a, (question, doc)
            found += bool(a.citations)
    assert found > len(questions)  # real answers compared, not only "not found"
    if two:  # BM25 weighs words by each document's own statistics now: see the test below
        return
    for question in questions:
        assert [h.node.id for h in migrated.retriever.retrieve(question, 10, frozenset({seed_doc.id}))] == [
            h.node.id for h in legacy.retriever.retrieve(question, 10, frozenset({seed_doc.id}))
        ]


def test_reingesting_a_document_writes_a_fresh_unit_and_reuses_its_vectors(settings, stub, seed_doc):
    lib = Library(settings, None, ())
    lib.ingest([SEED])
    (old,) = (settings.index_dir / UNITS).iterdir()
    stub.passages.clear()
    lib.ingest([SEED])
    (new,) = (settings.index_dir / UNITS).iterdir()
    assert new != old and not old.exists() and not stub.passages


def test_a_document_ranks_as_it_would_alone_whatever_else_the_library_holds(settings, stub, seed_doc, sh_doc, tmp_path):
    alone = Library(Settings(**{**settings.__dict__, "index_dir": tmp_path / "alone"}), None, ())
    alone.add_documents([seed_doc])
    both = Library(settings, None, ())
    both.add_documents([seed_doc, sh_doc])
    scoped = frozenset({seed_doc.id})
    for question in QUESTIONS:
        ranked = [(h.node.id, h.score) for h in both.retriever.retrieve(question, 10, scoped)]
        assert ranked and ranked == [(h.node.id, h.score) for h in alone.retriever.retrieve(question, 10, scoped)]
        everywhere = both.retriever.retrieve(question, 20)
        assert {h.node.doc_id for h in everywhere} <= {seed_doc.id, sh_doc.id}


def test_an_interrupted_add_leaves_the_manifest_and_its_units_and_the_next_write_sweeps_the_remains(
    settings, stub, seed_doc, sh_doc, monkeypatch
):
    lib = Library(settings, None, ())
    lib.add_documents([seed_doc])
    manifest = (settings.index_dir / MANIFEST).read_text("utf-8")
    (live,) = (settings.index_dir / UNITS).iterdir()

    def killed(*args, **kwargs):
        raise KeyboardInterrupt  # as a kill mid-embedding: the unit half written, no manifest

    monkeypatch.setattr("budgetqa.retrieval.persist.build_retrieval", killed)
    with pytest.raises(KeyboardInterrupt):
        lib.add_documents([sh_doc])
    assert (settings.index_dir / MANIFEST).read_text("utf-8") == manifest
    assert len(list((settings.index_dir / UNITS).iterdir())) == 2  # the half-written unit, named by no manifest
    assert [d.id for d in Library.open(settings).documents] == [seed_doc.id]
    monkeypatch.undo()
    monkeypatch.setattr(embedding, "_load", lambda model, cache_dir: stub)
    lib.add_documents([sh_doc])
    units = sorted((settings.index_dir / UNITS).iterdir())
    assert len(units) == 2 and live in units


def test_the_server_reads_every_unit_ahead_only_when_one_question_may_need_them_all():
    """`serve` preloads a library of a few bodies; over more than across.PER_BODY_MAX it does not (a question then
    reaches only the bodies it names)."""
    from types import SimpleNamespace

    from budgetqa.answer.operations.across import PER_BODY_MAX
    from budgetqa.models import Disclosure
    from budgetqa.ui.server import preloads

    def docs(n: int) -> tuple[Disclosure, ...]:
        return tuple(
            Disclosure(
                id=f"d{i}",
                title=f"第{i}局2024年预算",
                unit_name=f"第{i}局",
                year=2024,
                kind="预算",
                scope="部门",
                source=f"{i}.pdf",
                sha256=f"{i:064d}",
                page_count=1,
            )
            for i in range(n)
        )

    library = SimpleNamespace(preload=lambda: 0)
    assert preloads(SimpleNamespace(library=library, documents=docs(2)))
    assert not preloads(SimpleNamespace(library=library, documents=docs(PER_BODY_MAX + 1)))
    assert not preloads(SimpleNamespace(library=SimpleNamespace(), documents=docs(2)))
