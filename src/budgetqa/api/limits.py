"""Bounded work per request: the input limits every surface applies, and a deadline that cancels an answer.

The limits come from Settings (one place, with their environment variables); the API and the chat page both call
``check_question`` / ``check_history`` before any work starts and ``run_with_deadline`` around the answer.

Cancelling: answering is pure Python in a worker thread. When the deadline passes, ``AnswerCancelled`` is raised
inside that thread (CPython's ``PyThreadState_SetAsyncExc``) at its next bytecode, so the work stops there and the
thread returns to its pool; nothing is left running. ``AnswerCancelled`` derives from BaseException so the
pipeline's own ``except Exception`` guards do not swallow it. ``cancel_all`` does the same for every answer in
flight when the server shuts down.

Queueing: answering holds the GIL, so 32 answers at once run no faster than two and each takes 16 times as long,
the slow ones (a retrieval with a query embedding) longest of all. ``run_with_deadline`` lets ``workers`` answers
run at a time and queues the rest in arrival order; the wait counts towards the deadline.
"""

from __future__ import annotations

import ctypes
import heapq
import logging
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

from ..config import Settings
from ..errors import BudgetQAError
from ..models import Answer
from .errors import ApiError

T = TypeVar("T")
log = logging.getLogger(__name__)
RETRY_SECONDS = 0.2  # a job found importing a module is cancelled this much later


@dataclass(frozen=True)
class Limits:
    question_chars: int = 500
    history: int = 50
    history_chars: int = 4000
    body_bytes: int = 1_048_576
    upload_bytes: int = 20_971_520
    pages: int = 400
    answer_seconds: float = 10.0
    answer_workers: int = 2

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            question_chars=settings.max_question_chars,
            history=settings.max_history,
            history_chars=settings.max_history_chars,
            body_bytes=settings.max_body_bytes,
            upload_bytes=settings.max_upload_bytes,
            pages=settings.max_pages,
            answer_seconds=settings.answer_seconds,
            answer_workers=settings.answer_workers,
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

    def cancel(self, force: bool = False) -> bool:
        """Stop the job's thread; not while it is importing a module (a half-run import, e.g. of torch when the
        model loads on first use, would break every later one), unless ``force``. False: try again shortly."""
        with self.lock:
            if self.done or self.fired:
                return True
            if not force and _importing(self.thread_id):
                return False
            self.fired = True
            _raise_in(self.thread_id, AnswerCancelled)
            return True

    def finish(self) -> None:
        """Mark done; an exception scheduled but not yet delivered is withdrawn so it cannot hit later code."""
        with self.lock:
            self.done = True
            if self.fired:
                _raise_in(self.thread_id, None)


_jobs: set[_Job] = set()
_jobs_lock = threading.Lock()


def _importing(thread_id: int) -> bool:
    frame = sys._current_frames().get(thread_id)
    while frame is not None:
        code = frame.f_code
        if code.co_filename.startswith("<frozen importlib"):  # a module's code runs beneath these frames
            return True
        frame = frame.f_back
    return False


def _raise_in(thread_id: int, exc: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc else None)


class _Watchdog:
    """One daemon thread that cancels jobs whose deadline has passed (no timer thread per request)."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, _Job]] = []
        self._wake = threading.Condition()
        self._count = 0
        self._thread: threading.Thread | None = None

    def watch(self, job: _Job, seconds: float) -> None:
        with self._wake:
            self._count += 1
            heapq.heappush(self._heap, (time.monotonic() + seconds, self._count, job))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="budgetqa-deadlines", daemon=True)
                self._thread.start()
            self._wake.notify()

    def _run(self) -> None:
        while True:
            with self._wake:
                while self._heap and self._heap[0][2].done:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._wake.wait()
                    continue
                due, _n, job = self._heap[0]
                wait = due - time.monotonic()
                if wait > 0:
                    self._wake.wait(wait)
                    continue
                heapq.heappop(self._heap)
            if not job.cancel():
                with self._wake:
                    self._count += 1
                    heapq.heappush(self._heap, (time.monotonic() + RETRY_SECONDS, self._count, job))


_watchdog = _Watchdog()


def run_with_deadline(fn: Callable[[], T], seconds: float, workers: int = 0) -> T:
    """``fn()`` in the calling thread once one of ``workers`` slots is free (0: no queue), cancelled when waiting and
    running take longer than ``seconds`` (AnswerTimeout) or when ``cancel_all`` is called (AnswerTimeout too).
    ``seconds <= 0``: no deadline."""
    if workers <= 0:
        return _run(fn, seconds)
    slots = _answer_slots(workers)
    started = time.monotonic()
    if not slots.acquire(timeout=seconds if seconds > 0 else None):
        raise AnswerTimeout(
            f"the server was busy for {seconds:g} s (BUDGETQA_ANSWER_SECONDS, BUDGETQA_ANSWER_WORKERS); try again"
        )
    try:
        left = max(seconds - (time.monotonic() - started), 0.001) if seconds > 0 else 0.0  # 0: no deadline
        return _run(fn, left)
    finally:
        slots.release()


def answer_for_api(
    assistant: Any, question: str, history: Sequence[str], doc: str | None, limits: Limits, route: str
) -> Answer:
    """``assistant.ask`` under the answer limits, for an API route: a BudgetQAError becomes its ApiError, anything
    else a 500 that names only the exception's type (the details go to the server log, tagged with ``route``)."""
    try:
        return run_with_deadline(
            lambda: assistant.ask(question, history=history, doc=doc), limits.answer_seconds, limits.answer_workers
        )
    except BudgetQAError as exc:
        raise ApiError.from_budgetqa(exc) from exc
    except Exception as exc:
        log.exception("%s failed for %r", route, question)
        raise ApiError(500, "internal_error", f"internal error ({type(exc).__name__}); see the server log") from exc


@cache
def _answer_slots(workers: int) -> threading.Semaphore:
    """One queue per process and size: the API, the OpenAI route and the chat page share it. Waiters are woken in
    arrival order (threading.Condition keeps its waiters in a FIFO)."""
    return threading.Semaphore(workers)


def _run(fn: Callable[[], T], seconds: float) -> T:
    job = _Job(threading.get_ident())
    with _jobs_lock:
        _jobs.add(job)
    try:
        try:
            if seconds > 0:
                _watchdog.watch(job, seconds)
            result = fn()
        finally:
            _stop(job)
    except AnswerCancelled:
        _stop(job)  # the exception may have arrived inside the first _stop, before it finished
        raise AnswerTimeout(
            f"the answer took longer than {seconds:g} s and was stopped (BUDGETQA_ANSWER_SECONDS); "
            "ask a shorter or more specific question"
        ) from None
    return result


def _stop(job: _Job) -> None:
    job.finish()
    with _jobs_lock:
        _jobs.discard(job)


def cancel_all() -> int:
    """Cancel every answer in flight (graceful shutdown); returns how many were running."""
    with _jobs_lock:
        jobs = list(_jobs)
    for job in jobs:
        job.cancel(force=True)
    return len(jobs)


def in_flight() -> int:
    with _jobs_lock:
        return len(_jobs)
