"""The HTTP API's JSON contract: ``Answer.to_json()`` for an answer, one error shape for everything else."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from budgetqa.api import create_api
from budgetqa.errors import IndexNotReady

from .fake import FakeAssistant, make_disclosure


@pytest.fixture
def client(fake):
    from budgetqa.ui import create_app

    with TestClient(create_app(fake)) as client:
        yield client


def test_ask_returns_exactly_the_answer_json(client, fake):
    r = client.post("/api/ask", json={"question": "2080107 的一般公共预算拨款比上年少多少？"})
    assert r.status_code == 200
    body = r.json()
    assert body == fake.ask("2080107 的一般公共预算拨款比上年少多少？").to_json()
    assert set(body) == {"question", "status", "answer", "citations", "figures"}
    assert body["figures"] == [{"value": -8.99, "unit": "万元", "citation": 1, "fact_id": None}]
    assert set(body["citations"][0]) == {"id", "doc", "locator", "page", "quote", "fact_id"}


@pytest.mark.parametrize(
    "history, expected",
    [
        (["出差花了多少钱？"], ("出差花了多少钱？",)),
        (
            [{"role": "user", "content": "出差花了多少钱？"}, {"role": "assistant", "content": "34.74 万元"}],
            ("出差花了多少钱？",),
        ),
        ([], ()),
    ],
)
def test_history_is_the_earlier_user_questions(client, fake, history, expected):
    r = client.post("/api/ask", json={"question": "那去年呢？", "history": history})
    assert r.status_code == 200 and fake.calls[-1] == ("那去年呢？", expected, None)


def test_doc_is_passed_and_checked():
    fake = FakeAssistant([make_disclosure("a" * 12), make_disclosure("b" * 12)])
    with TestClient(create_api(fake)) as client:
        assert client.post("/ask", json={"question": "出差", "doc": "b" * 12}).status_code == 200
        assert fake.calls[-1][2] == "b" * 12
        r = client.post("/ask", json={"question": "出差", "doc": "nope"})
    assert r.status_code == 404 and r.json()["error"]["code"] == "unknown_document"
    assert "nope" in r.json()["error"]["message"]


@pytest.mark.parametrize(
    "kwargs, status, code",
    [
        ({"json": {"question": "  "}}, 422, "empty_question"),
        ({"json": {}}, 422, "invalid_request"),
        ({"json": {"question": 3}}, 422, "invalid_request"),
        ({"json": {"question": "x", "histroy": []}}, 422, "invalid_request"),
        ({"json": {"question": "x", "history": [{"role": "robot", "content": "x"}]}}, 422, "invalid_request"),
        ({"content": b"{not json", "headers": {"Content-Type": "application/json"}}, 400, "bad_json"),
        ({"json": ["出差"]}, 422, "invalid_request"),
        ({"content": b""}, 422, "invalid_request"),
    ],
)
def test_bad_input_gets_one_error_shape(client, kwargs, status, code):
    r = client.post("/api/ask", **kwargs)
    assert r.status_code == status
    assert set(r.json()) == {"error"} and r.json()["error"]["code"] == code and r.json()["error"]["message"]


def test_a_body_that_is_not_a_json_object_says_how_to_send_one(client):
    r = client.post(
        "/api/ask", content="question=出差".encode(), headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert r.status_code == 422 and "Content-Type: application/json" in r.json()["error"]["message"]


def test_unknown_route_and_method_use_the_error_shape(client):
    r = client.get("/api/nothing-here")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    r = client.get("/api/ask")
    assert r.status_code == 405 and r.json()["error"]["code"] == "method_not_allowed"


def test_assistant_errors_map_to_status(fake):
    message = "index/CURRENT names build-x, which is incomplete; run `budgetqa ingest` again"

    def not_ready(*_a, **_k):
        raise IndexNotReady(message)

    fake.ask = not_ready
    with TestClient(create_api(fake)) as client:
        r = client.post("/ask", json={"question": "出差"})
    assert r.status_code == 503 and r.json()["error"] == {"code": "index_error", "message": message}


def test_unexpected_failure_is_a_500_in_the_shape(fake):
    fake.ask = lambda *_a, **_k: 1 / 0
    with TestClient(create_api(fake)) as client:
        r = client.post("/ask", json={"question": "出差"})
    assert r.status_code == 500 and r.json()["error"]["code"] == "internal_error"


def test_health(client):
    body = client.get("/api/health").json()
    assert body["status"] == "ok" and body["documents"] == 1 and body["loaded"] is True
    assert body["docs"][0]["id"] == "seed00000001"


def test_health_of_an_empty_index():
    with TestClient(create_api(FakeAssistant([]))) as client:
        body = client.get("/health").json()
    assert body["documents"] == 0 and body["loaded"] is False


def test_page_is_served_at_root(client):
    r = client.get("/")
    assert r.status_code == 200 and "budgetqa" in r.text
