"""The page's failure messages: Chinese, one per reason the readers give, never a server path."""

from __future__ import annotations

import pytest

from budgetqa.errors import BudgetQAError, IndexNotReady, IngestError, ModelUnavailable, UnknownDocument
from budgetqa.ingest.loader import load
from budgetqa.parse.document import parse
from budgetqa.ui.messages import INGEST_OTHER, ask_failure, has_latin_words, ingest_failure

PDF_HEAD = b"%PDF-1.4\n"


def _bad_files(tmp_path):
    """Files each reader refuses, made on the spot: (file name, content or None for a folder)."""
    return {
        "missing.pdf": "missing",
        "folder.pdf": None,
        "empty.txt": b"",
        "blank.txt": b"  \n\n ",
        "word.pdf": b"PK\x03\x04 word document",
        "odd.xyz": b"some bytes",
        "latin1.txt": b"\xff\xfe\x00\x81\x30\x81",
        "fake.pdf": b"not a pdf at all",
        "cut.pdf": PDF_HEAD + b"1 0 obj << >> endobj\n",
        "broken.pdf": PDF_HEAD + b"garbage\n%%EOF\n",
        "notes.txt": "这是一些笔记，没有表格。".encode(),
    }


@pytest.mark.parametrize("name", sorted(_bad_files(None)))
def test_every_refusal_of_the_readers_has_its_own_chinese_sentence(tmp_path, name):
    content = _bad_files(tmp_path)[name]
    path = tmp_path / "uploads" / name
    path.parent.mkdir()
    if content is None:
        path.mkdir()
    elif content != "missing":
        path.write_bytes(content)
    with pytest.raises(IngestError) as caught:
        parse(load(path))
    shown = ingest_failure(name, caught.value)
    assert shown.startswith(f"导入失败：{name}：") and INGEST_OTHER not in shown, caught.value.reason
    assert str(tmp_path) not in shown and not has_latin_words(shown.replace(name, "")), shown


def test_an_unknown_reason_gets_the_general_sentence_not_the_english():
    shown = ingest_failure("a.pdf", IngestError("/srv/uploads/a.pdf", "something new went wrong"))
    assert shown == f"导入失败：a.pdf：{INGEST_OTHER}。" and "/srv" not in shown


@pytest.mark.parametrize(
    "error, words",
    [
        (UnknownDocument("no loaded document matches 'x'"), "所选文档"),
        (IndexNotReady("/srv/index/CURRENT is incomplete"), "索引"),
        (ModelUnavailable("cannot read /root/.cache/model"), "模型"),
        (BudgetQAError("something"), "内部错误"),
        (RuntimeError("/srv/secret/path"), "内部错误"),
    ],
)
def test_ask_failures_are_chinese_without_details(error, words):
    shown = ask_failure(error)
    assert words in shown and "/" not in shown and not has_latin_words(shown)
