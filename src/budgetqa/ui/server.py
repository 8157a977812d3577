"""One process serves the page at ``/`` and the HTTP API at ``/api``."""

from __future__ import annotations

import sys
from pathlib import Path

import gradio as gr
import uvicorn
from fastapi import FastAPI

from ..api import create_api
from ..assistant import Assistant
from .app import build_ui
from .language import I18N, ChineseWidgets
from .script import SOURCE_LINKS
from .style import CSS, FONTS, MONO_FONTS

# Local fonts only: the stock themes fetch Google Fonts, which an offline machine cannot reach.
THEME = gr.themes.Soft(font=FONTS, font_mono=MONO_FONTS)


def create_app(assistant: Assistant) -> FastAPI:
    """The whole web app over one loaded Assistant (tests call this; ``serve`` runs it)."""
    app = FastAPI(title="budgetqa", docs_url=None, redoc_url=None, openapi_url=None)
    app.mount("/api", create_api(assistant))
    app.add_middleware(ChineseWidgets)
    return gr.mount_gradio_app(
        app,
        build_ui(assistant),
        path="/",
        css=CSS,
        js=SOURCE_LINKS,
        i18n=I18N,
        footer_links=[],
        theme=THEME,
        show_error=True,
    )


def serve(assistant_or_index_dir: Assistant | str | Path | None, host: str, port: int) -> None:
    """Load the index if given a directory (None: the default index), print the address, serve until Ctrl-C."""
    assistant = assistant_or_index_dir
    if assistant is None or isinstance(assistant, (str, Path)):
        assistant = Assistant.load(assistant, progress=_print_progress)
    app = create_app(assistant)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    print(f"budgetqa: {len(assistant.documents)} 份文档已载入", file=sys.stderr)
    print(
        f"budgetqa: serving the UI at http://{shown}:{port}/ and the API at http://{shown}:{port}/api/ "
        "(Ctrl-C to stop)",
        flush=True,
    )
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _print_progress(message: str, fraction: float) -> None:
    print(f"[{fraction:4.0%}] {message}", file=sys.stderr, flush=True)
