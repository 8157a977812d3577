"""The index directory as a whole: one storage unit per document, a manifest naming them, loaded lazily.

Layout of an index directory::

    manifest.json           the live documents: id, source, sha256, origin, catalog fields, and the unit of each
                            (replaced atomically with os.replace: a crash or Ctrl-C leaves the previous one live)
    units/<id>-<stamp>/     one document, written once, never changed:
        record.json         its parsed Disclosure
        facts.sqlite        every fact it states (table cells, narrative, definitions, …)
        retrieval/          its nodes, 科目编码, BM25 and vectors (retrieval/persist.py, one document)

Adding a document writes its unit and then a new manifest; re-ingesting the same content writes a fresh unit (the
live one is never overwritten) and reuses its vectors; removing one rewrites the manifest and then deletes its unit.
Opening reads the manifest only: a document's record, facts and retrieval parts are read the first time a question
is routed to it. Units no manifest names (an interrupted ingest) are deleted by the next successful write.

An index written by an earlier version (``CURRENT`` naming a ``build-*`` folder with every document together) is
migrated into units when opened, reusing its vectors: nothing is embedded again.

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
from typing import TYPE_CHECKING, Any

from ..config import Settings
from ..errors import BudgetQAError, IndexNotReady, IngestError
from ..models import Disclosure, Fact
from .catalog import table_count
from .facts import FactStore, facts_of, is_current, query_facts, store_for, write_facts

if TYPE_CHECKING:
    from ..retrieval.base import BaseRetriever
    from ..retrieval.units import Unit

FORMAT_VERSION = 3
LEGACY_FORMAT = 1  # build-*/manifest.json: every document in one folder (migrated into units on open)
MANIFEST = "manifest.json"
UNITS = "units"
RECORD = "record.json"
# What the manifest keeps of each document besides its unit: enough for the catalog, routing and citations
# without reading the record.
CATALOG_FIELDS = ("id", "title", "unit_name", "year", "kind", "scope", "source", "sha256", "page_count", "label")
Progress = Callable[[str, float], None]


class LazyDisclosure:
    """A document of the manifest: its catalog fields at once, everything else read from its record on first use."""

    __slots__ = ("_fields", "_lock", "_path", "_record")

    def __init__(self, fields: dict[str, Any], path: Path):
        self._fields, self._path = fields, path
        self._record: Disclosure | None = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._record is not None

    @property
    def record(self) -> Disclosure:
        with self._lock:
            if self._record is None:
                self._record = Disclosure.model_validate_json(self._path.read_text("utf-8"))
            return self._record

    @property
    def table_count(self) -> int:
        return int(self._fields.get("tables", 0)) if not self.loaded else len(self.record.tables)

    def __getattr__(self, name: str) -> Any:
        fields = object.__getattribute__(self, "_fields")
        if name in fields and name in CATALOG_FIELDS:
            return fields[name]
        return getattr(self.record, name)

    def __eq__(self, other: object) -> bool:
        return self.record == (other.record if isinstance(other, LazyDisclosure) else other)

    def __hash__(self) -> int:
        return hash(self._fields["id"])

    def __repr__(self) -> str:
        return f"LazyDisclosure({self._fields['id']!r}, {self._fields.get('source')!r})"


class Library:
    """Loaded disclosures, their facts and (lazily) their retrieval index.

    ``Library(settings, None, docs)`` is a library in memory (no retrieval); ``Library(settings, build, docs)`` reads
    one retrieval folder and facts database in ``build`` (the layout before units); ``Library.open`` reads an index
    directory of units."""

    def __init__(
        self,
        settings: Settings,
        build_dir: Path | None,
        documents: tuple[Disclosure, ...],
        origins: dict[str, str] | None = None,
        units: dict[str, Path] | None = None,
    ):
        self.settings = settings
        self.build_dir = build_dir
        self.documents = documents
        self.origins: dict[str, str] = dict(origins or {})  # doc id -> "operator" | "upload"
        self.units: dict[str, Path] = dict(units or {})  # doc id -> its unit folder (an index of units)
        self._conn: sqlite3.Connection | None = None
        self._retriever: BaseRetriever | None = None
        self._unit_retrievers: dict[Path, Unit] = {}  # kept across writes: a unit is never read twice
        self._unit_facts: dict[Path, FactStore] = {}
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()  # one write at a time: each starts from the documents loaded

    @property
    def index_dir(self) -> Path:
        return self.settings.index_dir

    # -- opening ------------------------------------------------------------------------------------------------

    @classmethod
    def open(cls, settings: Settings, progress: Progress | None = None) -> Library:
        """Read the manifest (migrating an index of the earlier layout); build the default index from the corpus
        when the default index is empty."""
        index_dir = settings.index_dir
        if (index_dir / MANIFEST).is_file():
            return cls.from_manifest(settings)
        build = legacy_build(index_dir)
        if build is not None:
            return migrate(settings, build)
        library = cls(settings, None, ())
        if _is_default(settings) and settings.corpus_dir.is_dir():
            paths = sorted(p for p in settings.corpus_dir.iterdir() if p.suffix.lower() in {".txt", ".pdf"})
            if paths:
                library.ingest(paths, progress=progress)
        return library

    @classmethod
    def from_manifest(cls, settings: Settings) -> Library:
        index_dir = settings.index_dir
        try:
            manifest = json.loads((index_dir / MANIFEST).read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise IndexNotReady(f"{index_dir / MANIFEST} is unreadable ({exc}); run `budgetqa ingest` again") from exc
        if manifest.get("format") != FORMAT_VERSION:
            raise IndexNotReady(
                f"{index_dir / MANIFEST} was written by another budgetqa version; run `budgetqa ingest` again"
            )
        units = {d["id"]: index_dir / UNITS / d["unit"] for d in manifest["documents"]}
        docs = tuple(LazyDisclosure(d, units[d["id"]] / RECORD) for d in manifest["documents"])
        origins = {d["id"]: d.get("origin", "operator") for d in manifest["documents"]}
        return cls(settings, None, docs, origins, units)  # type: ignore[arg-type]  # duck-typed Disclosures

    # -- reading ------------------------------------------------------------------------------------------------

    def document(self, doc_id: str) -> Disclosure:
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        raise BudgetQAError(f"no document {doc_id!r} in {self.settings.index_dir}")

    def facts(self, where: str = "1=1", params: tuple = ()) -> list[Fact]:
        """Facts matching a SQL condition (see models.Fact for the columns), document by document; derived from
        the parsed documents when the index was written by a version that stored table cells only."""
        if self.units:
            out: list[Fact] = []
            for doc in self.documents:
                conn = sqlite3.connect(_read_only(self.units[doc.id] / "facts.sqlite"), uri=True)
                try:
                    out += query_facts(conn, where, params) if is_current(conn) else _derived(doc, where, params)
                finally:
                    conn.close()
            return out
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
        """The facts of the loaded documents (lookups are per document): per unit, each read on first use."""
        if self.units:
            return UnitFacts(self)
        return store_for(self.documents, self._connection() if self.build_dir is not None else None)

    def unit_facts(self, doc_id: str) -> FactStore:
        """One document's facts, read once from its unit."""
        path = self.units[doc_id]
        with self._lock:
            found = self._unit_facts.get(path)
        if found is None:
            conn = sqlite3.connect(_read_only(path / "facts.sqlite"), uri=True)
            try:
                current = is_current(conn)
                found = FactStore(query_facts(conn) if current else facts_of(self.document(doc_id)))
            finally:
                conn.close()
            with self._lock:
                found = self._unit_facts.setdefault(path, found)
        return found

    def _connection(self) -> sqlite3.Connection:
        with self._lock:
            if self._conn is None:
                assert self.build_dir is not None, "only a library with a build has a facts database"
                self._conn = sqlite3.connect(
                    _read_only(self.build_dir / "facts.sqlite"), uri=True, check_same_thread=False
                )
            return self._conn

    @property
    def retriever(self) -> BaseRetriever | None:
        """The hybrid retriever over all documents (None for an empty index); over units, a unit's parts are read
        when a question is first routed to its document."""
        if self.units:
            with self._lock:
                if self._retriever is None:
                    self._retriever = self._units_retriever()
                return self._retriever
        if self.build_dir is None:
            return None
        with self._lock:
            if self._retriever is None:
                from ..retrieval.persist import load_retriever

                self._retriever = load_retriever(self.build_dir / "retrieval", self.settings)
            return self._retriever

    def preload(self) -> int:
        """Read every document's retrieval parts now (the server does it in the background, so the first question
        over all documents does not wait for them); a question routed to a unit meanwhile waits only for that
        one. Returns the units read."""
        self.retriever  # noqa: B018 - makes the units
        with self._lock:
            units = list(self._unit_retrievers.values())
        for unit in units:
            try:
                unit.parts()
            except (OSError, IndexNotReady):  # removed or replaced meanwhile: no longer asked about
                continue
        return len(units)

    def _units_retriever(self) -> BaseRetriever:
        from ..retrieval.persist import FUSION_K, REWRITTEN, WEIGHTS, query_encoder
        from ..retrieval.units import Unit, Units, shared_encoder, units_retriever

        settings = self.settings
        encode = shared_encoder(query_encoder(settings))
        chosen = []
        for doc in self.documents:
            path = self.units[doc.id]
            unit = self._unit_retrievers.get(path)
            if unit is None:
                unit = self._unit_retrievers[path] = Unit(doc.id, path / "retrieval", settings, encode)
            chosen.append(unit)
        return units_retriever(Units(chosen), WEIGHTS, FUSION_K, REWRITTEN)

    # -- writing ------------------------------------------------------------------------------------------------

    def ingest(
        self, paths: Sequence[Path], progress: Progress | None = None, origin: str = "operator"
    ) -> list[Disclosure]:
        """Parse ``paths`` and add them, one unit each (same content hash: replaced, not duplicated).

        All files are parsed before anything is written: one bad file raises IngestError and the manifest stays.
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
            origins = dict(self.origins)
            for doc in added:
                if origins.get(doc.id) != "operator":
                    origins[doc.id] = origin
            self.add_documents(added, origins, report)
        return added

    def add_documents(
        self, added: Sequence[Disclosure], origins: dict[str, str] | None = None, report: Progress | None = None
    ) -> None:
        """Write a unit for each of ``added`` (parsed), then the manifest naming them with the documents kept."""
        report = report or (lambda _msg, _frac: None)
        origins = {**self.origins, **(origins or {})}
        current = self._as_units()
        by_hash: dict[str, tuple[Disclosure, Path | None]] = {d.sha256: (d, current.get(d.id)) for d in self.documents}
        new_units: dict[str, Path] = {}
        for i, doc in enumerate(added):
            previous = by_hash.get(doc.sha256, (None, None))[1] or current.get(doc.id)
            fraction = 0.35 + 0.6 * i / len(added)
            report("建立检索索引", fraction)

            def embedded(f: float, a: float = fraction) -> None:
                report("嵌入向量", a + 0.6 * f / len(added))

            new_units[doc.id] = self._write_unit(doc, previous, embedded)
            by_hash[doc.sha256] = (doc, new_units[doc.id])
        for sha, (doc, unit) in list(by_hash.items()):
            if unit is None:  # a document held in memory only: written now
                by_hash[sha] = (doc, self._write_unit(doc, None, lambda _f: None))
        docs = tuple(d for d, _unit in by_hash.values())
        units = {d.id: u for d, u in by_hash.values() if u is not None}
        self._swap(docs, units, origins)
        report("完成", 1.0)

    def remove(self, doc_id: str, progress: Progress | None = None) -> Disclosure:
        """Write the manifest without the document ``doc_id`` and delete its unit (BudgetQAError when no such
        document is loaded); the other units are not touched."""
        with self._write_lock:
            doc = self.document(doc_id)
            current = self._as_units()
            kept = tuple(d for d in self.documents if d.id != doc_id)
            origins = {k: v for k, v in self.origins.items() if k != doc_id}
            self._swap(kept, {d.id: current[d.id] for d in kept}, origins)
        return doc

    def _as_units(self) -> dict[str, Path]:
        """The unit of every loaded document (a library read from a ``build-*`` folder is migrated first)."""
        if self.documents and not self.units:
            if self.build_dir is None:  # documents in memory only: each gets its unit now
                return {}
            migrated = migrate(self.settings, self.build_dir, origins=self.origins)
            self.documents, self.units, self.build_dir = migrated.documents, migrated.units, None
        return dict(self.units)

    def _write_unit(self, doc: Disclosure, previous: Path | None, progress: Callable[[float], None]) -> Path:
        """A fresh unit folder holding ``doc``: record, facts, retrieval (vectors reused from ``previous``)."""
        from ..retrieval import persist

        unit = self.index_dir / UNITS / f"{doc.id}-{_stamp()}"
        unit.mkdir(parents=True)
        (unit / RECORD).write_text(doc.model_dump_json(), "utf-8")
        conn = sqlite3.connect(unit / "facts.sqlite")
        try:
            write_facts(conn, facts_of(doc))
        finally:
            conn.close()
        old = previous / "retrieval" if previous is not None else None
        persist.build_retrieval([doc], unit / "retrieval", self.settings, previous=old, progress=progress)
        return unit

    def _swap(self, docs: tuple[Disclosure, ...], units: dict[str, Path], origins: dict[str, str]) -> None:
        """Make ``docs`` (each in its unit) the live documents: the manifest replaced at once, then what no longer
        belongs deleted."""
        index_dir = self.index_dir
        index_dir.mkdir(parents=True, exist_ok=True)
        origins = {d.id: origins.get(d.id, "operator") for d in docs}
        if docs:
            manifest = {
                "format": FORMAT_VERSION,
                "model": self.settings.model,
                "documents": [
                    {
                        **{f: getattr(d, f) for f in CATALOG_FIELDS},
                        "tables": table_count(d),
                        "origin": origins[d.id],
                        "unit": units[d.id].name,
                    }
                    for d in docs
                ],
            }
            tmp = index_dir / f"{MANIFEST}.{os.getpid()}.{threading.get_ident()}.tmp"
            tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
            os.replace(tmp, index_dir / MANIFEST)
        else:
            (index_dir / MANIFEST).unlink(missing_ok=True)
        with self._lock:
            if self._conn is not None:
                self._conn.close()
            self._conn, self._retriever = None, None
            self.build_dir, self.documents, self.units, self.origins = None, docs, dict(units), origins
            live = set(units.values())
            self._unit_retrievers = {p: u for p, u in self._unit_retrievers.items() if p in live}
            self._unit_facts = {p: f for p, f in self._unit_facts.items() if p in live}
        _remove_stale(index_dir, keep=set(units.values()))


class UnitFacts(FactStore):
    """The fact store of a library of units: each document's facts read from its unit when first looked up."""

    def __init__(self, library: Library):
        self._library = library

    def _of(self, doc_id: str) -> FactStore | None:
        return self._library.unit_facts(doc_id) if doc_id in self._library.units else None

    def of_doc(self, doc_id: str) -> list[Fact]:
        store = self._of(doc_id)
        return store.of_doc(doc_id) if store else []

    def row(self, doc_id: str, table_id: str, row_index: int) -> list[tuple[str, Fact]]:
        store = self._of(doc_id)
        return store.row(doc_id, table_id, row_index) if store else []

    def quoted(self, doc_id: str) -> list[tuple[str, Fact]]:
        store = self._of(doc_id)
        return store.quoted(doc_id) if store else []

    def printed_line(self, doc_id: str, table_id: str, quote: str) -> list[Fact]:
        store = self._of(doc_id)
        return store.printed_line(doc_id, table_id, quote) if store else []

    def cell_id(self, doc_id: str, table_id: str, row_index: int, side: str | None, column: str) -> str | None:
        store = self._of(doc_id)
        return store.cell_id(doc_id, table_id, row_index, side, column) if store else None

    @property
    def facts(self) -> tuple[Fact, ...]:  # type: ignore[override]
        return tuple(f for d in self._library.documents for f in self.of_doc(d.id))

    @property
    def by_id(self) -> dict[str, Fact]:  # type: ignore[override]
        return {f.id: f for f in self.facts}


