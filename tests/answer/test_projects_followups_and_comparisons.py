"""Regressions for general fixes found on the seed: project funds and 分值, answerability (figure kind, year),
概况 items, follow-ups that leave out their topic, one item in two tables, readable comparisons and rankings."""

from __future__ import annotations

import pytest

from budgetqa.answer.question.asked import asked_figure, count_unit, shows, years_fit
from budgetqa.answer.operations.orgitems import chinese_number
from budgetqa.answer.question.plan import Plan

from .conftest import ask


def values(a) -> set[tuple[float, str]]:
    return {(round(f.value, 2), f.unit) for f in a.figures}


# --- pure functions -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question, kind",
    [
        ("中心有多少在职职工？", "count"),
        ("应急保障用车有几辆？", "count"),
        ("综合处的预算是多少？", "money"),
        ("花了多少钱", "money"),
        ("住房公积金的缴存比例是多少？", "percent"),
        ("收入包括哪几类？", None),
        ("培训人数是多少？", None),
        ("其他用车主要用于什么？", None),
    ],
)
def test_asked_figure(question, kind):
    assert asked_figure(question) == kind


def test_count_unit_and_shows():
    assert count_unit("单位有几辆车") == "辆"
    assert count_unit("住房改革支出下有哪几项") is None
    assert not shows("count", "缴存比例最低不低于5%")
    assert shows("count", "单位共有车辆2辆")
    assert shows("money", "2023年无政府性基金预算")  # a stated absence answers an amount question
    assert not shows("money", "内设14个处室")


def test_years_fit():
    plan = Plan("2022年政府采购预算是多少", "2022年政府采购预算是多少", "value", years=(2022,))
    assert not years_fit(plan, "2023年政府采购预算总额73.00万元", 2023)
    assert years_fit(plan, "比2022年预算减少8.32万元", 2023)
    assert not years_fit(plan, "政府采购预算总额73.00万元", 2023)  # no year named: the document's own


@pytest.mark.parametrize("text, n", [("十", 10), ("十一", 11), ("二十三", 23), ("三", 3), ("7", 7)])
def test_chinese_number(text, n):
    assert chinese_number(text) == n


# --- on the seed ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question, figure",
    [
        ("远程教育专题教材制播工作项目年度资金总额多少？", (60.24, "万元")),
        ("远程教育专题教材制播工作项目的上年结转是多少？", (14.24, "万元")),
        ("社会保险经办管理服务与业务指导项目中财政拨款是多少？", (781.01, "万元")),
        ("社会保险经办管理服务与业务指导项目的办公场所租赁费指标值是多少？", (832.5, "万元")),
        ("社会保险经办管理服务与业务指导项目的资金中财政拨款占多少比例？", (81.36, "%")),
        ("企业职工基本养老保险核心数据质量评分要达到多少？", (90.0, "分")),
    ],
)
def test_project_funds_and_indicators(seed, question, figure):
    a = ask(seed, question)
    assert a.status == "answered" and figure in values(a), a.answer


def test_indicator_shows_its_score(seed):
    a = ask(seed, "培训班受训人员满意度指标是多少，分值多少？")
    assert {(90.0, "%"), (10.0, "分")} <= values(a)
    assert any("10" in c.quote.split()[-1] for c in a.citations)  # the 分值 is in the quote, as printed


def test_project_goals_counted(seed):
    a = ask(seed, "社会保险经办管理服务与业务指导项目的绩效目标有几个？")
    assert (7.0, "个") in values(a) and "目标7" in a.answer


def test_project_list(seed):
    a = ask(seed, "附件里有哪两个项目绩效目标表？")
    assert "社会保险经办管理服务与业务指导" in a.answer and "远程教育" in a.answer and (2.0, "个") in values(a)


def test_followup_keeps_the_project(seed):
    a = ask(seed, "其中财政拨款呢？", ["社会保险经办管理服务与业务指导项目的资金总额是多少？"])
    assert (781.01, "万元") in values(a)


