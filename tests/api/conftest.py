"""Fixtures of the API security tests: the whole web app over a fake Assistant, with settings from the env."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from ..ui.fake import FakeAssistant


@pytest.fixture
def fake() -> FakeAssistant:
    return FakeAssistant()


@pytest.fixture
def uploads(tmp_path, monkeypatch):
    """gradio's upload folder, private to the test."""
    folder = tmp_path / "gradio-uploads"
    folder.mkdir()
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(folder))
    return folder.resolve()


@pytest.fixture
def make_client(uploads, monkeypatch) -> Iterator[Callable[..., TestClient]]:
    """``make_client(assistant, host=…, **env)``: the page + API app, with BUDGETQA_* settings from ``env``."""
    from budgetqa.ui import create_app

    clients: list[TestClient] = []

    def make(assistant, host: str | None = None, **env: str) -> TestClient:
        for name, value in env.items():
            monkeypatch.setenv(f"BUDGETQA_{name.upper()}", value)
        client = TestClient(create_app(assistant, host=host), raise_server_exceptions=False)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)
