"""Each attack of issue 10, reproduced against the web app and shown refused in the one error shape."""

from __future__ import annotations

import json
import threading
import time

from budgetqa.ui.handlers import Handlers

from ..ui.fake import FakeAssistant

BUDGET_TEXT = "2024年单位预算 一般公共预算支出表 支出 1,234.56 万元 秘密数字 9,876.54"


def _error(r, status: int, code: str) -> dict:
    assert r.status_code == status, (r.status_code, r.text[:300])
    body = r.json()
    assert set(body) == {"error"} and body["error"]["code"] == code and body["error"]["message"]
    return body["error"]


def _ingest_fn(client) -> int:
    """The id of the page's upload event (what a hostile client would call)."""
    blocks = next(r.app.get_blocks() for r in client.app.routes if hasattr(getattr(r, "app", None), "get_blocks"))
    return next(
        fn_id for fn_id, fn in blocks.fns.items() if any(getattr(c, "elem_id", None) == "bqa-upload" for c in fn.inputs)
    )


def _join(client, path: str) -> object:
    file_data = {"path": path, "orig_name": "budget.txt", "meta": {"_type": "gradio.FileData"}}
    body = {"data": [file_data, "", ""], "fn_index": _ingest_fn(client), "session_hash": "attacker01"}
    return client.post("/gradio_api/queue/join", json=body)


# -- 1. a FileData naming a server path ---------------------------------------------------------------------------


def test_a_server_path_in_a_gradio_event_is_refused_without_naming_it(make_client, fake, tmp_path):
    secret = tmp_path / "elsewhere" / "预算.txt"
    secret.parent.mkdir()
    secret.write_text(BUDGET_TEXT, "utf-8")
    client = make_client(fake)
    for path in (str(secret), "/etc/passwd", "http://169.254.169.254/latest/meta-data", f"{tmp_path}/../../etc/hosts"):
        error = _error(_join(client, path), 403, "file_not_uploaded")
        assert path not in error["message"] and str(tmp_path) not in error["message"]
    assert fake.documents == FakeAssistant().documents


def test_a_link_in_the_upload_folder_to_elsewhere_is_refused(make_client, fake, tmp_path, uploads):
    secret = tmp_path / "secret.txt"
    secret.write_text(BUDGET_TEXT, "utf-8")
    (uploads / "abc").mkdir()
    (uploads / "abc" / "budget.txt").symlink_to(secret)
    _error(_join(make_client(fake), str(uploads / "abc" / "budget.txt")), 403, "file_not_uploaded")


def test_a_file_the_server_received_passes_the_guard(make_client, fake, uploads):
    received = uploads / "0123abcd" / "预算.txt"
    received.parent.mkdir()
    received.write_text(BUDGET_TEXT, "utf-8")
    r = _join(make_client(fake), str(received))
    assert r.status_code == 200 and "event_id" in r.json()


def test_the_upload_handler_reads_only_files_in_the_upload_folder(fake, tmp_path, uploads):
    outside = tmp_path / "预算.txt"
    outside.write_text(BUDGET_TEXT, "utf-8")
    h = Handlers(fake, uploads=uploads)
    ok, message = h.ingest(str(outside))
    assert not ok and "只接受通过本页面上传的文件" in message and str(tmp_path) not in message
    assert len(h.documents) == 1
    inside = uploads / "x" / "某局_2024_单位预算.txt"
    inside.parent.mkdir()
    inside.write_text(BUDGET_TEXT, "utf-8")
    ok, message = h.ingest(str(inside))
    assert ok and len(h.documents) == 2


def test_an_ingest_error_does_not_reveal_the_server_folder(fake, uploads):
    bad = uploads / "deadbeef" / "notes.txt"
    bad.parent.mkdir()
    bad.write_text("hello", "utf-8")

    def failing(paths, progress=None, origin="operator"):
        from budgetqa.errors import IngestError

        raise IngestError(str(paths[0]), "no such file; check the path")

    fake.ingest = failing
    ok, message = Handlers(fake, uploads=uploads).ingest(str(bad))
    assert not ok and "notes.txt" in message and str(uploads) not in message


# -- 2. a 200,000-character question; 3. a 1 MB history entry; 4. a 30 MB body -----------------------------------


def test_a_200000_character_question_is_refused_at_once(make_client, fake):
    client = make_client(fake)
    start = time.perf_counter()
    r = client.post("/api/ask", json={"question": "住房公积金" * 40_000})
    error = _error(r, 422, "question_too_long")
    assert "200,000" in error["message"] and "500" in error["message"]
    assert time.perf_counter() - start < 2 and fake.calls == []


def test_the_chat_refuses_a_long_question_in_chinese(fake):
    messages, questions = Handlers(fake).ask("住房公积金" * 40_000, [], [], None)
    assert "问题太长" in messages[-1]["content"] and questions == [] and fake.calls == []
    assert len(messages[0]["content"]) < 1000


