"""Question → plan, table-driven, on the hand-built seed-like document's names."""

from __future__ import annotations

import pytest

from budgetqa.answer.question.followup import plan_with_history
from budgetqa.answer.question.index import build_index
from budgetqa.answer.question.plan import read_plan

from .conftest import seedlike


@pytest.fixture(scope="module")
def index():
    return build_index((seedlike(),))


@pytest.mark.parametrize(
    "question, kind",
    [
        ("一般公共预算里差旅费多少", "value"),
        ("行政运行比上年增减多少", "compare"),
        ("行政运行的执行数和预算数", "compare"),
        ("行政运行为什么减少", "reason"),
        ("上年结转占比多少", "share"),
        ("人员经费里哪项最多", "rank"),
        ("行政运行比社会保险业务管理事务多多少", "arith"),
        ("住房保障支出包括哪些", "children"),
        ("什么是三公经费", "definition"),
        ("有没有政府性基金预算", "existence"),
        ("内设几个处室", "org"),
        ("培训班合格率目标是多少", "performance"),
        ("政府采购情况", "explain"),
        ("基本支出是多少", "value"),
        ("今天天气怎么样", "off_topic"),
        ("局长是谁", "person"),
        ("", "empty"),
        ("？？？", "empty"),
        ("How much are the travel expenses?", "value"),
    ],
)
def test_kind(index, question, kind):
    assert read_plan(question, index).kind == kind


@pytest.mark.parametrize(
    "question, keys",
    [
        ("2080107是多少", ("2080107",)),
        ("社会保险业务管理事务", ("社会保险业务管理事务",)),
        ("出差花了多少", ("差旅费",)),
        ("开会的钱", ("会议费",)),
        ("公积金", ("住房公积金",)),
        ("买电脑", ("办公设备购置",)),
        ("退休", ("退休费",)),
        ("travel expenses", ("差旅费",)),
        ("维修(护)费", ()),  # not in the fake document: no false match
    ],
)
def test_mentions(index, question, keys):
    plan = read_plan(question, index)
    found = tuple(k for m in plan.mentions for k in m.keys[:1])
    assert found == keys


@pytest.mark.parametrize(
    "question, years, relative, measures",
    [
        ("2022年行政运行执行数", (2022,), (), ("执行数",)),
        ("今年的项目支出", (), (0,), ("项目支出",)),
        ("去年差旅费", (), (-1,), ()),
        ("人员经费多少", (), (), ("人员经费",)),
    ],
)
def test_years_and_measures(index, question, years, relative, measures):
    plan = read_plan(question, index)
    assert (plan.years, plan.relative, plan.measures) == (years, relative, measures)


def test_item_name_is_not_read_as_scope(index):
    plan = read_plan("住房公积金在一般公共预算里是多少", index)
    assert plan.scopes[0] == "general_expense"
    assert plan.mentions[0].keys[0] == "住房公积金"


def test_sum_and_difference(index):
    assert read_plan("行政运行和社会保险业务管理事务一共多少", index).op == "sum"
    assert read_plan("行政运行比社会保险业务管理事务多多少", index).op == "diff"
    assert read_plan("哪项最少", index).op == "min"


@pytest.mark.parametrize(
    "history, question, keys, years, measures",
    [
        (("行政运行预算多少",), "那2022年呢？", ("行政运行",), (2022,), ()),
        (("社会保险业务管理事务是多少",), "它的项目支出呢？", ("社会保险业务管理事务",), (), ("项目支出",)),
        (("差旅费多少",), "那会议费呢", ("会议费",), (), ()),
        (("行政运行预算多少", "那2022年呢？"), "它的执行数呢", ("行政运行",), (2022,), ("执行数",)),
    ],
)
def test_followups(index, history, question, keys, years, measures):
    plan = plan_with_history(question, history, index)
    assert tuple(m.keys[0] for m in plan.mentions) == keys
    assert plan.years == years
    assert plan.measures == measures


def test_new_question_is_not_merged(index):
    plan = plan_with_history("什么是三公经费", ("行政运行预算多少",), index)
    assert plan.kind == "definition"


def test_an_item_ending_where_a_scope_word_begins_is_still_an_item(index):
    """ "其他收入预算": the scope cue 收入预算 covers half of 其他收入, which stays an item asked about."""
    from budgetqa.answer.question.plan import Mention, _drop_scope_words

    text = "上年结转里其他收入预算是多少"
    mentions = (Mention("上年结转", ("上年结转",), "name", 0, 4), Mention("其他收入", ("其他收入",), "name", 5, 9))
    assert _drop_scope_words(text, mentions, index) == mentions
