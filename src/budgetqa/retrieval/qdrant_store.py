"""The same vector-store interface on Qdrant, for libraries past one machine: llama-index's ``QdrantVectorStore`` with
document-level payload (``doc_id``, ``body``, ``year``) so a scoped question is a payload filter on the server.

Qdrant wants UUID or integer point ids; a node id ("doc:row:t3/5") becomes ``uuid5(NAMESPACE, node id)`` and is kept
in the payload as ``node_id``, which ``query`` returns as the result's ids (the contract of DocumentVectorStore).
``BUDGETQA_QDRANT_URL`` names a server or cluster; without it the collection lives in qdrant-client's embedded local
mode inside the index folder (one process at a time may open it; fine for tests and small libraries).
"""

from __future__ import annotations

import atexit
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode
from llama_index.core.vector_stores.types import (
    FilterOperator,
    MetadataFilter,
    MetadataFilters,
    VectorStoreQuery,
    VectorStoreQueryResult,
)
from llama_index.vector_stores.qdrant import QdrantVectorStore

from .vector_store import DOC_KEY, DocMeta

NAMESPACE = uuid.UUID("5f0c3d9e-7a51-4c1e-9d1b-2f6b0a1c9e42")
NODE_KEY = "node_id"
PAYLOAD_INDEXES = ({"field_name": DOC_KEY, "field_schema": "keyword"},)
_LOCAL_CLIENTS: dict[str, Any] = {}  # embedded mode locks its folder: one client per folder per process


@atexit.register
def _close_all() -> None:
    """Close embedded stores before interpreter teardown (their own __del__ fails then)."""
    for path in list(_LOCAL_CLIENTS):
        close_local(Path(path))


def point_id(node_id: str) -> str:
    return str(uuid.uuid5(NAMESPACE, node_id))


def qdrant_client(url: str | None, path: Path | None):
    """A client for a server (``url``) or for the embedded store in ``path`` (shared within the process)."""
    from qdrant_client import QdrantClient

    if url:
        return QdrantClient(url=url)
    assert path is not None, "embedded Qdrant needs a folder"
    key = str(Path(path).resolve())
    if key not in _LOCAL_CLIENTS:
        Path(key).mkdir(parents=True, exist_ok=True)
        _LOCAL_CLIENTS[key] = QdrantClient(path=key)
    return _LOCAL_CLIENTS[key]


def close_local(path: Path) -> None:
    """Release an embedded store's folder (before it is deleted or reopened by another process)."""
    client = _LOCAL_CLIENTS.pop(str(Path(path).resolve()), None)
    if client is not None:
        client.close()


class QdrantDocumentStore(QdrantVectorStore):
    """QdrantVectorStore speaking DocumentVectorStore's extra verbs: add_vectors, vectors, doc_ids, dim."""

    dim: int = 0

    def __init__(self, collection_name: str, client: Any, dim: int, **kwargs: Any):
        super().__init__(collection_name=collection_name, client=client, **kwargs)
        self.dim = dim

    @classmethod
    def class_name(cls) -> str:
        return "BudgetQAQdrantStore"

    def add_vectors(self, doc_id: str, node_ids: Sequence[str], vectors: np.ndarray, meta: DocMeta | None = None):
        payload = {**(meta or {}), DOC_KEY: doc_id}
        # llama-index writes the payload's doc_id from the node's source document, so name it as that too.
        source = {NodeRelationship.SOURCE: RelatedNodeInfo(node_id=doc_id)}
        nodes = [
            TextNode(
                id_=point_id(n), text="", metadata={**payload, NODE_KEY: n}, embedding=v.tolist(), relationships=source
            )
            for n, v in zip(node_ids, np.asarray(vectors, np.float32))
        ]
        if nodes:
            self.add(nodes)

    def query(self, query: VectorStoreQuery, **kwargs: Any) -> VectorStoreQueryResult:
        if self.client.collection_exists(self.collection_name) is False:
            return VectorStoreQueryResult(nodes=[], similarities=[], ids=[])
        result = super().query(query, **kwargs)
        ids = [n.metadata.get(NODE_KEY, n.node_id) for n in result.nodes or []]
        return VectorStoreQueryResult(nodes=result.nodes, similarities=result.similarities, ids=ids)

    @property
    def doc_ids(self) -> list[str]:
        if not self.client.collection_exists(self.collection_name):
            return []
        seen: set[str] = set()
        offset = None
        while True:
            points, offset = self.client.scroll(
                self.collection_name, limit=1024, offset=offset, with_payload=[DOC_KEY], with_vectors=False
            )
            seen.update(p.payload[DOC_KEY] for p in points if p.payload and DOC_KEY in p.payload)
            if offset is None:
                return sorted(seen)

    def vectors(self, doc_id: str) -> tuple[list[str], np.ndarray]:
        """A document's (node ids, vectors), read back by a payload filter (for reuse by a rebuild)."""
        from qdrant_client import models

        flt = models.Filter(must=[models.FieldCondition(key=DOC_KEY, match=models.MatchValue(value=doc_id))])
        ids: list[str] = []
        rows: list[Any] = []
        offset = None
        while True:
            points, offset = self.client.scroll(
                self.collection_name,
                scroll_filter=flt,
                limit=1024,
                offset=offset,
                with_payload=[NODE_KEY],
                with_vectors=True,
            )
            for p in points:
                vector = p.vector.get(self.dense_vector_name) if isinstance(p.vector, dict) else p.vector
                ids.append(p.payload[NODE_KEY])
                rows.append(vector)
            if offset is None:
                break
        return ids, np.asarray(rows, np.float32).reshape(-1, self.dim)


def open_qdrant(collection: str, dim: int, url: str | None, path: Path | None) -> QdrantDocumentStore:
    indexes = list(PAYLOAD_INDEXES) if url else None  # the embedded mode has no payload indexes (and warns)
    return QdrantDocumentStore(
        collection, qdrant_client(url, path), dim, payload_indexes=indexes, index_doc_id=bool(url)
    )


def body_filter(body: str) -> MetadataFilters:
    """Payload filter on the issuing body (unit name), e.g. for a question routed to one department's documents."""
    return MetadataFilters(filters=[MetadataFilter(key="body", value=body, operator=FilterOperator.EQ)])