def migrate(settings: Settings, build: Path, origins: dict[str, str] | None = None) -> Library:
    """An index of the earlier layout (``build`` holding every document) rewritten as units, its vectors reused;
    the old build is deleted once the manifest is live."""
    from ..retrieval import persist

    manifest = json.loads((build / "manifest.json").read_text("utf-8"))
    if manifest.get("format") != LEGACY_FORMAT:
        raise IndexNotReady(f"{build} was written by another budgetqa version; run `budgetqa ingest` again")
    docs = tuple(
        Disclosure.model_validate_json((build / "docs" / f"{d['id']}.json").read_text("utf-8"))
        for d in manifest["documents"]
    )
    kept = {d["id"]: d.get("origin", "operator") for d in manifest["documents"]}
    library = Library(settings, None, ())
    with persist.reusing(build / "retrieval"):
        units = {d.id: library._write_unit(d, build, lambda _f: None) for d in docs}
    library._swap(docs, units, {**kept, **(origins or {})})
    (settings.index_dir / "CURRENT").unlink(missing_ok=True)
    shutil.rmtree(build, ignore_errors=True)
    return library


def live_build(index_dir: Path) -> Path | None:
    """What is live: the manifest of units, or the ``build-*`` folder of an index not yet migrated."""
    if (index_dir / MANIFEST).is_file():
        return index_dir / MANIFEST
    return legacy_build(index_dir)


