"""The eval runner on a tiny gold set with a fake Assistant: scoring, retrieval ranks, report, thresholds."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from budgetqa.eval import runner
from budgetqa.eval.report import render_json, render_markdown, summary_lines
from budgetqa.eval.runner import load_cold, load_set, main_eval, run_eval
from budgetqa.eval.score import GoldError
from budgetqa.models import Answer, Citation, Figure, Line, RawDocument
from budgetqa.retrieval.base import Hit, Node

DOC = "测试单位_2023_单位预算.txt"
LOCATOR = "表3 支出总表 › 2080107 社会保险业务管理事务 › 合计"
QUOTE = "2080107 社会保险业务管理事务 959.96 959.96"


def _gold(i: int, question: str, figures=(), sources=(), answerable=True, kind="value", history=()):
    return {
        "id": f"t-{i:03d}",
        "doc": DOC,
        "question": question,
        "history": list(history),
        "kind": kind,
        "answerable": answerable,
        "gold_figures": [{"value": v, "unit": u} for v, u in figures],
        "gold_text": [],
        "gold_sources": list(sources),
    }


CELL = {"type": "cell", "table": "支出总表", "row": "2080107", "column": "合计"}
GOLD = [
    _gold(1, "2080107 的支出是多少？", [(959.96, "万元")], [CELL]),
    _gold(2, "2080107 的项目支出是多少？", [(959.96, "万元")], [CELL]),
    _gold(3, "局长工资多少？", answerable=False, kind="unanswerable"),
    _gold(4, "那项目支出呢？", [(959.96, "万元")], [CELL], kind="followup", history=["2080107 的支出是多少？"]),
]


def _cited(value: float, answer: str) -> Answer:
    citation = Citation(id=1, doc="测试单位", locator=LOCATOR, page=3, quote=QUOTE)
    return Answer(
        question="",
        status="answered",
        answer=answer,
        citations=(citation,),
        figures=(Figure(value=value, unit="万元", citation=1),),
    )


class FakeAssistant:
    """Answers from a table of canned answers; its retriever returns one fixed node list."""

    def __init__(self, answers: dict[str, Answer | Exception], hits: list[Node]):
        self.answers, self.documents, self.asked = answers, [], []
        retriever = SimpleNamespace(
            retrieve=lambda q, top_k, doc_ids: [
                Hit(node=n, score=1.0, rank=i) for i, n in enumerate(hits[:top_k], start=1)
            ]
        )
        self.library = SimpleNamespace(retriever=retriever)

    def ingest(self, paths, progress=None):
        for p in paths:
            sha = hashlib.sha256(Path(p).read_bytes()).hexdigest()
            self.documents.append(SimpleNamespace(id=sha[:12], sha256=sha, source=Path(p).name, label="测试单位"))
        return self.documents

    def ask(self, question, history=(), doc=None):
        self.asked.append((question, tuple(history), doc))
        answer = self.answers.get(question, Answer(question=question, status="not_found", answer="文件中没有"))
        if isinstance(answer, Exception):
            raise answer
        return answer


def _node(title: str, text: str) -> Node:
    return Node(id=f"d:row:{title}", doc_id="d", kind="row", ref="t3/0", text=text, title=title)


@pytest.fixture()
def workspace(tmp_path: Path) -> SimpleNamespace:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / DOC).write_text("2080107 社会保险业务管理事务 959.96", "utf-8")
    gold = tmp_path / "tiny.jsonl"
    gold.write_text("\n".join(json.dumps(g, ensure_ascii=False) for g in GOLD) + "\n", "utf-8")
    return SimpleNamespace(docs=docs, gold=gold, out=tmp_path / "out")


def _assistant(**overrides) -> FakeAssistant:
    answers = {
        "2080107 的支出是多少？": _cited(959.96, "2080107 社会保险业务管理事务 合计 959.96 万元。"),
        "2080107 的项目支出是多少？": _cited(95.99, "项目支出 95.99 万元。"),  # wrong figure, unsupported too
        "那项目支出呢？": _cited(959.96, "项目支出 959.96 万元。"),
    }
    answers.update(overrides)
    hits = [_node("表1 收支总表", "无关"), _node("表3 支出总表", QUOTE)]
    return FakeAssistant(answers, hits)


def _run(ws, assistant=None, thresholds=None):
    return run_eval(
        [ws.gold], None, assistant=assistant or _assistant(), thresholds=thresholds or {}, doc_dirs=[ws.docs]
    )


def test_runner_scores_ranks_and_times_each_question(workspace):
    assistant = _assistant()
    report = _run(workspace, assistant)
    budgetqa = report.system("budgetqa")
    m = budgetqa.summary.overall
    assert m.n == 4
    assert m.numeric_n == 3 and m.numeric_accuracy == pytest.approx(2 / 3)
    assert m.not_found_recall == 1.0 and m.not_found_precision == 1.0
    assert m.unsupported == 1  # 95.99 is printed in no quote
    assert m.hit_at_1 == 0.0 and m.hit_at_5 == 1.0 and m.mrr == pytest.approx(0.5)
    assert budgetqa.latency_median is not None and budgetqa.latency_p95 >= budgetqa.latency_median
    assert [r.score.id for r in budgetqa.failures] == ["t-002"]
    # the doc id handed to ask() is the one the index gave the document; follow-ups carry their history
    doc_id = report.documents[DOC]
    assert ("那项目支出呢？", ("2080107 的支出是多少？",), doc_id) in assistant.asked
    assert set(budgetqa.by_doc) == {DOC} and set(budgetqa.by_set) == {"tiny"}


def test_report_shows_each_sets_cold_score_beside_this_run(workspace, tmp_path):
    report = _run(workspace)
    cold = tmp_path / "cold.json"
    cold.write_text(
        json.dumps(
            {
                "sets": {
                    "tiny": {"numeric_accuracy": 0.25, "recorded": "2026-01-01", "commit": "abc"},
                    "other": {"numeric_accuracy": 0.5},
                }
            }
        ),
        "utf-8",
    )
    md = render_markdown(report, cold=load_cold(cold))
    section = md.split("## Cold and now, per gold set (budgetqa)")[1].split("\n## ")[0]
    assert "| tiny | 2026-01-01 @ abc | – → " in section and "25.0% → 66.7%" in section
    assert "other" not in section  # a set not run now is not shown
    assert "Cold and now" not in render_markdown(report)  # no cold scores given: no section
    assert load_cold(tmp_path / "missing.json") == {}


def test_report_lists_every_failure_with_question_gold_and_got(workspace):
    report = _run(workspace)
    md = render_markdown(report)
    assert "## Failures of budgetqa (1 of 4)" in md
    assert "2080107 的项目支出是多少？" in md
    assert "959.96 万元" in md and "95.99 万元" in md  # gold and got
    assert "unsupported figures 95.99" in md
    assert "| numeric accuracy | 66.7% |" in md
    data = render_json(report)
    assert json.loads(json.dumps(data))["systems"]["budgetqa"]["overall"]["n"] == 4
    assert len(data["systems"]["budgetqa"]["questions"]) == 4


def test_below_threshold_fails(workspace):
    assistant = _assistant(**{"2080107 的项目支出是多少？": _cited(959.96, "959.96 万元")})
    passing = _run(workspace, assistant, thresholds={"numeric_accuracy": {"tiny": 0.9}})
    assert passing.passed, passing.checks
    failing = _run(workspace, thresholds={"numeric_accuracy": {"tiny": 0.9}, "max_unsupported": 5})
    assert not failing.passed
    assert [c.name for c in failing.checks if not c.passed] == ["tiny: numeric accuracy"]
    assert "thresholds: FAIL" in summary_lines(failing)


def test_unsupported_figures_fail_even_when_accuracy_passes(workspace):
    report = _run(workspace, thresholds={"numeric_accuracy": {"tiny": 0.5}})
    assert [c.name for c in report.checks if not c.passed] == ["unsupported figures"]


def test_main_eval_exit_code_and_files(workspace, monkeypatch):
    for thresholds, code in (({"numeric_accuracy": {"tiny": 0.9}}, 1), ({"max_unsupported": 1}, 0)):
        report = _run(workspace, thresholds=thresholds)
        monkeypatch.setattr(runner, "run_eval", lambda *a, _r=report, **k: _r)
        assert main_eval([workspace.gold], None, False, workspace.out) == code
        assert "Failures of budgetqa" in (workspace.out / "report.md").read_text("utf-8")
        assert json.loads((workspace.out / "report.json").read_text("utf-8"))["passed"] is (code == 0)


def test_an_exception_is_a_reported_failure_not_a_crash(workspace):
    report = _run(workspace, _assistant(**{"2080107 的支出是多少？": RuntimeError("boom")}))
    failed = {r.score.id: r for r in report.system("budgetqa").failures}
    assert "boom" in failed["t-001"].error
    assert "error (RuntimeError: boom)" in render_markdown(report)


def test_a_set_whose_document_is_absent_is_skipped(workspace, tmp_path):
    empty = tmp_path / "nowhere"
    empty.mkdir()
    report = run_eval([workspace.gold], None, assistant=_assistant(), thresholds={}, doc_dirs=[empty])
    assert report.system("budgetqa").summary.overall.n == 0
    assert len(report.skipped) == 1 and DOC in report.skipped[0]


def test_a_bad_gold_record_names_the_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(_gold(1, "q", [(1, "亿美元")])) + "\n", "utf-8")
    with pytest.raises(GoldError, match=r"bad.jsonl:1: .*unit"):
        load_set(bad)


def test_baseline_answers_with_its_best_chunk(workspace):
    """The naive RAG over a tiny raw document, with a keyword embedding whose ranks are known."""
    pytest.importorskip("faiss")
    from llama_index.core.embeddings import BaseEmbedding

    from budgetqa.eval.baseline import NaiveRAG

    words = ["支出", "收入", "公积金", "三公"]

    class KeywordEmbedding(BaseEmbedding):
        def _vec(self, text: str) -> list[float]:
            v = [float(text.count(w)) for w in words] + [0.1]
            norm = sum(x * x for x in v) ** 0.5
            return [x / norm for x in v]

        def _get_query_embedding(self, query):
            return self._vec(query)

        async def _aget_query_embedding(self, query):
            return self._vec(query)

        def _get_text_embedding(self, text):
            return self._vec(text)

    lines = ["住房公积金 169.17 万元，公积金按规定缴纳。", "收入总计 4,534.39 万元，收入来自财政拨款。"]
    raw = RawDocument(
        source=DOC,
        sha256="0" * 64,
        media="text",
        page_count=2,
        lines=tuple(Line(number=i + 1, page=i + 1, text=t) for i, t in enumerate(lines)),
    )
    rag = NaiveRAG.build({"d1": raw}, KeywordEmbedding(model_name="kw"))
    answer = rag.ask("公积金是多少", (), "d1")
    assert answer.status == "answered" and "169.17" in answer.answer and answer.citations[0].page == 1
    assert rag.retrieval_texts("收入总计", 2, "d1")[0].startswith("收入总计")
    assert rag.ask("公积金", (), "other-doc").status == "not_found"
    gold = workspace.gold
    report = run_eval(
        [gold],
        None,
        assistant=_assistant(),
        thresholds={},
        doc_dirs=[workspace.docs],
        baseline=True,
        baseline_factory=lambda paths, ids: NaiveRAG.build({ids[DOC]: raw}, KeywordEmbedding(model_name="kw")),
    )
    assert [s.name for s in report.systems] == ["budgetqa", "baseline"]
    assert "baseline acc." in render_markdown(report)


@pytest.mark.slow
def test_eval_meets_the_thresholds(tmp_path):
    """The eval over every gold set that has a threshold, real index and model: the CI gate on answer quality.

    A set whose documents are absent (the PDFs live outside the repository) is skipped by the runner."""
    thresholds = runner.load_thresholds()
    names = sorted(thresholds.get("numeric_accuracy", {}))
    assert "seed" in names, "eval/thresholds.json names no seed threshold"
    sets = [runner.EVAL_DIR / f"{name}.jsonl" for name in names]
    report = run_eval([s for s in sets if s.is_file()], tmp_path / "index", thresholds=thresholds)
    assert report.system("budgetqa").summary.overall.n > 0
    assert report.passed, summary_lines(report)


class LibraryRecordingAssistant(FakeAssistant):
    """Records, with each question, the documents of the library it was asked over."""

    def ask(self, question, history=(), doc=None):
        held = tuple(sorted(d.source for d in getattr(self.library, "documents", self.documents)))
        self.asked.append((question, doc, held))
        return Answer(question=question, status="not_found", answer="文件中没有")


def test_a_question_over_several_documents_is_asked_of_a_library_of_exactly_those(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    names = [f"测试单位_{year}_部门预算.txt" for year in (2021, 2023, 2024)]
    for name in names:
        (docs / name).write_text(name, "utf-8")
    two, three = _gold(1, "近两年的支出各是多少？"), _gold(2, "哪年支出最多？")
    del two["doc"], three["doc"]
    two["docs"], three["docs"] = names[:2], names
    one = {**_gold(3, "2080107 的支出是多少？"), "doc": names[2]}
    gold = tmp_path / "cross.jsonl"
    gold.write_text("\n".join(json.dumps(g, ensure_ascii=False) for g in (two, three, one)) + "\n", "utf-8")
    assistant = LibraryRecordingAssistant({}, [])
    assistant.library.documents = assistant.documents  # the real library's documents are the assistant's

    report = run_eval([gold], None, assistant=assistant, thresholds={}, doc_dirs=[docs])

    asked = {q: (doc, held) for q, doc, held in assistant.asked}
    assert asked["近两年的支出各是多少？"] == (None, tuple(sorted(names[:2])))  # no document picked, a third absent
    assert asked["哪年支出最多？"] == (None, tuple(sorted(names)))
    assert asked["2080107 的支出是多少？"][0] == report.documents[names[2]]  # one document: picked, as before
    assert f"2 documents: {names[0]}, {names[1]}" in report.system("budgetqa").by_doc


def test_a_question_over_several_documents_is_skipped_when_one_is_absent(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / DOC).write_text("x", "utf-8")
    record = {**_gold(1, "两年各多少？"), "docs": [DOC, "缺失_2024_部门预算.txt"]}
    del record["doc"]
    gold = tmp_path / "cross.jsonl"
    gold.write_text(json.dumps(record, ensure_ascii=False) + "\n", "utf-8")
    report = run_eval([gold], None, assistant=_assistant(), thresholds={}, doc_dirs=[docs])
    assert report.system("budgetqa").summary.overall.n == 0
    assert any("缺失_2024_部门预算.txt" in s for s in report.skipped)
