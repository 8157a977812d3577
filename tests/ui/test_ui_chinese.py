"""The page speaks Chinese whatever the browser prefers, and an answer's [n] marker leads to its source."""

from __future__ import annotations

import re

import pytest

from .test_ui_browser import CHAT, ask

pytestmark = pytest.mark.slow

# Every text node and tooltip/placeholder a visitor can see (hidden and zero-size elements left out).
VISIBLE_TEXT = """() => {
  const shown = (e) => { const s = getComputedStyle(e);
    return s.display !== 'none' && s.visibility !== 'hidden' && e.getClientRects().length > 0; };
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, e = node.parentElement;
    if (e && node.textContent.trim() && !e.closest('script, style, .sr-only') && shown(e)) out.push(node.textContent.trim());
  }
  for (const e of document.querySelectorAll('[placeholder], [title]'))
    if (shown(e)) for (const a of ['placeholder', 'title']) if (e.getAttribute(a)) out.push(e.getAttribute(a));
  return out;
}"""
# Allowed Latin script: file names, format names and file sizes (numbers and codes have no letters).
ALLOWED = re.compile(
    r"\S*\.(?:pdf|txt)\b|\b(?:PDF|TXT|OCR|UTF-8|GB18030|CSV|XLSX)\b|\b\d+(?:\.\d+)?\s?[KMG]?B\b|#\w+"  # ids: #<hash>
)


def latin_texts(page, data: tuple[str, ...] = ()) -> list[str]:
    """Visible texts with Latin letters once the allowed ones and ``data`` (file stems, document text) are out."""
    texts = {t for t in page.evaluate(VISIBLE_TEXT) if t not in data}
    return sorted(t for t in texts if re.search(r"[A-Za-z]", ALLOWED.sub("", t)))


# Text that comes from the files, not the page: the uploaded file's stem, a row name of the fake document.
DATA = ("notes", "其他<b>管理</b>事务")


@pytest.fixture
def english_page(browser, fake_server):
    """A visitor whose browser prefers English: gradio would pick its English widget words."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    page = context.new_page()
    page.goto(fake_server.url + "/")
    page.wait_for_selector("#bqa-question textarea", timeout=30_000)
    yield page
    context.close()


def test_no_latin_script_text_anywhere_on_the_page(english_page, tmp_path):
    page = english_page
    assert latin_texts(page) == [], "start page"
    ask(page, "2080107 的一般公共预算拨款比上年少多少？")
    page.get_by_text("来源（2 条）").click()
    page.locator(f"{CHAT} .bqa-src-1").wait_for(state="visible")
    ask(page, "天气怎么样？")
    bad = tmp_path / "notes.txt"
    bad.write_text("just some notes", "utf-8")
    page.set_input_files("#bqa-upload input[type=file]", str(bad))
    page.locator("#bqa-upload-status .bqa-error").wait_for(timeout=20_000)
    assert latin_texts(page, data=DATA) == [], "chat, sources and upload error"
    page.get_by_role("tab", name="名词解释").click()
    page.locator("#bqa-defs dt").first.wait_for()
    assert latin_texts(page, data=DATA) == [], "glossary"
    page.get_by_role("tab", name="预算表").click()
    page.locator("#bqa-ttable input").click()
    page.get_by_role("option", name="单位公开表5 一般公共预算支出表（⚠ 1 行未确定）").click()
    page.locator("#bqa-tview tr.unresolved").wait_for(timeout=10_000)
    assert latin_texts(page, data=DATA) == [], "tables"


def test_marker_opens_and_shows_its_source(page):
    ask(page, "2080107 的一般公共预算拨款比上年少多少？")
    answer = page.locator(f"{CHAT} .bqa-answer").last
    assert page.locator(f"{CHAT} .bqa-src-2").count() == 0  # the 来源 block starts collapsed
    answer.locator("a.bqa-ref-link", has_text="[2]").click()
    entry = page.locator(f"{CHAT} .bqa-src-2")
    entry.wait_for(state="visible", timeout=5_000)
    assert "2023年预算数 / 小计" in entry.inner_text()
    assert entry.evaluate("e => e.classList.contains('bqa-src-flash')")
    box, viewport = entry.bounding_box(), page.viewport_size
    assert box and 0 <= box["y"] < viewport["height"]  # scrolled into view
    assert page.url.endswith("/")  # the link did not navigate


def test_marker_of_an_earlier_answer_opens_that_answers_sources(page):
    ask(page, "出差花了多少钱？")
    ask(page, "什么是三公经费？")
    first = page.locator(f"{CHAT} .bqa-answer").first
    first.locator("a.bqa-ref-link").click()
    entry = page.locator(f"{CHAT} .bqa-src-1").first
    entry.wait_for(state="visible", timeout=5_000)
    assert "差旅费" in entry.inner_text() and page.locator(f"{CHAT} blockquote.bqa-quote").count() == 0
