"""Answers read from the fact store: purposes, definition details, compound questions, coded rows, fact ids."""

from __future__ import annotations

import pytest

from .conftest import ask


def values(a) -> set[float]:
    return {round(f.value, 2) for f in a.figures}


def test_coded_row_beats_the_units_whole_appropriation(seed):
    a = ask(seed, "2080107 的一般公共预算拨款是多少？")
    assert 781.01 in values(a) and 2636.04 not in values(a)


def test_figures_trace_to_fact_ids(seed):
    a = ask(seed, "2080107 的一般公共预算拨款是多少？")
    fig = next(f for f in a.figures if f.value == 781.01)
    assert fig.fact_id and fig.fact_id.startswith(seed.documents[0].id + ":t")  # a table cell's fact
    cited = next(c for c in a.citations if c.id == fig.citation)
    assert cited.fact_id == fig.fact_id


def test_narrative_figures_trace_to_narrative_facts(seed):
    a = ask(seed, "政府采购预算总额是多少？")
    fig = next(f for f in a.figures if f.value == 73.0)
    assert fig.fact_id and ":n" in fig.fact_id


@pytest.mark.parametrize(
    "q, words",
    [
        ("其他用车主要用来干什么？", ("应急保障之外",)),
        ("人员经费主要用在哪？", ("基本工资", "津贴补贴")),
        ("公用经费主要用在什么地方？", ("差旅费", "会议费")),
    ],
)
def test_what_an_item_is_for_is_its_narrative_sentence(seed, q, words):
    a = ask(seed, q)
    assert a.status == "answered" and all(w in a.answer for w in words)


@pytest.mark.parametrize(
    "q, words",
    [
        ("住房公积金的缴存比例是多少？", ("5%", "12%")),
        ("提租补贴每人每月标准是多少？", ("90元",)),
        ("购房补贴依据哪个文件？", ("国发〔1998〕23号",)),
    ],
)
def test_definition_details_come_from_the_definition(seed, q, words):
    a = ask(seed, q)
    assert a.kind == "definition" and all(w in a.answer for w in words)


def test_a_share_is_not_a_definition_detail(seed):
    a = ask(seed, "住房保障支出占总支出的比例")
    assert a.kind != "definition"


@pytest.mark.parametrize("q", ["局长是谁？", "中心主任是谁？"])
def test_a_person_is_not_found(seed, q):
    assert ask(seed, q).status == "not_found"


def test_compound_question_answers_each_part_and_names_the_missing_one(seed):
    a = ask(seed, "住房公积金是多少？局长是谁？")
    assert a.status == "answered" and 169.17 in values(a)
    assert "文件中没有说明" in a.answer and "局长" in a.answer


def test_change_and_reason_asked_together(seed):
    a = ask(seed, "机关运行经费比上年减少了多少？主要原因是什么？")
    assert 8.32 in values(a) and "过紧日子" in a.answer


def test_enumerated_items_each_get_their_figure(seed):
    a = ask(seed, "出国、公车、接待各多少？")
    assert {2.77, 0.68} <= values(a) and "出国" in a.answer


def test_a_total_only_the_narrative_states(seed):
    a = ask(seed, "2023年收支总预算是多少？")
    assert 4534.39 in values(a) and 2700.04 not in values(a)
    assert all(f.fact_id for f in a.figures)


def test_breakdown_items_name_the_part_not_stated(seed):
    a = ask(seed, "政府采购货物、工程、服务各多少？")
    assert {7.0, 66.0} <= values(a) and "工程：文件中没有说明" in a.answer


def test_breakdown_items_in_shanghai(sh):
    a = ask(sh, "政府采购货物、工程、服务各多少？")
    assert {42.5, 0.0, 1665.53} <= values(a) and "没有说明" not in a.answer


def test_an_unstated_change_is_said_to_be_missing(swu):
    a = ask(swu, "2023年收支总预算是多少？比上年增加多少？")
    assert 557259.13 in values(a) and "文件中没有说明：比上年增加多少" in a.answer


def test_what_a_project_is_for_is_its_performance_goal(fake_doc):
    from budgetqa.models import Paragraph

    from .conftest import library_of

    perf = fake_doc.performance[0].model_copy(update={"goals": ("开展经办机构能力提升培训，提升经办服务水平。",)})
    doc = fake_doc.model_copy(
        update={
            "id": "projpurpose1",
            "performance": (perf,),
            "paragraphs": (Paragraph(section=(), text="", page=1, line=1),),
        }
    )
    a = ask(library_of(doc), "社会保险经办管理服务与业务指导（项目）主要用来干什么？")
    assert a.status == "answered" and "能力提升培训" in a.answer and 959.96 in values(a)
