"""Retrieval over a library kept one document per unit: each unit holds its own nodes, 科目编码, BM25 and vectors
(a retrieval folder of one document, persist.py), loaded the first time a question is routed to its document.

A question is searched in the units of the documents it is asked of, and each retriever's hits are merged by score:
exact for the dense part (cosine scores are comparable across units) and for codes (scores 1 / 0.5); BM25 scores
use each document's own statistics, so a document ranks the same whatever else the library holds. The question is
tokenised once, with the words of the documents searched, and embedded once, whatever the number of units.
"""

from __future__ import annotations

import functools
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np

from ..config import Settings
from .base import BaseRetriever, Hit, Node
from .bm25 import FREQS_FILE, WORDS_FILE, BM25Retriever
from .codes import codes_in
from .dense import TIE
from .fusion import HybridRetriever
from .merging import ParentMergingRetriever, parents
from .query import rewritten
from .tokenize import ChineseTokenizer

TOKENIZERS_KEPT = 256  # query tokenizers per set of documents searched (overlays: a unit's words each, and "all")
QueryEncoder = Callable[[str], np.ndarray]


class Unit:
    """One document's retrieval folder; its retrievers are read on first use (thread-safe), never twice."""

    def __init__(self, doc_id: str, dir: Path, settings: Settings, encode_query: QueryEncoder):
        self.doc_id, self.dir, self.settings, self.encode_query = doc_id, dir, settings, encode_query
        self._parts: tuple[dict[str, BaseRetriever], list[Node], tuple[str, ...]] | None = None
        self.freqs: dict[str, int] = {}
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._parts is not None

    def parts(self) -> tuple[dict[str, BaseRetriever], list[Node], tuple[str, ...]]:
        """(components, nodes, BM25 words)."""
        with self._lock:
            if self._parts is None:
                from .persist import load_components

                components, nodes = load_components(self.dir, self.settings, self.encode_query)
                words = tuple(json.loads((self.dir / "bm25" / WORDS_FILE).read_text("utf-8")))
                freqs = self.dir / "bm25" / FREQS_FILE
                self.freqs = json.loads(freqs.read_text("utf-8")) if freqs.is_file() else {}
                self._parts = (components, nodes, words)
            return self._parts


class Units:
    """The units of a library in catalog order, and what searching several at once shares."""

    def __init__(self, units: Iterable[Unit]):
        self.units: dict[str, Unit] = {u.doc_id: u for u in units}
        self.parent_of: dict[str, Node] = {}
        self._parented: set[str] = set()
        self._tokenizers: OrderedDict[frozenset[str], ChineseTokenizer] = OrderedDict()
        self._lock = threading.Lock()

    def selected(self, doc_ids: frozenset[str] | None) -> list[Unit]:
        """The units to search (all when ``doc_ids`` is None), loaded, in catalog order."""
        chosen = [u for d, u in self.units.items() if doc_ids is None or d in doc_ids]
        for unit in chosen:
            if unit.doc_id not in self._parented:
                found = parents(unit.parts()[1])
                with self._lock:
                    self.parent_of.update(found)
                    self._parented.add(unit.doc_id)
        return chosen

    def tokenizer(self, units: Sequence[Unit]) -> ChineseTokenizer:
        """jieba with the words of the documents searched (one document: exactly the tokenizer of its build)."""
        key = frozenset(u.doc_id for u in units)
        with self._lock:
            found = self._tokenizers.pop(key, None)
        if found is None:
            freqs: dict[str, int] = {}
            for unit in units:  # one document: its build's own; several: the first document's for a shared word
                freqs = unit.freqs | freqs
            found = ChineseTokenizer((w for u in units for w in u.parts()[2]), overlay=True, freqs=freqs)
        with self._lock:
            self._tokenizers[key] = found
            while len(self._tokenizers) > TOKENIZERS_KEPT:
                self._tokenizers.popitem(last=False)
        return found


class _Sharded(BaseRetriever):
    """One component (codes, bm25 or dense) searched unit by unit, hits merged by score."""

    def __init__(self, units: Units, name: str):
        self.units, self.name = units, name

    def _retrieve(self, query: str, top_k: int, doc_ids: frozenset[str] | None) -> list[Hit]:
        chosen = self.units.selected(doc_ids)
        if len(chosen) == 1:  # one document: exactly its own retriever
            return chosen[0].parts()[0][self.name].retrieve(query, top_k)
        return self._merged(chosen, query, top_k)

    def _merged(self, chosen: list[Unit], query: str, top_k: int) -> list[Hit]:
        hits: list[Hit] = []
        for unit in chosen:
            hits += unit.parts()[0][self.name].retrieve(query, top_k)
        hits.sort(key=lambda h: -h.score)  # stable: catalog order, then each unit's own order, among equal scores
        return hits[:top_k]


