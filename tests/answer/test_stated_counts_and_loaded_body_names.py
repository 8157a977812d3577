"""Words before the loaded unit's own name are no other body; a count of people a 概况 sentence states is answered
with its sentence, both parts of "有多少X？其中Y有多少人？"; a list of the tables is asked by a list word before 表."""

from __future__ import annotations

import pytest

from budgetqa.answer.question.context import context_for
from budgetqa.answer.question.followup import plan_with_history
from budgetqa.answer.operations.structure import claims_table_list
from budgetqa.models import Paragraph

from .conftest import ask, library_of, seedlike

_STAFF = "现有专任教师 3120 人，其中教授 727 人、副教授 1277 人，博士生导师 535 人、硕士生导师 1699 人。"
_UNIT = "西北示范大学"


@pytest.fixture(scope="module")
def school():
    doc = seedlike()
    paragraphs = (
        Paragraph(section=("一、基本情况",), text="学校拥有一支结构合理的师资队伍。" + _STAFF, page=4, line=50),
        Paragraph(section=("一、基本情况",), text="学校建有国家重点实验室 1 个、工程研究中心 4 个。", page=4, line=60),
    )
    return library_of(
        doc.model_copy(update={"id": "staffcount1", "unit_name": _UNIT, "paragraphs": paragraphs, "year": 2021})
    )


def _figures(answer) -> set[tuple[float, str]]:
    return {(f.value, f.unit) for f in answer.figures}


def test_filler_before_the_loaded_units_name_is_not_another_body(school):
    a = ask(school, f"那份预算里说{_UNIT}有多少专任教师？")
    assert a.status == "answered" and "不涉及" not in a.answer
    assert "3120" in a.answer


def test_a_body_in_another_region_with_the_units_name_is_still_another_body(school):
    a = ask(school, "北京市东城区示范大学有多少专任教师？")
    assert a.status == "not_found" and "不涉及" in a.answer


def test_a_count_of_a_thing_asked_after_its_count_word_is_the_stated_count(school):
    a = ask(school, "学校有多少专任教师？")
    assert a.status == "answered" and (3120.0, "人") in _figures(a)
    assert "国家重点实验室" not in a.answer  # the sentence that states it, not the paragraph around it


def test_people_counted_by_ming_or_wei_are_stated_in_ren(school):
    a = ask(school, "学校有几名博士生导师？")
    assert a.status == "answered" and (535.0, "人") in _figures(a)


def test_both_parts_of_a_count_and_its_of_which_are_answered(school):
    a = ask(school, f"2021年那份预算里说{_UNIT}有多少专任教师？其中教授有多少人？")
    assert a.status == "answered"
    assert {(3120.0, "人"), (727.0, "人")} <= _figures(a)
    assert "国家重点实验室" not in a.answer and "没有说明" not in a.answer


def test_a_follow_up_count_names_its_own_subject(school):
    a = ask(school, "其中教授有多少人？", history=["学校有多少专任教师？"])
    assert a.status == "answered" and (727.0, "人") in _figures(a)


@pytest.mark.parametrize(
    ("question", "claimed"),
    [
        ("这份决算模板的第二部分有哪些决算表？", True),
        ("部门预算包括哪些预算表？", True),
        ("一共有哪几张表？", True),
        ("支出决算表里有哪些科目？", False),
        ("哪些项目在支出表里？", False),
        ("哪些预算表里列了住房公积金？", False),
    ],
)
def test_a_list_word_before_table_asks_the_tables(question, claimed):
    lib = library_of(seedlike())
    ctx = context_for(lib, lib.documents)
    assert claims_table_list(plan_with_history(question, (), ctx.index), ctx) is claimed


def test_the_tables_of_a_kind_asked_are_the_contents_list():
    doc = seedlike().model_copy(update={"id": "struct101", "listed_tables": ("收入支出决算总表", "收入决算表")})
    a = ask(library_of(doc), "这份文件的第二部分有哪些决算表？")
    assert a.status == "answered" and "共 2 张表" in a.answer and "收入决算表" in a.answer
