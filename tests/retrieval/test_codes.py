"""科目编码 in a question: whole and split forms; only codes in the index match."""

from __future__ import annotations

import pytest

from budgetqa.retrieval.codes import CodeRetriever, codes_in
from budgetqa.retrieval.nodes import nodes_of, row_codes


@pytest.mark.parametrize(
    "query, codes",
    [
        ("2080107的项目支出是多少", ["2080107"]),
        ("30211 差旅费", ["30211"]),
        ("科目 208 01 07 是什么", ["2080107"]),
        ("201 06 的合计", ["20106"]),
        ("２０８０１０７", ["2080107"]),
        ("支出959.96万元", []),
        ("2023年预算", []),
        ("增长了123%", []),
        ("221和302", ["221", "302"]),
    ],
)
def test_codes_in(query, codes):
    assert codes_in(query) == codes


@pytest.fixture
def retriever(doc, other_doc):
    nodes = nodes_of(doc) + nodes_of(other_doc)
    return CodeRetriever(nodes, {**row_codes(doc), **row_codes(other_doc)})


def test_exact_code_first_then_descendants(retriever):
    hits = retriever.retrieve("20801 包括哪些", doc_ids=frozenset({"doc1"}))
    assert [h.node.ref for h in hits] == ["t3/2", "t3/3", "t3/4"]
    assert [h.score for h in hits] == [1.0, 0.5, 0.5]


def test_exact_match_across_documents_and_filter(retriever):
    assert {h.node.doc_id for h in retriever.retrieve("30211")} == {"doc1", "doc2"}
    assert {h.node.doc_id for h in retriever.retrieve("30211", doc_ids=frozenset({"doc2"}))} == {"doc2"}


def test_unknown_code_finds_nothing(retriever):
    assert retriever.retrieve("999 是什么") == []
