"""One process serves the page at ``/`` and the HTTP API at ``/api``."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import gradio as gr
import uvicorn
from fastapi import FastAPI

from ..api import create_api
from ..api.guard import RequestGuard, WritePolicy
from ..api.limits import Limits, settings_of
from ..assistant import Assistant
from .app import build_ui
from .language import I18N, ChineseWidgets
from .script import SOURCE_LINKS
from .style import CSS, FONTS, MONO_FONTS

# Local fonts only: the stock themes fetch Google Fonts, which an offline machine cannot reach.
THEME = gr.themes.Soft(font=FONTS, font_mono=MONO_FONTS)
SHUTDOWN_SECONDS = 3  # after SIGTERM: in-flight requests get this long, then answers still running are cancelled


def create_app(assistant: Assistant, host: str | None = None) -> FastAPI:
    """The whole web app over one loaded Assistant (tests call this; ``serve`` runs it); ``host`` is the address it
    listens on, which decides whether writing needs the API key."""
    settings = settings_of(assistant)
    limits = Limits.from_settings(settings)
    policy = WritePolicy(settings.api_key, host or settings.host)
    app = FastAPI(title="budgetqa", docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(RequestGuard, body_bytes=limits.body_bytes, upload_bytes=limits.upload_bytes)
    app.mount("/api", create_api(assistant, settings=settings, host=host))
    app.add_middleware(ChineseWidgets)
    return gr.mount_gradio_app(
        app,
        build_ui(assistant, policy=policy, limits=limits),
        path="/",
        css=CSS,
        js=SOURCE_LINKS,
        i18n=I18N,
        footer_links=[],
        theme=THEME,
        show_error=True,
        max_file_size=limits.upload_bytes,
    )


def serve(assistant_or_index_dir: Assistant | str | Path | None, host: str, port: int) -> None:
    """Load the index if given a directory (None: the default index), print the address, serve until Ctrl-C or
    SIGTERM (in-flight work is finished or cancelled within a few seconds)."""
    from ..api.limits import cancel_all

    assistant = assistant_or_index_dir
    if assistant is None or isinstance(assistant, (str, Path)):
        assistant = Assistant.load(assistant, progress=_print_progress)
    warm_up(assistant)
    app = create_app(assistant, host=host)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    print(f"budgetqa: {len(assistant.documents)} 份文档已载入", file=sys.stderr)
    print(
        f"budgetqa: serving the UI at http://{shown}:{port}/ and the API at http://{shown}:{port}/api/ "
        "(Ctrl-C to stop)",
        flush=True,
    )
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=SHUTDOWN_SECONDS)
    finally:
        cancel_all()


def warm_up(assistant: Assistant) -> None:
    """Load the retrieval index and the embedding model before serving, so the first visitor's question is not the
    one that waits for them (and the answer time limit never falls on a model load)."""
    library = getattr(assistant, "library", None)
    if library is None or not assistant.documents:
        return
    from ..retrieval.embedding import get_embedder

    library.retriever  # noqa: B018 - loads it
    get_embedder(assistant.settings).embed_queries(["预算"])
    if preloads(assistant):
        threading.Thread(target=library.preload, name="budgetqa-preload", daemon=True).start()


def preloads(assistant: Assistant) -> bool:
    """Whether every document's parts are read behind the first questions: only when one question may read them
    all (a library of at most ``across.PER_BODY_MAX`` bodies; over more, a question reaches only the bodies it names,
    and reading everything would hold every document in memory for nothing)."""
    from ..answer.operations.across import PER_BODY_MAX, bodies

    library = getattr(assistant, "library", None)
    return hasattr(library, "preload") and len(bodies(assistant.documents)) <= PER_BODY_MAX


def _print_progress(message: str, fraction: float) -> None:
    print(f"[{fraction:4.0%}] {message}", file=sys.stderr, flush=True)
