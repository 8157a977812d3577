"""决算 execution sentences answered from the fact store; posts, months and stated changes refused or not as the
documents allow."""

from __future__ import annotations

import pytest

from budgetqa.models import Paragraph

from .conftest import ask, library_of, seedlike

_SECTION = ("四、一般公共预算财政拨款支出决算情况说明",)
_TEXTS = (
    "1、一般公共服务支出（类）社会工作事务（款）行政运行（项）。主要用于：行政单位人员支出、公用支出。"
    "全年预算为 52.00 万元，支出决算为 51.32 万元，完成全年预算数的 98.69%。"
    "决算数小于全年预算数的主要原因：人员变动引起实际支出低于预算。",
    "2、卫生健康支出（类）行政事业单位医疗（款）事业单位医疗（项）。主要用于：事业单位医疗保险支出。"
    "全年预算为 2.29 万元，支出决算为0.49万元。决算数小于全年预算数的主要原因：人员变动，按实际支出。",
    "机关运行经费支出 142.80 万元，比 2022 年度减少 13.52 万元，下降 8.65%。主要原因是压减培训费。",
    "办公室设院长室、财务室、后勤部。",
)


@pytest.fixture(scope="module")
def final():
    doc = seedlike()
    paragraphs = tuple(Paragraph(section=_SECTION, text=t, page=20 + i, line=1) for i, t in enumerate(_TEXTS))
    return library_of(doc.model_copy(update={"id": "execfinal001", "kind": "决算", "paragraphs": paragraphs}))


def values(a) -> set[float]:
    return {round(f.value, 2) for f in a.figures}


def test_budget_spent_and_completion_of_one_item(final):
    a = ask(final, "行政运行全年预算多少，实际支出多少，完成了多少？")
    assert a.status == "answered" and {52.0, 51.32, 98.69} <= values(a)


def test_why_an_item_fell_short_adds_its_stated_reason(final):
    a = ask(final, "行政运行全年预算多少？为什么没完成？")
    assert "人员变动引起实际支出低于预算" in a.answer and 52.0 in values(a)


def test_budget_less_spent_is_computed_from_the_sentence(final):
    a = ask(final, "事业单位医疗全年预算和决算差了多少？")
    assert 1.8 in values(a)


def test_a_followup_asks_the_completion_of_the_earlier_item(final):
    a = ask(final, "那完成率呢？", history=["行政运行全年预算多少？"])
    assert 98.69 in values(a)


def test_a_title_inside_an_office_name_is_no_person(final):
    a = ask(final, "院长是谁？")
    assert a.status == "not_found" and "院长室" not in a.answer


def test_a_month_is_refused_whatever_the_question_kind(final):
    a = ask(final, "2023年12月支出了多少？")
    assert a.status == "not_found" and "按月" in a.answer


def test_a_change_stated_against_an_uncovered_year_is_not_refused(final):
    a = ask(final, "机关运行经费支出多少？比上年减少多少？")
    assert a.status == "answered" and {142.8, 13.52} <= values(a)


def test_a_change_with_no_item_stated_is_still_refused(final):
    a = ask(final, "差旅费比2022年增加了多少？")
    assert a.status == "not_found"


def test_a_blank_form_gives_no_figure_but_still_defines():
    doc = seedlike()
    blank_tables = tuple(
        t.model_copy(
            update={
                "rows": tuple(
                    r.model_copy(update={"cells": tuple(c.model_copy(update={"value": None}) for c in r.cells)})
                    for r in t.rows
                )
            }
        )
        for t in doc.tables
    )
    para = Paragraph(section=_SECTION, text="上海市XX局2024年度政府采购金额为XXX万元。", page=9, line=1)
    lib = library_of(doc.model_copy(update={"id": "blankform001", "tables": blank_tables, "paragraphs": (para,)}))
    refused = ask(lib, "政府采购金额是多少？")
    assert refused.status == "not_found" and not refused.figures and "没有填写金额" in refused.answer
    defined = ask(lib, "什么是三公经费？")
    assert defined.status == "answered"


def test_a_term_defined_inside_another_entry_is_answered_with_its_sentence():
    from budgetqa.models import Definition

    entry = Definition(
        number="（九）",
        term="“三公”经费",
        text="指因公出国（境）费、公务用车购置及运行维护费和公务接待费。其中：公务用车购置及运行维护费反映公务车辆的报废更新支出。",
        page=12,
        line=1,
    )
    doc = seedlike().model_copy(update={"id": "definside001", "definitions": (entry,), "tables": ()})
    a = ask(library_of(doc), "公务用车购置及运行维护费反映哪些支出？")
    assert a.status == "answered" and "报废更新" in a.answer and "因公出国" not in a.answer


def test_a_placeholder_sentence_is_never_quoted():
    para = Paragraph(section=_SECTION, text="公务用车购置及运行维护费支出 XX 万元。主要用于 XXXXXXXX。", page=9, line=1)
    doc = seedlike().model_copy(update={"id": "placeholder1", "paragraphs": (para,)})
    a = ask(library_of(doc), "公务用车购置及运行维护费主要用于什么？")
    assert "XX" not in a.answer


def test_ranking_inside_an_economic_group_keeps_its_classes():
    from .conftest import _table

    rows = [
        (None, "合计", {0: "300.00"}),
        ("30101", "基本工资", {0: "200.00"}),
        ("30201", "办公费", {0: "60.00"}),
        ("30209", "物业管理费", {0: "40.00"}),
    ]
    table = _table("t1", "表6", "一般公共预算财政拨款基本支出决算表", "general_basic_expense", [("决算数",)], rows)
    doc = seedlike().model_copy(update={"id": "econgroup001", "kind": "决算", "tables": (table,)})
    a = ask(library_of(doc), "公用经费里哪一项花得最多？")
    assert a.status == "answered" and "办公费" in a.answer and "基本工资" not in a.answer


def test_naming_the_loaded_kind_of_disclosure_beside_another_is_no_refusal(fake_lib):
    both = ask(fake_lib, "部门预算和单位预算里，住房公积金各是多少？")
    assert both.status == "answered" and both.figures
    other = ask(fake_lib, "部门预算里住房公积金是多少？")
    assert other.status == "not_found" and "部门预算" in other.answer
