"""One case per general fix found on the two real PDFs (西南大学 预算, 上海市财政局 预算): column items crossed with rows,
totals from the broadest table, stated changes against an earlier year, units as asked, existence, stated shares,
definitions and principled refusals. Built without a retrieval index (fast); skipped where the PDFs are absent."""

from __future__ import annotations

import pytest

from budgetqa.answer.finding.cross import cross
from budgetqa.answer.question.plan import read_plan
from budgetqa.answer.question.context import context_for
from budgetqa.answer.finding.resolve import targets
from budgetqa.answer.operations.share import split_share
from budgetqa.answer.question.units import asked_unit, units_in

from .conftest import ask, library_of


def has_figure(a, value, unit):
    return any(round(f.value, 2) == value and f.unit == unit for f in a.figures)


# A column that is itself an item, read with the row the question names (one cell, not two answers).
CROSSED = [
    ("2050204 高中教育的上年结转收入是多少？", 1213.02, "上年结转"),
    ("住房公积金（2210201）使用非财政拨款结余安排了多少？", 6491.75, "使用非财政拨款结余"),
    ("高等教育的事业收入里，教育收费是多少？", 73212.23, "教育收费"),  # a sub-column under its group header
    ("收入预算表里机关事业单位基本养老保险缴费支出的其他收入是多少？", 963.45, "其他收入"),
]


@pytest.mark.parametrize("question,value,column", CROSSED)
def test_column_item_crossed_with_row(swu, question, value, column):
    a = ask(swu, question)
    assert a.status == "answered"
    assert has_figure(a, value, "万元")
    assert column in a.citations[0].locator and "收入预算表" in a.citations[0].locator


def test_crossed_rows_in_arithmetic(swu):
    a = ask(swu, "收入预算表中高等教育的财政拨款收入比高中教育多多少？")
    assert has_figure(a, 165265.95, "万元")


def test_two_row_items_are_not_crossed(swu):
    """事业收入 and 其他收入 are both items (rows of the 收支总表): summed, not read as one column of the other."""
    a = ask(swu, "事业收入和其他收入加起来是多少？")
    assert has_figure(a, 172608.26, "万元")


def test_cross_leaves_plain_questions_alone(swu):
    lib = swu
    ctx = context_for(lib, lib.documents)
    plan = read_plan("住房公积金是多少", ctx.index)
    groups = [(m, targets(plan, m, ctx.index, ctx.docs)) for m in plan.mentions]
    assert [name for name, _ in cross(plan, groups)] == [m.text for m in plan.mentions]


@pytest.mark.parametrize(
    "question,value", [("西南大学2023年项目支出合计多少？", 92759.19), ("基本支出预算总共是多少？", 376019.88)]
)
def test_measure_total_from_broadest_table(swu, question, value):
    """ "项目支出合计": the 项目支出 column of the broadest table's total row, not the 合计 column."""
    a = ask(swu, question)
    assert a.figures[0].value == value and "支出预算表" in a.citations[0].locator
    assert "财政拨款" not in a.citations[0].locator


def test_group_header_names_its_sub_columns(sh):
    a = ask(sh, "一般公共预算基本支出中人员经费合计是多少？")
    assert has_figure(a, 102464260, "元")


@pytest.mark.parametrize(
    "question,value", [("社会保障和就业支出比上年增加多少？", 932.60), ("住房保障支出比上年增长了多少？", 36.49)]
)
def test_stated_change_against_last_year_is_not_refused(swu, question, value):
    """No table prints 2022, but the narrative states the change: answered from it, not "no 2022 figures"."""
    a = ask(swu, question)
    assert a.status == "answered" and has_figure(a, value, "万元")


def test_stated_change_against_named_year(sh):
    a = ask(sh, "财政拨款收入比2024年预算减少了多少？")
    assert a.status == "answered" and has_figure(a, 990, "万元")
    b = ask(sh, "三公经费预算和2024年比有变化吗？")
    assert b.status == "answered" and "持平" in b.answer


def test_other_year_value_still_refused(sh):
    assert ask(sh, "2023年的公务接待费是多少？").status == "not_found"


def test_unit_asked_picks_the_source_printed_in_it(sh):
    assert asked_unit("财政拨款收入是多少元？") == "元" and asked_unit("折合多少万元") == "万元"
    assert asked_unit("财政拨款收入是多少？") is None and units_in("收入17,192万元") == {"万元"}
    a = ask(sh, "上海市财政局2025年财政拨款收入是多少元？")
    assert has_figure(a, 171915169, "元")


@pytest.mark.parametrize(
    "question,quote",
    [
        ("上海市财政局有政府性基金预算支出吗？", "政府性基金拨款支出预算为0"),
        ("有国有资本经营预算拨款支出吗？", "国有资本经营预算拨款支出预算为0"),
    ],
)
def test_yes_no_question_about_an_empty_table(sh, question, quote):
    a = ask(sh, question)
    assert a.answer.startswith("没有") and any(quote in c.quote for c in a.citations)


def test_empty_cell_quotes_the_narrative_amount(sh):
    a = ask(sh, "2025年有没有安排公务用车购置费？")
    assert has_figure(a, 0, "万元") and any("公务用车购置费0.00万元" in c.quote for c in a.citations)
    b = ask(sh, "2025年事业收入有多少？")
    assert any("事业收入0万元" in c.quote for c in b.citations)


