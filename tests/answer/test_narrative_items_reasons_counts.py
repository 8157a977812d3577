"""A numbered 说明 item is one unit; a reason is its whole clause chain; a stated count or absence is an answer."""

from __future__ import annotations

import pytest

from budgetqa.models import Paragraph

from .conftest import ask, library_of, seedlike

_SECTION = ("五、一般公共预算财政拨款支出决算情况说明", "（三）一般公共预算财政拨款支出决算具体情况")
_TEXTS = (
    (
        _SECTION,
        "2、一般公共服务支出（类）社会工作事务（款）事业运行（项）。主要用于：事业单位人员支出。全年预算为 17.68 万元，"
        "支出决算为 11.31 万元。决算数小于全年预算数的主要原因：单位新成立，人员变动，按实际支出。",
    ),
    (
        _SECTION,
        "3、一般公共服务支出（类）社会工作事务（款）其他社会工作事务支出（项）。主要用于：新建部门开办费、基层政权和"
        "社区建设项目支出。全年预算为 202.24 万元，支出决算为 202.24 万元。决算数与全年预算数持平。",
    ),
    (
        ("十一、其他重要事项的情况说明", "（一）机关运行经费支出情况"),
        "机关运行经费支出 142.80 万元，比 2023 年度减少 13.52 万元，下降 8.65%。主要原因是严格落实中央八项规定，"
        "合理支出。较上一年度减少了培训费支出等。",
    ),
    (("八、政府性基金预算财政拨款收入支出决算情况说明",), "本单位 2024 年度无政府性基金预算财政拨款收入和支出。"),
    (
        ("七、财政拨款“三公”经费支出决算情况说明",),
        "国内公务接待支出 0.39 万元。主要用于接待上级部门调研，列明公务接待 2 批次、26 人次，其中：接待外宾 0 批次、0 人次。",
    ),
    (
        ("2025年单位预算编制说明",),
        "财政拨款收入 17,192 万元，比 2024 年预算减少 990 万元。财政拨款收入支出减少的主要原因是预计考试人数、科次减少。",
    ),
    (
        ("六、一般公共预算财政拨款基本支出决算情况说明",),
        "一般公共预算财政拨款基本支出 105.58 万元。其中：人员经费 95.36 万元，主要包括：基本工资、津贴补贴；"
        "公用经费 10.23 万元，主要包括：办公费、邮电费。",
    ),
)


@pytest.fixture(scope="module")
def items():
    doc = seedlike()
    paragraphs = tuple(
        Paragraph(section=section, text=text, page=18 + i, line=10 * i) for i, (section, text) in enumerate(_TEXTS)
    )
    return library_of(doc.model_copy(update={"id": "narrativeitems1", "paragraphs": paragraphs, "kind": "决算"}))


def test_what_a_numbered_item_is_for_quotes_the_item_with_its_body(items):
    a = ask(items, "其他社会工作事务支出主要用于什么？")
    assert "新建部门开办费" in a.answer and "202.24" in a.answer  # the heading's item, its purpose and its figures
    assert "事业单位人员支出" not in a.answer  # not the item before it


def test_why_the_budget_was_not_spent_is_the_items_own_reason(items):
    a = ask(items, "事业运行为什么没花完预算？")
    assert "人员变动" in a.answer and "17.68" in a.answer


def test_a_reason_runs_on_past_its_first_sentence(items):
    a = ask(items, "机关运行经费为什么减少了？")
    assert "中央八项规定" in a.answer and "培训费" in a.answer and "13.52" in a.answer


def test_the_reason_of_a_changed_subject_the_question_names(items):
    a = ask(items, "财政拨款为啥减少了？")
    assert a.kind == "reason" and "考试人数" in a.answer and "990" in a.answer


def test_a_stated_absence_answers_whether_it_exists(items):
    a = ask(items, "有没有政府性基金预算的收支？")
    assert a.status == "answered" and "无政府性基金预算" in a.answer


def test_counts_are_read_with_their_units(items):
    a = ask(items, "接待了几批客人、多少人次？")
    assert "2批次" in a.answer and "26人次" in a.answer
    assert {(f.value, f.unit) for f in a.figures} >= {(2.0, "批次"), (26.0, "人次")}


def test_parts_of_a_named_whole_each_get_their_stated_figure(items):
    a = ask(items, "基本支出里人员经费和公用经费各是多少？")
    assert {95.36, 10.23} <= {round(f.value, 2) for f in a.figures}
    assert "保障机构正常运转" not in a.answer  # not the definition of 基本支出


def test_what_a_reason_says_is_asked_without_why(seed):
    a = ask(seed, "一般公共预算减少时重点压减了哪些支出？")
    assert "非急需非刚性支出" in a.answer and "36.14" in a.answer
