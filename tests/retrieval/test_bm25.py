"""BM25 over jieba tokens finds Chinese terms (the stock llama-index BM25 scores "什么是三公经费" 0.0)."""

from __future__ import annotations

import pytest

from budgetqa.retrieval.bm25 import BM25Retriever
from budgetqa.retrieval.nodes import lexicon, nodes_of
from budgetqa.retrieval.tokenize import ChineseTokenizer


@pytest.fixture
def bm25(doc, other_doc):
    return BM25Retriever(nodes_of(doc) + nodes_of(other_doc), ChineseTokenizer(lexicon(doc) | lexicon(other_doc)))


@pytest.mark.parametrize(
    "query, ref",
    [
        ("什么是三公经费", "（七）"),
        ("差旅费预算多少", "t5/2"),
        ("社会保险业务管理事务的项目支出", "t3/4"),
        ("住房公积金", "t3/7"),
        ("单位有几辆车辆", "o0"),
    ],
)
def test_top_hit(bm25, query, ref):
    hits = bm25.retrieve(query, top_k=3, doc_ids=frozenset({"doc1"}))
    assert hits[0].node.ref == ref
    assert hits[0].score > 0 and hits == sorted(hits, key=lambda h: -h.score)


def test_doc_filter(bm25):
    hits = bm25.retrieve("差旅费", top_k=10, doc_ids=frozenset({"doc2"}))
    assert hits and {h.node.doc_id for h in hits} == {"doc2"}
    assert {h.node.doc_id for h in bm25.retrieve("差旅费", top_k=10)} == {"doc1", "doc2"}


def test_no_known_token_gives_nothing(bm25):
    assert bm25.retrieve("zzzz qqqq") == []


def test_user_words_stay_whole_and_do_not_leak():
    custom = ChineseTokenizer(["社会保险业务管理事务"])
    plain = ChineseTokenizer()
    assert "社会保险业务管理事务" in custom.tokens("社会保险业务管理事务支出")
    assert "社会保险业务管理事务" not in plain.tokens("社会保险业务管理事务支出")


def test_tokens_are_normalised():
    tokens = ChineseTokenizer(["三公经费"]).tokens("“三公”经费：ＡＢＣ　１２３")
    assert "三公经费" in tokens and "abc" in tokens and "123" in tokens
    assert not any(t in {"：", "“", "”"} for t in tokens)


def test_hits_far_below_the_best_are_dropped(doc):
    """ "车辆" names the topic; the rows only share "单位" (in every table head): they must not reach the fusion."""
    nodes = nodes_of(doc)
    tokenizer = ChineseTokenizer(lexicon(doc))
    kept = BM25Retriever(nodes, tokenizer).retrieve("单位的车辆", top_k=20)
    everything = BM25Retriever(nodes, tokenizer, min_ratio=0.0).retrieve("单位的车辆", top_k=20)
    assert kept[0].node.ref == "o0" and all(h.score >= 0.25 * kept[0].score for h in kept)
    assert len(everything) > len(kept) and any(h.node.kind == "row" for h in everything)
