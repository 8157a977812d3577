"""The API's error contract holds for every input: generated questions, histories, documents and raw bodies.

Against the whole app in-process: 10,000 seeded mutations of honest requests and 2,000 hypothesis cases over a
fake Assistant, and 1,000 hypothesis questions to a real one over the default document. No crash, no 5xx, every
error in the one JSON shape, and the loaded documents unchanged afterwards. Everything is seeded, so CI sees the
same cases; BUDGETQA_FUZZ_CASES scales the mutation run (e.g. 100000 for a longer soak).
"""

from __future__ import annotations

import asyncio
import json
import os
import random

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgetqa import Assistant
from budgetqa.store.library import live_build

from ..ui.fake import FakeAssistant

ANSWER_KEYS = {"question", "status", "answer", "citations", "figures"}
CASES = settings(
    max_examples=2_000,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)

# Every code point, lone surrogates included; short and long strings; the words the fake answers.
any_char = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())
words = st.sampled_from(["出差", "2080107", "收入", "三公", "<img src=x onerror=alert(1)>", "那去年呢？", " ", ""])
text = st.one_of(
    st.text(any_char, max_size=40),
    words,
    st.builds(lambda w, n: w * n, words, st.integers(0, 700)),
    st.text(st.sampled_from("预算支出万元0123456789.,、？"), max_size=600),
)
json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
    max_leaves=12,
)
history_item = st.one_of(
    text,
    st.fixed_dictionaries({"role": st.sampled_from(["user", "assistant", "system", "robot"]), "content": text}),
    json_value,
)
ask_body = st.fixed_dictionaries(
    {},
    optional={
        "question": st.one_of(text, json_value),
        "history": st.one_of(st.lists(history_item, max_size=60), json_value),
        "doc": st.one_of(st.none(), text, st.just("seed00000001"), json_value),
        "extra": json_value,
    },
)
raw_body = st.one_of(
    st.binary(max_size=300),
    st.builds(lambda v: json.dumps(v).encode(), json_value),
    st.builds(lambda b: json.dumps(b).encode()[: len(json.dumps(b)) // 2], ask_body),  # cut short
    st.just(b"[" * 5000 + b"]" * 5000),
)
content_type = st.sampled_from(["application/json", "text/plain", "application/x-www-form-urlencoded", None])
request = st.one_of(
    st.tuples(st.just("POST"), st.just("/api/ask"), st.builds(lambda b: ("json", b), ask_body), st.none()),
    st.tuples(st.just("POST"), st.just("/api/ask"), st.tuples(st.just("raw"), raw_body), content_type),
    st.tuples(
        st.sampled_from(["GET", "POST", "DELETE", "PUT"]),
        st.sampled_from(["/api/health", "/api/documents", "/api/documents/seed00000001", "/api/nothing", "/api/ask"]),
        st.tuples(st.just("raw"), raw_body),
        content_type,
    ),
)


class Client:
    """httpx over ASGITransport on one event loop: the app in-process, no thread hop per request (TestClient's
    portal costs ~10 ms a request, which would make 10,000 cases too slow for CI)."""

    def __init__(self, app):
        self.loop = asyncio.new_event_loop()
        self.http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://budgetqa.test")

    def request(self, method: str, path: str, **kwargs) -> httpx.Response:
        return self.loop.run_until_complete(self.http.request(method, path, **kwargs))

    def post(self, path: str, **kwargs) -> httpx.Response:
        return self.request("POST", path, **kwargs)

    def close(self) -> None:
        self.loop.run_until_complete(self.http.aclose())
        self.loop.close()


def _send(client: Client, method: str, path: str, body: tuple[str, object], ctype: str | None) -> httpx.Response:
    kind, value = body
    if kind == "json":  # json.dumps escapes lone surrogates as \\udXXX, as a hostile client would send them
        content = json.dumps(value).encode()
        return client.request(method, path, content=content, headers={"content-type": "application/json"})
    headers = {"content-type": ctype} if ctype else {}
    return client.request(method, path, content=value, headers=headers)


def _check(r, path: str) -> None:
    assert r.status_code < 500, (r.status_code, r.text[:300])
    if r.status_code >= 400:
        body = r.json()
        assert set(body) == {"error"} and body["error"]["code"] and isinstance(body["error"]["message"], str)
    elif path == "/api/ask" and r.request.method == "POST":
        assert set(r.json()) == ANSWER_KEYS


@pytest.fixture(scope="module")
def fake_client():
    from budgetqa.ui import create_app

    mp = pytest.MonkeyPatch()
    mp.setenv("BUDGETQA_API_KEY", "fuzz-key-not-sent")  # writing is refused: the fuzz cannot change the library
    fake = FakeAssistant()
    client = Client(create_app(fake))
    yield fake, client
    client.close()
    mp.undo()


@CASES
@given(request)
def test_fuzzed_requests_get_answers_or_clear_4xx(fake_client, req):
    fake, client = fake_client
    method, path, body, ctype = req
    _check(_send(client, method, path, body, ctype), path)


HONEST = (
    {"question": "出差花了多少钱？"},
    {"question": "那去年呢？", "history": ["出差花了多少钱？"]},
    {"question": "2080107 的一般公共预算拨款比上年少多少？", "doc": "seed00000001"},
    {
        "question": "什么是三公经费？",
        "history": [{"role": "user", "content": "收入"}, {"role": "assistant", "content": "x"}],
    },
)
ODD = ("\ud800", "\udfff", "\x00", "<script>alert(1)</script>", "../../etc/passwd", "%PDF-1.4", "\u202e", "𠀀", "", " ")


def _odd_value(rng: random.Random) -> object:
    kind = rng.randrange(10)
    if kind == 0:
        return rng.choice(ODD) * rng.choice((1, 2, 501, 4_001, 60_000))
    if kind == 1:
        return "".join(chr(rng.randrange(0x110000)) for _ in range(rng.randrange(1, 30)))
    if kind == 2:
        return rng.choice((None, True, 0, -1, 2**70, 1.5e308, [], {}))
    if kind == 3:
        return [rng.choice(ODD)] * rng.choice((1, 51, 200))
    if kind == 4:
        return {"role": rng.choice(("user", "robot", 3)), "content": rng.choice(ODD)}
    if kind == 5:
        value: object = "x"
        for _ in range(rng.randrange(1, 60)):
            value = [value] if rng.random() < 0.5 else {"k": value}
        return value
    return rng.choice(ODD) + "出差" * rng.randrange(0, 300)


def _mutate(rng: random.Random) -> tuple[str, str, bytes, str | None]:
    """One request: an honest one with a few fields replaced, removed or added, and sometimes its bytes damaged."""
    body = json.loads(json.dumps(rng.choice(HONEST)))
    for _ in range(rng.randrange(1, 4)):
        op = rng.randrange(4)
        if op == 0:
            body[rng.choice(("question", "history", "doc"))] = _odd_value(rng)
        elif op == 1 and body:
            body.pop(rng.choice(sorted(body)))
        elif op == 2:
            body[rng.choice(ODD + ("histroy", "questions"))] = _odd_value(rng)
        elif op == 3 and isinstance(body.get("history"), list):
            body["history"].append(_odd_value(rng))
    raw = json.dumps(body).encode()
    damage = rng.randrange(8)
    if damage == 0 and raw:
        raw = raw[: rng.randrange(len(raw))]
    elif damage == 1 and raw:
        i = rng.randrange(len(raw))
        raw = raw[:i] + bytes([rng.randrange(256)]) + raw[i + 1 :]
    elif damage == 2:
        raw = json.dumps(body, ensure_ascii=False).encode("utf-8", "surrogatepass")
    elif damage == 3:
        raw = raw.decode().encode("utf-16")
    ctype = rng.choice(("application/json",) * 6 + ("text/plain", "multipart/form-data; boundary=x", None))
    method, path = (
        ("POST", "/api/ask")
        if rng.random() < 0.9
        else (
            rng.choice(("GET", "PUT", "DELETE", "POST")),
            rng.choice(("/api/ask", "/api/documents", "/api/documents/seed00000001", "/api/health", "/api/%ff")),
        )
    )
    return method, path, raw, ctype


def test_10000_mutated_requests_get_answers_or_clear_4xx(fake_client):
    fake, client = fake_client
    rng = random.Random(10)
    cases = int(os.environ.get("BUDGETQA_FUZZ_CASES", "10000"))
    statuses: dict[int, int] = {}
    for _ in range(cases):
        method, path, raw, ctype = _mutate(rng)
        r = _send(client, method, path, ("raw", raw), ctype)
        _check(r, path)
        statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
    print(f"{cases} mutated requests, statuses {dict(sorted(statuses.items()))}")
    assert sum(statuses.values()) == cases
    assert statuses.get(200, 0) > 0 and statuses.get(422, 0) > 0  # the cases reach both the answer and the checks


def test_fuzz_left_the_documents_as_they_were(fake_client):
    fake, _ = fake_client
    assert fake.documents == FakeAssistant().documents


@pytest.fixture(scope="module")
def real_client(structured_index):
    from budgetqa.ui import create_app

    mp = pytest.MonkeyPatch()
    mp.setenv("BUDGETQA_API_KEY", "fuzz-key-not-sent")
    assistant = Assistant.load(structured_index)
    before = (live_build(structured_index), assistant.documents)
    client = Client(create_app(assistant))
    yield client
    client.close()
    assert (live_build(structured_index), Assistant.load(structured_index).documents) == before
    mp.undo()


questions = st.one_of(
    text,
    st.builds(lambda a, b: a + b, st.sampled_from(["住房公积金", "差旅费", "2080107", "基本支出", "三公经费"]), text),
)


@settings(max_examples=1_000, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
@given(questions, st.lists(questions, max_size=3))
def test_fuzzed_questions_to_the_real_pipeline_never_fail(real_client, question, history):
    r = real_client.post("/api/ask", json={"question": question, "history": history})
    _check(r, "/api/ask")
