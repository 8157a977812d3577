"""Bounded work per request: the input limits every surface applies, and a deadline that cancels an answer.

The limits come from Settings (one place, with their environment variables); the API and the chat page both call
``check_question`` / ``check_history`` before any work starts and ``run_with_deadline`` around the answer.

Cancelling: answering is pure Python in a worker thread. When the deadline passes, ``AnswerCancelled`` is raised
inside that thread (CPython's ``PyThreadState_SetAsyncExc``) at its next bytecode, so the work stops there and the
thread returns to its pool; nothing is left running. ``AnswerCancelled`` derives from BaseException so the
pipeline's own ``except Exception`` guards do not swallow it. ``cancel_all`` does the same for every answer in
flight when the server shuts down.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from ..config import Settings
from ..errors import BudgetQAError

T = TypeVar("T")


@dataclass(frozen=True)
class Limits:
    question_chars: int = 500
    history: int = 50
    history_chars: int = 4000
    body_bytes: int = 1_048_576
    upload_bytes: int = 20_971_520
    pages: int = 400
    answer_seconds: float = 10.0

    @classmethod
    def from_settings(cls, settings: Settings) -> "Limits":
        return cls(
            question_chars=settings.max_question_chars,
            history=settings.max_history,
            history_chars=settings.max_history_chars,
            body_bytes=settings.max_body_bytes,
            upload_bytes=settings.max_upload_bytes,
            pages=settings.max_pages,
            answer_seconds=settings.answer_seconds,
        )


class LimitError(BudgetQAError):
    """An input over a limit or not text at all; ``message`` for the API and CLI, ``zh`` for the chat page."""

    code = "limit_exceeded"

    def __init__(self, code: str, message: str, zh: str, status: int = 422):
        super().__init__(message)
        self.code, self.message, self.zh, self.status = code, message, zh, status


class AnswerTimeout(BudgetQAError):
    """The answer took longer than the limit and was cancelled."""

    code = "answer_timeout"


class AnswerCancelled(BaseException):
    """Raised inside the answering thread to stop it (a BaseException: ``except Exception`` must not catch it)."""


def settings_of(assistant: object) -> Settings:
    """The assistant's settings, or the environment's for stand-ins that carry none."""
    settings = getattr(assistant, "settings", None)
    return settings if isinstance(settings, Settings) else Settings.from_env()


def check_text(text: str, what: str) -> None:
    """Refuse text that cannot be written back as UTF-8 (lone surrogates such as "\\ud800") or holds NUL."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise LimitError(
            "invalid_text",
            f"{what} contains characters that are not valid Unicode text (a lone surrogate); send UTF-8 text",
            f"{what}含有无效字符，请重新输入。",
        ) from None
    if "\x00" in text:
        raise LimitError("invalid_text", f"{what} contains a NUL character", f"{what}含有无效字符，请重新输入。")


def check_question(question: str, limits: Limits) -> None:
    check_text(question, "question")
    if len(question) > limits.question_chars:
        raise LimitError(
            "question_too_long",
            f"the question has {len(question):,} characters; the limit is {limits.question_chars:,} "
            "(BUDGETQA_MAX_QUESTION_CHARS): ask one thing at a time",
            f"问题太长（{len(question):,} 字），上限为 {limits.question_chars:,} 字，请一次只问一件事。",
        )


def check_history(entries: Sequence[str], limits: Limits) -> None:
    """``entries``: the text of every history entry sent, whatever its role."""
    if len(entries) > limits.history:
        raise LimitError(
            "history_too_long",
            f"the history has {len(entries):,} entries; the limit is {limits.history:,} (BUDGETQA_MAX_HISTORY): "
            "send only the recent part of the conversation",
            f"对话记录太长（{len(entries):,} 条），上限为 {limits.history:,} 条，请清空对话后再问。",
        )
    for i, text in enumerate(entries):
        check_text(text, f"history[{i}]")
        if len(text) > limits.history_chars:
            raise LimitError(
                "history_entry_too_long",
                f"history[{i}] has {len(text):,} characters; the limit is {limits.history_chars:,} "
                "(BUDGETQA_MAX_HISTORY_CHARS)",
                f"对话记录中有一条太长（{len(text):,} 字），请清空对话后再问。",
            )


# -- deadlines ------------------------------------------------------------------------------------------------


class _Job:
    def __init__(self, thread_id: int):
        self.thread_id = thread_id
        self.lock = threading.Lock()
        self.done = False
        self.fired = False

    def cancel(self) -> None:
        with self.lock:
            if self.done or self.fired:
                return
            self.fired = True
            _raise_in(self.thread_id, AnswerCancelled)

    def finish(self) -> None:
        """Mark done; an exception scheduled but not yet delivered is withdrawn so it cannot hit later code."""
        with self.lock:
            self.done = True
            if self.fired:
                _raise_in(self.thread_id, None)


_jobs: set[_Job] = set()
_jobs_lock = threading.Lock()


def _raise_in(thread_id: int, exc: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc else None)


def run_with_deadline(fn: Callable[[], T], seconds: float) -> T:
    """``fn()`` in the calling thread, cancelled when it runs longer than ``seconds`` (AnswerTimeout) or when
    ``cancel_all`` is called (AnswerTimeout too). ``seconds <= 0``: no deadline."""
    job = _Job(threading.get_ident())
    timer = threading.Timer(seconds, job.cancel) if seconds > 0 else None
    with _jobs_lock:
        _jobs.add(job)
    try:
        try:
            if timer is not None:
                timer.daemon = True
                timer.start()
            result = fn()
        finally:
            _stop(job, timer)
    except AnswerCancelled:
        _stop(job, timer)  # the exception may have arrived inside the first _stop, before it finished
        raise AnswerTimeout(
            f"the answer took longer than {seconds:g} s and was stopped (BUDGETQA_ANSWER_SECONDS); "
            "ask a shorter or more specific question"
        ) from None
    return result


def _stop(job: _Job, timer: threading.Timer | None) -> None:
    if timer is not None:
        timer.cancel()
    job.finish()
    with _jobs_lock:
        _jobs.discard(job)


def cancel_all() -> int:
    """Cancel every answer in flight (graceful shutdown); returns how many were running."""
    with _jobs_lock:
        jobs = list(_jobs)
    for job in jobs:
        job.cancel()
    return len(jobs)


def in_flight() -> int:
    with _jobs_lock:
        return len(_jobs)