@pytest.mark.parametrize(
    "question",
    [
        "中心有多少在职职工？",  # a passage mentioning 在职职工 holds no count of them
        "综合处的预算是多少？",  # the 处室 list holds no amount
        "2022 年政府采购预算是多少？",  # the sentence states 2023 only
        "2023 年全国社会保险基金总收入是多少？",  # shared words with an indicator are no answer
    ],
)
def test_weak_matches_are_not_answers(seed, question):
    a = ask(seed, question)
    assert a.status == "not_found" and not a.figures, a.answer


def test_org_items(seed):
    assert "国际交流与合作" in ask(seed, "中心的第十项职责是什么？").answer
    assert "职业年金管理处" in ask(seed, "负责职业年金的是哪个处室？").answer
    a = ask(seed, "应急保障用车有几辆？")
    assert (1.0, "辆") in values(a) and "公务用车运行维护费" not in a.answer


def test_what_for_is_not_how_much(seed):
    assert "应急保障之外公务用途" in ask(seed, "其他用车主要用于什么？").answer


def test_list_sentence_for_which_kinds(seed):
    a = ask(seed, "2023 年单位的收入包括哪几类？")
    assert all(w in a.answer for w in ("一般公共预算拨款收入", "其他收入", "上年结转"))


def test_concept_named_is_not_refused(seed):
    assert "综合预算的原则" in ask(seed, "所有收入和支出按照什么原则纳入部门预算管理？").answer


def test_topicless_followups(seed):
    a = ask(seed, "比去年减少了多少？", ["购房补贴今年一般公共预算多少？"])
    assert (-1.52, "万元") in values(a)
    assert "落实过紧日子要求" in ask(seed, "为什么减少？", ["机关运行经费是多少？"]).answer


def test_one_item_in_two_tables(seed):
    a = ask(seed, "行政运行在单位支出总表中的金额比一般公共预算数多多少？")
    assert "1,967.23 − 1,284.32 = 682.91" in a.answer


def test_comparison_reads_like_a_sentence_and_quotes_the_narrative(seed):
    a = ask(seed, "2023 年公务接待费和上年比有变化吗？")
    assert a.answer.startswith("财政拨款预算“三公”经费支出表中，公务接待费的2023年预算数为")
    assert "与上年持平" in a.answer and "›" not in a.answer


def test_rank_uses_the_column_holding_every_measure(seed):
    a = ask(seed, "基本支出中哪一项公用经费最多？")
    assert a.answer.startswith("一般公共预算基本支出表中") and "其他交通费用（30239）" in a.answer


def test_earlier_year_implied_by_a_stated_change(seed):
    a = ask(seed, "2022 年机关运行经费预算是多少？")
    assert "313.01 + 8.32 = 321.33" in a.answer and (321.33, "万元") in values(a)


def test_two_items_asked_at_once(seed):
    from budgetqa.answer.question.both import split_both

    assert split_both("收支总预算和财政拨款收支总预算分别是多少？") == (
        "收支总预算是多少?",
        "财政拨款收支总预算是多少?",
    )
    a = ask(seed, "收支总预算和财政拨款收支总预算分别是多少？")
    assert {(4534.39, "万元"), (4470.39, "万元")} <= values(a)
    assert [c.id for c in a.citations] == list(range(1, len(a.citations) + 1))


def test_computed_share_reads_like_a_sentence(seed):
    a = ask(seed, "差旅费占公用经费的百分之几？")
    assert a.answer.startswith("一般公共预算基本支出表中，差旅费（30211）") and "34.74 ÷ 313.01 = 11.10%" in a.answer


def test_earlier_years_execution_is_not_refused(seed):
    a = ask(seed, "2022 年一般行政管理事务执行数和 2023 年预算比有什么变化？")
    assert a.status == "answered" and "持平" in a.answer
