"""The index directory as a whole: load it, add documents to it, and swap builds in atomically.

Layout of an index directory::

    CURRENT                 name of the live build (replaced atomically with os.replace)
    build-<stamp>/
        manifest.json       documents (id, source, sha256, origin), embedding model, format version
        docs/<id>.json      each parsed Disclosure
        facts.sqlite        every fact the documents state (table cells, narrative, definitions, …)
        retrieval/          the retrieval index (nodes, BM25, FAISS)

A build is written to a fresh ``build-*`` folder and only then named in CURRENT, so a crash or Ctrl-C mid-build
leaves the previous build live; leftover folders are cleaned up by the next successful build.

Each document remembers its origin: "operator" (the command line, the default corpus) or "upload" (the page or
the API). Citations of an uploaded document show its content hash, so a modified copy is never taken for the
original. Files are parsed in a child process with a memory cap and a time limit (ingest/sandbox.py).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Settings
from ..errors import BudgetQAError, IndexNotReady, IngestError
from ..models import Disclosure, Fact
from .facts import FactStore, facts_of, is_current, query_facts, store_for, write_facts

if TYPE_CHECKING:
    from ..retrieval.base import BaseRetriever

FORMAT_VERSION = 1
Progress = Callable[[str, float], None]


class Library:
    """Loaded disclosures, their facts database and (lazily) their retrieval index."""

    def __init__(
        self,
        settings: Settings,
        build_dir: Path | None,
        documents: tuple[Disclosure, ...],
        origins: dict[str, str] | None = None,
    ):
        self.settings = settings
        self.build_dir = build_dir
        self.documents = documents
        self.origins: dict[str, str] = dict(origins or {})  # doc id -> "operator" | "upload"
        self._conn: sqlite3.Connection | None = None
        self._retriever: BaseRetriever | None = None
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()  # one build at a time: each starts from the documents loaded

    # -- opening ------------------------------------------------------------------------------------------------

    @classmethod
    def open(cls, settings: Settings, progress: Progress | None = None) -> Library:
        """Load the live build; build the default index from the corpus when the default index is empty."""
        index_dir = settings.index_dir
        build = live_build(index_dir)
        if build is not None:
            return cls.from_build(settings, build)
        library = cls(settings, None, ())
        if _is_default(settings) and settings.corpus_dir.is_dir():
            paths = sorted(p for p in settings.corpus_dir.iterdir() if p.suffix.lower() in {".txt", ".pdf"})
            if paths:
                library.ingest(paths, progress=progress)
        return library

    @classmethod
    def from_build(cls, settings: Settings, build: Path) -> Library:
        manifest = json.loads((build / "manifest.json").read_text("utf-8"))
        if manifest.get("format") != FORMAT_VERSION:
            raise IndexNotReady(f"{build} was written by another budgetqa version; run `budgetqa ingest` again")
        docs = tuple(
            Disclosure.model_validate_json((build / "docs" / f"{d['id']}.json").read_text("utf-8"))
            for d in manifest["documents"]
        )
        origins = {d["id"]: d.get("origin", "operator") for d in manifest["documents"]}
        return cls(settings, build, docs, origins)

    # -- reading ------------------------------------------------------------------------------------------------

    def document(self, doc_id: str) -> Disclosure:
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        raise BudgetQAError(f"no document {doc_id!r} in {self.settings.index_dir}")

    def facts(self, where: str = "1=1", params: tuple = ()) -> list[Fact]:
        """Facts matching a SQL condition (see models.Fact for the columns); derived from the parsed documents
        when the index was written by a version that stored table cells only."""
        if self.build_dir is None:
            return []
        conn = self._connection()
        with self._lock:
            if is_current(conn):
                return query_facts(conn, where, params)
        memory = sqlite3.connect(":memory:")
        write_facts(memory, (f for d in self.documents for f in facts_of(d)))
        return query_facts(memory, where, params)

    def fact_store(self) -> FactStore:
        """The in-memory fact store of every loaded document, read once from facts.sqlite (lookups are per
        document)."""
        return store_for(self.documents, self._connection() if self.build_dir is not None else None)

    def _connection(self) -> sqlite3.Connection:
        with self._lock:
            if self._conn is None:
                assert self.build_dir is not None, "only a library with a build has a facts database"
                uri = (self.build_dir / "facts.sqlite").resolve().as_uri() + "?mode=ro"  # a relative --index too
                self._conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            return self._conn

    @property
    def retriever(self) -> BaseRetriever | None:
        """The hybrid retriever over all documents, loaded on first use (None for an empty index)."""
        if self.build_dir is None:
            return None
        with self._lock:
            if self._retriever is None:
                from ..retrieval.persist import load_retriever

                self._retriever = load_retriever(self.build_dir / "retrieval", self.settings)
            return self._retriever

    # -- writing ------------------------------------------------------------------------------------------------

    def ingest(
        self, paths: Sequence[Path], progress: Progress | None = None, origin: str = "operator"
    ) -> list[Disclosure]:
        """Parse ``paths`` and write a new build with them added (same content hash: replaced, not duplicated).

        All files are parsed before anything is written: one bad file raises IngestError and the live build stays.
        ``origin``: "operator" (trusted paths from the command line: parsed here) or "upload" (parsed in a child
        process with the upload limits); content already loaded by the operator stays the operator's.
        """
        from ..ingest.sandbox import ParseLimits, parse_file

        report = progress or (lambda _msg, _frac: None)
        limits = ParseLimits.from_settings(self.settings)
        if origin != "upload":
            limits = ParseLimits(memory_mb=0, max_bytes=2**62, max_pages=2**62)
        share = 0.3 / max(len(paths), 1)
        with self._write_lock:
            added: list[Disclosure] = []
            for i, path in enumerate(paths):
                report(f"解析 {path.name}", i * share)

                def scanned(done: int, total: int, i: int = i, name: str = path.name) -> None:
                    report(f"OCR 识别 {name} 扫描页 {done}/{total}", (i + done / total) * share)

                added.append(parse_file(Path(path), limits, progress=scanned))
            if not added:
                raise IngestError("(no files)", "nothing to ingest")
            by_hash = {d.sha256: d for d in self.documents}
            origins = dict(self.origins)
            for doc in added:
                by_hash[doc.sha256] = doc
                if origins.get(doc.id) != "operator":
                    origins[doc.id] = origin
            self._write_build(tuple(by_hash.values()), report, origins)
        return added

    def remove(self, doc_id: str, progress: Progress | None = None) -> Disclosure:
        """Write a new build without the document ``doc_id`` (BudgetQAError when no such document is loaded)."""
        with self._write_lock:
            doc = self.document(doc_id)
            kept = tuple(d for d in self.documents if d.id != doc_id)
            origins = {k: v for k, v in self.origins.items() if k != doc_id}
            if kept:
                self._write_build(kept, progress or (lambda _msg, _frac: None), origins)
            else:
                self._empty()
        return doc

    def _empty(self) -> None:
        """No documents left: the index has no live build."""
        (self.settings.index_dir / "CURRENT").unlink(missing_ok=True)
        with self._lock:
            if self._conn is not None:
                self._conn.close()
            self._conn, self._retriever = None, None
            self.build_dir, self.documents, self.origins = None, (), {}

    def _write_build(self, docs: tuple[Disclosure, ...], report: Progress, origins: dict[str, str]) -> None:
        from ..retrieval.persist import build_retrieval

        index_dir = self.settings.index_dir
        index_dir.mkdir(parents=True, exist_ok=True)
        build = index_dir / f"build-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
        (build / "docs").mkdir(parents=True)
        for doc in docs:
            (build / "docs" / f"{doc.id}.json").write_text(doc.model_dump_json(), "utf-8")
        conn = sqlite3.connect(build / "facts.sqlite")
        try:
            for doc in docs:
                write_facts(conn, facts_of(doc))
        finally:
            conn.close()
        report("建立检索索引", 0.35)
        previous = self.build_dir / "retrieval" if self.build_dir else None
        build_retrieval(
            docs,
            build / "retrieval",
            self.settings,
            previous=previous,
            progress=lambda frac: report("嵌入向量", 0.35 + 0.6 * frac),
        )
        manifest = {
            "format": FORMAT_VERSION,
            "model": self.settings.model,
            "documents": [
                {
                    "id": d.id,
                    "source": d.source,
                    "sha256": d.sha256,
                    "label": d.label,
                    "origin": origins.get(d.id, "operator"),
                }
                for d in docs
            ],
        }
        (build / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
        _point_current(index_dir, build)
        old = self.build_dir
        with self._lock:
            if self._conn is not None:
                self._conn.close()
            self._conn, self._retriever = None, None
            self.build_dir, self.documents = build, docs
            self.origins = {d.id: origins.get(d.id, "operator") for d in docs}
        _remove_stale(index_dir, keep=build)
        report("完成", 1.0)
        del old


def live_build(index_dir: Path) -> Path | None:
    current = index_dir / "CURRENT"
    if not current.is_file():
        return None
    build = index_dir / current.read_text("utf-8").strip()
    if not (build / "manifest.json").is_file():
        raise IndexNotReady(f"{current} names {build.name}, which is incomplete; run `budgetqa ingest` again")
    return build


def _point_current(index_dir: Path, build: Path) -> None:
    tmp = index_dir / f"CURRENT.{os.getpid()}.tmp"
    tmp.write_text(build.name, "utf-8")
    os.replace(tmp, index_dir / "CURRENT")


def _remove_stale(index_dir: Path, keep: Path) -> None:
    for path in index_dir.glob("build-*"):
        if path != keep:
            shutil.rmtree(path, ignore_errors=True)


def _is_default(settings: Settings) -> bool:
    return settings.index_dir.resolve() == Settings().index_dir.resolve()
