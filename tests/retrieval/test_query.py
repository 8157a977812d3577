"""The search form of a question: question words out, the lexicon's printed terms in, only where they add words."""

from __future__ import annotations

import pytest

from budgetqa.retrieval.base import BaseRetriever, Hit, Node
from budgetqa.retrieval.query import RewritingRetriever, expand, rewrite, rewritten, strip_question

PAIRS = (
    ("出差", ("差旅费",)),
    ("公车", ("公务用车",)),
    ("拨款", ("财政拨款收入", "一般公共预算拨款")),
    ("补贴", ("津贴补贴",)),
    ("房补", ("购房补贴", "提租补贴")),
    ("travel", ("差旅费",)),
)


@pytest.mark.parametrize(
    "query, stripped",
    [
        ("2023年差旅费是多少？", "2023年差旅费"),
        ("什么是“三公”经费？", "“三公”经费"),
        ("请问为什么机关运行经费减少了？", "机关运行经费减少了"),
        ("单位有车辆吗", "单位有车辆"),
        ("2080107 的项目支出呢？", "2080107 的项目支出"),
        ("ＡＢＣ１２３", "ABC123"),  # NFKC: full-width letters and digits become ASCII
        ("多少？", "多少?"),  # nothing but question words: kept (NFKC'd) rather than emptied
    ],
)
def test_strip_question(query, stripped):
    assert strip_question(query) == stripped


@pytest.mark.parametrize(
    "query, added",
    [
        ("出差的钱预算了多少", ["差旅费"]),
        ("公车和出差", ["差旅费", "公务用车"]),  # in lexicon order
        ("How much for TRAVEL?", ["差旅费"]),
        ("差旅费是多少", []),  # no everyday word
        ("财政拨款支出是多少", []),  # 拨款 continues as in 财政拨款收入: the query already speaks the document's words
        ("购房补贴是什么", []),  # a printed term (of 房补) is masked before 补贴 is looked for
        ("当年拨款是多少", ["财政拨款收入", "一般公共预算拨款"]),
    ],
)
def test_expand_adds_printed_terms_only_where_needed(query, added):
    expanded = expand(query, PAIRS)
    assert expanded.startswith(query)
    assert expanded[len(query) :].split() == added


def test_rewrite_uses_the_shipped_lexicon():
    assert rewrite("出差的钱预算了多少？") == "出差的钱预算了 差旅费"
    assert "公务接待费" in rewrite("What is the budget for official reception?")


class Echo(BaseRetriever):
    def __init__(self):
        self.queries: list[str] = []

    def _retrieve(self, query, top_k, doc_ids):
        self.queries.append(query)
        return [Hit(node=Node(id="d:row:x", doc_id="d", kind="row", ref="x", text=query), score=1.0, rank=0)]


def test_rewriting_wraps_only_the_named_components():
    bm25, codes = Echo(), Echo()
    wrapped = rewritten({"bm25": bm25, "codes": codes}, ("bm25",))
    assert isinstance(wrapped["bm25"], RewritingRetriever) and wrapped["codes"] is codes
    wrapped["bm25"].retrieve("出差是多少？")
    wrapped["codes"].retrieve("出差是多少？")
    assert bm25.queries == ["出差 差旅费"] and codes.queries == ["出差是多少？"]
