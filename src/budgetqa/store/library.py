"""The index directory as a whole: load it, add documents to it, and swap builds in atomically.

Layout of an index directory::

    CURRENT                 name of the live build (replaced atomically with os.replace)
    build-<stamp>/
        manifest.json       documents (id, source, sha256), embedding model, format version
        docs/<id>.json      each parsed Disclosure
        facts.sqlite        every table cell as a fact
        retrieval/          the retrieval index (nodes, BM25, FAISS)

A build is written to a fresh ``build-*`` folder and only then named in CURRENT, so a crash or Ctrl-C mid-build
leaves the previous build live; leftover folders are cleaned up by the next successful build.
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

from ..config import Settings
from ..errors import BudgetQAError, IndexNotReady, IngestError
from ..models import Disclosure, Fact
from .facts import facts_of, query_facts, write_facts

FORMAT_VERSION = 1
Progress = Callable[[str, float], None]


class Library:
    """Loaded disclosures, their facts database and (lazily) their retrieval index."""

    def __init__(self, settings: Settings, build_dir: Path | None, documents: tuple[Disclosure, ...]):
        self.settings = settings
        self.build_dir = build_dir
        self.documents = documents
        self._conn: sqlite3.Connection | None = None
        self._retriever = None
        self._lock = threading.Lock()

    # -- opening ------------------------------------------------------------------------------------------------

    @classmethod
    def open(cls, settings: Settings, progress: Progress | None = None) -> "Library":
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
    def from_build(cls, settings: Settings, build: Path) -> "Library":
        manifest = json.loads((build / "manifest.json").read_text("utf-8"))
        if manifest.get("format") != FORMAT_VERSION:
            raise IndexNotReady(f"{build} was written by another budgetqa version; run `budgetqa ingest` again")
        docs = tuple(
            Disclosure.model_validate_json((build / "docs" / f"{d['id']}.json").read_text("utf-8"))
            for d in manifest["documents"]
        )
        return cls(settings, build, docs)

    # -- reading ------------------------------------------------------------------------------------------------

    def document(self, doc_id: str) -> Disclosure:
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        raise BudgetQAError(f"no document {doc_id!r} in {self.settings.index_dir}")

    def facts(self, where: str = "1=1", params: tuple = ()) -> list[Fact]:
        """Facts matching a SQL condition (see store.facts.Fact for the columns)."""
        if self.build_dir is None:
            return []
        with self._lock:
            if self._conn is None:
                uri = (self.build_dir / "facts.sqlite").as_uri() + "?mode=ro"
                self._conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            return query_facts(self._conn, where, params)

    @property
    def retriever(self):
        """The hybrid retriever over all documents, loaded on first use (None for an empty index)."""
        if self.build_dir is None:
            return None
        with self._lock:
            if self._retriever is None:
                from ..retrieval.persist import load_retriever

                self._retriever = load_retriever(self.build_dir / "retrieval", self.settings)
            return self._retriever

    # -- writing ------------------------------------------------------------------------------------------------

    def ingest(self, paths: Sequence[Path], progress: Progress | None = None) -> list[Disclosure]:
        """Parse ``paths`` and write a new build with them added (same content hash: replaced, not duplicated).

        All files are parsed before anything is written: one bad file raises IngestError and the live build stays.
        """
        from ..ingest.loader import load
        from ..parse.document import parse

        report = progress or (lambda _msg, _frac: None)
        added: list[Disclosure] = []
        share = 0.3 / max(len(paths), 1)
        for i, path in enumerate(paths):
            report(f"解析 {path.name}", i * share)

            def scanned(done: int, total: int, i: int = i, name: str = path.name) -> None:
                report(f"OCR 识别 {name} 扫描页 {done}/{total}", (i + done / total) * share)

            added.append(parse(load(path, progress=scanned)))
        if not added:
            raise IngestError("(no files)", "nothing to ingest")
        by_hash = {d.sha256: d for d in self.documents}
        for doc in added:
            by_hash[doc.sha256] = doc
        self._write_build(tuple(by_hash.values()), report)
        return added

    def _write_build(self, docs: tuple[Disclosure, ...], report: Progress) -> None:
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
            "documents": [{"id": d.id, "source": d.source, "sha256": d.sha256, "label": d.label} for d in docs],
        }
        (build / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
        _point_current(index_dir, build)
        old = self.build_dir
        with self._lock:
            if self._conn is not None:
                self._conn.close()
            self._conn, self._retriever = None, None
            self.build_dir, self.documents = build, docs
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
