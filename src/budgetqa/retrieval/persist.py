"""The retrieval index on disk: nodes, BM25 and FAISS in one folder, built once and loaded without re-embedding.

Layout of ``out_dir``::

    meta.json         format, embedding model, dimension, node count
    nodes.jsonl       one Node per line, in FAISS row order
    codes.json        row node id → 科目编码
    bm25/             bm25s index + the user words of its jieba tokenizer
    vectors.faiss     IndexFlatIP over unit vectors (written by FaissVectorStore.persist)

A rebuild reuses the vector of every node whose id and text are unchanged in the previous folder (same model),
so adding one document embeds only that document.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np

from ..config import Settings
from ..errors import IndexNotReady
from ..models import Disclosure
from .base import BaseRetriever, Node
from .bm25 import BM25Retriever
from .codes import CodeRetriever
from .dense import DenseRetriever, faiss_store, store_vectors
from .embedding import Embedder, get_embedder
from .fusion import HybridRetriever
from .merging import ParentMergingRetriever, parents
from .nodes import lexicon, nodes_of, row_codes
from .query import rewritten
from .tokenize import ChineseTokenizer

FORMAT = 1
# An exact 科目编码 is near-certain evidence; BM25 over the document's own words beats e5-small on these texts (eval:
# BM25 alone hit@5 0.86, dense alone 0.81), so it counts double.
WEIGHTS = {"codes": 2.0, "bm25": 2.0, "dense": 1.0}
FUSION_K = (
    10  # RRF constant: small, so a retriever's top few outweigh a node both merely rank middling (eval: +3 hit@5)
)
REWRITTEN = ("bm25", "dense")  # searched without question words and with the lexicon's printed terms (query.py)
Progress = Callable[[float], None]
EmbedderFactory = Callable[[Settings], Embedder]


def build_retrieval(
    docs: Sequence[Disclosure],
    out_dir: Path,
    settings: Settings,
    previous: Path | None = None,
    progress: Progress | None = None,
    embedder: EmbedderFactory = get_embedder,
) -> None:
    """Write the index of ``docs`` into the fresh folder ``out_dir``; embeds only nodes ``previous`` lacks."""
    report = progress or (lambda _frac: None)
    nodes = [node for doc in docs for node in nodes_of(doc)]
    codes = {k: v for doc in docs for k, v in row_codes(doc).items()}
    words = set().union(*(lexicon(doc) for doc in docs)) if docs else set()
    out_dir.mkdir(parents=True, exist_ok=False)
    _write_nodes(out_dir, nodes)
    (out_dir / "codes.json").write_text(json.dumps(codes, ensure_ascii=False), "utf-8")
    BM25Retriever(nodes, ChineseTokenizer(words)).save(out_dir / "bm25")
    vectors = _vectors(nodes, settings, previous, report, embedder)
    if len(nodes):
        faiss_store(vectors).persist(str(out_dir / "vectors.faiss"))
    meta = {"format": FORMAT, "model": settings.model, "dim": int(vectors.shape[1]), "nodes": len(nodes)}
    (out_dir / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), "utf-8")
    report(1.0)


def load_retriever(dir: Path, settings: Settings, embedder: EmbedderFactory = get_embedder) -> ParentMergingRetriever:
    """The hybrid retriever (codes + BM25 + dense, fused by RRF, parents merged); each component alone is in
    ``.components`` (for the eval's ablation). The model loads on the first dense query."""
    meta = read_meta(dir)
    if meta["model"] != settings.model:
        raise IndexNotReady(
            f"the index in {dir} was embedded with {meta['model']!r} but the model setting is {settings.model!r}; "
            f"re-ingest the documents (`budgetqa ingest …`) to rebuild it, or set BUDGETQA_MODEL={meta['model']}"
        )
    nodes = read_nodes(dir)
    codes = json.loads((dir / "codes.json").read_text("utf-8"))
    components: dict[str, BaseRetriever] = {
        "codes": CodeRetriever(nodes, codes),
        "bm25": BM25Retriever.load(dir / "bm25", nodes),
        "dense": DenseRetriever(nodes, _load_store(dir, meta), lambda q: embedder(settings).embed_queries([q])[0]),
    }
    return make_hybrid(components, nodes)


def make_hybrid(components: Mapping[str, BaseRetriever], nodes: Sequence[Node]) -> ParentMergingRetriever:
    """The ranking every index uses: queries rewritten for the text retrievers, weighted RRF over all components,
    then tables and performance tables lifted by the hits of their rows and indicators."""
    return ParentMergingRetriever(
        HybridRetriever(rewritten(components, REWRITTEN), WEIGHTS, k=FUSION_K), parents(nodes)
    )


def read_meta(dir: Path) -> dict:
    try:
        meta = json.loads((dir / "meta.json").read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexNotReady(f"no readable retrieval index in {dir} ({exc}); run `budgetqa ingest` again") from exc
    if meta.get("format") != FORMAT:
        raise IndexNotReady(f"{dir} holds a retrieval index of another format; run `budgetqa ingest` again")
    return meta


def read_nodes(dir: Path) -> list[Node]:
    with (dir / "nodes.jsonl").open(encoding="utf-8") as f:
        return [Node.model_validate_json(line) for line in f if line.strip()]


def _write_nodes(out_dir: Path, nodes: Sequence[Node]) -> None:
    with (out_dir / "nodes.jsonl").open("w", encoding="utf-8") as f:
        for node in nodes:
            f.write(node.model_dump_json() + "\n")


def _load_store(dir: Path, meta: dict):
    from llama_index.vector_stores.faiss import FaissVectorStore

    if not meta["nodes"]:
        return None
    return FaissVectorStore.from_persist_path(str(dir / "vectors.faiss"))


def _vectors(
    nodes: Sequence[Node], settings: Settings, previous: Path | None, report: Progress, embedder: EmbedderFactory
) -> np.ndarray:
    """One unit vector per node: reused from ``previous`` where id and text match, embedded otherwise."""
    if not nodes:
        return np.zeros((0, 0), np.float32)
    reused = _previous_vectors(previous, settings)
    missing = [n.text for n in nodes if (n.id, n.text) not in reused]
    fresh = iter(embedder(settings).embed_passages(missing, progress=report) if missing else ())
    rows = [reused[(n.id, n.text)] if (n.id, n.text) in reused else next(fresh) for n in nodes]
    return np.vstack(rows).astype(np.float32)


def _previous_vectors(previous: Path | None, settings: Settings) -> dict[tuple[str, str], np.ndarray]:
    """(id, text) → vector from an earlier build of the same model; empty when there is nothing usable."""
    if previous is None or not (previous / "meta.json").is_file():
        return {}
    try:
        meta = read_meta(previous)
    except IndexNotReady:
        return {}
    if meta["model"] != settings.model or not meta["nodes"]:
        return {}
    nodes = read_nodes(previous)
    vectors = store_vectors(_load_store(previous, meta))
    return {(n.id, n.text): vectors[i] for i, n in enumerate(nodes)}
