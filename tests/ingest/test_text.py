import pytest

from budgetqa.errors import IngestError
from budgetqa.ingest.text import read_text


def test_pages_split_on_blank_runs_and_form_feeds():
    raw = read_text("甲\n\n乙\n\n\n\n丙".encode(), "a.txt")
    assert [(line.page, line.number, line.text) for line in raw.lines] == [(1, 1, "甲"), (1, 3, "乙"), (2, 7, "丙")]
    assert raw.page_count == 2
    raw = read_text("甲\f乙\n丙\f丁".encode(), "b.txt")
    assert [line.page for line in raw.lines] == [1, 2, 2, 3] and raw.page_count == 3


def test_gb18030_and_bom():
    assert read_text("预算".encode("gb18030"), "g.txt").lines[0].text == "预算"
    assert read_text("\ufeff预算".encode("utf-8"), "u.txt").lines[0].text == "预算"


@pytest.mark.parametrize("data", [b"", b"  \n\n ", b"\xff\xfe\x00\x81\x30"])
def test_empty_or_undecodable_files_are_refused(data):
    with pytest.raises(IngestError, match=r"x\.txt"):
        read_text(data, "x.txt")


def test_seed_pages(seed_raw):
    assert seed_raw.page_count == 26
    assert seed_raw.lines[0].text.strip().startswith("第一部分")
    assert len(seed_raw.sha256) == 64
