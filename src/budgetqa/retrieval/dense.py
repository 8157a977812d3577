"""Dense retrieval: cosine similarity in FAISS (inner product on unit vectors) through llama-index's FaissVectorStore.

IndexFlatIP, not IndexFlatL2: the L2 index reports distances (0 = best), which would invert cut-offs and fusion.
The store has no metadata filters, so a ``doc_ids`` filter over-fetches and filters afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from .base import BaseRetriever, Hit, Node

QueryEncoder = Callable[[str], np.ndarray]


def faiss_store(vectors: np.ndarray):
    """A FaissVectorStore over ``vectors`` (unit rows); row i of the matrix is store id ``str(i)``."""
    import faiss
    from llama_index.core.schema import TextNode
    from llama_index.vector_stores.faiss import FaissVectorStore

    store = FaissVectorStore(faiss_index=faiss.IndexFlatIP(int(vectors.shape[1])))
    store.add([TextNode(id_=str(i), text="", embedding=v.tolist()) for i, v in enumerate(vectors)])
    return store


def store_vectors(store) -> np.ndarray:
    """All vectors of a flat store, in id order (so unchanged nodes can keep theirs in the next build)."""
    index = store.client
    return index.reconstruct_n(0, index.ntotal) if index.ntotal else np.zeros((0, index.d), np.float32)


class DenseRetriever(BaseRetriever):
    """``encode_query`` is called only when a query arrives, so loading an index never loads the model."""

    def __init__(self, nodes: Sequence[Node], store, encode_query: QueryEncoder):
        self.nodes = tuple(nodes)
        self.store = store
        self.encode_query = encode_query

    def _retrieve(self, query: str, top_k: int, doc_ids: frozenset[str] | None) -> list[Hit]:
        from llama_index.core.vector_stores.types import VectorStoreQuery

        if not self.nodes:
            return []
        vector = np.asarray(self.encode_query(query), dtype=np.float32).tolist()
        fetch = top_k if doc_ids is None else top_k * 4
        while True:
            fetch = min(fetch, len(self.nodes))
            result = self.store.query(VectorStoreQuery(query_embedding=vector, similarity_top_k=fetch))
            hits = [
                Hit(node=self.nodes[int(i)], score=float(s), rank=0)
                for i, s in zip(result.ids, result.similarities)
                if doc_ids is None or self.nodes[int(i)].doc_id in doc_ids
            ]
            if len(hits) >= top_k or fetch == len(self.nodes):
                return hits[:top_k]
            fetch *= 4