def test_a_1mb_history_entry_is_refused(make_client, fake):
    r = make_client(fake).post("/api/ask", json={"question": "出差花了多少钱？", "history": ["差旅费" * 111_111]})
    assert "history[0]" in _error(r, 422, "history_entry_too_long")["message"]
    r = make_client(fake).post("/api/ask", json={"question": "出差", "history": ["出差"] * 51})
    _error(r, 422, "history_too_long")
    assert fake.calls == []


def test_a_30mb_body_is_refused_before_it_is_read(make_client, fake):
    client = make_client(fake)
    body = b'{"question": "' + b"a" * 30_000_000 + b'"}'
    _error(client.post("/api/ask", content=body, headers={"content-type": "application/json"}), 413, "too_large")
    _error(client.post("/gradio_api/queue/join", content=body), 413, "too_large")
    files = {"files": ("big.pdf", b"%PDF-1.4\n" + b"0" * 30_000_000, "application/pdf")}
    _error(client.post("/gradio_api/upload", files=files), 413, "too_large")
    assert fake.calls == []


def test_a_body_without_a_length_is_counted(make_client, fake):
    def chunks():
        yield b'{"question": "'
        for _ in range(40):
            yield b"a" * 100_000
        yield b'"}'

    r = make_client(fake).post("/api/ask", content=chunks(), headers={"content-type": "application/json"})
    _error(r, 413, "too_large")


def test_a_slow_answer_is_cancelled_not_abandoned(make_client, fake):
    spins = []

    def endless(*_a, **_k):
        while True:
            spins.append(1)
            time.sleep(0.001)

    fake.ask = endless
    client = make_client(fake, answer_seconds="0.5")
    start = time.perf_counter()
    error = _error(client.post("/api/ask", json={"question": "出差"}), 503, "answer_timeout")
    assert time.perf_counter() - start < 3 and "BUDGETQA_ANSWER_SECONDS" in error["message"]
    seen = len(spins)
    time.sleep(0.3)
    assert len(spins) == seen, "the answering thread kept running after the deadline"


def test_answers_within_the_limit_are_untouched(make_client, fake):
    r = make_client(fake, answer_seconds="5").post("/api/ask", json={"question": "出差花了多少钱？"})
    assert r.status_code == 200 and r.json()["figures"][0]["value"] == 34.74


# -- 5. a lone surrogate, bad input in every field ----------------------------------------------------------------


def test_a_lone_surrogate_gets_the_json_error_shape(make_client, fake):
    client = make_client(fake)
    for body in (
        '{"question": "\\ud800"}',
        '{"question": "出差", "history": ["\\udfff"]}',
        '{"question": "出差", "history": [{"role": "user", "content": "\\ud83d"}]}',
        '{"question": "出差", "doc": "\\ud800"}',
        '{"question": "出差", "\\ud800": 1}',
    ):
        r = client.post("/api/ask", content=body.encode(), headers={"content-type": "application/json"})
        assert 400 <= r.status_code < 500 and r.headers["content-type"].startswith("application/json"), body
        assert set(r.json()) == {"error"}
    assert fake.calls == []


def test_an_unexpected_failure_does_not_leak_its_message(make_client, fake):
    def broken(*_a, **_k):
        raise OSError("/srv/secret/index/facts.sqlite is locked")

    fake.ask = broken
    error = _error(make_client(fake).post("/api/ask", json={"question": "出差"}), 500, "internal_error")
    assert "/srv/secret" not in error["message"] and "OSError" in error["message"]


# -- 6. API docs and health ---------------------------------------------------------------------------------------


def test_api_docs_are_served_from_local_files(make_client, fake):
    client = make_client(fake)
    for page, assets in (
        ("/api/docs", ("swagger-ui-bundle.js", "swagger-ui.css")),
        ("/api/redoc", ("redoc.standalone.js",)),
    ):
        html = client.get(page).text
        assert "cdn." not in html and "https://" not in html and "/api/openapi.json" in html
        for asset in assets:
            assert f"/api/docs-assets/{asset}" in html
            r = client.get(f"/api/docs-assets/{asset}")
            assert r.status_code == 200 and len(r.content) > 10_000
    assert "/ask" in client.get("/api/openapi.json").json()["paths"]


def test_health_shows_no_server_path(tmp_path, structured_index):
    from fastapi.testclient import TestClient

    from budgetqa import Assistant
    from budgetqa.api import create_api

    body = TestClient(create_api(Assistant.load(structured_index))).get("/health").json()
    assert "/" not in body["index"] and str(structured_index) not in json.dumps(body, ensure_ascii=False)
    assert body["docs"][0]["sha256"] and body["docs"][0]["origin"] == "operator"


def test_the_guard_lets_concurrent_honest_requests_through(make_client, fake):
    client = make_client(fake)
    results = []

    def ask():
        results.append(client.post("/api/ask", json={"question": "出差花了多少钱？"}).status_code)

    threads = [threading.Thread(target=ask) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [200] * 16