class ShardedCodes(_Sharded):
    def _retrieve(self, query: str, top_k: int, doc_ids: frozenset[str] | None) -> list[Hit]:
        return super()._retrieve(query, top_k, doc_ids) if codes_in(query) else []


class ShardedBM25(_Sharded):
    """The question tokenised once (one document: with its build's tokenizer); over several, each unit scores the
    tokens with its own statistics, the scores are merged as arrays and Hits made for the best only; the floor (a
    share of the best score) applies to the merged list as it does within one index."""

    def _retrieve(self, query: str, top_k: int, doc_ids: frozenset[str] | None) -> list[Hit]:
        chosen = self.units.selected(doc_ids)
        if not chosen:
            return []
        tokens = list(dict.fromkeys(self.units.tokenizer(chosen).tokens(query)))
        parts = [(i, _bm25(u).scores(tokens)) for i, u in enumerate(chosen)]
        found = [(i, s) for i, s in parts if s is not None]
        if not found:
            return []
        scores, unit, row = [], [], []
        for i, s in found:
            best = np.flatnonzero(s >= _kth(s, top_k))
            best = best[s[best] > 0]
            scores.append(s[best])
            unit.append(np.full(len(best), i))
            row.append(best)
        sc, un, rw = np.concatenate(scores), np.concatenate(unit), np.concatenate(row)
        order = np.lexsort((rw, un, -sc))[:top_k]
        if not len(order):
            return []
        floor = max(float(sc[order[0]]) * _bm25(chosen[0]).min_ratio, 0.0)
        return [
            Hit(node=_bm25(chosen[un[j]]).nodes[rw[j]], score=float(sc[j]), rank=0) for j in order if sc[j] >= floor
        ]


class ShardedDense(_Sharded):
    """The question embedded once; over several documents each FAISS store returns arrays, merged before any Hit
    is made (ties in score ordered by catalog, then node order, as one store orders them)."""

    def _merged(self, chosen: list[Unit], query: str, top_k: int) -> list[Hit]:
        from .vector_store import DocumentVectorStore

        dense = [u.parts()[0]["dense"] for u in chosen]
        if not all(isinstance(getattr(d, "store", None), DocumentVectorStore) for d in dense):
            return super()._merged(chosen, query, top_k)  # another backend: its own filtered queries
        vector = np.asarray(dense[0].encode_query(query), dtype=np.float32)  # type: ignore[attr-defined]
        scores, unit, name = [], [], []
        for i, d in enumerate(dense):
            s, n = d.store.search(vector, top_k + 1)  # type: ignore[attr-defined]
            scores.append(s)
            unit.append(np.full(len(s), i))
            name.append(n)
        sc, un, nm = np.concatenate(scores), np.concatenate(unit), np.concatenate(name)
        if not len(sc):
            return []
        tie = np.round(sc / TIE)
        cut = np.sort(tie)[::-1][min(top_k, len(tie)) - 1]
        picked = []
        for j in np.flatnonzero(tie >= cut):
            retriever = dense[un[j]]
            position = retriever._position.get(nm[j].decode("utf-8"))
            if position is not None:
                picked.append((-tie[j], int(un[j]), position, float(sc[j])))
        picked.sort()
        return [Hit(node=dense[u].nodes[p], score=s, rank=0) for _t, u, p, s in picked[:top_k]]  # type: ignore[attr-defined]


def _bm25(unit: Unit) -> BM25Retriever:
    found = unit.parts()[0]["bm25"]
    assert isinstance(found, BM25Retriever)
    return found


def _kth(scores: np.ndarray, k: int) -> float:
    """The k-th largest score (every score when there are fewer)."""
    if len(scores) <= k:
        return float(scores.min()) if len(scores) else 0.0
    return float(np.partition(scores, len(scores) - k)[len(scores) - k])


def units_retriever(units: Units, weights: Mapping[str, float], k: int, rewrite: Sequence[str]) -> BaseRetriever:
    """The same ranking as persist.make_hybrid over one index, across units."""
    components: dict[str, BaseRetriever] = {
        "codes": ShardedCodes(units, "codes"),
        "bm25": ShardedBM25(units, "bm25"),
        "dense": ShardedDense(units, "dense"),
    }
    return ParentMergingRetriever(HybridRetriever(rewritten(components, rewrite), weights, k=k), units.parent_of)


def shared_encoder(encode: QueryEncoder) -> QueryEncoder:
    """One embedding per question, whatever the number of units searched."""
    return functools.lru_cache(maxsize=64)(encode)
