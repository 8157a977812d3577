"""The API routes, each one call into the Assistant."""

from __future__ import annotations

from fastapi import FastAPI

from ..assistant import Assistant
from ..config import Settings
from . import errors
from .docs import install_docs
from .documents import install_documents
from .errors import ApiError
from .guard import RequestGuard, WritePolicy
from .limits import LimitError, Limits, answer_for_api, check_history, check_question, check_text, settings_of
from .openai_compat import create_openai_router
from .schemas import ASK_ERRORS, AnswerOut, AskRequest, HealthOut, error_responses


def create_api(assistant: Assistant, *, settings: Settings | None = None, host: str | None = None) -> FastAPI:
    """A FastAPI app with ``POST /ask`` and ``GET /health``, meant to be mounted at ``/api``; ``host`` is the address
    the server listens on (writing needs the API key beyond loopback)."""
    settings = settings or settings_of(assistant)
    limits = Limits.from_settings(settings)
    policy = WritePolicy(settings.api_key, host or settings.host)
    api = FastAPI(title="budgetqa API", version="1", docs_url=None, openapi_url="/openapi.json", redoc_url=None)
    api.add_middleware(RequestGuard, body_bytes=limits.body_bytes, upload_bytes=limits.upload_bytes)
    errors.install(api)
    install_docs(api, "budgetqa API")
    install_documents(api, assistant, policy, limits)

    @api.post("/ask", response_model=AnswerOut, responses=ASK_ERRORS)
    def ask(request: AskRequest) -> dict:
        """Answer a question: the body of ``Answer.to_json()``."""
        question = request.question.strip()
        try:
            check_question(request.question, limits)
            check_history([h if isinstance(h, str) else h.content for h in request.history], limits)
            if request.doc is not None:
                check_text(request.doc, "doc")
        except LimitError as exc:
            raise ApiError(exc.status, exc.code, exc.message) from None
        if not question:
            raise ApiError(422, "empty_question", 'question is empty; send e.g. {"question": "出差花了多少钱？"}')
        ids = [d.id for d in assistant.documents]
        if request.doc is not None and request.doc not in ids:
            raise ApiError(
                404,
                "unknown_document",
                f"no document {request.doc[:100]!r} is loaded; use one of {ids} or leave doc out",
            )
        return answer_for_api(assistant, question, request.questions(), request.doc, limits, "ask").to_json()

    @api.get("/health", response_model=HealthOut, responses=error_responses(500))
    def health() -> dict:
        """Whether the server is up and which documents the index holds."""
        docs = list(assistant.documents)
        settings = getattr(assistant, "settings", None)
        origins = getattr(getattr(assistant, "library", None), "origins", {})
        return {
            "status": "ok",
            "loaded": bool(docs),
            "documents": len(docs),
            "index": settings.index_dir.name if settings is not None else None,
            "writing": "open" if policy.open else "closed" if policy.closed else "api_key",
            "docs": [
                {
                    "id": d.id,
                    "label": d.label,
                    "source": d.source,
                    "sha256": d.sha256,
                    "origin": origins.get(d.id, "operator"),
                }
                for d in docs
            ],
        }

    api.include_router(create_openai_router(assistant, limits))
    return api
