"""The embedder's query path runs on one torch thread (a busy 2-core box spin-waits on two) and restores the setting."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pytest

from budgetqa.retrieval.embedding import QUERY_THREADS, SentenceTransformerEmbedder

torch = pytest.importorskip("torch")


class RecordingModel:
    """Stands in for a SentenceTransformer: records the prompt and the torch thread count of each encode call."""

    prompts: ClassVar[dict[str, str]] = {"query": "query: ", "passage": "passage: "}

    def __init__(self):
        self.calls: list[tuple[str | None, int]] = []

    def get_sentence_embedding_dimension(self):
        return 4

    def encode(self, texts, prompt_name=None, **kwargs):
        self.calls.append((prompt_name, torch.get_num_threads()))
        return np.ones((len(texts), 4), np.float32) / 2


def test_queries_run_on_one_thread_and_restore_it():
    model = RecordingModel()
    embedder = SentenceTransformerEmbedder("fake", model)
    before = torch.get_num_threads()
    try:
        torch.set_num_threads(2)
        assert embedder.embed_queries(["差旅费"]).shape == (1, 4)
        embedder.embed_passages(["差旅费", "会议费"])
        assert torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(before)
    assert model.calls == [("query", QUERY_THREADS), ("passage", 2)]
