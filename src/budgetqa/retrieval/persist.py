"""The retrieval index on disk: nodes, BM25 and FAISS in one folder, built once and loaded without re-embedding.

Layout of ``out_dir``::

    meta.json         format, embedding model, dimension, node count
    nodes.jsonl       one Node per line, in FAISS row order
    codes.json        row node id → 科目编码
    bm25/             bm25s index + the user words of its jieba tokenizer
    vectors.faiss     IndexIDMap2(IndexFlatIP) over unit vectors, ids grouped per document (vector_store.py)
    vectors.faiss.docs.json   the documents' id ranges, node ids and metadata
    qdrant/           instead of the two above with BUDGETQA_VECTOR_STORE=qdrant and no BUDGETQA_QDRANT_URL (embedded
                      Qdrant); with a URL the vectors live in the server's collection named in meta.json

A rebuild reuses the vector of every node whose id and text are unchanged in the previous folder (same model),
so adding one document embeds only that document. Format 1 (llama-index's FaissVectorStore over IndexFlatIP, rows in
node order) still loads: its vectors are regrouped per document in memory.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

import numpy as np

from ..config import Settings
from ..errors import IndexNotReady, SettingError
from ..models import Disclosure
from .base import BaseRetriever, Node
from .bm25 import BM25Retriever
from .codes import CodeRetriever
from .dense import DenseRetriever, faiss_store, group_rows, store_vectors
from .embedding import Embedder, get_embedder
from .fusion import HybridRetriever
from .merging import ParentMergingRetriever, parents
from .nodes import lexicon, nodes_of, row_codes
from .query import rewritten
from .tokenize import ChineseTokenizer

FORMAT = 2
READABLE = (1, 2)  # format 1: vectors.faiss is a bare IndexFlatIP in nodes.jsonl order
BACKENDS = ("faiss", "qdrant")
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
    embedder: EmbedderFactory | None = None,
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
    backend = _backend(settings)
    vectors = _vectors(nodes, settings, previous, report, embedder or get_embedder)
    meta = {"format": FORMAT, "model": settings.model, "dim": int(vectors.shape[1]), "nodes": len(nodes)}
    meta["vector_store"] = _write_vectors(out_dir, backend, settings, nodes, vectors, _doc_meta(docs))
    (out_dir / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), "utf-8")
    report(1.0)


def load_retriever(dir: Path, settings: Settings, embedder: EmbedderFactory | None = None) -> ParentMergingRetriever:
    """The hybrid retriever (codes + BM25 + dense, fused by RRF, parents merged); each component alone is in
    ``.components`` (for the eval's ablation). The model loads on the first dense query."""
    components, nodes = load_components(dir, settings, query_encoder(settings, embedder))
    return make_hybrid(components, nodes)


def query_encoder(settings: Settings, embedder: EmbedderFactory | None = None) -> Callable[[str], np.ndarray]:
    """A question's vector, the model loaded on the first call (``get_embedder`` looked up then)."""
    return lambda q: (embedder or get_embedder)(settings).embed_queries([q])[0]


def load_components(
    dir: Path, settings: Settings, encode_query: Callable[[str], np.ndarray]
) -> tuple[dict[str, BaseRetriever], list[Node]]:
    """The three retrievers of one retrieval folder and its nodes (not yet fused)."""
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
        "dense": DenseRetriever(nodes, _load_store(dir, meta, nodes), encode_query),
    }
    return components, nodes


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
    if meta.get("format") not in READABLE:
        raise IndexNotReady(
            f"{dir} holds a retrieval index of format {meta.get('format')!r}, this budgetqa reads {READABLE}; "
            "run `budgetqa ingest` again to rebuild it"
        )
    return meta


def read_nodes(dir: Path) -> list[Node]:
    with (dir / "nodes.jsonl").open(encoding="utf-8") as f:
        return [Node.model_validate_json(line) for line in f if line.strip()]


def _write_nodes(out_dir: Path, nodes: Sequence[Node]) -> None:
    with (out_dir / "nodes.jsonl").open("w", encoding="utf-8") as f:
        for node in nodes:
            f.write(node.model_dump_json() + "\n")


def _backend(settings: Settings) -> str:
    if settings.vector_store not in BACKENDS:
        raise SettingError(
            f"BUDGETQA_VECTOR_STORE={settings.vector_store!r}: the vector store must be one of {', '.join(BACKENDS)}"
        )
    return settings.vector_store


def _doc_meta(docs: Sequence[Disclosure]) -> dict[str, dict[str, str | int]]:
    """Document-level metadata every vector of a document shares: what a payload filter can select on."""
    return {d.id: {"body": d.unit_name, **({"year": d.year} if d.year is not None else {})} for d in docs}


