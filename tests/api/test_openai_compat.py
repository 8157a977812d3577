"""The OpenAI-compatible endpoint, driven by the official ``openai`` client against a running server."""

from __future__ import annotations

from collections.abc import Iterator

import openai
import pytest

from ..ui.conftest import Server
from ..ui.fake import FakeAssistant, make_disclosure

QUESTION = "2080107 的一般公共预算拨款比上年少多少？"


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with Server(FakeAssistant([make_disclosure("a" * 12), make_disclosure("b" * 12, unit="另一单位")])) as s:
        yield s


@pytest.fixture
def client(server) -> openai.OpenAI:
    return openai.OpenAI(base_url=server.url + "/api/v1", api_key="not-needed", max_retries=0, timeout=30)


def test_models_lists_all_documents_and_each_one(client):
    assert [m.id for m in client.models.list()] == ["budgetqa", "budgetqa:" + "a" * 12, "budgetqa:" + "b" * 12]


def test_answer_with_sources_as_markdown_and_the_structured_answer(client, server):
    completion = client.chat.completions.create(model="budgetqa", messages=[{"role": "user", "content": QUESTION}])
    choice = completion.choices[0]
    assert choice.finish_reason == "stop" and choice.message.role == "assistant"
    expected = server.assistant.ask(QUESTION)
    content = choice.message.content
    assert content.startswith(expected.answer + "\n\n**来源**\n")
    source_lines = [line for line in content.splitlines() if line.startswith("- \\[")]
    assert len(source_lines) == len(expected.citations) == 2
    assert source_lines[0].startswith("- \\[1\\] 测试事业管理中心 2023年单位预算 · 单位公开表5 一般公共预算支出表")
    assert "，第 9 页" in source_lines[0]
    structured = completion.model_extra["budgetqa"]
    assert structured == expected.to_json()
    assert completion.usage.total_tokens == completion.usage.prompt_tokens + completion.usage.completion_tokens


def test_not_found_answer_has_no_sources_block(client):
    completion = client.chat.completions.create(model="budgetqa", messages=[{"role": "user", "content": "天气如何？"}])
    assert "**来源**" not in completion.choices[0].message.content
    assert completion.model_extra["budgetqa"]["status"] == "not_found"


def test_history_is_the_earlier_user_messages(client, server):
    messages = [
        {"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": "出差花了多少钱？"},
        {"role": "assistant", "content": "2023年差旅费预算 34.74 万元[1]。"},
        {"role": "user", "content": [{"type": "text", "text": "那去年呢？"}]},
    ]
    client.chat.completions.create(model="budgetqa", messages=messages, temperature=0.2)
    assert server.assistant.calls[-1] == ("那去年呢？", ("出差花了多少钱？",), None)


def test_a_document_model_asks_that_document(client, server):
    client.chat.completions.create(model="budgetqa:" + "b" * 12, messages=[{"role": "user", "content": "出差"}])
    assert server.assistant.calls[-1] == ("出差", (), "b" * 12)


def test_streaming_sends_the_same_answer_in_chunks(client):
    messages = [{"role": "user", "content": QUESTION}]
    whole = client.chat.completions.create(model="budgetqa", messages=messages)
    chunks = list(client.chat.completions.create(model="budgetqa", messages=messages, stream=True))
    assert len(chunks) > 2 and chunks[0].choices[0].delta.role == "assistant"
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == whole.choices[0].message.content
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert chunks[-1].model_extra["budgetqa"] == whole.model_extra["budgetqa"]


def test_unknown_model_is_a_404_naming_the_models(client):
    with pytest.raises(openai.NotFoundError) as caught:
        client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "出差"}])
    assert caught.value.body["code"] == "model_not_found" and "budgetqa:" in caught.value.body["message"]


@pytest.mark.parametrize(
    "messages",
    [
        [{"role": "user", "content": "出差"}, {"role": "assistant", "content": "34.74"}],
        [{"role": "user", "content": " "}],
    ],
)
def test_the_last_message_must_be_a_question(client, messages):
    with pytest.raises(openai.UnprocessableEntityError) as caught:
        client.chat.completions.create(model="budgetqa", messages=messages)
    assert caught.value.body["code"] == "empty_question"


def test_no_messages_is_refused(client):
    with pytest.raises(openai.UnprocessableEntityError):
        client.chat.completions.create(model="budgetqa", messages=[])


def test_index_errors_are_503(server):
    from budgetqa.errors import IndexNotReady

    def not_ready(*_a, **_k):
        raise IndexNotReady("index/CURRENT is incomplete")

    broken = FakeAssistant()
    broken.ask = not_ready
    with Server(broken) as s:
        client = openai.OpenAI(base_url=s.url + "/api/v1", api_key="x", max_retries=0)
        with pytest.raises(openai.InternalServerError) as caught:
            client.chat.completions.create(model="budgetqa", messages=[{"role": "user", "content": "出差"}])
    assert caught.value.status_code == 503 and caught.value.body["code"] == "index_error"
