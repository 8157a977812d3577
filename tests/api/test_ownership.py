"""Who may write to the library, and how documents are told apart: a planted copy is never cited as the original."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from budgetqa import Assistant
from budgetqa.api import create_api
from budgetqa.api.guard import WritePolicy, is_loopback
from budgetqa.config import Settings
from budgetqa.store.library import Library
from budgetqa.ui.handlers import Handlers

from ..conftest import SEED

BUDGET_TEXT = "2024年单位预算 一般公共预算支出表 支出 1,234.56 万元"


@pytest.mark.parametrize(
    "host, loopback", [("127.0.0.1", True), ("::1", True), ("localhost", True), ("0.0.0.0", False), ("10.0.0.5", False)]
)
def test_loopback_is_recognised(host, loopback):
    assert is_loopback(host) is loopback


def test_write_policy():
    assert WritePolicy("", "127.0.0.1").allows(None)
    closed = WritePolicy("", "0.0.0.0")
    assert closed.closed and not closed.allows(None) and not closed.allows("anything")
    keyed = WritePolicy("s3cret", "0.0.0.0")
    assert keyed.allows("s3cret") and not keyed.allows("s3cre") and not keyed.allows(None)
    assert not WritePolicy("s3cret", "127.0.0.1").allows(None)  # a key, once set, is needed everywhere


def test_writing_is_closed_beyond_loopback_without_a_key(make_client, fake):
    client = make_client(fake, host="0.0.0.0")
    r = client.post("/api/documents?name=a.txt", content=BUDGET_TEXT.encode())
    assert r.status_code == 403 and r.json()["error"]["code"] == "writing_disabled"
    r = client.delete(f"/api/documents/{fake.documents[0].id}")
    assert r.status_code == 403 and len(fake.documents) == 1
    assert client.get("/api/health").json()["writing"] == "closed"
    assert client.post("/api/ask", json={"question": "出差花了多少钱？"}).status_code == 200  # reading stays open


def test_writing_needs_the_key_when_one_is_set(make_client, fake):
    client = make_client(fake, host="0.0.0.0", api_key="s3cret")
    r = client.post("/api/documents?name=某局_2024_单位预算.txt", content=BUDGET_TEXT.encode())
    assert r.status_code == 401 and r.json()["error"]["code"] == "api_key_required"
    r = client.post(
        "/api/documents?name=某局_2024_单位预算.txt", content=BUDGET_TEXT.encode(), headers={"X-API-Key": "wrong"}
    )
    assert r.status_code == 401 and len(fake.documents) == 1
    r = client.post(
        "/api/documents?name=某局_2024_单位预算.txt",
        content=BUDGET_TEXT.encode(),
        headers={"Authorization": "Bearer s3cret"},
    )
    assert r.status_code == 201 and len(fake.documents) == 2
    added = r.json()["added"][0]["id"]
    assert client.delete(f"/api/documents/{added}").status_code == 401
    r = client.delete(f"/api/documents/{added}", headers={"X-API-Key": "s3cret"})
    assert r.status_code == 200 and r.json()["removed"]["id"] == added and len(fake.documents) == 1
    r = client.delete("/api/documents/nothere", headers={"X-API-Key": "s3cret"})
    assert r.status_code == 404


def test_uploads_through_the_api_name_only_plain_files(make_client, fake):
    client = make_client(fake)
    r = client.post("/api/documents?name=../../etc/cron.d/x.sh", content=b"x")
    assert r.status_code == 422 and r.json()["error"]["code"] == "unsupported_file"
    r = client.post("/api/documents?name=notes.txt", content=b"hello")
    assert r.status_code == 400 and "notes.txt" in r.json()["error"]["message"]
    assert "/tmp" not in r.json()["error"]["message"] and "budgetqa-upload" not in r.json()["error"]["message"]


def test_the_page_asks_for_the_key(fake, uploads):
    received = uploads / "ab" / "某局_2024_单位预算.txt"
    received.parent.mkdir()
    received.write_text(BUDGET_TEXT, "utf-8")
    h = Handlers(fake, policy=WritePolicy("s3cret", "0.0.0.0"), uploads=uploads)
    ok, message = h.ingest(str(received), key="")
    assert not ok and "写入密钥" in message and len(h.documents) == 1
    ok, _ = h.ingest(str(received), key="s3cret")
    assert ok and len(h.documents) == 2
    ok, message = Handlers(fake, policy=WritePolicy("", "0.0.0.0"), uploads=uploads).ingest(str(received))
    assert not ok and "未开放上传" in message


# -- content identity ---------------------------------------------------------------------------------------------


@pytest.fixture
def library_settings(tmp_path, monkeypatch):
    """A real library whose retrieval part is a stand-in (the structured answers need no embedding model)."""
    monkeypatch.setattr(
        "budgetqa.retrieval.persist.build_retrieval",
        lambda docs, out_dir, settings, previous=None, progress=None: out_dir.mkdir(parents=True),
    )
    return Settings(index_dir=tmp_path / "idx", corpus_dir=tmp_path / "none")


def _planted(tmp_path):
    """The default document with one figure changed, under the same file name."""
    text = SEED.read_text("utf-8")
    assert "169.17" in text
    copy = tmp_path / "planted" / SEED.name
    copy.parent.mkdir()
    copy.write_text(text.replace("169.17", "969.17"), "utf-8")
    return copy


def test_a_planted_copy_is_never_cited_as_the_original(library_settings, tmp_path):
    Library.open(library_settings).ingest([SEED])
    assistant = Assistant.load(settings=library_settings)
    (original,) = assistant.documents
    (copy,) = assistant.ingest([_planted(tmp_path)], origin="upload")
    assert copy.id != original.id and copy.label == original.label and copy.source == original.source
    answer = assistant.ask("住房公积金预算是多少？")
    cited = {c.doc_id for c in answer.citations}
    assert copy.id in cited or original.id in cited
    for c in answer.citations:
        if c.doc_id == copy.id:
            assert c.doc != original.label and f"#{copy.sha256[:12]}" in c.doc and "上传件" in c.doc
        else:
            assert original.label in c.doc and "上传件" not in c.doc
    only_copy = assistant.ask("住房公积金预算是多少？", doc=copy.id)
    assert (
        "969.17" in only_copy.answer
        and only_copy.citations
        and all(f"#{copy.sha256[:12]}" in c.doc for c in only_copy.citations)
    )
    # the origin survives a restart, and the copy can be removed
    again = Assistant.load(settings=library_settings)
    assert again.library.origins == {original.id: "operator", copy.id: "upload"}
    again.remove(copy.id)
    assert [d.id for d in Assistant.load(settings=library_settings).documents] == [original.id]


def test_two_uploads_of_one_name_are_told_apart(library_settings, tmp_path):
    assistant = Assistant.load(settings=library_settings)
    (first,) = assistant.ingest([SEED], origin="upload")
    (second,) = assistant.ingest([_planted(tmp_path)], origin="upload")
    names = {assistant.source_name(first), assistant.source_name(second)}
    assert len(names) == 2 and all(re.search(r"#[0-9a-f]{12}", n) for n in names)
    docs = TestClient(create_api(assistant)).get("/health").json()
    assert {d["sha256"] for d in docs["docs"]} == {first.sha256, second.sha256}


def test_an_operator_document_stays_the_operators_when_uploaded_again(library_settings):
    assistant = Assistant.load(settings=library_settings)
    (doc,) = assistant.ingest([SEED])
    assistant.ingest([SEED], origin="upload")
    assert assistant.library.origins == {doc.id: "operator"} and assistant.source_name(doc) == doc.label


def test_removing_the_last_document_empties_the_index(library_settings):
    assistant = Assistant.load(settings=library_settings)
    (doc,) = assistant.ingest([SEED])
    assistant.remove(doc.id)
    assert assistant.documents == () and Assistant.load(settings=library_settings).documents == ()
