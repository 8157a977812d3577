"""What the server accepts from the network: body sizes, file references, and who may write to the library.

``RequestGuard`` is ASGI middleware in front of the whole app (page and API):

* a body larger than the limit is refused with 413 before the app reads it (uploads have their own, larger limit);
* a gradio event may name a file only by a path inside gradio's upload folder, i.e. a file the server itself
  received. gradio checks this only in apps it ``launch()``-ed itself; budgetqa mounts gradio into FastAPI, so a
  FileData pointing at ``/etc/…`` or at a URL would otherwise be copied into the cache and ingested.

``WritePolicy`` decides whether a request may upload, ingest or remove: with ``BUDGETQA_API_KEY`` set it must carry
the key; without it writing is open only while the server listens on loopback and closed otherwise.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import os
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

UPLOAD_OVERHEAD = 64 * 1024  # multipart headers around one uploaded file
FILE_KEYS = ("meta", "orig_name", "url", "mime_type", "size", "is_stream")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class WritePolicy:
    """Who may change the library: the key holder, or anyone only while the server is reachable from this host."""

    api_key: str = ""
    host: str = "127.0.0.1"

    @property
    def open(self) -> bool:
        return not self.api_key and is_loopback(self.host)

    @property
    def closed(self) -> bool:
        return not self.api_key and not is_loopback(self.host)

    def allows(self, key: str | None) -> bool:
        if self.open:
            return True
        if not self.api_key or not key:
            return False
        return hmac.compare_digest(key.encode("utf-8", "replace"), self.api_key.encode("utf-8"))

    def refusal(self) -> tuple[int, str, str]:
        """(status, code, message) for a write this policy refuses."""
        if self.closed:
            return (
                403,
                "writing_disabled",
                (
                    "this server listens beyond loopback without BUDGETQA_API_KEY, so uploads, ingests and "
                    "removals are disabled; set BUDGETQA_API_KEY on the server and send it as X-API-Key"
                ),
            )
        return 401, "api_key_required", "this request changes the library: send the key as X-API-Key: <key>"


def key_of(headers: MutableMapping[str, str] | Any) -> str | None:
    """The key a request carries: ``X-API-Key`` or ``Authorization: Bearer``."""
    key = headers.get("x-api-key")
    if key:
        return key
    auth = headers.get("authorization") or ""
    return auth[7:].strip() if auth[:7].lower() == "bearer " else None


def upload_folder() -> Path:
    """gradio's upload folder, where files it received are kept (GRADIO_TEMP_DIR or <tmp>/gradio)."""
    from gradio.utils import get_upload_folder

    return Path(get_upload_folder()).resolve()


def inside(path: str, folder: Path) -> bool:
    """Whether ``path`` (followed through links) is ``folder`` or below it; no URL ever is."""
    if not path or "://" in path or "\x00" in path:
        return False
    try:
        resolved = Path(os.path.realpath(path))
    except (OSError, ValueError):
        return False
    return resolved == folder or folder in resolved.parents


class RequestGuard:
    """ASGI middleware: body limits for every route, and only uploaded files in gradio events."""

    def __init__(
        self,
        app: ASGIApp,
        body_bytes: int,
        upload_bytes: int,
        *,
        upload_paths: tuple[str, ...] = ("/gradio_api/upload", "/api/documents"),
        folder: Callable[[], Path] = upload_folder,
    ):
        self.app = app
        self.body_bytes = body_bytes
        self.upload_bytes = upload_bytes
        self.upload_paths = upload_paths
        self.folder = folder

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        upload = any(path.endswith(p) or p in path for p in self.upload_paths)
        limit = self.upload_bytes + UPLOAD_OVERHEAD if upload else self.body_bytes
        length = _content_length(scope)
        if length is not None and length > limit:
            await _refuse(send, 413, "too_large", _too_large(limit, upload))
            return
        if upload:  # streamed to disk by the route; gradio also enforces max_file_size per file
            await self.app(scope, _counting(receive, limit), send)
            return
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > limit:
                await _refuse(send, 413, "too_large", _too_large(limit, upload))
                return
        if "/gradio_api/" in path and _names_outside_file(bytes(body), self.folder()):
            await _refuse(
                send,
                403,
                "file_not_uploaded",
                "a file must be uploaded through the page; a path or URL on the server is not accepted",
            )
            return
        await self.app(scope, _replay(bytes(body)), send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _too_large(limit: int, upload: bool) -> str:
    setting = "BUDGETQA_MAX_UPLOAD_BYTES" if upload else "BUDGETQA_MAX_BODY_BYTES"
    return f"the request body is larger than {limit:,} bytes ({setting})"


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive


def _counting(receive: Receive, limit: int) -> Receive:
    """Pass the body through, but end it as a disconnect once it exceeds ``limit`` (bodies without a length)."""
    seen = 0

    async def counted() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                return {"type": "http.disconnect"}
        return message

    return counted


def _names_outside_file(body: bytes, folder: Path) -> bool:
    """Whether a JSON body holds a file reference (a dict with "path" and FileData keys) outside ``folder``."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return False  # not JSON: gradio refuses it itself
    return any(not inside(ref, folder) for ref in _file_refs(data))


def _file_refs(data: object) -> Iterator[str]:
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if "path" in item and (any(k in item for k in FILE_KEYS) or not isinstance(item["path"], (dict, list))):
                yield item["path"] if isinstance(item["path"], str) else ""
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


async def _refuse(send: Send, status: int, code: str, message: str) -> None:
    body = json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
