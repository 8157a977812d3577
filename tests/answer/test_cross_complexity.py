"""Answer work grows about linearly with question length: a long question cannot stall the server."""

from __future__ import annotations

import pytest

from budgetqa import Assistant
from budgetqa.answer.finding import cross

ITEMS = "住房公积金、差旅费、行政运行、社会保险业务管理事务、基本支出、项目支出、上年结转、"


def _question(chars: int) -> str:
    return (ITEMS * (chars // len(ITEMS) + 1))[:chars] + "是多少？"


@pytest.fixture(scope="module")
def assistant(structured_index):
    return Assistant.load(structured_index)


def test_reading_rows_against_columns_is_linear_in_the_mentions(assistant, monkeypatch):
    """Counts the name normalisations ``cross`` makes: each (mention, table) once, not each pair of mentions."""
    calls = 0
    real = cross.name_key

    def counted(text: str) -> str:
        nonlocal calls
        calls += 1
        return real(text)

    monkeypatch.setattr(cross, "name_key", counted)
    counts = []
    for chars in (300, 1200):
        calls = 0
        assert assistant.ask(_question(chars)).status == "answered"
        counts.append(calls)
    # quadratic work (the old pairwise loop) made this ratio 16 (68,182 → 1,106,494 calls); linear makes it ≤ 4
    assert counts[1] <= 6 * counts[0], counts
