"""One notation for figures that have no printed text of their own: never an exponent."""

from __future__ import annotations

import pytest

from budgetqa.answer.question.text import plain


@pytest.mark.parametrize(
    "value, shown", [(4100000.0, "4,100,000"), (46.0, "46"), (959.96, "959.96"), (0.0, "0"), (1e-7, "0.0000001")]
)
def test_plain_never_prints_an_exponent(value, shown):
    assert plain(value) == shown
