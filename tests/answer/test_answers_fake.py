"""Every kind of question on the hand-built seed-like document: figures copied, formulas shown, cited."""

from __future__ import annotations

import re

import pytest

from budgetqa.answer import answer_question


def ask(lib, q, history=()):
    return answer_question(q, lib, history=history)


def figures(answer):
    return {(f.value, f.unit) for f in answer.figures}


def test_value_with_lexicon(fake_lib):
    a = ask(fake_lib, "一般公共预算里出差花了多少")
    assert a.status == "answered" and "34.74 万元" in a.answer
    assert a.citations[0].locator.startswith("单位公开表6 一般公共预算基本支出表 › 30211 差旅费")
    assert a.citations[0].table_id == "t6" and a.citations[0].column_key == "c0"


def test_ambiguous_item_lists_other_scopes(fake_lib):
    a = ask(fake_lib, "住房公积金预算是多少")
    first = a.answer.split("口径不同")[0]
    assert "169.17 万元" in first
    assert "112.82 万元" in a.answer and "一般公共预算支出表" in a.answer
    assert {(169.17, "万元"), (112.82, "万元")} <= figures(a)


def test_scope_word_picks_table(fake_lib):
    a = ask(fake_lib, "住房公积金在一般公共预算里是多少")
    assert a.answer.split("口径不同")[0].count("112.82") == 1


def test_compare_uses_table_change_columns(fake_lib):
    a = ask(fake_lib, "行政运行比上年增减多少")
    assert "-50.99 万元" in a.answer and "-3.82%" in a.answer and "1,335.31" in a.answer


def test_compare_computes_with_formula(fake_lib):
    a = ask(fake_lib, "三公经费比上年减少多少")
    assert "3.45 − 7.16 = -3.71 万元" in a.answer
    assert (-51.82, "%") in figures(a)


def test_reason_is_quoted(fake_lib):
    a = ask(fake_lib, "行政运行为什么减少")
    assert "统筹使用结转资金" in a.answer and a.kind == "reason"
    assert "一般公共预算当年拨款具体使用情况" in a.citations[0].locator


def test_stated_share_is_quoted(fake_lib):
    a = ask(fake_lib, "基本支出占比多少")
    assert "77.50%" in a.answer and (77.5, "%") in figures(a)


def test_computed_share_shows_formula(fake_lib):
    a = ask(fake_lib, "差旅费占公用经费的比例")
    assert "34.74 ÷ 313.01 = 11.10%" in a.answer


def test_rank_within_column(fake_lib):
    a = ask(fake_lib, "人员经费里哪项最多")
    assert "津贴补贴" in a.answer and "826.41" in a.answer


def test_rank_min_by_level(fake_lib):
    a = ask(fake_lib, "哪类支出最少")
    assert "住房保障支出（221）" in a.answer.split("其次")[0]


def test_difference_of_rows(fake_lib):
    a = ask(fake_lib, "行政运行比社会保险业务管理事务多多少")
    assert "1,967.23 − 959.96 = 1,007.27 万元" in a.answer


def test_sum_of_rows(fake_lib):
    a = ask(fake_lib, "行政运行和社会保险业务管理事务一共多少")
    assert "1,967.23 + 959.96 = 2,927.19 万元" in a.answer


def test_children(fake_lib):
    a = ask(fake_lib, "住房保障支出包括哪些")
    for name in ("住房公积金", "提租补贴", "购房补贴"):
        assert name in a.answer
    assert len(a.citations) == 4


def test_definition(fake_lib):
    a = ask(fake_lib, "什么是三公经费")
    assert a.kind == "definition" and "公务接待费" in a.answer
    assert a.citations[0].locator.endswith("（七）")


def test_definition_by_last_segment(fake_lib):
    a = ask(fake_lib, "行政运行是什么意思")
    assert "基本支出" in a.answer and a.kind == "definition"


def test_existence_of_empty_table(fake_lib):
    a = ask(fake_lib, "有没有政府性基金预算")
    assert a.status == "answered" and a.answer.startswith("没有")
    assert "故表中无数据" in a.citations[0].quote


def test_existence_of_empty_row(fake_lib):
    a = ask(fake_lib, "有没有租赁费")
    assert "没有安排金额" in a.answer and not a.figures


def test_org_fact(fake_lib):
    a = ask(fake_lib, "内设几个处室")
    assert "14 个" in a.answer and (14.0, "个") in figures(a)


def test_performance_target(fake_lib):
    a = ask(fake_lib, "培训班合格率目标是多少")
    assert "≥95百分比" in a.answer and a.kind == "performance"


def test_explain_from_narrative(fake_lib):
    a = ask(fake_lib, "政府采购情况")
    assert "73.00万元" in a.answer and (73.0, "万元") in figures(a)


def test_followup_year(fake_lib):
    a = ask(fake_lib, "那2022年呢？", history=("行政运行预算多少",))
    assert "1,335.31 万元" in a.answer


def test_followup_column(fake_lib):
    a = ask(fake_lib, "它的项目支出呢？", history=("社会保险业务管理事务是多少",))
    assert a.answer.startswith("单位支出总表中，社会保险业务管理事务（2080107）的项目支出为 959.96")
    assert a.citations[0].locator == "单位公开表3 单位支出总表 › 2080107 社会保险业务管理事务 › 项目支出"


@pytest.mark.parametrize(
    "question", ["2019年差旅费多少", "北京市财政局的差旅费", "今天天气怎么样", "局长是谁", "asdfgh", "", "   "]
)
def test_not_found_has_no_figure(fake_lib, question):
    a = ask(fake_lib, question)
    assert a.status == "not_found" and not a.figures and a.answer


def test_year_the_row_lacks(fake_lib):
    a = ask(fake_lib, "2022年差旅费多少")
    assert a.status == "not_found" and "2023年" in a.answer and not a.figures


def test_english(fake_lib):
    assert "34.74" in ask(fake_lib, "How much are the travel expenses?").answer
    assert "3,514.19" in ask(fake_lib, "basic expenditure").answer


def test_every_marker_has_a_citation_and_figures_cite_existing(fake_lib):
    for q in ("住房公积金预算是多少", "三公经费比上年减少多少", "住房保障支出包括哪些", "人员经费里哪项最多"):
        a = ask(fake_lib, q)
        ids = {c.id for c in a.citations}
        assert {int(m) for m in re.findall(r"\[(\d+)\]", a.answer)} == ids
        assert all(f.citation in ids for f in a.figures)


def test_json_contract(fake_lib):
    data = ask(fake_lib, "差旅费多少").to_json()
    assert set(data) == {"question", "status", "answer", "citations", "figures"}
    assert data["citations"][0]["quote"] and data["citations"][0]["page"] == 3


def test_no_documents():
    from .conftest import library_of

    a = answer_question("差旅费多少", library_of())
    assert a.status == "not_found"


def test_unknown_doc_choice(fake_lib):
    a = answer_question("差旅费多少", fake_lib, doc="不存在的单位")
    assert a.status == "not_found" and "已载入" in a.answer
