"""The retrieval contract: a Node is what gets indexed, a Hit is a Node found for a query, with its score."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Literal

from ..models import Frozen

NodeKind = Literal["row", "table", "definition", "paragraph", "indicator", "org_fact"]


class Node(Frozen):
    """A retrievable unit; ``ref`` points back into the Disclosure (table id + row index, definition number …)."""

    id: str  # deterministic: f"{doc_id}:{kind}:{ref}"
    doc_id: str
    kind: NodeKind
    ref: str  # "t3/5" (table t3, row 5), "t3" (table), "（七）" (definition), "p12" (paragraph), "p1/4" (indicator)
    text: str  # what is embedded and tokenised
    page: int | None = None
    title: str = ""  # short label for display: table label, term, section heading


class Hit(Frozen):
    node: Node
    score: float
    rank: int  # 1-based


class BaseRetriever(ABC):
    """``retrieve`` validates and trims; subclasses implement ``_retrieve`` only."""

    def retrieve(self, query: str, top_k: int = 8, doc_ids: frozenset[str] | None = None) -> list[Hit]:
        query = query.strip()
        if not query or top_k <= 0:
            return []
        hits = self._retrieve(query, top_k, doc_ids)
        return [Hit(node=h.node, score=h.score, rank=i) for i, h in enumerate(hits[:top_k], start=1)]

    @abstractmethod
    def _retrieve(self, query: str, top_k: int, doc_ids: frozenset[str] | None) -> list[Hit]: ...
