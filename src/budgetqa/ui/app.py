"""The gradio page: a chat with sources, a 名词解释 tab, a 预算表 tab, a document picker and an upload box."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gradio as gr

from ..api.guard import WritePolicy, upload_folder
from ..api.limits import Limits
from ..assistant import Assistant
from ..models import Answer
from . import chart as charts
from . import render
from .examples import EXAMPLE_QUESTIONS
from .handlers import ALL_DOCS, Handlers

Update = dict[str, Any]  # what gr.update() returns
ASK_CONCURRENCY = 8  # asks served at once; the Assistant is read-only while answering

HEADER = (
    '<div class="bqa-header"><h1>预算问答</h1>'
    "<p>就已载入的预算/决算公开文件提问：答案引用原文数字，并注明表、行、列和页码；文件中没有的，直接说明。</p></div>"
)


def build_ui(assistant: Assistant, policy: WritePolicy | None = None, limits: Limits | None = None) -> gr.Blocks:
    """The page over one Assistant; every visitor shares it, each keeps their own conversation. ``policy`` decides
    whether the upload box is shown and needs the write key; ``limits`` bound questions and uploads."""
    h = Handlers(assistant, policy=policy, limits=limits, uploads=Path(upload_folder()))
    with gr.Blocks(title="budgetqa 预算问答", analytics_enabled=False, delete_cache=(3600, 3600)) as demo:
        gr.HTML(HEADER)
        with gr.Tabs():
            with gr.Tab("问答", id="chat"):
                chat = _chat_tab(h)
            with gr.Tab("名词解释", id="glossary"):
                glossary = _glossary_tab(h)
            with gr.Tab("预算表", id="tables"):
                tables = _tables_tab(h)
        _wire_ingest(h, chat, glossary, tables)
        demo.load(
            lambda: _refresh(h),
            outputs=[chat["docs"], chat["doc"], glossary["list"], tables["doc"], chat["body"], chat["year"]],
            show_progress="hidden",
        )
    return demo


def _chat_tab(h: Handlers) -> dict[str, gr.components.Component]:
    questions = gr.State([])
    with gr.Row():
        with gr.Column(scale=3):
            chatbot = gr.Chatbot(
                label="对话",
                height=560,
                elem_id="bqa-chat",
                sanitize_html=True,
                latex_delimiters=[],
                feedback_options=None,
                buttons=["copy"],
                group_consecutive_messages=True,
                placeholder="<b>请提问</b>，或点击下方的示例问题。",
            )
            with gr.Row():
                box = gr.Textbox(
                    label="问题",
                    show_label=False,
                    placeholder="输入问题，例如：出差花了多少钱？",
                    scale=6,
                    elem_id="bqa-question",
                    max_lines=4,
                    max_length=h.limits.question_chars,
                )
                send = gr.Button("提问", variant="primary", scale=1, min_width=80, elem_id="bqa-send")
            with gr.Row(elem_classes="bqa-examples"):
                examples = [gr.Button(q, size="sm", variant="secondary") for q in EXAMPLE_QUESTIONS]
            clear = gr.Button("清空对话", size="sm", variant="secondary")
            with gr.Column(elem_id="bqa-chart") as chart_box:
                chart_title = gr.Markdown(elem_id="bqa-chart-title")
                with gr.Row():
                    line = gr.LinePlot(x="项", y="数值", color="系列", label="图表", elem_id="bqa-line", visible=False)
                    bar = gr.BarPlot(x="项", y="数值", color="系列", label="图表", elem_id="bqa-bar", visible=False)
                    table = gr.HTML(elem_id="bqa-chart-table")
                download = gr.File(label="下载数字（CSV / XLSX）", file_count="multiple", elem_id="bqa-export")
        with gr.Column(scale=1, min_width=260):
            docs = gr.HTML(render.documents_html(h.documents), label="已载入文档", elem_id="bqa-docs")
            with gr.Row():
                body = gr.Dropdown(
                    h.body_choices(),
                    value=ALL_DOCS,
                    label="单位",
                    visible=len(h.documents) > 1,
                    elem_id="bqa-body",
                )
                year = gr.Dropdown(
                    h.year_choices(),
                    value=ALL_DOCS,
                    label="年度",
                    visible=len(h.documents) > 1,
                    elem_id="bqa-year",
                )
            doc = gr.Dropdown(
                h.doc_choices(),
                value=ALL_DOCS,
                label="在哪份文档中查找",
                visible=len(h.documents) > 1,
                elem_id="bqa-doc",
            )
            upload = gr.File(
                label="导入预算/决算文件（PDF 或 TXT）",
                file_types=[".pdf", ".txt"],
                file_count="single",
                elem_id="bqa-upload",
                visible=not h.policy.closed,
            )
            key = gr.Textbox(
                label="写入密钥",
                type="password",
                visible=bool(h.policy.api_key),
                elem_id="bqa-key",
                max_length=200,
            )
            status = gr.HTML(elem_id="bqa-upload-status")

    ask_inputs = [box, chatbot, questions, body, year, doc]
    chart_outputs = [chart_box, chart_title, line, bar, table, download]

    def ask(
        question: str, messages: list, asked: list[str], unit: str | None, when: str | None, picked: str | None
    ) -> tuple[Any, ...]:
        shown, asked, answer = h.ask_answer(question, messages, asked, h.scope(unit, when, picked))
        return (shown, asked, *_chart_updates(answer))

    # the body and year filters narrow the year and document pickers; the question is asked of what they leave
    body.change(
        lambda b: (
            gr.update(choices=h.year_choices(b), value=ALL_DOCS),
            gr.update(choices=h.doc_choices(b), value=ALL_DOCS),
        ),
        body,
        [year, doc],
        queue=False,
    )
    year.change(lambda b, y: gr.update(choices=h.doc_choices(b, y), value=ALL_DOCS), [body, year], doc, queue=False)

    for trigger in (send.click, box.submit):
        trigger(
            ask,
            ask_inputs,
            [chatbot, questions, *chart_outputs],
            concurrency_limit=ASK_CONCURRENCY,
            concurrency_id="ask",
        ).then(lambda: "", None, box, queue=False)
    for button, question in zip(examples, EXAMPLE_QUESTIONS):
        button.click(
            lambda m, q, b, y, d, question=question: ask(question, m, q, b, y, d),
            [chatbot, questions, body, year, doc],
            [chatbot, questions, *chart_outputs],
            concurrency_limit=ASK_CONCURRENCY,
            concurrency_id="ask",
        )
    clear.click(lambda: ([], []), None, [chatbot, questions], queue=False)
    chatbot.clear(list, None, questions, queue=False)  # the chat's own trash icon forgets history too
    return {"docs": docs, "doc": doc, "body": body, "year": year, "upload": upload, "status": status, "key": key}


def _chart_updates(answer: Answer | None) -> tuple[Any, ...]:
    """Show the answer's chart (a line over years, else bars) with its data table and downloads; hide it if none."""
    if answer is None or answer.chart is None:
        hidden = gr.update(visible=False)
        return gr.update(), "", hidden, hidden, "", gr.update(value=None)
    data = charts.frame(answer)
    is_line = answer.chart.kind == "line"
    return (
        gr.update(visible=True),
        f"**{charts.title(answer)}**",
        gr.update(value=data if is_line else None, visible=is_line),
        gr.update(value=data if not is_line else None, visible=not is_line),
        charts.table_html(answer),
        gr.update(value=charts.files(answer)),
    )


