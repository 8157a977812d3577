"""Hybrid retrieval as a retriever over retrievers: weighted reciprocal-rank fusion (RRF).

Lexical and dense retrieval fail on different questions; RRF needs no score calibration between them, only ranks.
"""

from __future__ import annotations

from collections.abc import Sequence

from .base import BaseRetriever, Hit

RRF_K = 60  # the usual constant: damps the difference between ranks 1 and 2 of a single retriever


class FusionRetriever(BaseRetriever):
    def __init__(self, retrievers: Sequence[BaseRetriever], weights: Sequence[float] | None = None,
                 k: int = RRF_K, fetch_factor: int = 3):
        self.retrievers = tuple(retrievers)
        self.weights = tuple(weights) if weights is not None else (1.0,) * len(self.retrievers)
        if len(self.weights) != len(self.retrievers):
            raise ValueError(f"{len(self.weights)} weights for {len(self.retrievers)} retrievers")
        self.k = k
        self.fetch_factor = fetch_factor

    def _retrieve(self, query: str, top_k: int, doc_ids: frozenset[str] | None) -> list[Hit]:
        scores: dict[str, float] = {}
        first: dict[str, Hit] = {}
        for retriever, weight in zip(self.retrievers, self.weights):
            for hit in retriever.retrieve(query, top_k * self.fetch_factor, doc_ids):
                scores[hit.node.id] = scores.get(hit.node.id, 0.0) + weight / (self.k + hit.rank)
                first.setdefault(hit.node.id, hit)
        order = sorted(scores, key=lambda node_id: -scores[node_id])
        return [Hit(node=first[i].node, score=scores[i], rank=0) for i in order[:top_k]]
