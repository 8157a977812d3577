"""load(): the reader is picked by content and extension; anything else is a clear IngestError."""

from __future__ import annotations

import pytest

from budgetqa.errors import IngestError
from budgetqa.ingest.loader import load, looks_like_budget
from budgetqa.models import Line, RawDocument

from .conftest import Text, make_pdf

BUDGET_TEXT = "单位收支总表\n单位：万元\n一、一般公共预算拨款收入 2,636.04 一、社会保障和就业支出 4,214.95\n"


def _message(path) -> str:
    with pytest.raises(IngestError) as info:
        load(path)
    return str(info.value)


@pytest.mark.parametrize("name", ["a.txt", "a.text", "a.md", "A.TXT"])
def test_text_files_go_to_the_text_reader(pdf_file, name):
    raw = load(pdf_file(name, BUDGET_TEXT.encode()))
    assert raw.media == "text" and raw.source == name
    assert raw.lines[2].text.startswith("一、一般公共预算拨款收入 2,636.04")


@pytest.mark.parametrize("name", ["a.pdf", "a.PDF", "download", "a.txt"])
def test_pdf_is_recognised_by_its_content(pdf_file, name):
    raw = load(pdf_file(name, make_pdf([[Text(60, 100, "单位收支总表")]])))
    assert raw.media == "pdf" and raw.lines[0].text == "单位收支总表"


def test_missing_file(tmp_path):
    message = _message(tmp_path / "nope.pdf")
    assert "nope.pdf" in message and "no such file" in message


def test_directory(tmp_path):
    assert "directory" in _message(tmp_path)


@pytest.mark.parametrize("name", ["e.pdf", "e.txt"])
def test_empty_file(pdf_file, name):
    assert "empty" in _message(pdf_file(name, b""))


@pytest.mark.parametrize(
    "name,data,words",
    [
        ("a.docx", b"PK\x03\x04rest of a zip", "Word .docx"),
        ("a.xlsx", b"PK\x03\x04rest of a zip", "Excel .xlsx"),
        ("a.png", b"\x89PNG\r\n\x1a\nxxxx", "PNG image"),
        ("a.jpg", b"\xff\xd8\xff\xe0xxxx", "JPEG image"),
        ("a.pdf", b"PK\x03\x04renamed docx", "ZIP container"),  # the content wins over the extension
        ("a.csv", b"a,b\n1,2\n", "unsupported file type .csv"),
        ("noext", b"plain words", "(no extension)"),
    ],
)
def test_unsupported_types_name_what_is_supported(pdf_file, name, data, words):
    message = _message(pdf_file(name, data))
    assert words in message and ".pdf" in message and ".txt" in message


def test_broken_pdf_through_load(pdf_file):
    message = _message(pdf_file("b.pdf", b"%PDF-1.7\nnot really\n%%EOF\n"))
    assert message.startswith("b.pdf: the PDF is damaged")


def _raw(*texts: str) -> RawDocument:
    lines = tuple(Line(number=i + 1, page=1, text=t) for i, t in enumerate(texts))
    return RawDocument(source="x", sha256="0" * 64, media="text", page_count=1, lines=lines)


@pytest.mark.parametrize(
    "texts,expected",
    [
        (("2023年单位预算", "支出总表 单位：万元"), True),
        (("2022年度部门决算",), False),  # names the kind but no money at all
        (("2022年度部门决算", "合计 1,234.00 567.00", "小计 3.00 4.00", "其他 5.00 6.00"), True),
        (("会议纪要", "收入 支出 万元"), False),  # money words but neither 预算 nor 决算
    ],
)
def test_looks_like_budget(texts, expected):
    assert looks_like_budget(_raw(*texts)) is expected


def test_seed_looks_like_a_budget(seed_raw):
    assert looks_like_budget(seed_raw)
