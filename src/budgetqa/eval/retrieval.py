"""Retrieval measured per retriever (the ablation): hit@1, hit@5 and MRR of the gold node for fused, BM25 alone,
dense alone and codes alone, over the answerable questions that name a gold source.

The runner ranks each question with every component of the hybrid retriever; this module only aggregates ranks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

FUSED = "fused"  # the hybrid retriever itself; the other variants are its components ("bm25", "dense", "codes")
HIT_K = 5


@dataclass(frozen=True)
class RetrievalMetrics:
    """hit@1, hit@k and MRR (ranks beyond the top 10 count 0) over ``n`` questions; None when n is 0."""

    n: int
    hit_at_1: float | None
    hit_at_5: float | None
    mrr: float | None


@dataclass(frozen=True)
class RetrievalAblation:
    """Metrics per variant, overall and per group: ``by_doc[doc][variant]``, ``by_set[set][variant]``."""

    variants: tuple[str, ...] = ()
    overall: Mapping[str, RetrievalMetrics] = field(default_factory=dict)
    by_doc: Mapping[str, Mapping[str, RetrievalMetrics]] = field(default_factory=dict)
    by_set: Mapping[str, Mapping[str, RetrievalMetrics]] = field(default_factory=dict)


def retrieval_metrics(ranks: Sequence[int | None]) -> RetrievalMetrics:
    n = len(ranks)
    if not n:
        return RetrievalMetrics(0, None, None, None)
    return RetrievalMetrics(
        n=n,
        hit_at_1=sum(r == 1 for r in ranks) / n,
        hit_at_5=sum(r is not None and r <= HIT_K for r in ranks) / n,
        mrr=sum(1 / r for r in ranks if r) / n,
    )


def is_retrieval_question(gold: Mapping[str, object]) -> bool:
    """Only answerable questions with a gold source have a node to find; "not in the document" ones are left out."""
    return bool(gold.get("answerable")) and bool(gold.get("gold_sources"))


def ablation(items: Sequence[tuple[Mapping[str, int | None], str, str]]) -> RetrievalAblation:
    """``items``: (variant → rank, document, set) per retrieval question."""
    variants = tuple(dict.fromkeys(v for ranks, _, _ in items for v in ranks))

    def per_variant(rows: Sequence[tuple[Mapping[str, int | None], str, str]]) -> dict[str, RetrievalMetrics]:
        return {v: retrieval_metrics([ranks.get(v) for ranks, _, _ in rows]) for v in variants}

    def grouped(key: Callable[[tuple[Mapping[str, int | None], str, str]], str]) -> dict[str, dict]:
        return {g: per_variant([i for i in items if key(i) == g]) for g in sorted({key(i) for i in items})}

    return RetrievalAblation(variants, per_variant(items), grouped(lambda i: i[1]), grouped(lambda i: i[2]))
