"""Regression tests for general fixes of the answer pipeline (each on the real seed fixture or hand-built data)."""

from __future__ import annotations

import pytest

from budgetqa.answer import registry
from budgetqa.answer.writing.phrase import item_name
from budgetqa.answer.question.plan import read_plan
from budgetqa.answer.question.context import context_for
from budgetqa.answer.operations.share import split_share
from budgetqa.models import Row

from .conftest import ask


def test_code_dominates_scope_words(seed):
    """An explicit code picks the row; "一般公共预算拨款" only says which table (not 表4's row of that name)."""
    a = ask(seed, "2080107 的一般公共预算拨款比上年少多少？")
    assert a.status == "answered"
    assert any(f.value == -8.99 for f in a.figures)
    assert all("2080107" in c.locator for c in a.citations if c.table_id)  # cells; the narrative may add its sentence


def test_code_before_year_is_not_fused(seed):
    """ "2080107 2023 年" keeps the code and the year apart once spaces are dropped."""
    plan = read_plan("2080107 2023 年一般公共预算项目支出是多少？", context_for(seed, seed.documents).index)
    assert [m.keys[0] for m in plan.mentions] == ["2080107"] and plan.years == (2023,)


def test_named_table_restricts_the_row(seed):
    a = ask(seed, "财政拨款收支总表的收入总计是多少？")
    assert "4,470.39" in a.answer and a.citations[0].locator.startswith("单位公开表4")


def test_scope_alone_is_the_scope_total(seed):
    a = ask(seed, "一般公共预算支出 2022 年执行数是多少？")
    assert a.figures[0].value == 2672.18 and "一般公共预算支出表" in a.citations[0].locator


def test_percent_change_is_a_change_not_a_share(seed):
    a = ask(seed, "行政运行的一般公共预算比 2022 年执行数降低了百分之几？")
    assert any(round(f.value, 2) == -3.82 for f in a.figures)


def test_share_of_a_named_whole(seed):
    """The whole after 占 decides the denominator; the computed share shows a formula the scorer can check."""
    a = ask(seed, "社会保险业务管理事务占全部项目支出的比例？")
    assert "959.96 ÷ 1,020.20 = 94.10%" in a.answer
    assert split_share("一般公共预算当年拨款中社会保障和就业支出占多少") == (
        "社会保障和就业支出",
        "一般公共预算当年拨款",
    )


def test_share_of_two_measures(seed):
    a = ask(seed, "人员经费占一般公共预算基本支出的比例是多少？")
    assert "1,496.02 ÷ 1,809.03 = 82.70%" in a.answer


def test_narrative_breakdown_explains_a_change(seed):
    a = ask(seed, "三公经费为什么下降？")
    assert "因公出国（境）费0万元，比上年减少3.71万元" in a.answer and "没有说明这一变化的原因" not in a.answer


def test_stated_figure_beats_a_weak_table_match(seed):
    a = ask(seed, "2023 年政府采购预算总额是多少？")
    assert "73.00万元" in a.answer and "政府采购" in a.citations[0].locator


def test_sum_of_three_items(seed):
    a = ask(seed, "基本工资、津贴补贴和奖金加起来是多少？")
    assert "100.00 + 826.41 + 10.00 = 936.41" in a.answer


def test_difference_of_two_measures(seed):
    a = ask(seed, "人员经费比公用经费多多少？")
    assert "1,496.02 − 313.01 = 1,183.01" in a.answer


@pytest.mark.parametrize(
    "question",
    [
        "人力资源和社会保障部本级 2023 年部门预算总额是多少？",  # another kind of disclosure
        "财政部 2023 年的机关运行经费是多少？",  # another body
        "2023 年 12 月实际花了多少差旅费？",  # a month
        "今年差旅费实际花了多少？",  # this year's actual spending, asked of a budget
    ],
)
def test_outside_the_document(seed, question):
    a = ask(seed, question)
    assert a.status == "not_found" and not a.figures


def test_全部_is_not_a_ministry(seed):
    assert ask(seed, "社会保险业务管理事务占全部项目支出的比例？").status == "answered"


def test_internal_error_becomes_not_found(seed, monkeypatch, caplog):
    def boom(plan, ctx):
        raise RuntimeError("bug")

    monkeypatch.setitem(registry.HANDLERS, "value", boom)
    a = ask(seed, "差旅费是多少")
    assert a.status == "not_found" and "内部错误" in a.answer
    assert "internal error" in caplog.text


def test_share_never_crashes_on_empty_whole(seed):
    for q in ("一般公共预算当年拨款中社会保障和就业支出占多少？", "一般公共预算当年拨款结构中住房保障支出占比是多少？"):
        assert ask(seed, q).answer


def test_plain_wording_keeps_locator_in_citation(seed):
    a = ask(seed, "一般公共预算基本支出表中差旅费是多少？")
    assert a.answer.startswith("一般公共预算基本支出表中，差旅费（30211）")
    assert "›" not in a.answer and "›" in a.citations[0].locator
    assert item_name(Row(index=0, code="30211", name="差旅费")) == "差旅费（30211）"
