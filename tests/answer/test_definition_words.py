"""What a term means, is for, who gets it, by what standard: answered with the words of its 名词解释 entry, or of the
clause inside an entry that defines the sub-item asked — not with the item's amount."""

from __future__ import annotations

import pytest

from budgetqa.answer.operations import defined
from budgetqa.answer.question.context import context_for
from budgetqa.answer.question.followup import plan_with_history
from budgetqa.models import Definition, Fact

from .conftest import ask, library_of

SANGONG = (
    "是与市级财政有经费领拨关系的部门及其下属预算单位使用市级财政拨款安排的因公出国（境）费、公务用车购置及运行费、"
    "公务接待费。其中：因公出国（境）费主要安排机关及下属预算单位人员的国际合作交流等的国际旅费、国外城市间交通费等"
    "支出；公务接待费主要安排全国性专业会议、国家重大政策调研等执行公务所需住宿费等支出；公务用车购置及运行费主要"
    "安排编制内公务车辆的报废更新，以及所需公务用车燃料费、维修费等支出。"
)


def _fact(term: str, text: str) -> Fact:
    return Fact(id="d:d0", doc_id="d", body="某单位", doc_year=2025, doc_kind="预算", level="单位",
                source="definition", subject=term, measure="定义", text=text)  # fmt: skip


def test_an_entry_splits_into_the_clauses_that_name_their_own_subject():
    found = defined.clauses(_fact("“三公”经费", SANGONG))
    assert found[0].whole and found[0].subject == "三公经费" and found[0].text.startswith("是与市级财政")
    subjects = [c.subject for c in found[1:]]
    assert subjects == ["因公出国(境)费", "公务接待费", "公务用车购置及运行费"]
    assert found[2].text.startswith("公务接待费主要安排全国性专业会议") and "报废更新" not in found[2].text


def test_a_clause_without_a_subject_of_its_own_is_not_split_off():
    text = "指高等学校开展教学、科研及其辅助活动取得的收入。包括教育事业收入和科研事业收入等。科研事业收入主要包括除财政科研拨款以外的科研经费拨款。"
    found = defined.clauses(_fact("事业收入", text))
    assert [c.subject for c in found] == ["事业收入", "科研事业收入"]


@pytest.mark.parametrize(
    "term, key, code",
    [
        ("高等教育（ 2059802 ）", "高等教育", "2059802"),
        (
            "社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）",
            "机关事业单位职业年金缴费支出",
            None,
        ),
        ("“三公”经费", "三公经费", None),
    ],
)
def test_a_term_is_read_as_the_question_names_it(term, key, code):
    assert defined.term_key(term) == (key, code)


@pytest.mark.parametrize(
    "q, words",
    [
        ("职业年金缴费支出指什么？", ("单位实际缴纳的职业年金",)),  # the tail of the entry's long 项 name
        ("住房公积金按什么算？", ("缴存基数为职工本人上年工资",)),
    ],
)
def test_seed_terms_are_answered_with_their_entry(seed, q, words):
    a = ask(seed, q)
    assert a.status == "answered" and a.kind == "definition" and all(w in a.answer for w in words)
    assert all(f.unit != "万元" for f in a.figures)  # the words' own figures, no table amount


@pytest.mark.parametrize(
    "q, words",
    [
        ("住房公积金是按什么标准给职工缴纳的？", ("基本工资和津贴补贴", "规定比例")),
        ("购房补贴是发给哪些人的？", ("含离退休人员",)),
        ("来华留学教育这个科目是做什么用的？", ("中国政府奖学金生",)),
        ("职业年金缴费支出这笔钱是谁交的？", ("由单位缴纳的职业年金",)),  # who pays: not a person's name
    ],
)
def test_use_recipients_and_standard_come_from_the_definition_not_the_amount(swu, q, words):
    a = ask(swu, q)
    assert a.kind == "definition" and all(w in a.answer for w in words)
    assert all(f.unit != "万元" for f in a.figures)


@pytest.mark.parametrize(
    "q, words, absent",
    [
        ("三公经费里的公务接待费主要安排哪些开支？", ("全国性专业会议",), "报废更新"),
        ("因公出国（境）费主要安排哪些支出？", ("国际旅费",), "全国性专业会议"),
        ("公务用车购置及运行费主要用来安排什么？", ("报废更新", "燃料费"), "国际旅费"),
    ],
)
def test_a_sub_item_is_answered_with_its_own_clause(sh, q, words, absent):
    a = ask(sh, q)
    assert a.kind == "definition" and all(w in a.answer for w in words) and absent not in a.answer
    assert a.citations and "三公" in a.citations[0].quote


