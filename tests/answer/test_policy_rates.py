"""A rate an item is paid at (缴存比例, 缴费比例, 费率) is a policy parameter, not the item's share of a total: answered
from the words that state it, refused when none do; "X占总支出的比例" stays a share."""

from __future__ import annotations

import pytest

from .conftest import ask


def values(a) -> set[float]:
    return {round(f.value, 2) for f in a.figures}


@pytest.mark.parametrize("q", ["职工住房公积金的缴存比例是多少？", "住房公积金按多少缴存比例交？"])
def test_a_rate_no_sentence_states_is_refused_not_computed_as_a_share(sh, q):
    a = ask(sh, q)
    assert a.status == "not_found" and not a.figures and "缴存比例" in a.answer
    assert "已载入的文件" in a.answer  # says what the documents do cover


def test_the_items_share_of_the_total_is_still_computed(sh):
    a = ask(sh, "住房公积金占总支出的比例是多少？")
    assert a.status == "answered" and 5.82 in values(a)


def test_a_rate_the_definition_states_is_answered_from_it(seed):
    a = ask(seed, "住房公积金的缴存比例是多少？")
    assert a.status == "answered" and "5%" in a.answer and "12%" in a.answer


def test_a_rate_stated_for_another_item_does_not_answer_this_one(seed):
    a = ask(seed, "基本养老保险缴费的缴费比例是多少？")
    assert a.status == "not_found" and not a.figures


@pytest.fixture(scope="module")
def stated_rate():
    from budgetqa.models import Paragraph

    from .conftest import library_of, seedlike

    doc = seedlike()
    para = Paragraph(
        section=("三、支出预算情况说明",), text="住房公积金按职工工资的12%缴存，缴存比例与上年持平。", page=6, line=1
    )
    return library_of(doc.model_copy(update={"id": "ratestated01", "paragraphs": (*doc.paragraphs, para)}))


def test_a_rate_a_narrative_sentence_states_is_quoted_not_computed(stated_rate):
    a = ask(stated_rate, "住房公积金的缴存比例是多少？")
    assert a.status == "answered" and "12%" in a.answer and "÷" not in a.answer
    assert a.citations[0].page == 6


def test_the_stated_rate_of_one_item_does_not_answer_another(stated_rate):
    a = ask(stated_rate, "提租补贴的缴存比例是多少？")
    assert a.status == "not_found" and "12%" not in a.answer
