"""FAISS called directly behind llama-index's vector-store interface: one ``IndexIDMap2`` over an ``IndexFlatIP``,
vector ids grouped per document, searches restricted to the documents a question is routed to.

llama-index's ``FaissVectorStore`` turns every vector into a Python list on the way in and has no filters (a scoped
question had to over-fetch and filter afterwards). Here a vector's int64 id is ``slot << LOCAL_BITS | position``:
``slot`` numbers its document, ``position`` the node within it, so a document's ids are one contiguous range. A
document filter becomes an ``IDSelectorRange`` (one document) or ``IDSelectorBatch`` (several) handed to FAISS,
which then scores only those vectors; removing a document is one ``remove_ids`` over its range. Per document the
store keeps its slot, its node ids (one numpy byte-string array) and its document-level metadata (doc_id, body,
year …), which is what ``MetadataFilters`` are resolved against — nothing is kept per vector in Python.

On disk: ``<path>`` (the FAISS index) and ``<path>.docs.json`` (slots, node ids, document metadata).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from llama_index.core.bridge.pydantic import PrivateAttr
from llama_index.core.schema import BaseNode
from llama_index.core.vector_stores.types import (
    BasePydanticVectorStore,
    FilterCondition,
    FilterOperator,
    MetadataFilter,
    MetadataFilters,
    VectorStoreQuery,
    VectorStoreQueryResult,
)

# One query is one pass over the selected vectors: OpenMP threads only spin-wait on a busy machine (measured on
# 21,720 vectors, 2 cores under load: 1.1 ms with one thread, 18 ms with two).
QUERY_THREADS = 1
LOCAL_BITS = 24  # up to 16.7 M nodes per document, 2^39 documents
DOC_KEY = "doc_id"
SIDE_SUFFIX = ".docs.json"
FORMAT = 2
DocMeta = Mapping[str, str | int | float]


@dataclass
class _Doc:
    slot: int
    ids: np.ndarray  # node ids as UTF-8 byte strings, by position; b"" where a node was deleted
    meta: dict[str, Any]

    @property
    def lo(self) -> int:
        return self.slot << LOCAL_BITS

    @property
    def hi(self) -> int:
        return (self.slot + 1) << LOCAL_BITS


class DocumentVectorStore(BasePydanticVectorStore):
    """Unit vectors scored by inner product (= cosine); ``query`` returns node ids and scores, not nodes."""

    stores_text: bool = False
    flat_metadata: bool = True
    dim: int

    _index: Any = PrivateAttr()
    _docs: dict[str, _Doc] = PrivateAttr(default_factory=dict)
    _by_slot: dict[int, str] = PrivateAttr(default_factory=dict)
    _next_slot: int = PrivateAttr(default=0)

    def __init__(self, dim: int, index: Any = None, **kwargs: Any):
        import faiss

        super().__init__(dim=dim, **kwargs)
        self._index = index if index is not None else faiss.IndexIDMap2(faiss.IndexFlatIP(dim))

    @classmethod
    def class_name(cls) -> str:
        return "BudgetQADocumentVectorStore"

    @property
    def client(self) -> Any:
        return self._index

    @property
    def doc_ids(self) -> list[str]:
        return list(self._docs)

    @property
    def count(self) -> int:
        """Vectors held (not ``__len__``: llama-index tests a store's truth, and an empty store must stay truthy)."""
        return int(self._index.ntotal)

    # -- writing ------------------------------------------------------------------------------------------------

    def add_vectors(self, doc_id: str, node_ids: Sequence[str], vectors: np.ndarray, meta: DocMeta | None = None):
        """Append a document's vectors (rows of ``vectors``, unit length) under ``node_ids``, in one FAISS call."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, self.dim)
        if len(node_ids) != len(vectors):
            raise ValueError(f"{len(node_ids)} node ids for {len(vectors)} vectors")
        doc = self._docs.get(doc_id)
        if doc is None:
            doc = _Doc(self._next_slot, np.zeros(0, "S1"), {DOC_KEY: doc_id})
            self._docs[doc_id], self._by_slot[doc.slot] = doc, doc_id
            self._next_slot += 1
        doc.meta.update(meta or {})
        start = len(doc.ids)
        if start + len(vectors) >= 1 << LOCAL_BITS:
            raise ValueError(f"document {doc_id!r} would exceed {1 << LOCAL_BITS} vectors")
        encoded = np.array([i.encode("utf-8") for i in node_ids], dtype="S") if len(node_ids) else np.zeros(0, "S1")
        doc.ids = np.concatenate([doc.ids, encoded]) if len(doc.ids) else encoded
        if len(vectors):
            self._index.add_with_ids(vectors, doc.lo + np.arange(start, start + len(vectors), dtype=np.int64))

    def add(self, nodes: Sequence[BaseNode], **kwargs: Any) -> list[str]:
        """llama-index's entry point: nodes grouped by ``ref_doc_id`` (or metadata ``doc_id``), one add per group."""
        groups: dict[str, list[BaseNode]] = {}
        for node in nodes:
            groups.setdefault(_doc_of(node), []).append(node)
        for doc_id, group in groups.items():
            vectors = np.array([n.get_embedding() for n in group], dtype=np.float32)
            meta = {k: v for k, v in group[0].metadata.items() if isinstance(v, str | int | float)}
            self.add_vectors(doc_id, [n.node_id for n in group], vectors, meta)
        return [n.node_id for n in nodes]

    def delete(self, ref_doc_id: str, **delete_kwargs: Any) -> None:
        """Remove a whole document: one range of ids."""
        import faiss

        doc = self._docs.pop(ref_doc_id, None)
        if doc is None:
            return
        del self._by_slot[doc.slot]
        self._index.remove_ids(faiss.IDSelectorRange(doc.lo, doc.hi))

    def delete_nodes(
        self, node_ids: list[str] | None = None, filters: MetadataFilters | None = None, **delete_kwargs: Any
    ) -> None:
        if filters is not None:
            for doc_id in self._matching(filters):
                self.delete(doc_id)
        if not node_ids:
            return
        wanted = np.array([i.encode("utf-8") for i in node_ids], dtype="S")
        doomed = []
        for doc in self._docs.values():
            hit = np.flatnonzero(np.isin(doc.ids, wanted))
            doomed.append(doc.lo + hit)
            doc.ids[hit] = b""
        ids = np.concatenate(doomed).astype(np.int64) if doomed else np.zeros(0, np.int64)
        if len(ids):
            import faiss

            self._index.remove_ids(faiss.IDSelectorBatch(ids))

    def clear(self) -> None:
        self._index.reset()
        self._docs.clear()
        self._by_slot.clear()

    # -- reading ------------------------------------------------------------------------------------------------

    def query(self, query: VectorStoreQuery, **kwargs: Any) -> VectorStoreQueryResult:
        """Top ``similarity_top_k`` by inner product among the documents ``query.filters`` (doc-level keys) or
        ``query.doc_ids`` select; all documents when neither is given."""
        import faiss

        if query.query_embedding is None:
            raise ValueError("DocumentVectorStore needs query_embedding")
        docs = self._selected(query)
        if docs is not None and not docs:
            return VectorStoreQueryResult(nodes=[], similarities=[], ids=[])
        total = self.count if docs is None else sum(len(d.ids) for d in docs)
        k = min(query.similarity_top_k, total)
        if k <= 0:
            return VectorStoreQueryResult(nodes=[], similarities=[], ids=[])
        vector = np.asarray(query.query_embedding, dtype=np.float32).reshape(1, self.dim)
        params = None
        if docs is not None and len(docs) < len(self._docs):
            params = faiss.SearchParameters(sel=_selector(docs))  # type: ignore[call-arg]  # SWIG keyword
        before = faiss.omp_get_max_threads()
        faiss.omp_set_num_threads(QUERY_THREADS)
        try:
            scores, ids = self._index.search(vector, k, params=params)
        finally:
            faiss.omp_set_num_threads(before)
        out_ids, out_scores = [], []
        for i, s in zip(ids[0], scores[0]):
            if i < 0:
                continue
            doc = self._docs[self._by_slot[int(i) >> LOCAL_BITS]]
            out_ids.append(doc.ids[int(i) & ((1 << LOCAL_BITS) - 1)].decode("utf-8"))
            out_scores.append(float(s))
        return VectorStoreQueryResult(nodes=None, similarities=out_scores, ids=out_ids)

    def search(self, vector: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(scores, node ids as byte strings) of the top ``k`` over the whole store, no Python object per hit: what
        a library searching many one-document stores merges before it makes any."""
        import faiss

        k = min(k, self.count)
        if k <= 0:
            return np.zeros(0, np.float32), np.zeros(0, "S1")
        before = faiss.omp_get_max_threads()
        faiss.omp_set_num_threads(QUERY_THREADS)
        try:
            scores, ids = self._index.search(np.asarray(vector, dtype=np.float32).reshape(1, self.dim), k)
        finally:
            faiss.omp_set_num_threads(before)
        keep = ids[0] >= 0
        scores, ids = scores[0][keep], ids[0][keep]
        names = np.empty(len(ids), dtype=object)
        for slot in np.unique(ids >> LOCAL_BITS):
            at = (ids >> LOCAL_BITS) == slot
            names[at] = self._docs[self._by_slot[int(slot)]].ids[ids[at] & ((1 << LOCAL_BITS) - 1)]
        return scores, names

    def vectors(self, doc_id: str) -> tuple[list[str], np.ndarray]:
        """A document's (node ids, vectors) in position order, deleted nodes left out (for reuse by a rebuild)."""
        doc = self._docs[doc_id]
        live = np.flatnonzero(doc.ids != b"")
        if not len(live):
            return [], np.zeros((0, self.dim), np.float32)
        keys = (doc.lo + live).astype(np.int64)
        vectors = self._index.reconstruct_batch(keys)
        return [doc.ids[i].decode("utf-8") for i in live], vectors

    def _selected(self, query: VectorStoreQuery) -> list[_Doc] | None:
        names: set[str] | None = None
        if query.filters is not None:
            names = set(self._matching(query.filters))
        if query.doc_ids is not None:
            names = set(query.doc_ids) if names is None else names & set(query.doc_ids)
        if names is None:
            return None
        return [self._docs[n] for n in names if n in self._docs]

    def _matching(self, filters: MetadataFilters) -> list[str]:
        """Documents whose document-level metadata satisfies ``filters`` (a doc_id filter is a lookup)."""
        only = filters.filters[0] if len(filters.filters) == 1 else None
        if isinstance(only, MetadataFilter) and only.key == DOC_KEY:
            if only.operator == FilterOperator.EQ:
                return [only.value] if only.value in self._docs else []
            if only.operator == FilterOperator.IN:
                return [d for d in only.value or [] if d in self._docs]
        return [doc_id for doc_id, doc in self._docs.items() if _satisfies(doc.meta, filters)]

    # -- disk -----------------------------------------------------------------------------------------------------

    def persist(self, persist_path: str, fs: Any = None) -> None:
        import faiss

        faiss.write_index(self._index, persist_path)
        side = {
            "format": FORMAT,
            "dim": self.dim,
            "next_slot": self._next_slot,
            "docs": [
                {"doc_id": d, "slot": doc.slot, "meta": doc.meta, "ids": [i.decode("utf-8") for i in doc.ids]}
                for d, doc in self._docs.items()
            ],
        }
        Path(persist_path + SIDE_SUFFIX).write_text(json.dumps(side, ensure_ascii=False), "utf-8")

    @classmethod
    def from_persist_path(cls, persist_path: str) -> DocumentVectorStore:
        import faiss

        side = json.loads(Path(persist_path + SIDE_SUFFIX).read_text("utf-8"))
        if side.get("format") != FORMAT:
            raise ValueError(f"{persist_path}{SIDE_SUFFIX} has format {side.get('format')}, expected {FORMAT}")
        store = cls(dim=int(side["dim"]), index=faiss.read_index(persist_path))
        for d in side["docs"]:
            ids = np.array([i.encode("utf-8") for i in d["ids"]], dtype="S") if d["ids"] else np.zeros(0, "S1")
            store._docs[d["doc_id"]] = _Doc(int(d["slot"]), ids, dict(d["meta"]))
            store._by_slot[int(d["slot"])] = d["doc_id"]
        store._next_slot = int(side["next_slot"])
        return store

    @classmethod
    def from_groups(
        cls, dim: int, groups: Iterable[tuple[str, Sequence[str], np.ndarray, DocMeta | None]]
    ) -> DocumentVectorStore:
        """A store over (doc_id, node ids, vectors, document metadata) groups."""
        store = cls(dim=dim)
        for doc_id, node_ids, vectors, meta in groups:
            store.add_vectors(doc_id, node_ids, vectors, meta)
        return store


def _selector(docs: Sequence[_Doc]):
    import faiss

    if len(docs) == 1:
        return faiss.IDSelectorRange(docs[0].lo, docs[0].lo + len(docs[0].ids))
    ids = np.concatenate([d.lo + np.arange(len(d.ids), dtype=np.int64) for d in docs])
    return faiss.IDSelectorBatch(ids)


def _doc_of(node: BaseNode) -> str:
    doc_id = node.metadata.get(DOC_KEY) or node.ref_doc_id
    if not doc_id:
        raise ValueError(f"node {node.node_id!r} has neither metadata {DOC_KEY!r} nor a source document")
    return str(doc_id)


def doc_filter(doc_ids: Iterable[str]) -> MetadataFilters:
    """The filter a scoped question sends to any backend: metadata ``doc_id`` in ``doc_ids``."""
    ids = sorted(doc_ids)
    if len(ids) == 1:
        return MetadataFilters(filters=[MetadataFilter(key=DOC_KEY, value=ids[0], operator=FilterOperator.EQ)])
    return MetadataFilters(filters=[MetadataFilter(key=DOC_KEY, value=ids, operator=FilterOperator.IN)])


def _satisfies(meta: Mapping[str, Any], filters: MetadataFilters) -> bool:
    results = [
        _satisfies(meta, f) if isinstance(f, MetadataFilters) else _compare(meta.get(f.key), f) for f in filters.filters
    ]
    if filters.condition == FilterCondition.OR:
        return any(results)
    if filters.condition == FilterCondition.NOT:
        return not any(results)
    return all(results)


def _compare(value: Any, f: MetadataFilter) -> bool:
    op, want = f.operator, f.value
    if op == FilterOperator.EQ:
        return value == want
    if op == FilterOperator.NE:
        return value != want
    if op == FilterOperator.IN:
        return value in (want or [])
    if op == FilterOperator.NIN:
        return value not in (want or [])
    if value is None:
        return False
    if op == FilterOperator.GT:
        return value > want
    if op == FilterOperator.GTE:
        return value >= want
    if op == FilterOperator.LT:
        return value < want
    if op == FilterOperator.LTE:
        return value <= want
    raise ValueError(f"filter operator {op.value!r} is not supported on document metadata ({f.key!r})")
