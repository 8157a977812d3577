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
from .bm25 import WORDS_FILE, BM25Retriever
from .dense import TIE
from .fusion import HybridRetriever
from .merging import ParentMergingRetriever, parents
from .query import rewritten
from .tokenize import ChineseTokenizer

TOKENIZERS_KEPT = 8  # query tokenizers per set of documents searched (one document each, mostly, and "all")
QueryEncoder = Callable[[str], np.ndarray]


class Unit:
    """One document's retrieval folder; its retrievers are read on first use (thread-safe), never twice."""

    def __init__(self, doc_id: str, dir: Path, settings: Settings, encode_query: QueryEncoder):
        self.doc_id, self.dir, self.settings, self.encode_query = doc_id, dir, settings, encode_query
        self._parts: tuple[dict[str, BaseRetriever], list[Node], tuple[str, ...]] | None = None
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
            found = ChineseTokenizer(w for u in units for w in u.parts()[2])
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
        hits: list[Hit] = []
        for unit in chosen:
            hits += self._search(unit, query, top_k)
        hits.sort(key=self._key)  # stable: catalog order, then each unit's own order, among equal scores
        return hits[:top_k]

    def _search(self, unit: Unit, query: str, top_k: int) -> list[Hit]:
        return unit.parts()[0][self.name].retrieve(query, top_k)

    @staticmethod
    def _key(hit: Hit) -> float:
        return -hit.score


class ShardedDense(_Sharded):
    @staticmethod
    def _key(hit: Hit) -> float:
        return -round(hit.score / TIE)  # as DenseRetriever orders ties


class ShardedBM25(_Sharded):
    """The question tokenised once; each unit scores the tokens with its own statistics; the floor (a share of the
    best score) applies to the merged list as it does within one index."""

    def _retrieve(self, query: str, top_k: int, doc_ids: frozenset[str] | None) -> list[Hit]:
        chosen = self.units.selected(doc_ids)
        if not chosen:
            return []
        tokens = list(dict.fromkeys(self.units.tokenizer(chosen).tokens(query)))
        hits: list[Hit] = []
        ratio = 0.0
        for unit in chosen:
            bm25 = unit.parts()[0]["bm25"]
            assert isinstance(bm25, BM25Retriever)
            ratio = bm25.min_ratio
            hits += bm25.search_tokens(tokens, top_k)
        hits.sort(key=self._key)
        floor = hits[0].score * ratio if hits else 0.0
        return [h for h in hits if h.score >= floor][:top_k]


def units_retriever(units: Units, weights: Mapping[str, float], k: int, rewrite: Sequence[str]) -> BaseRetriever:
    """The same ranking as persist.make_hybrid over one index, across units."""
    components: dict[str, BaseRetriever] = {
        "codes": _Sharded(units, "codes"),
        "bm25": ShardedBM25(units, "bm25"),
        "dense": ShardedDense(units, "dense"),
    }
    return ParentMergingRetriever(HybridRetriever(rewritten(components, rewrite), weights, k=k), units.parent_of)


def shared_encoder(encode: QueryEncoder) -> QueryEncoder:
    """One embedding per question, whatever the number of units searched."""
    return functools.lru_cache(maxsize=64)(encode)