def _write_vectors(
    out_dir: Path, backend: str, settings: Settings, nodes: Sequence[Node], vectors: np.ndarray, meta: Mapping
) -> dict:
    """Store the vectors per document in ``backend``; returns where they are (kept in meta.json)."""
    groups = group_rows(nodes)
    if backend == "faiss":
        if nodes:
            faiss_store(vectors, nodes, meta).persist(str(out_dir / "vectors.faiss"))
        return {"backend": "faiss"}
    from .qdrant_store import open_qdrant

    url = settings.qdrant_url or None
    collection = f"budgetqa-{out_dir.resolve().parent.name}-{out_dir.name}"
    store = open_qdrant(collection, int(vectors.shape[1]), url, None if url else out_dir / "qdrant")
    for doc_id, rows in groups.items():
        store.add_vectors(doc_id, [nodes[i].id for i in rows], vectors[rows], meta.get(doc_id))
    return {"backend": "qdrant", "collection": collection, "url": url}


def _load_store(dir: Path, meta: dict, nodes: Sequence[Node] | None = None):
    if not meta["nodes"]:
        return None
    where = meta.get("vector_store", {"backend": "faiss"})
    if where["backend"] == "qdrant":
        from .qdrant_store import open_qdrant

        url = where.get("url")
        return open_qdrant(where["collection"], int(meta["dim"]), url, None if url else dir / "qdrant")
    if meta["format"] == 1:  # a bare IndexFlatIP in node order: regroup it per document
        import faiss

        flat = faiss.read_index(str(dir / "vectors.faiss"))
        return faiss_store(flat.reconstruct_n(0, flat.ntotal), nodes if nodes is not None else read_nodes(dir))
    from .vector_store import DocumentVectorStore

    return DocumentVectorStore.from_persist_path(str(dir / "vectors.faiss"))


def _vectors(
    nodes: Sequence[Node], settings: Settings, previous: Path | None, report: Progress, embedder: EmbedderFactory
) -> np.ndarray:
    """One unit vector per node: reused from ``previous`` where id and text match, embedded otherwise."""
    if not nodes:
        return np.zeros((0, 0), np.float32)
    old_vectors, old_rows = _previous_vectors(previous, settings)
    found = [old_rows.get((n.id, n.text), -1) for n in nodes]
    missing = [i for i, row in enumerate(found) if row < 0]
    fresh = embedder(settings).embed_passages([nodes[i].text for i in missing], progress=report) if missing else None
    dim = old_vectors.shape[1] if fresh is None else fresh.shape[1]
    out = np.zeros((len(nodes), dim), np.float32)
    kept = np.array([i for i, row in enumerate(found) if row >= 0], dtype=np.int64)
    if len(kept):
        out[kept] = old_vectors[np.array([found[i] for i in kept], dtype=np.int64)]
    if fresh is not None:
        out[np.array(missing, dtype=np.int64)] = fresh
    return out


_REUSED: dict[tuple[Path, str], tuple[np.ndarray, dict[tuple[str, str], int]]] = {}


@contextlib.contextmanager
def reusing(previous: Path) -> Iterator[None]:
    """Within the block, ``previous``'s vectors are read once for every build that reuses them (a migration
    writes one unit per document from one earlier index)."""
    key = previous.resolve()
    _REUSED_DIRS.add(key)
    try:
        yield
    finally:
        _REUSED_DIRS.discard(key)
        for k in [k for k in _REUSED if k[0] == key]:
            del _REUSED[k]


_REUSED_DIRS: set[Path] = set()


def _previous_vectors(previous: Path | None, settings: Settings) -> tuple[np.ndarray, dict[tuple[str, str], int]]:
    """An earlier build's vectors (same model) and (id, text) → row; empty when there is nothing usable."""
    if previous is not None and previous.resolve() in _REUSED_DIRS:
        key = (previous.resolve(), settings.model)
        if key not in _REUSED:
            _REUSED[key] = _read_previous_vectors(previous, settings)
        return _REUSED[key]
    return _read_previous_vectors(previous, settings)


def _read_previous_vectors(previous: Path | None, settings: Settings) -> tuple[np.ndarray, dict[tuple[str, str], int]]:
    nothing: tuple[np.ndarray, dict[tuple[str, str], int]] = (np.zeros((0, 0), np.float32), {})
    if previous is None or not (previous / "meta.json").is_file():
        return nothing
    try:
        meta = read_meta(previous)
    except IndexNotReady:
        return nothing
    if meta["model"] != settings.model or not meta["nodes"]:
        return nothing
    nodes = read_nodes(previous)
    vectors = store_vectors(_load_store(previous, meta, nodes), nodes)
    return vectors, {(n.id, n.text): i for i, n in enumerate(nodes)}