def test_existence_of_a_named_item_is_not_the_scope_total(seed_doc):
    a = ask(library_of(seed_doc), "2023 年有事业收入吗？")
    assert "事业收入" in a.citations[0].locator


@pytest.mark.parametrize(
    "question,share", [("财政拨款支出中教育支出占多少比例？", 90.36), ("结转下年占支出预算的百分比？", 15.88)]
)
def test_stated_share_of_the_whole_asked(swu, question, share):
    a = ask(swu, question)
    assert has_figure(a, share, "%")


def test_stated_shares_of_several_wholes(swu):
    a = ask(swu, "住房保障支出占比是多少？")
    assert has_figure(a, 3.04, "%") and has_figure(a, 3.30, "%")


def test_zhanbi_is_a_noun_not_a_split():
    assert split_share("住房保障支出占比是多少?") == ("住房保障支出占比是多少?", "")


@pytest.mark.parametrize(
    "question,text",
    [("高等教育这个支出科目反映什么？", "教育部直属高校的日常运行支出"), ("购房补贴是什么？", "用于购买住房的补贴")],
)
def test_what_is_an_item(swu, question, text):
    a = ask(swu, question)
    assert text in a.answer and a.citations[0].table_id is None and "反映" in a.citations[0].quote


def test_includes_falls_back_to_definition(sh):
    a = ask(sh, "“三公”经费包括哪些？")
    assert "公务用车购置及运行费" in a.answer and "名词解释" in a.citations[0].locator


@pytest.mark.parametrize("question", ["校长张卫国的年薪是多少？", "西南大学“三公”经费预算是多少？"])
def test_refusals_swu(swu, question):
    a = ask(swu, question)
    assert a.status == "not_found" and not a.figures


@pytest.mark.parametrize(
    "question", ["上海市财政局局长的工资是多少？", "上海市教委2025年的预算是多少？", "上海市财政局有多少在编人员？"]
)
def test_refusals_sh(sh, question):
    a = ask(sh, question)
    assert a.status == "not_found" and not a.figures


def test_more_measures_matched_ranks_first(sh):
    """ "基本支出的人员经费": the column under 基本支出 › 人员经费 beats a plain 基本支出 column."""
    a = ask(sh, "一般公共服务支出中基本支出的人员经费是多少？")
    assert has_figure(a, 60330260, "元")


def test_item_column_share_of_its_group_total(sh):
    a = ask(sh, "因公出国（境）费占三公经费的百分之多少？")
    assert has_figure(a, 83.37, "%") and "288.70 ÷ 346.30" in a.answer


def test_share_of_narrative_only_figures(sh):
    """Neither amount is in a table: both come from one sentence, the whole at least the part."""
    a = ask(sh, "政府采购服务预算占政府采购预算的比例？")
    assert has_figure(a, 97.51, "%") and "1,665.53 ÷ 1,708.03" in a.answer


def test_earlier_year_from_a_stated_change(sh):
    a = ask(sh, "2024年的财政拨款收入预算是多少？")
    assert a.status == "answered" and has_figure(a, 18182, "万元") and "17,192 + 990" in a.answer
    assert ask(sh, "2023年的财政拨款收入预算是多少？").status == "not_found"


def test_complement_of_a_scope(swu):
    a = ask(swu, "住房公积金支出里不是财政拨款的部分有多少？")
    assert has_figure(a, 8606.49, "万元") and "16,054.93 − 7,448.44" in a.answer


def test_followup_share_keeps_the_whole(swu):
    a = ask(swu, "科学技术支出呢？", ["教育支出占支出预算的比例是多少？"])
    assert has_figure(a, 0.50, "%")


def test_everyday_name_of_a_school(swu):
    a = ask(swu, "附小一年要花多少钱？")
    assert a.figures[0].value == 9631.68


def test_parts_of_a_total_from_the_narrative(swu):
    a = ask(swu, "2023年收入预算由哪几部分构成？")
    assert all(w in a.answer for w in ("财政拨款收入", "事业收入", "其他收入", "上年结转")) and "41.43%" in a.answer


def test_change_of_an_item_the_narrative_does_not_state_is_refused(swu):
    """The narrative states 教育支出's change, not 高中教育's: no table has 2022, so no answer (and no borrowing)."""
    a = ask(swu, "高中教育比上年增加多少？")
    assert a.status == "not_found" and not a.figures


def test_conversion_when_asked(sh):
    a = ask(sh, "行政运行的预算折合多少万元？")
    assert has_figure(a, 8486.17, "万元") and "84,861,719 ÷ 10,000" in a.answer


def test_purchase_count_is_not_the_fleet(sh):
    a = ask(sh, "2025年计划买几辆车？")
    assert any("购置车辆0辆" in c.quote for c in a.citations)


@pytest.mark.parametrize(
    "question,kind",
    [
        ("有国有资本经营预算拨款支出吗？", "existence"),
        ("三公经费预算和2024年比有变化吗？", "compare"),
        ("购房补贴是什么？", "definition"),
        ("教育支出比上年增加的主要原因是什么？", "reason"),
    ],
)
def test_question_forms(swu, question, kind):
    ctx = context_for(swu, swu.documents)
    assert read_plan(question, ctx.index).kind == kind
