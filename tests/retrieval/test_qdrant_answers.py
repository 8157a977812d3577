"""With the real model, the Qdrant backend (embedded mode) gives the seed's answers exactly as the FAISS one does
(slow: loads the model and embeds the seed once; the Qdrant build reuses the FAISS build's vectors)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from budgetqa.answer import answer_question
from budgetqa.retrieval.persist import build_retrieval, read_meta
from budgetqa.store.facts import facts_of, write_facts
from budgetqa.store.library import Library

from ..answer.test_answers_real import SEED_CASES

pytestmark = pytest.mark.slow
pytest.importorskip("qdrant_client")
EVAL_SAMPLE = 60  # eval questions of the seed, every few taken


def _library(settings, root: Path, doc, previous: Path | None = None) -> Library:
    root.mkdir()
    conn = sqlite3.connect(root / "facts.sqlite")
    write_facts(conn, facts_of(doc))
    conn.commit()
    conn.close()
    build_retrieval([doc], root / "retrieval", settings, previous=previous)
    return Library(settings, root, (doc,))


def _questions() -> list[str]:
    path = Path(__file__).resolve().parents[2] / "eval" / "seed.jsonl"
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    step = max(1, len(rows) // EVAL_SAMPLE)
    return [q for q, _s, _n in SEED_CASES] + [r["question"] for r in rows[::step] if not r.get("history")]


def test_seed_answers_are_identical_with_faiss_and_qdrant(seed_doc, model_settings, tmp_path):
    faiss_lib = _library(replace(model_settings, vector_store="faiss"), tmp_path / "f", seed_doc)
    qdrant_settings = replace(model_settings, vector_store="qdrant")
    qdrant_lib = _library(qdrant_settings, tmp_path / "q", seed_doc, previous=tmp_path / "f" / "retrieval")
    assert read_meta(tmp_path / "q" / "retrieval")["vector_store"]["backend"] == "qdrant"
    assert not (tmp_path / "q" / "retrieval" / "vectors.faiss").exists()
    questions = _questions()
    assert len(questions) > 50
    for question in questions:
        for doc in (None, seed_doc.id):
            a = answer_question(question, faiss_lib, doc=doc)
            b = answer_question(question, qdrant_lib, doc=doc)
            assert b == a, question
    dense_f = faiss_lib.retriever.components["dense"]
    dense_q = qdrant_lib.retriever.components["dense"]
    for question in questions[:20]:
        assert [h.node.id for h in dense_q.retrieve(question, 10)] == [
            h.node.id for h in dense_f.retrieve(question, 10)
        ]
