"""``/api/openapi.json`` is a schema a client can be generated from: typed bodies and the error codes of each route."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from budgetqa.api.schemas import ERROR_MEANINGS

from ..ui.fake import FakeAssistant


@pytest.fixture(scope="module")
def schema() -> dict:
    from budgetqa.ui import create_app

    with TestClient(create_app(FakeAssistant())) as client:
        r = client.get("/api/openapi.json")
    assert r.status_code == 200
    return r.json()


def _json_schema(response: dict) -> dict:
    return response["content"]["application/json"]["schema"]


def _resolve(schema: dict, ref: dict) -> dict:
    return schema["components"]["schemas"][ref["$ref"].rsplit("/", 1)[1]]


def test_every_route_has_a_typed_success_body(schema):
    routes = {(path, method) for path, ops in schema["paths"].items() for method in ops}
    assert routes >= {("/ask", "post"), ("/health", "get"), ("/v1/chat/completions", "post"), ("/v1/models", "get")}
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            ok = op["responses"].get("200") or op["responses"].get("201")
            if "application/json" not in ok.get("content", {}):
                continue  # a page or a file, not a JSON body
            assert "$ref" in _json_schema(ok), (path, method)  # a named model, not a bare dict
            body = _resolve(schema, _json_schema(ok))
            assert body["properties"] and body.get("additionalProperties") is not True, (path, method)


@pytest.mark.parametrize("path", ["/ask", "/v1/chat/completions"])
def test_answering_routes_document_their_error_codes(schema, path):
    responses = schema["paths"][path]["post"]["responses"]
    for status in (400, 404, 413, 422, 503):
        assert _json_schema(responses[str(status)]) == {"$ref": "#/components/schemas/ErrorOut"}
        assert responses[str(status)]["description"] == ERROR_MEANINGS[status]
    assert "HTTPValidationError" not in schema["components"]["schemas"]  # not the shape we send


def test_answer_schema_is_the_json_contract(schema):
    answer = FakeAssistant().ask("2080107 的一般公共预算拨款比上年少多少？").to_json()
    out = schema["components"]["schemas"]["AnswerOut"]
    assert set(out["properties"]) == set(answer) == set(out["required"])
    citation = schema["components"]["schemas"]["CitationOut"]
    assert set(citation["properties"]) == set(answer["citations"][0])
    assert set(schema["components"]["schemas"]["FigureOut"]["properties"]) == set(answer["figures"][0])
    assert out["properties"]["status"]["enum"] == ["answered", "not_found"]


def test_error_shape_in_the_schema_is_what_the_api_sends(schema):
    error = schema["components"]["schemas"]["ErrorDetail"]
    assert set(error["properties"]) == {"code", "message"}
    with TestClient(create_app_for_test()) as client:
        body = client.post("/api/ask", json={"question": " "}).json()
    assert set(body) == {"error"} and set(body["error"]) == set(error["properties"])


def test_completion_schema_carries_the_structured_answer(schema):
    completion = schema["components"]["schemas"]["ChatCompletion"]
    assert completion["properties"]["budgetqa"] == {
        "$ref": "#/components/schemas/AnswerOut",
        "description": completion["properties"]["budgetqa"]["description"],
    }


def create_app_for_test():
    from budgetqa.ui import create_app

    return create_app(FakeAssistant())
