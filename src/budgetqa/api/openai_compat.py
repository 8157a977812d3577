"""An OpenAI-compatible chat endpoint, so any OpenAI client or chat app (Open WebUI, LobeChat, ChatBox) can ask.

Base URL ``http://HOST:PORT/api/v1``. The assistant message is the answer with its sources as markdown; the
structured answer (``budgetqa ask --json``) rides along in the extra field ``budgetqa``. Model ``budgetqa`` asks
every loaded document, ``budgetqa:<document id>`` one of them. Sampling parameters (temperature, …) are accepted
and ignored: answers are copied from the documents, not sampled.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Iterator
from typing import Literal

from fastapi import APIRouter
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from ..assistant import Assistant
from ..models import Answer
from .errors import ApiError
from .limits import LimitError, Limits, answer_for_api, check_history, check_question
from .schemas import AnswerOut, error_responses

MODEL = "budgetqa"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")


# -- request --------------------------------------------------------------------------------------------------------


class ContentPart(BaseModel):
    model_config = ConfigDict(extra="ignore")
    type: str
    text: str | None = None


class ChatMessageIn(BaseModel):
    model_config = ConfigDict(extra="ignore")
    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | list[ContentPart] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return "\n".join(p.text for p in self.content if p.type == "text" and p.text)
        return self.content or ""


class ChatCompletionRequest(BaseModel):
    """OpenAI's chat request; other OpenAI fields are accepted and ignored."""

    model_config = ConfigDict(
        extra="ignore",
        json_schema_extra={
            "examples": [{"model": MODEL, "messages": [{"role": "user", "content": "出差花了多少钱？"}]}]
        },
    )
    model: str = Field(default=MODEL, description="'budgetqa' (every document) or 'budgetqa:<document id>'")
    messages: list[ChatMessageIn] = Field(
        min_length=1,
        description="the conversation; the last message is the question, earlier user messages its history",
    )
    stream: bool = Field(default=False, description="server-sent events, as OpenAI streams them")


# -- response -------------------------------------------------------------------------------------------------------


class AssistantMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str = Field(description="the answer, then its sources as a markdown list")


class Choice(BaseModel):
    index: int = 0
    message: AssistantMessage
    finish_reason: Literal["stop"] = "stop"


class Usage(BaseModel):
    """Sizes in characters (budgetqa has no tokenizer of its own); clients only display them."""

    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class ChatCompletion(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[Choice]
    usage: Usage
    budgetqa: AnswerOut = Field(description="the structured answer: status, citations, figures (budgetqa's extra)")


class Delta(BaseModel):
    role: Literal["assistant"] | None = None
    content: str | None = None


class ChunkChoice(BaseModel):
    index: int = 0
    delta: Delta
    finish_reason: Literal["stop"] | None = None


class ChatCompletionChunk(BaseModel):
    """One server-sent event of a streamed answer; the last one carries ``budgetqa``."""

    id: str
    object: Literal["chat.completion.chunk"] = "chat.completion.chunk"
    created: int
    model: str
    choices: list[ChunkChoice]
    budgetqa: AnswerOut | None = None


class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str = "budgetqa"


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]


# -- the routes -----------------------------------------------------------------------------------------------------


