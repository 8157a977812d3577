"""The llama-index wrapper hands out our vectors with the right prompt side; importing budgetqa stays light."""

from __future__ import annotations

import subprocess
import sys

import pytest

from budgetqa.retrieval.llama_embedding import LlamaEmbedding


def test_wrapper_uses_query_and_passage_sides(fake_embedder):
    emb = LlamaEmbedding(fake_embedder)
    q = emb.get_query_embedding("差旅")
    texts = emb.get_text_embedding_batch(["差旅费", "公积金"])
    assert len(q) == fake_embedder.dim and len(texts) == 2
    assert fake_embedder.queries == ["差旅"] and fake_embedder.passages == ["差旅费", "公积金"]
    assert sum(a * b for a, b in zip(q, texts[0])) == pytest.approx(
        max(sum(a * b for a, b in zip(q, t)) for t in texts)
    )


def test_importing_budgetqa_loads_no_model_libraries():
    code = (
        "import sys, budgetqa, budgetqa.retrieval.persist, budgetqa.retrieval.embedding; "
        "print(sorted(m for m in ('torch', 'sentence_transformers', 'llama_index', 'faiss', 'jieba') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
