"""One case per general fix found by a question set written apart from the tuned gold sets: a yes/no about a change
is a comparison, "跟去年比" phrasings, a follow-up's column read against the previous row (not an indicator sharing
the column's words), a signed percent cell shown once, and a 概况 duty list listed. Phrasings vary on purpose so a
rule, not a sentence, is tested. Built on the parsed documents without a retrieval index (fast)."""

from __future__ import annotations

import pytest

from budgetqa.answer.writing.compose import Builder
from budgetqa.answer.question.context import context_for
from budgetqa.answer.question.plan import read_plan

from .conftest import ask


def kind_of(lib, q):
    return read_plan(q, context_for(lib, lib.documents).index).kind


# "有没有变化" / "是否增加" asks about a change, not whether the item exists; "有没有X" still asks existence.
@pytest.mark.parametrize(
    "q", ["行政运行有没有变化？", "购房补贴同比有无变化", "提租补贴是否有增减？", "住房公积金跟去年比有没有增加"]
)
def test_yes_no_about_a_change_is_a_comparison(seed, q):
    assert kind_of(seed, q) == "compare"


@pytest.mark.parametrize("q", ["有没有政府性基金预算？", "是否有国有资本经营预算"])
def test_existence_still_read_as_existence(seed, q):
    assert kind_of(seed, q) == "existence"


# "跟去年比怎么样" / "和上年比" / "多了还是少了" name the comparison without 比去年 / 增减.
@pytest.mark.parametrize(
    "q",
    ["提租补贴跟去年比怎么样？", "行政运行和上年比呢", "购房补贴与去年比有何不同", "行政单位离退休今年多了还是少了？"],
)
def test_compare_phrasings(seed, q):
    assert kind_of(seed, q) == "compare"


def test_changed_yes_no_answers_with_the_change(seed):
    a = ask(seed, "行政运行有没有变化？")
    assert "50.99" in a.answer and a.status == "answered"
    b = ask(seed, "提租补贴跟去年比怎么样？")
    assert "持平" in b.answer and "0.00" in b.answer


# A follow-up naming only a column ("其中项目支出呢") reads that column of the previous row, even when an indicator
# of some project shares the column's words (项目支出预算年末执行率).
@pytest.mark.parametrize(
    "first, follow, value",
    [
        ("高等教育支出多少？", "其中项目支出呢？", "87,924.17"),
        ("高中教育安排了多少？", "那基本支出呢？", "24,803.70"),
    ],
)
def test_followup_column_of_previous_row(swu, first, follow, value):
    a = ask(swu, follow, [first])
    assert value in a.answer and a.kind != "performance"


# A signed percent cell ("45.80%") is shown once, never "45.80%%".
@pytest.mark.parametrize("text", ["45.80%", "-1.35%", "8.88"])
def test_percent_figure_not_doubled(text):
    b = Builder("q", "value")
    shown = b.figure(text, "%", 1)
    assert "%%" not in shown and shown.endswith("%")


def test_rank_by_change_rate_shows_single_percent(seed):
    a = ask(seed, "一般公共预算支出中增幅最大的是哪个科目？")
    assert "45.80%" in a.answer and "%%" not in a.answer


# "主要职责有哪些" / "主要职能是什么" lists the 概况 duties, each cited; a count question keeps the count answer.
@pytest.mark.parametrize("q", ["中心的主要职责有哪些？", "这个单位的职责是什么", "介绍一下主要职能"])
def test_duties_listed(seed, q):
    a = ask(seed, q)
    assert "（一）" in a.answer and "（十一）" in a.answer and len(a.citations) >= 11


def test_duties_listed_on_another_document(sh):
    a = ask(sh, "上海市财政局的主要职能是什么？")
    assert "（十四）" in a.answer


def test_duty_count_keeps_the_count(seed):
    a = ask(seed, "主要职责有几项？")
    assert "11" in a.answer and "（二）" not in a.answer


def test_names_list_and_unrelated_org_word_untouched(seed):
    # 处室 lists keep the org answer with the stated count; "部门预算" is no question about 部门
    assert "14" in ask(seed, "中心内设的处室有哪些？").answer
    assert "综合预算的原则" in ask(seed, "所有收入和支出按照什么原则纳入部门预算管理？").answer
