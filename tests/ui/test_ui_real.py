"""The web app over the real Assistant (seed document, real embedding model): API contract and page."""

from __future__ import annotations

import pytest

from ..conftest import SEED
from .conftest import Server

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def real_server(tmp_path_factory):
    from budgetqa import Assistant

    assistant = Assistant.load(tmp_path_factory.mktemp("index"))
    assistant.ingest([SEED])
    with Server(assistant) as server:
        yield server


def test_api_answers_with_the_documents_figure(real_server):
    import httpx

    health = httpx.get(f"{real_server.url}/api/health").json()
    assert health["status"] == "ok" and health["documents"] == 1 and health["loaded"] is True
    body = httpx.post(f"{real_server.url}/api/ask", json={"question": "出差花了多少钱？"}, timeout=120).json()
    assert body["status"] == "answered" and "34.74" in body["answer"]
    assert any(f["value"] == 34.74 and f["unit"] == "万元" for f in body["figures"])
    cited = body["citations"][body["figures"][0]["citation"] - 1]
    assert "差旅费" in cited["locator"] and cited["page"] is not None


def test_page_shows_the_cited_cell(browser, real_server):
    page = browser.new_page(locale="zh-CN", viewport={"width": 1400, "height": 1000})
    page.goto(real_server.url + "/")
    page.wait_for_selector("#bqa-question textarea", timeout=30_000)
    page.fill("#bqa-question textarea", "出差花了多少钱？")
    page.click("#bqa-send")
    page.locator("#bqa-chat .bqa-answer").wait_for(timeout=120_000)
    assert "34.74" in page.locator("#bqa-chat .bqa-answer").inner_text()
    page.get_by_text("来源（", exact=False).click()
    mark = page.locator("#bqa-chat .bqa-src td.cited mark").first
    mark.wait_for(state="visible")
    assert mark.inner_text() == "34.74"
    assert "差旅费" in page.locator("#bqa-chat .bqa-src").first.inner_text()
    page.close()