def create_openai_router(assistant: Assistant, limits: Limits) -> APIRouter:
    """``POST /v1/chat/completions`` and ``GET /v1/models`` over one Assistant, under the same limits as /ask."""
    router = APIRouter(prefix="/v1", tags=["OpenAI-compatible"])
    started = int(time.time())

    @router.get("/models", response_model=ModelList, responses=error_responses(500))
    def models() -> ModelList:
        """``budgetqa`` (every loaded document) and ``budgetqa:<id>`` for each document."""
        ids = [MODEL] + [f"{MODEL}:{d.id}" for d in assistant.documents]
        return ModelList(data=[ModelCard(id=i, created=started) for i in ids])

    @router.post(
        "/chat/completions",
        response_model=ChatCompletion,
        responses={
            **error_responses(400, 404, 413, 422, 500, 503),
            200: {"content": {"text/event-stream": {"schema": ChatCompletionChunk.model_json_schema()}}},
        },
    )
    def chat_completions(request: ChatCompletionRequest) -> ChatCompletion | StreamingResponse:
        """Answer the last user message; with ``stream: true`` as server-sent events ending in ``data: [DONE]``."""
        doc = _doc_of_model(assistant, request.model)
        last = request.messages[-1]
        question = last.text().strip()
        if last.role != "user" or not question:
            raise ApiError(422, "empty_question", "the last message must be the user's question, as text")
        history = [m.text().strip() for m in request.messages[:-1] if m.role == "user" and m.text().strip()]
        try:
            check_question(last.text(), limits)
            check_history([m.text() for m in request.messages[:-1]], limits)
        except LimitError as exc:
            raise ApiError(exc.status, exc.code, exc.message) from None
        answer = _ask(assistant, question, history, doc, limits)
        content = answer_markdown(answer)
        ident = f"chatcmpl-{uuid.uuid4().hex}"
        created = int(time.time())
        if request.stream:
            chunks = _stream(ident, created, request.model, content, AnswerOut.from_answer(answer))
            return StreamingResponse(chunks, media_type="text/event-stream", headers={"Cache-Control": "no-cache"})
        prompt = sum(len(m.text()) for m in request.messages)
        return ChatCompletion(
            id=ident,
            created=created,
            model=request.model,
            choices=[Choice(message=AssistantMessage(content=content))],
            usage=Usage(prompt_tokens=prompt, completion_tokens=len(content), total_tokens=prompt + len(content)),
            budgetqa=AnswerOut.from_answer(answer),
        )

    return router


def _doc_of_model(assistant: Assistant, model: str) -> str | None:
    if model == MODEL:
        return None
    ids = [d.id for d in assistant.documents]
    name, _, doc = model.partition(":")
    if name != MODEL or doc not in ids:
        known = ", ".join([MODEL] + [f"{MODEL}:{i}" for i in ids])
        raise ApiError(404, "model_not_found", f"no model {model!r}; use one of: {known} (see GET /v1/models)")
    return doc


def _ask(assistant: Assistant, question: str, history: list[str], doc: str | None, limits: Limits) -> Answer:
    return answer_for_api(assistant, question, history[-limits.history :], doc, limits, "chat completion")


def answer_markdown(answer: Answer) -> str:
    """The answer text, then one markdown list item per source: [n] document · where, page, and the quote."""
    if not answer.citations:
        return answer.answer
    lines = [answer.answer, "", "**来源**", ""]
    for c in answer.citations:
        page = f"，第 {c.page} 页" if c.page else ""
        quote = f"：“{_md(c.quote)}”" if c.quote else ""
        lines.append(f"- \\[{c.id}\\] {_md(c.doc)} · {_md(c.locator)}{page}{quote}")
    return "\n".join(lines)


def _md(text: str) -> str:
    """Document text shown literally in markdown (a quote's * or | must not become emphasis or a table)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _stream(ident: str, created: int, model: str, content: str, answer: AnswerOut) -> Iterator[str]:
    def event(delta: Delta, finish: Literal["stop"] | None = None, extra: AnswerOut | None = None) -> str:
        chunk = ChatCompletionChunk(
            id=ident,
            created=created,
            model=model,
            choices=[ChunkChoice(delta=delta, finish_reason=finish)],
            budgetqa=extra,
        )
        data = chunk.model_dump(exclude_none=True)
        if extra is not None:  # the structured answer keeps its nulls (a computed figure's fact_id), as unstreamed
            data["budgetqa"] = extra.model_dump()
        return f"data: {json.dumps(data, ensure_ascii=False)}\n\n"

    yield event(Delta(role="assistant", content=""))
    for part in re.split(r"(?<=\n)", content):  # line by line, so a chat app shows the answer before the sources
        if part:
            yield event(Delta(content=part))
    yield event(Delta(), finish="stop", extra=answer)
    yield "data: [DONE]\n\n"
