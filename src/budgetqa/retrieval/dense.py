"""Dense retrieval: cosine similarity (inner product on unit vectors) through a llama-index vector store.

The store is ``DocumentVectorStore`` (FAISS, vector_store.py) or the Qdrant one (qdrant_store.py); both take a
``MetadataFilters`` on ``doc_id``, so a question scoped to documents is searched among their vectors only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from .base import BaseRetriever, Hit, Node

if TYPE_CHECKING:  # llama-index and faiss load with the first index, not with budgetqa
    from .vector_store import DocMeta, DocumentVectorStore

QueryEncoder = Callable[[str], np.ndarray]
TIE = 1e-5  # scores closer than this are equal (FAISS and Qdrant round cosine differently in the last digits)


def faiss_store(
    vectors: np.ndarray, nodes: Sequence[Node], doc_meta: Mapping[str, DocMeta] | None = None
) -> DocumentVectorStore:
    """A FAISS store over ``vectors`` (unit rows), row i being ``nodes[i]``, grouped by document; ``doc_meta``
    gives each document's filterable metadata (body, year)."""
    from .vector_store import DocumentVectorStore

    store = DocumentVectorStore(dim=int(vectors.shape[1]))
    for doc_id, rows in group_rows(nodes).items():
        store.add_vectors(doc_id, [nodes[i].id for i in rows], vectors[rows], (doc_meta or {}).get(doc_id))
    return store


def group_rows(nodes: Sequence[Node]) -> dict[str, list[int]]:
    """doc_id → the positions of its nodes, in order."""
    groups: dict[str, list[int]] = {}
    for i, node in enumerate(nodes):
        groups.setdefault(node.doc_id, []).append(i)
    return groups


def store_vectors(store, nodes: Sequence[Node]) -> np.ndarray:
    """The vector of every node of ``nodes`` held by ``store`` (zeros where it has none), in ``nodes`` order."""
    out = np.zeros((len(nodes), store.dim), np.float32)
    position = {n.id: i for i, n in enumerate(nodes)}
    for doc_id in store.doc_ids:
        ids, vectors = store.vectors(doc_id)
        for node_id, vector in zip(ids, vectors):
            if node_id in position:
                out[position[node_id]] = vector
    return out


class DenseRetriever(BaseRetriever):
    """``encode_query`` is called only when a query arrives, so loading an index never loads the model."""

    def __init__(self, nodes: Sequence[Node], store, encode_query: QueryEncoder):
        self.nodes = tuple(nodes)
        self.store = store
        self.encode_query = encode_query
        self._position = {n.id: i for i, n in enumerate(self.nodes)}

    def _retrieve(self, query: str, top_k: int, doc_ids: frozenset[str] | None) -> list[Hit]:
        from llama_index.core.vector_stores.types import VectorStoreQuery

        from .vector_store import doc_filter

        if not self.nodes or self.store is None or (doc_ids is not None and not doc_ids):
            return []
        vector = np.asarray(self.encode_query(query), dtype=np.float32).tolist()
        filters = doc_filter(doc_ids) if doc_ids is not None else None
        fetch = top_k + 1  # one more than asked, to see whether the k-th score is tied with the next
        while True:
            result = self.store.query(VectorStoreQuery(query_embedding=vector, similarity_top_k=fetch, filters=filters))
            scores = list(result.similarities or [])
            # Ties at the cut are resolved in node order, whichever backend answered (FAISS and Qdrant order equal
            # scores differently): fetch on while the last score fetched still equals the k-th.
            if len(scores) < fetch or scores[top_k - 1] - scores[-1] > TIE:
                break
            fetch *= 2
        found = [(self._position[i], float(s)) for i, s in zip(result.ids or [], scores) if i in self._position]
        found.sort(key=lambda ps: (-round(ps[1] / TIE), ps[0]))
        return [Hit(node=self.nodes[p], score=s, rank=0) for p, s in found]
