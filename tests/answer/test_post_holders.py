"""Who holds a post: answered from a 概况 sentence that names someone in that post, refused when none does; a
question naming the loaded body after a year and filler words is about that body, not another one."""

from __future__ import annotations

import pytest

from budgetqa.answer.operations.holder import asked_titles, holders
from budgetqa.models import Paragraph

from .conftest import ask, library_of, seedlike

_OVERVIEW = ("一、单位基本情况", "（一）基本情况")
_NAMED = "本中心是人社部直属事业单位。现任党委书记王建国同志、主任李卫东研究员，副主任张三、刘四。"


@pytest.fixture(scope="module")
def named():
    doc = seedlike()
    para = Paragraph(section=_OVERVIEW, text=_NAMED, page=2, line=1)
    return library_of(doc.model_copy(update={"id": "namedpost001", "paragraphs": (para, *doc.paragraphs)}))


@pytest.mark.parametrize(
    "title, sentence, names",
    [
        ("校长", "现任党委书记李旭锋教授、校长张卫国教授。", ("张卫国",)),
        ("书记", "现任党委书记李旭锋教授、校长张卫国教授。", ("李旭锋",)),
        ("校长", "副校长王某某、校长赵六。", ("赵六",)),
        ("局长", "王五同志任局长。", ("王五",)),
        ("局长", "局长：欧阳明，分管财务。", ("欧阳明",)),
        ("院长", "设院长室、办公室、财务室。", ()),
        ("主任", "核定主任科员3名。", ()),
        ("主任", "主任任组长，副主任任副组长。", ()),
        ("局长", "局长明确，各处室负责。", ()),
        ("校长", "副校长王某某分管财务。", ()),
    ],
)
def test_a_name_beside_the_title_is_read_and_nothing_else(title, sentence, names):
    assert holders(title, sentence) == names


def test_a_title_inside_a_longer_title_asked_is_not_asked():
    assert asked_titles("副校长是谁") == ("副校长",)


def test_the_post_holder_named_in_the_overview_is_answered_with_its_sentence(named):
    a = ask(named, "中心主任是谁？")
    assert a.status == "answered" and "李卫东" in a.answer and "王建国" not in a.answer.split("原文")[0]
    assert a.citations and a.citations[0].page == 2 and "李卫东" in a.citations[0].quote


def test_a_post_the_overview_names_no_one_in_is_refused(named):
    a = ask(named, "中心的局长是谁？")
    assert a.status == "not_found" and "王建国" not in a.answer and "李卫东" not in a.answer


def test_a_person_is_refused_when_the_document_names_no_one(seed):
    assert ask(seed, "中心主任叫什么名字？").status == "not_found"


def test_year_and_filler_words_before_the_loaded_body_are_no_other_body(named):
    a = ask(named, "2023年预算里写的人力资源和社会保障部社会保险事业管理中心现任主任是谁？")
    assert a.status == "answered" and "李卫东" in a.answer and "不涉及" not in a.answer


def test_another_body_after_filler_words_is_still_refused_by_its_own_name(named):
    a = ask(named, "2023年预算里写的北京大学校长是谁？")
    assert a.status == "not_found" and "“北京大学”" in a.answer
