"""The retrieval ablation: every component of the hybrid retriever ranked alone, side by side with the fusion."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from budgetqa.eval.report import render_json, render_markdown, summary_lines
from budgetqa.eval.retrieval import ablation, retrieval_metrics
from budgetqa.eval.runner import retrieval_query, run_eval
from budgetqa.models import Answer
from budgetqa.retrieval.base import Hit, Node

DOC = "测试单位_2023_单位预算.txt"
CELL = {"type": "cell", "table": "支出总表", "row": "2080107", "column": "合计"}


def _node(name: str, text: str) -> Node:
    return Node(id=f"d:row:{name}", doc_id="d", kind="row", ref=name, text=text, title="表3 支出总表")


GOLD_NODE = _node("t3/4", "2080107 社会保险业务管理事务 959.96")
OTHER = _node("t3/1", "208 社会保障和就业支出")


class Ranked:
    """A retriever returning a fixed ranking and recording the queries it was asked."""

    def __init__(self, *nodes: Node):
        self.nodes, self.queries = nodes, []

    def retrieve(self, query, top_k, doc_ids):
        self.queries.append(query)
        return [Hit(node=n, score=1.0, rank=i) for i, n in enumerate(self.nodes[:top_k], start=1)]


class FakeAssistant:
    def __init__(self):
        self.documents = []
        fused = Ranked(OTHER, GOLD_NODE)
        fused.components = {"bm25": Ranked(GOLD_NODE), "dense": Ranked(*[OTHER] * 6, GOLD_NODE)}
        self.library = SimpleNamespace(retriever=fused)

    def ingest(self, paths, progress=None):
        self.documents.append(
            SimpleNamespace(id="d", sha256=__import__("hashlib").sha256(paths[0].read_bytes()).hexdigest())
        )

    def ask(self, question, history=(), doc=None):
        return Answer(question=question, status="not_found", answer="文件中没有")


def _gold(i, question, sources=(CELL,), answerable=True, history=()):
    kind = "value" if answerable else "unanswerable"
    return {
        "id": f"t-{i}",
        "doc": DOC,
        "question": question,
        "history": list(history),
        "kind": kind,
        "answerable": answerable,
        "gold_figures": [],
        "gold_text": [],
        "gold_sources": list(sources),
    }


@pytest.fixture()
def run(tmp_path):
    (tmp_path / DOC).write_text("2080107 社会保险业务管理事务 959.96", "utf-8")
    gold = tmp_path / "tiny.jsonl"
    records = [
        _gold(1, "2080107 是多少？"),
        _gold(2, "那项目支出呢？", history=["2080107 是多少？"]),
        _gold(3, "局长工资多少？", sources=(), answerable=False),
        _gold(4, "住房公积金是多少？", sources=({**CELL, "row": "2210201"},)),
    ]  # found by none  # not ranked: there is no node to find
    gold.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), "utf-8")
    assistant = FakeAssistant()
    result = run_eval([gold], None, assistant=assistant, thresholds={}, doc_dirs=[tmp_path])
    return SimpleNamespace(report=result, asked=assistant.library.retriever.components["bm25"].queries)


def test_each_variant_is_ranked_on_answerable_questions_only(run):
    report = run.report
    r = report.system("budgetqa").retrieval
    assert r.variants == ("fused", "bm25", "dense")
    assert {v: (m.n, m.hit_at_1, m.hit_at_5) for v, m in r.overall.items()} == {
        "fused": (3, 0.0, pytest.approx(2 / 3)),
        "bm25": (3, pytest.approx(2 / 3), pytest.approx(2 / 3)),
        "dense": (3, 0.0, 0.0),
    }
    assert r.overall["dense"].mrr == pytest.approx(2 / 7 / 3)
    assert set(r.by_doc) == {DOC} and set(r.by_set) == {"tiny"}
    assert report.system("budgetqa").summary.overall.retrieval_n == 3
    assert run.asked[:2] == ["2080107 是多少？", "2080107 是多少？，那项目支出呢？"]  # a follow-up after its question


def test_report_shows_the_variants_side_by_side_and_lists_misses(run):
    report = run.report
    md = render_markdown(report)
    assert "| questions | n | fused hit@1 | fused hit@5 | fused MRR | bm25 hit@1 |" in md
    assert "| all | 3 | 0.0% | 66.7% | 0.333 | 66.7% | 66.7% | 0.667 | 0.0% | 0.0% | 0.095 |" in md
    assert "## Retrieval misses of budgetqa (gold source not in the fused top 5: 1)" in md
    assert "### t-4 (value) — ranks: fused –, bm25 –, dense –" in md and "- fused 1: 表3 支出总表 208" in md
    data = render_json(report)["systems"]["budgetqa"]
    assert data["retrieval"]["overall"]["bm25"]["hit_at_1"] == pytest.approx(2 / 3)
    assert data["questions"][0]["ranks"] == {"fused": 2, "bm25": 1, "dense": 7}
    assert any(line.startswith("budgetqa retrieval hit@5 / MRR: fused 66.7% / 0.333") for line in summary_lines(report))


def test_metrics_and_grouping():
    assert retrieval_metrics([]).hit_at_5 is None
    m = retrieval_metrics([1, 3, None, 7])
    assert (m.n, m.hit_at_1, m.hit_at_5) == (4, 0.25, 0.5) and m.mrr == pytest.approx((1 + 1 / 3 + 1 / 7) / 4)
    ab = ablation([({"fused": 1, "bm25": None}, "a.pdf", "s1"), ({"fused": None, "bm25": 2}, "b.pdf", "s1")])
    assert ab.by_doc["a.pdf"]["fused"].hit_at_1 == 1.0 and ab.by_set["s1"]["bm25"].hit_at_5 == 0.5
    assert retrieval_query({"question": "呢？", "history": ["甲？", "乙？"]}) == "乙？，呢？"
