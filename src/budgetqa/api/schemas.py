"""The request and response bodies of the API, so ``/api/openapi.json`` is a schema a client can be generated from."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..models import Answer

QUESTION_EXAMPLE = "出差花了多少钱？"


class HistoryMessage(BaseModel):
    """An earlier chat message, as chat clients keep them; only the user's questions count as history."""

    model_config = ConfigDict(extra="ignore")
    role: Literal["user", "assistant", "system"]
    content: str


class AskRequest(BaseModel):
    """A question, the earlier questions of the conversation, and optionally the one document to look in."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"question": QUESTION_EXAMPLE}]})
    question: str = Field(description="the question, in Chinese (a few English budget words are understood)")
    history: list[str | HistoryMessage] = Field(
        default=[], description="earlier questions, oldest first (plain strings or chat messages)"
    )
    doc: str | None = Field(default=None, description="a document id (see /health), unit name or file name")

    def questions(self) -> list[str]:
        """Earlier user questions, oldest first."""
        out = []
        for item in self.history:
            text = item if isinstance(item, str) else item.content if item.role == "user" else ""
            if text.strip():
                out.append(text.strip())
        return out


# -- responses ------------------------------------------------------------------------------------------------------


class CitationOut(BaseModel):
    """Where a figure or passage of the answer comes from: the answer's ``[id]`` markers point here."""

    # A field Answer.to_json() gains is passed through, not dropped, until it is declared here (test_openapi tells).
    model_config = ConfigDict(extra="allow")
    id: int = Field(description="the n of the [n] marker in the answer text")
    doc: str = Field(description="the document, e.g. 'XX中心 2023年单位预算'")
    locator: str = Field(description="table › row › column, or the section of a quoted passage")
    page: int | None = Field(description="page number in the document, when known")
    quote: str = Field(description="the source line or passage as printed")
    fact_id: str | None = Field(default=None, description="the stored fact this citation quotes (`budgetqa facts`)")


class FigureOut(BaseModel):
    """A number the answer states, with its unit and the citation that backs it."""

    model_config = ConfigDict(extra="allow")  # as CitationOut
    value: float
    unit: str = Field(description="万元, 元, %, …")
    citation: int = Field(description="id of the citation that backs the figure")
    fact_id: str | None = Field(
        default=None, description="the stored fact the figure is copied from (`budgetqa facts`); null when computed"
    )


class AnswerOut(BaseModel):
    """The answer contract, the same object ``budgetqa ask --json`` prints."""

    question: str
    status: Literal["answered", "not_found"] = Field(
        description="not_found: the loaded documents do not hold the answer; `answer` says so and what they cover"
    )
    answer: str = Field(description="the answer in Chinese, figures followed by [n] markers")
    citations: list[CitationOut]
    figures: list[FigureOut]

    @classmethod
    def from_answer(cls, answer: Answer) -> AnswerOut:
        return cls.model_validate(answer.to_json())


class DocumentOut(BaseModel):
    id: str = Field(description="the id to pass as `doc`")
    label: str
    source: str = Field(description="the file it was read from")
    sha256: str = Field(default="", description="the content hash: tells two documents of one name apart")
    origin: Literal["operator", "upload"] = Field(
        default="operator", description="operator: loaded from the server's command line; upload: sent by a user"
    )


class DocumentAdded(BaseModel):
    """``POST /documents``: what was added and how many documents the index now holds."""

    added: list[DocumentOut]
    documents: int


class DocumentRemoved(BaseModel):
    """``DELETE /documents/{id}``: what was removed and how many documents remain."""

    removed: DocumentOut
    documents: int


class HealthOut(BaseModel):
    status: Literal["ok"]
    loaded: bool = Field(description="whether any document is loaded")
    documents: int
    index: str | None = Field(description="the index directory's name")
    writing: Literal["open", "closed", "api_key"] = Field(
        default="open", description="whether uploads and removals are open, closed, or need the API key"
    )
    docs: list[DocumentOut]


class ErrorDetail(BaseModel):
    code: str = Field(description="machine-readable, e.g. empty_question, unknown_document, index_error")
    message: str = Field(description="what went wrong and how to fix it")


class ErrorOut(BaseModel):
    """Every error of the API has this one shape."""

    error: ErrorDetail


ERROR_MEANINGS = {
    400: "the body is not valid JSON (code bad_json) or a request the route cannot serve",
    401: "a missing or wrong API key (unauthorized)",
    403: "writing is closed on this server, or a file the server did not receive in this request (file_not_uploaded)",
    404: "unknown document or model (unknown_document, model_not_found) or route (not_found)",
    413: "the request body is too large (too_large)",
    422: "the body does not match the schema (invalid_request) or the question is empty (empty_question)",
    500: "an unexpected failure (internal_error); the server log has the details",
    503: "the index or the embedding model cannot be loaded (index_error, model_unavailable)",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` of a route: each status it can answer with, in the one error shape."""
    return {s: {"model": ErrorOut, "description": ERROR_MEANINGS[s]} for s in statuses}


ASK_ERRORS = error_responses(400, 404, 413, 422, 500, 503)