def _glossary_tab(h: Handlers) -> dict[str, gr.components.Component]:
    search = gr.Textbox(label="搜索名词", placeholder="例如：三公、基本支出", elem_id="bqa-def-search")
    listing = gr.HTML(h.definitions(""), elem_id="bqa-defs")
    search.change(h.definitions, search, listing, queue=False)
    return {"search": search, "list": listing}


def _tables_tab(h: Handlers) -> dict[str, gr.components.Component]:
    first = h.documents[0].id if h.documents else None
    table_choices = h.table_choices(first)
    first_table = table_choices[0][1] if table_choices else None
    with gr.Row():
        doc = gr.Dropdown([(d.label, d.id) for d in h.documents], value=first, label="文档", elem_id="bqa-tdoc")
        table = gr.Dropdown(table_choices, value=first_table, label="表格", elem_id="bqa-ttable")
    view = gr.HTML(h.table(first, first_table), elem_id="bqa-tview")
    gr.Markdown("标 ⚠ 的行：解析时未能仅凭数字确定各值所在的列（原文的空白单元格在文本中消失），请对照原文核实。")
    doc.change(lambda d: _pick_table(h, d), doc, [table, view], queue=False)
    table.change(h.table, [doc, table], view, queue=False)
    return {"doc": doc, "table": table, "view": view}


def _pick_table(h: Handlers, doc: str | None) -> tuple[Update, str]:
    choices = h.table_choices(doc)
    first = choices[0][1] if choices else None
    return gr.update(choices=choices, value=first), h.table(doc, first)


def _refresh(h: Handlers) -> tuple[str, Update, str, Update, Update, Update]:
    """Current documents for a page just opened or after an ingest (the layout was built at start-up)."""
    documents = h.documents
    current = documents[0].id if documents else None
    several = len(documents) > 1
    return (
        render.documents_html(documents),
        gr.update(choices=h.doc_choices(), value=ALL_DOCS, visible=several),
        h.definitions(""),
        gr.update(choices=[(d.label, d.id) for d in documents], value=current),
        gr.update(choices=h.body_choices(), value=ALL_DOCS, visible=several),
        gr.update(choices=h.year_choices(), value=ALL_DOCS, visible=several),
    )


def _wire_ingest(h: Handlers, chat: dict, glossary: dict, tables: dict) -> None:
    def ingest(
        path: str | None,
        query: str,
        key: str | None,
        progress: gr.Progress = gr.Progress(),  # noqa: B008 - gradio injects it
    ) -> tuple[str, str | Update, Update, str | Update, Update, Update, Update]:
        ok, message = h.ingest(path, progress=lambda msg, frac: progress(frac, desc=msg), key=key)
        if not ok:
            return (message, gr.update(), gr.update(), gr.update(), gr.update(), gr.update(), gr.update())
        docs_html, doc_update, _defs, tdoc_update, body_update, year_update = _refresh(h)
        return message, docs_html, doc_update, h.definitions(query), tdoc_update, body_update, year_update

    chat["upload"].upload(
        ingest,
        [chat["upload"], glossary["search"], chat["key"]],
        [chat["status"], chat["docs"], chat["doc"], glossary["list"], tables["doc"], chat["body"], chat["year"]],
        concurrency_limit=1,
        concurrency_id="ingest",
        show_progress="full",
    )
