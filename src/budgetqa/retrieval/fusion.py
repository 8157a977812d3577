"""Hybrid retrieval as a retriever over retrievers: weighted reciprocal-rank fusion (RRF).

Lexical and dense retrieval fail on different questions; RRF needs no score calibration between them, only ranks.
``HybridRetriever`` is the same fusion over *named* components, so an ablation (BM25 alone, dense alone …) can rank
with each part of the very retriever the assistant uses instead of rebuilding them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

from .base import BaseRetriever, Hit

RRF_K = 60  # the usual constant: damps the difference between ranks 1 and 2 of a single retriever


class FusionRetriever(BaseRetriever):
    def __init__(
        self,
        retrievers: Sequence[BaseRetriever],
        weights: Sequence[float] | None = None,
        k: int = RRF_K,
        fetch_factor: int = 3,
    ):
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


class HybridRetriever(FusionRetriever):
    """RRF over named components ("codes", "bm25", "dense" …); ``components`` exposes each one on its own."""

    def __init__(
        self,
        components: Mapping[str, BaseRetriever],
        weights: Mapping[str, float] | None = None,
        k: int = RRF_K,
        fetch_factor: int = 3,
    ):
        weights = weights or {}
        unknown = set(weights) - set(components)
        if unknown:
            raise ValueError(f"weights for unknown retrievers {sorted(unknown)}; components are {sorted(components)}")
        super().__init__(list(components.values()), [weights.get(name, 1.0) for name in components], k, fetch_factor)
        self.components: Mapping[str, BaseRetriever] = MappingProxyType(dict(components))
