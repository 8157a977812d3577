"""The page is Chinese, so gradio's own widget words ("Drop File Here", "Clear", …) must be Chinese too.

gradio translates them by the browser's language, read when its bundle starts — before any ``head=`` script it
injects later. So the page's HTML gets a first ``<script>`` that reports zh-CN as the browser language; gradio
then picks its own zh-CN strings whatever language the visitor's browser prefers.
"""

from __future__ import annotations

import gradio as gr
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Widget words gradio's own zh-CN table lacks (it falls back to English for them).
MISSING_ZH = {"chatbot": {"copy_message": "复制消息", "copied_message": "已复制"}}
I18N = gr.I18n(**{"zh-CN": MISSING_ZH, "zh": MISSING_ZH})

SCRIPT = (
    b"<script>(() => { const zh = {configurable: true, get: () => 'zh-CN'};"
    b" Object.defineProperty(Navigator.prototype, 'language', zh);"
    b" Object.defineProperty(Navigator.prototype, 'languages', {configurable: true, get: () => ['zh-CN', 'zh']});"
    b" })();</script>"
)


class ChineseWidgets:
    """ASGI middleware: puts SCRIPT first in the ``<head>`` of every HTML page served to a GET."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        start: Message = {}
        chunks: list[bytes] = []

        async def rewrite(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                if not _is_html(message):
                    start = {"pass": True}
                    await send(message)
                else:
                    start = message
                return
            if start.get("pass") or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks).replace(b"<head>", b"<head>" + SCRIPT, 1)
            headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
            headers.append((b"content-length", str(len(body)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, rewrite)


def _is_html(start: Message) -> bool:
    return any(k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in start.get("headers", []))
