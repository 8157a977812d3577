"""General fixes of the text answers: a retrieval hit's paragraph found by its ref, a list's lead quoted with its
numbered items, a fall ranked as "减少最多", and a scope's existence read from the narrative when no table prints it."""

from __future__ import annotations

from types import SimpleNamespace

from budgetqa.answer import answer_question
from budgetqa.answer.finding import listed
from budgetqa.answer.operations import ranking, textual
from budgetqa.answer.question.context import Context
from budgetqa.answer.question.index import index_for
from budgetqa.answer.question.plan import read_plan
from budgetqa.models import Paragraph
from budgetqa.retrieval.base import BaseRetriever, Hit
from budgetqa.retrieval.nodes import nodes_of

from .conftest import library_of, seedlike

SECTION = ("第三部分 2023年单位预算情况说明", "四、关于2023年财政拨款支出的说明")


def _with_paragraphs(*extra: Paragraph):
    doc = seedlike()
    return doc.model_copy(update={"paragraphs": (*doc.paragraphs, *extra)})


class _OneHit(BaseRetriever):
    """Returns the paragraph nodes whose text holds ``word`` (what a real retriever would rank first)."""

    def __init__(self, nodes, word):
        self.nodes, self.word = nodes, word

    def _retrieve(self, query, top_k, doc_ids):
        return [Hit(node=n, score=1.0, rank=1) for n in self.nodes if n.kind == "paragraph" and self.word in n.text]


def test_retrieved_paragraph_is_found_by_ref_though_its_node_text_has_a_heading():
    doc = seedlike()
    nodes = nodes_of(doc)
    para_nodes = [n for n in nodes if n.kind == "paragraph"]
    assert all(textual.paragraph_of(doc, n.ref) is doc.paragraphs[int(n.ref[1:])] for n in para_nodes)
    assert textual.paragraph_of(doc, "p999") is None and textual.paragraph_of(doc, "t3/1") is None
    procurement = next(n for n in para_nodes if "政府采购" in n.text)
    assert procurement.text != doc.paragraphs[int(procurement.ref[1:])].text  # the heading is in the node text
    library = SimpleNamespace(retriever=_OneHit(nodes, "政府采购预算总额"))
    ctx = Context(library, (doc,), index_for((doc,)))
    plan = read_plan("政府采购预算总额是多少", ctx.index)
    found = textual._retrieved(plan, ctx, 0.5)
    assert found and found[0].paragraph is doc.paragraphs[int(procurement.ref[1:])]


def test_lead_sentence_is_quoted_with_its_numbered_items():
    lead = Paragraph(section=SECTION, page=7, line=600, text="财政拨款支出主要内容如下：")
    one = Paragraph(
        section=SECTION, page=7, line=601, text="1.“社会保障和就业支出”科目4,214.95万元，主要用于社会保险经办。"
    )
    two = Paragraph(section=SECTION, page=7, line=602, text="2.“住房保障支出”科目319.44万元，主要用于住房公积金。")
    other = Paragraph(section=(*SECTION[:1], "五、其他"), page=7, line=603, text="1.其他事项。")
    doc = _with_paragraphs(lead, one, two, other)
    assert listed.items_after(doc, doc.paragraphs[-4], "财政拨款支出主要内容如下：") == [one, two]
    assert listed.items_after(doc, doc.paragraphs[-3], one.text) == []  # not a lead
    a = answer_question("财政拨款支出主要内容有哪些？", library_of(doc))
    assert a.status == "answered" and "如下" in a.answer
    assert "4,214.95万元" in a.answer and "319.44万元" in a.answer and "其他事项" not in a.answer
    assert {c.quote for c in a.citations} >= {one.text, two.text}
    assert any(f.value == 319.44 and f.unit == "万元" for f in a.figures)


def test_largest_fall_is_called_a_fall(fake_lib):
    a = answer_question("一般公共预算支出中哪个科目比上年减少最多？", fake_lib)
    assert "减少最多的是" in a.answer and "最少的是" not in a.answer
    a = answer_question("一般公共预算支出中哪个科目降幅最大？", fake_lib)
    assert "降幅最大的是" in a.answer
    assert "最多的是" in answer_question("单位支出总表中哪个科目支出最多？", fake_lib).answer


def test_fall_word_needs_a_change_column():
    plan = SimpleNamespace(op="min", measures=("增减额",), question="哪个科目减少最多")
    amount = SimpleNamespace(measures=frozenset({"合计"}))
    change = SimpleNamespace(measures=frozenset({"增减额"}))
    assert ranking._rank_word(plan, amount) == "最少" and ranking._rank_word(plan, change) == "减少最多"


def _without_fund_table(*paragraphs: Paragraph):
    doc = seedlike()
    return doc.model_copy(
        update={
            "tables": tuple(t for t in doc.tables if t.kind != "gov_fund_expense"),
            "paragraphs": (*doc.paragraphs, *paragraphs),
        }
    )


def test_fund_existence_read_from_the_narrative():
    told = Paragraph(section=SECTION, page=7, line=610, text="5.政府性基金支出比去年增加 109.5 万元。")
    a = answer_question("有没有政府性基金支出？", library_of(_without_fund_table(told)))
    assert a.status == "answered" and a.answer.startswith("有")
    assert any(f.value == 109.5 and f.unit == "万元" for f in a.figures) and "109.5" in a.citations[0].quote


def test_fund_absent_from_tables_and_text_is_not_found():
    duty = Paragraph(section=SECTION, page=1, line=5, text="负责政府性基金管理。")  # named, but no amount nor 无
    a = answer_question("有没有政府性基金支出？", library_of(_without_fund_table(duty)))
    assert a.status == "not_found" and not a.figures
