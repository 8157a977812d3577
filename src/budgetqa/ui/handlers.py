"""What the page's events do, as plain methods over one Assistant (no gradio layout here, so tests call them)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from ..api.guard import WritePolicy, inside
from ..api.limits import LimitError, Limits, check_question, run_with_deadline
from ..assistant import Assistant
from ..errors import BudgetQAError
from ..models import Answer, Disclosure, Table
from . import render
from .messages import ask_failure, ingest_failure

log = logging.getLogger(__name__)

ALL_DOCS = "*"  # the document picker's value for "search every loaded document"
Message = dict[str, object]
Progress = Callable[[str, float], None]


class Handlers:
    """The page's behaviour: ask, ingest, browse definitions and tables.

    Asking only reads the Assistant, so many sessions may ask at once; ingests are serialised by a lock because
    each one writes a new build from the documents loaded when it started.
    """

    def __init__(
        self,
        assistant: Assistant,
        *,
        policy: WritePolicy | None = None,
        limits: Limits | None = None,
        uploads: Path | None = None,
    ):
        """``policy``: who may upload (default: anyone, as on loopback); ``uploads``: the folder every uploaded
        file must be in (gradio's upload folder; None: not checked, for tests and trusted callers)."""
        self.assistant = assistant
        self.policy = policy or WritePolicy()
        self.limits = limits or Limits()
        self.uploads = uploads
        self._ingest_lock = threading.Lock()

    @property
    def documents(self) -> tuple[Disclosure, ...]:
        return tuple(self.assistant.documents)

    # -- chat ---------------------------------------------------------------------------------------------------

    def ask(
        self, question: str, messages: list[Message], questions: list[str], doc: str | None
    ) -> tuple[list[Message], list[str]]:
        """Append the question, its answer and its sources to the chat; remember the question for follow-ups."""
        shown, asked, _answer = self.ask_answer(question, messages, questions, doc)
        return shown, asked

    def ask_answer(
        self, question: str, messages: list[Message], questions: list[str], doc: str | None
    ) -> tuple[list[Message], list[str], Answer | None]:
        """``ask``, and the Answer itself (None when there is none) for the chart beside the chat."""
        question = (question or "").strip()
        if not question:
            return messages, questions, None
        try:
            check_question(question, self.limits)
        except LimitError as exc:
            shown = list(messages) + [{"role": "user", "content": render.question_html(question[:200] + "…")}]
            return shown + [{"role": "assistant", "content": render.error_html(exc.zh)}], list(questions), None
        shown = list(messages) + [{"role": "user", "content": render.question_html(question)}]
        history = list(questions)[-self.limits.history :]
        try:
            answer = run_with_deadline(
                lambda: self.assistant.ask(question, history=history, doc=self.doc_id(doc)),
                self.limits.answer_seconds,
                self.limits.answer_workers,
            )
        except Exception as exc:  # a bug in a stage must not kill the session; say what happened, log the details
            log.log(
                logging.WARNING if isinstance(exc, BudgetQAError) else logging.ERROR,
                "ask failed for %r",
                question,
                exc_info=True,
            )
            return (
                shown + [{"role": "assistant", "content": render.error_html(ask_failure(exc))}],
                list(questions),
                None,
            )
        return shown + self.answer_messages(answer), list(questions) + [question], answer

    def answer_messages(self, answer: Answer) -> list[Message]:
        """The answer, then a collapsed 来源 block when it cites anything."""
        out: list[Message] = [{"role": "assistant", "content": render.answer_html(answer)}]
        if answer.citations:
            out.append(
                {
                    "role": "assistant",
                    "content": render.sources_html(answer, self.documents),
                    "metadata": {"title": f"来源（{len(answer.citations)} 条）", "status": "done"},
                }
            )
        return out

    def doc_id(self, choice: str | None) -> str | None:
        return None if not choice or choice == ALL_DOCS else choice

    def doc_choices(self, body: str | None = None, year: str | None = None) -> list[tuple[str, str]]:
        """The document picker: every document of the chosen body and year (all of them when none is chosen)."""
        chosen = self.doc_id(body) or self.doc_id(year)
        return [("该单位/年度的全部文档" if chosen else "全部文档", ALL_DOCS)] + [
            (d.label, d.id) for d in self.filtered(body, year)
        ]

    def body_choices(self) -> list[tuple[str, str]]:
        """The bodies of the loaded documents (the catalog's 单位), in order of first appearance."""
        names = dict.fromkeys(d.unit_name for d in self.documents if d.unit_name)
        return [("全部单位", ALL_DOCS)] + [(n, n) for n in names]

    def year_choices(self, body: str | None = None) -> list[tuple[str, str]]:
        """The years the chosen body's documents cover (every body's when none is chosen), latest first."""
        years = sorted({d.year for d in self.filtered(body, None) if d.year}, reverse=True)
        return [("全部年度", ALL_DOCS)] + [(f"{y}年", str(y)) for y in years]

    def filtered(self, body: str | None, year: str | None) -> tuple[Disclosure, ...]:
        """The loaded documents of ``body`` and ``year`` (either may be unset: ALL_DOCS or None)."""
        body, year = self.doc_id(body), self.doc_id(year)
        return tuple(
            d for d in self.documents if (body is None or d.unit_name == body) and (year is None or str(d.year) == year)
        )

    def scope(self, body: str | None, year: str | None, doc: str | None) -> str | None:
        """What a question is asked of: the picked document; else the documents of the chosen body and year (one
        document's id, or the body and year as the pipeline's document filter reads them); else every document."""
        if self.doc_id(doc):
            return self.doc_id(doc)
        body, year = self.doc_id(body), self.doc_id(year)
        if body is None and year is None:
            return None
        docs = self.filtered(body, year)
        if len(docs) == 1:
            return docs[0].id
        return " ".join(p for p in (body, f"{year}年" if year else None) if p)

    # -- ingest -------------------------------------------------------------------------------------------------

    def ingest(
        self, path: str | Path | None, progress: Progress | None = None, key: str | None = None
    ) -> tuple[bool, str]:
        """Add one uploaded file; (ok, message as HTML). A bad file leaves the loaded documents as they were.

        Only a file the server received (inside ``uploads``) is read, only with the write key when one is needed,
        and no message names a server path."""
        if path is None:
            return False, ""
        name = Path(path).name
        if not self.policy.allows(key):
            why = "本服务器未开放上传" if self.policy.closed else "上传需要写入密钥，请在“写入密钥”框中填写后重新上传"
            return False, render.error_html(f"导入失败：{why}。")
        if self.uploads is not None and not inside(str(path), self.uploads):
            return False, render.error_html("导入失败：只接受通过本页面上传的文件。")
        try:
            size = Path(path).stat().st_size
        except OSError:
            return False, render.error_html(f"导入失败：{name}：无法读取文件。")
        if size > self.limits.upload_bytes:
            return False, render.error_html(
                f"导入失败：{name}：文件太大（{size:,} 字节），上限为 {self.limits.upload_bytes:,} 字节。"
            )
        try:
            with self._ingest_lock:
                added = self.assistant.ingest([Path(path)], progress=progress, origin="upload")
        except BudgetQAError as exc:
            log.warning("ingest refused %s: %s", path, exc)
            return False, render.error_html(ingest_failure(name, exc))
        except Exception:
            log.exception("ingest failed for %s", path)
            return False, render.error_html(f"导入失败：{name}：内部错误，详细信息已记入服务器日志。")
        labels = "、".join(d.label for d in added) or name
        return True, f'<div class="bqa-ok">✅ 已导入：{render.esc(labels)}（共 {len(self.documents)} 份文档）</div>'

    # -- browsing -----------------------------------------------------------------------------------------------

    def definitions(self, query: str) -> str:
        return render.definitions_html(self.documents, query or "")

    def table_choices(self, doc: str | None) -> list[tuple[str, str]]:
        document = self._document(doc)
        if document is None:
            return []
        return [(_table_label(t), t.id) for t in document.tables]

    def table(self, doc: str | None, table_id: str | None) -> str:
        document = self._document(doc)
        table = next((t for t in document.tables if t.id == table_id), None) if document else None
        if table is None:
            return '<div class="bqa-empty">请选择文档和表格。</div>'
        return render.table_html(table)

    def _document(self, doc: str | None) -> Disclosure | None:
        docs = self.documents
        return next((d for d in docs if d.id == doc), docs[0] if docs and not doc else None)


def _table_label(table: Table) -> str:
    unresolved = sum(1 for r in table.rows if r.status == "unresolved")
    flags = ("（无数据）" if table.empty else "") + (f"（⚠ {unresolved} 行未确定）" if unresolved else "")
    return f"{table.label}{flags}"
