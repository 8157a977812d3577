"""Writing to the library over HTTP: ``POST /documents`` (upload one file) and ``DELETE /documents/{id}``.

Both need the write key (see guard.WritePolicy). An upload is the request body itself, kept in a private temporary
folder only while it is parsed (in a capped child process); errors name the file, never a server path.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from fastapi import FastAPI, Query, Request
from starlette.concurrency import run_in_threadpool

from ..errors import BudgetQAError
from .errors import ApiError
from .guard import WritePolicy, key_of
from .limits import Limits

SUFFIXES = (".pdf", ".txt")
_UNSAFE = re.compile(r"[^\w.\-（）()]+")


def install_documents(api: FastAPI, assistant, policy: WritePolicy, limits: Limits) -> None:
    def require_write(request: Request) -> None:
        if not policy.allows(key_of(request.headers)):
            status, code, message = policy.refusal()
            raise ApiError(status, code, message)

    @api.post("/documents", status_code=201)
    async def upload(request: Request, name: str = Query(..., max_length=200)) -> dict:
        """Add one PDF or TXT file, sent as the request body; ``name`` is its file name (e.g. 单位预算.pdf)."""
        require_write(request)
        safe = safe_name(name)
        body = await request.body()
        if not body:
            raise ApiError(422, "empty_file", "the request body is empty; send the file's bytes as the body")
        if len(body) > limits.upload_bytes:
            raise ApiError(
                413, "too_large", f"the file is larger than {limits.upload_bytes:,} bytes (BUDGETQA_MAX_UPLOAD_BYTES)"
            )
        with tempfile.TemporaryDirectory(prefix="budgetqa-upload-") as folder:
            path = Path(folder) / safe
            path.write_bytes(body)
            try:
                added = await run_in_threadpool(assistant.ingest, [path], None, "upload")
            except BudgetQAError as exc:
                raise ApiError(400, exc.code, public(str(exc), folder)) from None
        return {"added": [describe(d) for d in added], "documents": len(assistant.documents)}

    @api.delete("/documents/{doc_id}")
    async def remove(doc_id: str, request: Request) -> dict:
        """Take one document out of the index."""
        require_write(request)
        if doc_id not in {d.id for d in assistant.documents}:
            raise ApiError(404, "unknown_document", f"no document {doc_id[:100]!r} is loaded")
        try:
            doc = await run_in_threadpool(assistant.remove, doc_id)
        except BudgetQAError as exc:
            raise ApiError(400, exc.code, str(exc)) from None
        return {"removed": describe(doc), "documents": len(assistant.documents)}


def safe_name(name: str) -> str:
    """A plain file name for an upload: no folders, no odd characters, a supported extension."""
    base = _UNSAFE.sub("_", Path(name.replace("\\", "/")).name).strip("._") or "upload"
    if not base.lower().endswith(SUFFIXES):
        raise ApiError(422, "unsupported_file", f"name must end in {' or '.join(SUFFIXES)}, e.g. 单位预算.pdf")
    return base


def public(message: str, folder: str) -> str:
    """``message`` with the private folder's path taken out."""
    return message.replace(folder + "/", "").replace(folder, "")


def describe(doc) -> dict:
    return {"id": doc.id, "label": doc.label, "source": doc.source, "sha256": doc.sha256}