def test_an_amount_asked_of_a_defined_term_is_still_the_amount(swu):
    a = ask(swu, "住房公积金预算安排了多少钱？")
    assert a.kind != "definition" and a.figures


def test_an_entrys_code_picks_it_among_entries_of_one_name(fake_doc):
    defs = (
        Definition(number="1.", term="行政运行（2080101）", text="反映甲类单位的基本支出。", page=9, line=1),
        Definition(number="2.", term="行政运行（2080102）", text="反映乙类单位的基本支出。", page=9, line=2),
    )
    lib = library_of(fake_doc.model_copy(update={"id": "twocodes1", "definitions": defs}))
    ctx = context_for(lib, lib.documents)
    plan = plan_with_history("2080102行政运行反映的是什么支出？", (), ctx.index)
    found = defined.find(plan, ctx)
    assert found is not None and found.text == "反映乙类单位的基本支出。"


def test_a_term_no_entry_defines_is_not_claimed(fake_lib):
    ctx = context_for(fake_lib, fake_lib.documents)
    plan = plan_with_history("差旅费主要安排哪些开支？", (), ctx.index)
    assert defined.claims_definition_words(plan, ctx) and defined.find(plan, ctx) is None


def test_an_amount_asked_with_the_meaning_follows_the_words(seed):
    a = ask(seed, "行政运行是什么意思？预算安排了多少？")
    assert a.answer.startswith("社会保障和就业支出（类）") and "事业单位）的基本支出" in a.answer
    assert 1284.32 in {round(f.value, 2) for f in a.figures}


def test_where_an_income_comes_from_is_its_definition(swu):
    a = ask(swu, "上年结转这个收入是怎么来的？")
    assert a.kind == "definition" and "以前年度" in a.answer


@pytest.mark.parametrize(
    "q, found",
    [
        ("职业年金缴费支出指什么？", True),  # the entry's name without its first words
        ("学校的职业年金缴费支出是干什么用的？", True),
        ("其他留学教育支出反映什么？", False),  # 留学教育 ends another name here, not 来华留学教育's
    ],
)
def test_a_tail_of_a_term_counts_only_as_a_name_of_its_own(fake_doc, q, found):
    defs = (
        Definition(
            number="1.", term="机关事业单位职业年金缴费支出", text="反映单位缴纳的职业年金支出。", page=9, line=1
        ),
        Definition(number="2.", term="来华留学教育", text="反映资助来华留学生支出。", page=9, line=2),
    )
    lib = library_of(fake_doc.model_copy(update={"id": "tails1", "definitions": defs}))
    ctx = context_for(lib, lib.documents)
    assert (defined.find(plan_with_history(q, (), ctx.index), ctx) is not None) is found


def test_a_coded_entrys_detail_is_its_sentence(fake_doc):
    defs = (
        Definition(
            number="12.",
            term="住房公积金（ 2210201 ）",
            text="反映单位按规定的基本工资和津贴补贴以及规定比例为职工缴纳的住房公积金。",
            page=9,
            line=1,
        ),
    )
    lib = library_of(fake_doc.model_copy(update={"id": "codeddetail1", "definitions": defs}))
    a = ask(lib, "住房公积金按什么比例缴纳？")
    assert a.kind == "definition" and "规定比例为职工缴纳" in a.answer
    assert a.answer.startswith(
        "按名词解释，住房公积金："
    )  # the sentence stating the 比例, under the term without its code


def test_a_long_tail_names_its_term_even_when_short_of_half(fake_doc):
    defs = (
        Definition(
            number="14.", term="用于教育事业的彩票公益金支出", text="反映用于教育事业的彩票公益金支出。", page=9, line=1
        ),
    )
    lib = library_of(fake_doc.model_copy(update={"id": "longtail1", "definitions": defs}))
    ctx = context_for(lib, lib.documents)
    assert defined.find(plan_with_history("彩票公益金支出是什么概念？", (), ctx.index), ctx) is not None


@pytest.mark.parametrize("q", ["机关运行经费减少了是怎么回事？", "机关运行经费为什么减少，说的是什么原因？"])
def test_why_or_a_change_is_not_claimed_as_a_meaning(sh, q):
    ctx = context_for(sh, sh.documents)
    assert not defined.claims_definition_words(plan_with_history(q, (), ctx.index), ctx)
