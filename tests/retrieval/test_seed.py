"""Hybrid retrieval with the real model over the real seed document (slow: converts and loads the model)."""

from __future__ import annotations

import time

import pytest

from budgetqa.retrieval.persist import build_retrieval, load_retriever

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seed_retriever(seed_doc, model_settings, tmp_path_factory):
    out = tmp_path_factory.mktemp("seed-index") / "retrieval"
    started = time.perf_counter()
    build_retrieval([seed_doc], out, model_settings)
    print(f"seed index built in {time.perf_counter() - started:.1f} s")
    return load_retriever(out, model_settings)


@pytest.mark.parametrize(
    "query, kind, needle",
    [
        ("什么是三公经费", "definition", "三公"),
        ("2080107 社会保险业务管理事务的项目支出是多少", "row", "2080107"),
        ("社会保险业务管理事务花了多少钱", "row", "社会保险业务管理事务"),
        ("单位有几辆车", None, "车辆"),
        ("差旅费预算", "row", "差旅费"),
        ("住房公积金", "row", "住房公积金"),
        ("机关运行经费是多少", None, "运行经费"),
        ("政府性基金预算支出", "table", "政府性基金"),
    ],
)
def test_seed_questions_find_their_passage_in_top_3(seed_retriever, seed_doc, query, kind, needle):
    hits = seed_retriever.retrieve(query, top_k=3, doc_ids=frozenset({seed_doc.id}))
    assert any(needle in h.node.text and (kind is None or h.node.kind == kind) for h in hits), [
        h.node.text[:80] for h in hits
    ]


def test_other_document_filter_finds_nothing(seed_retriever):
    assert seed_retriever.retrieve("差旅费", doc_ids=frozenset({"no-such-doc"})) == []


def test_table_questions_find_the_table_or_its_total(seed_retriever, seed_doc):
    """No row is named: the rows' many weak votes lift the table (merging), or the total row answers."""
    hits = seed_retriever.retrieve("一般公共预算基本支出表的合计是多少？", top_k=5, doc_ids=frozenset({seed_doc.id}))
    assert any(
        (h.node.kind == "table" and "一般公共预算基本支出表" in h.node.text)
        or ("（合计）" in h.node.text and "基本支出表" in h.node.text)
        for h in hits
    ), [h.node.text[:60] for h in hits]