def live_state(index_dir: Path) -> tuple[str, ...]:
    """The manifest's text and the units it names (what a failed write must leave unchanged)."""
    path = index_dir / MANIFEST
    if not path.is_file():
        return ()
    return (path.read_text("utf-8"), *sorted(p.name for p in (index_dir / UNITS).iterdir()))


def legacy_build(index_dir: Path) -> Path | None:
    current = index_dir / "CURRENT"
    if not current.is_file():
        return None
    build = index_dir / current.read_text("utf-8").strip()
    if not (build / "manifest.json").is_file():
        raise IndexNotReady(f"{current} names {build.name}, which is incomplete; run `budgetqa ingest` again")
    return build


def _stamp() -> str:
    return f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**9}"


def _read_only(path: Path) -> str:
    return path.resolve().as_uri() + "?mode=ro"  # a relative --index too


def _derived(doc: Disclosure, where: str, params: tuple) -> list[Fact]:
    memory = sqlite3.connect(":memory:")
    write_facts(memory, facts_of(doc))
    return query_facts(memory, where, params)


def _remove_stale(index_dir: Path, keep: set[Path]) -> None:
    """Units no manifest names (removed, replaced, or left by an interrupted write)."""
    folder = index_dir / UNITS
    if folder.is_dir():
        for path in folder.iterdir():
            if path not in keep:
                shutil.rmtree(path, ignore_errors=True)


def _is_default(settings: Settings) -> bool:
    return settings.index_dir.resolve() == Settings().index_dir.resolve()
