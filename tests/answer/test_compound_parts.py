"""Compound questions (answer/question/frames.py, pipeline._compound): clauses joined by a comma that both ask are parts; a
later part naming nothing of its own keeps the earlier part's subject; a part naming a subject no earlier part names
is answered on its own; counts of 科室 are counts of 内设机构."""

from __future__ import annotations

import pytest

from types import SimpleNamespace

from budgetqa.answer.question import frames
from budgetqa.answer import pipeline
from budgetqa.models import Answer, Citation, Figure

from .conftest import ask


def values(a) -> set[float]:
    return {round(f.value, 2) for f in a.figures}


@pytest.mark.parametrize(
    "question, parts",
    [
        ("“某计划”这个项目给了多少钱，要培训多少名老师？", ["“某计划”这个项目给了多少钱", "要培训多少名老师？"]),
        ("三公经费年初预算多少，实际花了多少，完成率多少？", ["三公经费年初预算多少", "实际花了多少", "完成率多少？"]),
        ("A是多少？B是多少？", ["A是多少？", "B是多少？"]),
        # a clause that asks nothing stays with the clause after it
        (
            "高等教育（2059802），收入决算和支出决算各是多少？相差多少？",
            ["高等教育（2059802），收入决算和支出决算各是多少？", "相差多少？"],
        ),
        ("2023年，住房公积金是多少？", ["2023年，住房公积金是多少？"]),
    ],
)
def test_clauses_split_at_a_comma_only_between_two_asking_clauses(question, parts):
    assert [c for c, _ in frames.clauses(question)] == parts


def test_a_comma_joined_clause_is_marked_as_sharing_the_clause_before():
    assert [j for _, j in frames.clauses("A给了多少钱，要培训多少人？B是多少？")] == [False, True, False]
    assert frames.question_parts("A给了多少钱，要培训多少人？") == ["A给了多少钱，要培训多少人？"]


def test_own_words_are_a_subject_no_earlier_part_names():
    assert frames.own_words("其中农林水支出减了多少？", ["2021年本年支出预算比上年减少了多少？"]) == ("农林水支",)
    # measure and ask words name no subject of their own
    assert frames.own_words("实际支出多少", ["行政运行（2013901）全年预算多少"]) == ()
    assert frames.own_words("主要用于什么？", ["“事业运行”这个科目安排了多少钱"]) == ()
    assert frames.own_words("主要原因是什么？", ["机关运行经费比上年减少了多少？"]) == ()


def test_subject_words_leave_out_the_measure_asked():
    assert frames.subject_words("行政运行（2013901）全年预算多少") == ("行政运行",)
    assert "事业单位医疗" in frames.subject_words("事业单位医疗全年预算多少")


def test_an_answer_says_own_words_by_three_characters_in_a_row():
    a = Answer(question="q", status="answered", answer="外事科的职责：审核外事文件。")
    assert frames.says_own_words(a, ("外事科管",))
    assert not frames.says_own_words(a, ("农林水支",))


def test_a_later_clause_keeps_the_projects_subject(seed):
    a = ask(seed, "社会保险经办管理服务与业务指导这个项目给了多少钱，要培训多少人？")
    assert 959.96 in values(a) and 420 in values(a)


def test_a_joined_clause_does_not_bring_another_items_sentence(seed):
    a = ask(seed, "机关运行经费比 2022 年预算减少多少，降低百分之几？")
    assert {8.32, 2.59} <= values(a) and 50.99 not in values(a) and "行政运行" not in a.answer


@pytest.mark.parametrize("q", ["中心设了几个内设科室？", "中心有几个科室？"])
def test_a_count_of_offices_read_as_the_internal_bodies(seed, q):
    a = ask(seed, q)
    assert a.status == "answered" and 14 in values(a)


def _said(text: str, *figures: float) -> Answer:
    return Answer(
        question="q",
        status="answered",
        answer=text,
        citations=(Citation(id=1, doc="d", locator="p", page=1, quote=text),),
        figures=tuple(Figure(value=v, unit="万元", citation=1) for v in figures),
    )


WHOLE = _said("本年支出预算比上年减少 2,219.02 万元，三是农林水支出减少。[1]", 2219.02)


def _compound_with(monkeypatch, single, question):
    """pipeline._compound over canned answers: ``single(part, has_history)`` answers each part."""
    monkeypatch.setattr(pipeline, "run", lambda plan, ctx: WHOLE)
    monkeypatch.setattr(pipeline, "_single", lambda part, ctx, history: single(part, bool(history)))
    monkeypatch.setattr(pipeline, "_names_own_item", lambda part, ctx: False)
    monkeypatch.setattr(pipeline, "_continued", lambda part, ctx, history: None)
    return pipeline._compound(question, SimpleNamespace(mentions=()), None, ())


def test_a_part_naming_a_subject_of_its_own_is_answered_alone(monkeypatch):
    """The part read with the earlier part as its history repeats the whole answer; read alone it finds the
    sentence that names its own subject (no table row names it), and that is added."""
    alone = _said("其中：农林水支出减少 1,206 万元。[1]", 1206)

    def single(part, has_history):
        return WHOLE if has_history or "农林水" not in part else alone

    a = _compound_with(monkeypatch, single, "本年支出预算比上年减少了多少？其中农林水支出减了多少？")
    assert {2219.02, 1206} <= values(a)


def test_an_alone_answer_not_saying_the_parts_subject_is_not_added(monkeypatch):
    other = _said("教育支出减少 1,505.49 万元。[1]", 1505.49)

    def single(part, has_history):
        return WHOLE if has_history or "农林水" not in part else other

    a = _compound_with(monkeypatch, single, "本年支出预算比上年减少了多少？其中农林水支出减了多少？")
    assert 1505.49 not in values(a)


def test_a_joined_clause_answered_about_another_subject_is_dropped(monkeypatch):
    other = _said("事业运行：全年预算 17.68 万元，支出决算 11.31 万元。[1]", 17.68, 11.31)

    def single(part, has_history):
        return other if has_history else WHOLE

    a = _compound_with(monkeypatch, single, "行政运行全年预算多少，实际支出多少？")
    assert 17.68 not in values(a) and "没有说明" not in a.answer
