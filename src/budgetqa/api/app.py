"""The API routes, each one call into the Assistant."""

from __future__ import annotations

import logging

from fastapi import FastAPI

from ..assistant import Assistant
from ..errors import BudgetQAError
from . import errors
from .errors import ApiError
from .openai_compat import create_openai_router
from .schemas import ASK_ERRORS, AnswerOut, AskRequest, HealthOut, error_responses

log = logging.getLogger(__name__)


def create_api(assistant: Assistant) -> FastAPI:
    """A FastAPI app with ``POST /ask`` and ``GET /health``, meant to be mounted at ``/api``."""
    api = FastAPI(title="budgetqa API", version="1", docs_url="/docs", openapi_url="/openapi.json", redoc_url=None)
    errors.install(api)

    @api.post("/ask", response_model=AnswerOut, responses=ASK_ERRORS)
    def ask(request: AskRequest) -> dict:
        """Answer a question: the body of ``Answer.to_json()``."""
        question = request.question.strip()
        if not question:
            raise ApiError(422, "empty_question", 'question is empty; send e.g. {"question": "出差花了多少钱？"}')
        ids = [d.id for d in assistant.documents]
        if request.doc is not None and request.doc not in ids:
            raise ApiError(
                404, "unknown_document", f"no document {request.doc!r} is loaded; use one of {ids} or leave doc out"
            )
        try:
            answer = assistant.ask(question, history=request.questions(), doc=request.doc)
        except BudgetQAError as exc:
            raise ApiError.from_budgetqa(exc) from exc
        except Exception as exc:
            log.exception("ask failed for %r", question)
            raise ApiError(500, "internal_error", f"{type(exc).__name__}: {exc}") from exc
        return answer.to_json()

    @api.get("/health", response_model=HealthOut, responses=error_responses(500))
    def health() -> dict:
        """Whether the server is up and which documents the index holds."""
        docs = list(assistant.documents)
        settings = getattr(assistant, "settings", None)
        return {
            "status": "ok",
            "loaded": bool(docs),
            "documents": len(docs),
            "index": str(settings.index_dir) if settings is not None else None,
            "docs": [{"id": d.id, "label": d.label, "source": d.source} for d in docs],
        }

    api.include_router(create_openai_router(assistant))
    return api
