"""One group of varied phrasings per general failure class: definition cues on a term that is also a row, figures
computed from one narrative sentence, rankings by change / with an exclusion / at a level, two measures inside a
scope, a plan to buy cars, and the unit's short name. Built on the parsed real documents without a retrieval
index (fast); skipped where a document is absent."""

from __future__ import annotations

import pytest

from budgetqa.answer.question.nickname import expand_nickname
from budgetqa.answer.operations.textarith import asked_items
from budgetqa.answer.question.plan import read_plan
from budgetqa.answer.question.index import index_for

from .conftest import ask


def values(a):
    return {round(f.value, 2) for f in a.figures}


# 1. A what-is question about a 名词解释 term is a definition question, even when the term is also a table row.
@pytest.mark.parametrize(
    "q",
    [
        "机关运行经费是什么",
        "机关运行经费是什么意思",
        "机关运行经费指的是什么",
        "“三公”经费到底指哪些钱",
        "三公经费究竟是什么",
        "什么是三公经费",
    ],
)
def test_definition_cues_on_a_row_term(sh, q):
    a = ask(sh, q)
    assert a.status == "answered" and a.kind == "definition", a.answer
    assert "：" in a.answer and not a.figures


def test_value_question_on_a_defined_term_stays_a_value(sh):
    a = ask(sh, "机关运行经费是多少")
    assert a.kind != "definition" and 2517.78 in values(a)


@pytest.mark.parametrize("q", ["基本支出是什么", "“三公”经费指哪些钱"])
def test_definition_cues_on_the_seed(seed, q):
    assert ask(seed, q).kind == "definition"


# 3. Sums and differences of two figures one narrative sentence states.
@pytest.mark.parametrize(
    "q, expected",
    [
        ("政府采购里服务比货物多多少", 59.0),
        ("政府采购服务比货物预算多出多少", 59.0),
        ("政府采购货物和服务加起来多少", 73.0),
        ("政府采购中货物与服务一共多少", 73.0),
    ],
)
def test_narrative_arith_seed(seed, q, expected):
    a = ask(seed, q)
    assert a.status == "answered" and expected in values(a), a.answer
    assert "−" in a.answer or "+" in a.answer


def test_narrative_arith_shanghai(sh):
    a = ask(sh, "政府采购当中服务比货物多多少")
    assert 1623.03 in values(a) and "1,665.53 − 42.50" in a.answer


def test_arith_items_read_with_scope():
    from budgetqa.answer.question.plan import Plan

    plan = Plan(
        "政府采购里服务比货物多多少", "政府采购里服务比货物多多少", "arith", op="diff", cues=frozenset({"arith_diff"})
    )
    assert asked_items(plan) == ("政府采购", "服务", "货物")


# 4. Rankings by change rank the change column; a decrease word ranks the most negative first.
@pytest.mark.parametrize(
    "q, top",
    [
        ("哪个科目比上年降幅最大", -3.82),
        ("哪项支出比去年下降幅度最大", -3.82),
        ("哪个科目比上年增长幅度最大", 45.8),
        ("哪个科目比上年减少最多", -50.99),
    ],
)
def test_rank_by_change(seed, q, top):
    a = ask(seed, q)
    assert a.kind == "rank" and a.figures and round(a.figures[0].value, 2) == top, a.answer


# 5. Rankings with an exclusion, and at the level asked.
@pytest.mark.parametrize(
    "q", ["除了教育支出，哪一类最多", "除教育支出以外，哪类支出最多", "除去教育支出，其他哪一类最多"]
)
def test_rank_with_exclusion(swu, q):
    a = ask(swu, q)
    assert a.status == "answered" and "住房保障支出" in a.answer.split("；")[0], a.answer
    assert round(a.figures[0].value, 2) == 16916.56


@pytest.mark.parametrize(
    "q, top", [("哪个款最多", "普通教育"), ("哪一款支出最多", "普通教育"), ("哪个项最多", "高等教育")]
)
def test_rank_at_level(swu, q, top):
    a = ask(swu, q)
    assert top in a.answer.split("；")[0], a.answer


# 6. Two measures inside a scope measure: the two compared, not the scope.
@pytest.mark.parametrize(
    "q, expected",
    [
        ("2023年基本支出里，人员经费比公用经费多出多少", 1183.01),
        ("基本支出中人员经费比公用经费多多少", 1183.01),
        ("基本支出里面人员经费和公用经费加起来多少", 1809.03),
    ],
)
def test_measures_within_scope(seed, q, expected):
    a = ask(seed, q)
    assert expected in values(a), a.answer


# 9. A plan to buy cars: the narrative's 购置车辆 sentence, not the 概况 count.
@pytest.mark.parametrize("q", ["打算买车吗", "今年买不买车"])
def test_car_purchase_plan(sh, q):
    a = ask(sh, q)
    assert a.status == "answered" and "购置车辆" in a.answer, a.answer


# 10. The unit's short name is the unit; the narrative's stated total wins for 收支总预算.
def test_nickname_expands_only_same_kind_of_body():
    unit = "人力资源和社会保障部社会保险事业管理中心"
    assert unit in expand_nickname("社保中心今年收支总预算是多少", (unit,))
    assert expand_nickname("人社部今年预算多少", (unit,)) == "人社部今年预算多少"
    assert "上海市财政局" in expand_nickname("财政局今年预算", ("上海市财政局",))
    assert expand_nickname("财政部今年预算", ("上海市财政局",)) == "财政部今年预算"


@pytest.mark.parametrize("q", ["社保中心今年收支总预算是多少", "收支总预算是多少", "社保中心收支总预算多少"])
def test_stated_whole_budget(seed, q):
    a = ask(seed, q)
    assert 4534.39 in values(a), a.answer
    assert a.question == q


def test_nickname_not_refused(sh):
    a = ask(sh, "财政局今年收入预算多少")
    assert a.status == "answered"


def test_definition_plan_needs_a_defined_term(sh_doc):
    ix = index_for((sh_doc,))
    assert "definition" in read_plan("机关运行经费是什么", ix).cues
    assert "definition" not in read_plan("机关运行经费是多少", ix).cues
