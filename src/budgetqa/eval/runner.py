"""Run gold question sets against budgetqa (and optionally the naive llama-index baseline) and report the scores.

The runner does the I/O the scorer leaves out: it reads the gold sets, finds the documents they name, builds or
reuses an index holding them, asks every question through ``Assistant.ask`` (the one entry point every surface
uses), times it, scores it with ``score.score_question`` and ranks the gold source among the retriever's hits.

A gold record names one document (``"doc"``: the question is asked of it, as a user who picked it) or several
(``"docs"``: the question is asked of a library holding exactly those documents, with no document picked, as a user
who loaded them all and asks across years or bodies).
"""

from __future__ import annotations

import copy
import hashlib
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ..config import PROJECT_ROOT, Settings
from ..errors import BudgetQAError
from ..models import Answer
from .retrieval import FUSED, RetrievalAblation, ablation, is_retrieval_question
from .score import (
    EvalSummary,
    GoldError,
    Metrics,
    QuestionScore,
    gold_docs,
    gold_problems,
    retrieval_ranks,
    score_question,
    summarize,
)

Progress = Callable[[str, float], None]

EVAL_DIR = PROJECT_ROOT / "eval"
THRESHOLDS = EVAL_DIR / "thresholds.json"
COLD = EVAL_DIR / "cold.json"  # each set's first score, before any tuning on its documents
# Where the documents a gold set names are looked for: the seed in corpus/, the real PDFs beside the repo.
DOC_DIRS: tuple[Path, ...] = (PROJECT_ROOT / "corpus", PROJECT_ROOT / "corpus" / "samples")
RETRIEVAL_TOP_K = 10
SHOWN_HITS = 3  # top fused hits written out for each retrieval miss


Scope = tuple[str, ...]  # the doc ids a question is asked of: one picked document, or a library of several


class System(Protocol):
    """What the runner needs from a question-answering system: answers, and the texts its retriever ranks."""

    name: str

    def ask(self, question: str, history: Sequence[str], scope: Scope) -> Answer: ...

    def retrieval_texts(self, question: str, top_k: int, scope: Scope) -> list[str]: ...


class _LibraryView:
    """A library that holds only ``documents`` of the real one (which lends it everything else, its retriever too):
    what a user who loaded just those documents would ask, whatever else the eval index holds."""

    def __init__(self, library, documents: tuple):
        self._library, self.documents = library, documents

    def __getattr__(self, name: str):
        return getattr(self._library, name)


class AssistantSystem:
    """budgetqa itself, through ``Assistant.ask`` and its library's hybrid retriever."""

    name = "budgetqa"

    def __init__(self, assistant):
        self.assistant = assistant
        self._scoped: dict[frozenset[str], object] = {}

    def ask(self, question: str, history: Sequence[str], scope: Scope) -> Answer:
        if len(scope) == 1:  # the user picked this document
            return self.assistant.ask(question, history=history, doc=scope[0])
        return self._library_of(scope).ask(question, history=history, doc=None)

    def _library_of(self, scope: Scope):
        """The assistant over a library of exactly ``scope``'s documents (itself when it holds nothing else)."""
        wanted = frozenset(scope)
        if wanted == {d.id for d in self.assistant.documents}:
            return self.assistant
        if wanted not in self._scoped:
            scoped = copy.copy(self.assistant)
            docs = tuple(d for d in self.assistant.documents if d.id in wanted)
            scoped.library = _LibraryView(self.assistant.library, docs)
            self._scoped[wanted] = scoped
        return self._scoped[wanted]

    def retrieval_texts(self, question: str, top_k: int, scope: Scope) -> list[str]:
        return self.retrieval_variants(question, top_k, scope).get(FUSED, [])

    def retrieval_variants(self, question: str, top_k: int, scope: Scope) -> dict[str, list[str]]:
        """Hit texts of the hybrid retriever ("fused") and of each of its components alone ("bm25", "dense" …)."""
        retriever = self.assistant.library.retriever
        if retriever is None:
            return {}
        variants = {FUSED: retriever, **dict(getattr(retriever, "components", {}))}
        doc_ids = frozenset(scope)
        return {
            name: [f"{h.node.title} {h.node.text}" for h in r.retrieve(question, top_k=top_k, doc_ids=doc_ids)]
            for name, r in variants.items()
        }


# ---------------------------------------------------------------------------------------------------------------
# Results.


@dataclass(frozen=True)
class QuestionResult:
    gold: Mapping[str, object]
    answer: Mapping[str, object]  # Answer.to_json()
    score: QuestionScore
    rank: int | None  # retrieval rank of the first hit matching a gold source; None: not in the top k
    latency: float  # seconds spent in ask()
    error: str | None = None  # the exception ask() raised, if any
    set_name: str = ""
    ranks: Mapping[str, int | None] = field(default_factory=dict)  # per retriever variant (fused, bm25, dense …)
    retrieved: tuple[str, ...] = ()  # the top fused hits, for the list of retrieval misses


@dataclass(frozen=True)
class SystemReport:
    name: str
    results: tuple[QuestionResult, ...]
    summary: EvalSummary
    by_doc: Mapping[str, Metrics]
    by_set: Mapping[str, Metrics]
    latency_median: float | None
    latency_p95: float | None
    retrieval: RetrievalAblation = field(default_factory=RetrievalAblation)

    @property
    def failures(self) -> list[QuestionResult]:
        """Questions answered wrongly, cited wrongly, with an unsupported figure, or that raised."""
        return [
            r
            for r in self.results
            if not r.score.correct or r.score.citation_ok is False or r.score.unsupported or r.error
        ]


@dataclass(frozen=True)
class ThresholdCheck:
    name: str  # "swu: numeric accuracy", "unsupported figures"
    value: float | None
    limit: float | int
    passed: bool


@dataclass(frozen=True)
class EvalReport:
    systems: tuple[SystemReport, ...]
    checks: tuple[ThresholdCheck, ...] = ()
    skipped: tuple[str, ...] = ()  # messages about sets that could not run
    documents: Mapping[str, str] = field(default_factory=dict)  # document file name → doc id

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)

    def system(self, name: str) -> SystemReport | None:
        return next((s for s in self.systems if s.name == name), None)


@dataclass(frozen=True)
class GoldSet:
    name: str  # the file stem: "seed", "swu", "shanghai"
    path: Path
    records: tuple[Mapping[str, object], ...]


# ---------------------------------------------------------------------------------------------------------------
# Reading sets and finding their documents.


def load_set(path: Path) -> GoldSet:
    """Read one JSON Lines gold set; a malformed record raises GoldError naming the line and the problem."""
    records = []
    try:
        lines = Path(path).read_text("utf-8").splitlines()
    except OSError as exc:
        raise GoldError(f"cannot read gold set {path} ({exc.strerror or exc}); give an existing .jsonl file") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldError(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
        problems = gold_problems(record)
        if problems:
            raise GoldError(f"{path}:{number}: {'; '.join(problems)}")
        records.append(record)
    return GoldSet(Path(path).stem, Path(path), tuple(records))


def default_sets() -> list[Path]:
    return sorted(EVAL_DIR.glob("*.jsonl"))


def find_document(name: str, dirs: Sequence[Path] = DOC_DIRS) -> Path | None:
    return next((d / name for d in dirs if (d / name).is_file()), None)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def prepare_index(assistant, paths: Sequence[Path], progress: Progress | None = None) -> dict[str, str]:
    """Ingest the documents the index lacks (matched by content hash); return file name → doc id."""
    have = {d.sha256: d.id for d in assistant.documents}
    missing = [p for p in paths if _sha256(p) not in have]
    if missing:
        assistant.ingest(missing, progress=progress)
        have = {d.sha256: d.id for d in assistant.documents}
    return {p.name: have[_sha256(p)] for p in paths}


# ---------------------------------------------------------------------------------------------------------------
# Running.


def run_system(
    system: System, sets: Sequence[GoldSet], doc_ids: Mapping[str, str], progress: Progress | None = None
) -> SystemReport:
    """Ask every question of ``sets`` whose documents are all in ``doc_ids``; score, rank and time each one."""
    todo = [(s, g) for s in sets for g in s.records if all(name in doc_ids for name in gold_docs(g))]
    results = []
    for i, (gold_set, gold) in enumerate(todo):
        if progress:
            progress(f"{system.name} {gold['id']}", i / max(len(todo), 1))
        scope = tuple(doc_ids[name] for name in gold_docs(gold))
        results.append(_run_one(system, gold, scope, gold_set.name))
    return summarize_results(system.name, results)


def _run_one(system: System, gold: Mapping[str, object], scope: Scope, set_name: str) -> QuestionResult:
    """Ask with the history; rank every retriever variant on ``retrieval_query`` (answerable questions only)."""
    question, history = str(gold["question"]), [str(h) for h in gold["history"]]  # type: ignore[union-attr]
    error = None
    start = time.perf_counter()
    try:
        answer = system.ask(question, history, scope).to_json()
    except Exception as exc:  # one broken question must not end the run; it is reported as a failure
        answer = {"question": question, "status": "not_found", "answer": "", "citations": [], "figures": []}
        error = f"{type(exc).__name__}: {exc}"
    latency = time.perf_counter() - start
    rank, ranks, retrieved = None, {}, ()
    if is_retrieval_question(gold):
        try:
            texts = _variant_texts(system, retrieval_query(gold), scope)
            ranks = {name: retrieval_ranks(gold["gold_sources"], hits) for name, hits in texts.items()}
            rank, retrieved = ranks.get(FUSED), tuple(texts.get(FUSED, ())[:SHOWN_HITS])
        except Exception as exc:
            error = error or f"retrieval: {type(exc).__name__}: {exc}"
    return QuestionResult(gold, answer, score_question(gold, answer), rank, latency, error, set_name, ranks, retrieved)


def retrieval_query(gold: Mapping[str, object]) -> str:
    """What the retriever is asked: the question, after the previous one for a follow-up ("那项目支出呢？" names no
    topic alone; the answer stage searches a follow-up together with the question it follows too)."""
    history = [str(h) for h in gold.get("history") or ()]  # type: ignore[union-attr]
    question = str(gold["question"])
    return f"{history[-1]}，{question}" if history else question


def _variant_texts(system: System, query: str, scope: Scope) -> dict[str, list[str]]:
    """Hit texts per retriever variant; a system without variants has just its own ranking, called fused."""
    variants = getattr(system, "retrieval_variants", None)
    if variants is not None:
        return variants(query, RETRIEVAL_TOP_K, scope)
    return {FUSED: system.retrieval_texts(query, RETRIEVAL_TOP_K, scope)}


def summarize_results(name: str, results: Sequence[QuestionResult]) -> SystemReport:
    scores = [r.score for r in results]
    ranks = {r.score.id: r.rank for r in results if is_retrieval_question(r.gold)}

    def group(key: Callable[[QuestionResult], str]) -> dict[str, Metrics]:
        names = sorted({key(r) for r in results})
        return {n: summarize([r.score for r in results if key(r) == n], ranks).overall for n in names}

    latencies = sorted(r.latency for r in results)
    return SystemReport(
        name=name,
        results=tuple(results),
        summary=summarize(scores, ranks),
        by_doc=group(lambda r: doc_label(r.gold)),
        by_set=group(lambda r: r.set_name),
        latency_median=statistics.median(latencies) if latencies else None,
        latency_p95=_percentile(latencies, 0.95),
        retrieval=ablation([(r.ranks, doc_label(r.gold), r.set_name) for r in results if r.ranks]),
    )


def doc_label(gold: Mapping[str, object]) -> str:
    """The document a question is grouped under: its file name, or "N documents" for a question over several."""
    names = gold_docs(gold)
    return names[0] if len(names) == 1 else f"{len(names)} documents: " + ", ".join(names)


def _percentile(sorted_values: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile."""
    if not sorted_values:
        return None
    rank = max(1, -(-len(sorted_values) * q // 1))
    return sorted_values[int(rank) - 1]


def check_thresholds(report_system: SystemReport, thresholds: Mapping[str, object]) -> list[ThresholdCheck]:
    """Numeric accuracy per set against ``thresholds["numeric_accuracy"][set]``; unsupported figures ≤ the limit."""
    checks = []
    limits = thresholds.get("numeric_accuracy") or {}
    for set_name, metrics in report_system.by_set.items():
        limit = limits.get(set_name) if isinstance(limits, Mapping) else None
        if limit is None:
            continue
        value = metrics.numeric_accuracy
        checks.append(
            ThresholdCheck(
                f"{set_name}: numeric accuracy", value, float(limit), value is not None and value >= float(limit)
            )
        )
    max_unsupported = int(thresholds.get("max_unsupported", 0))  # type: ignore[arg-type]
    unsupported = report_system.summary.overall.unsupported
    checks.append(ThresholdCheck("unsupported figures", unsupported, max_unsupported, unsupported <= max_unsupported))
    return checks


def load_thresholds(path: Path = THRESHOLDS) -> dict[str, object]:
    if not path.is_file():
        return {}
    try:
        return json.loads(path.read_text("utf-8"))
    except json.JSONDecodeError as exc:
        raise BudgetQAError(f"{path} is not valid JSON ({exc.msg}); fix or delete it") from exc


def run_eval(
    sets: Sequence[Path],
    index_dir: Path | None,
    *,
    baseline: bool = False,
    assistant=None,
    baseline_factory: Callable[[Mapping[str, Path], Mapping[str, str]], System] | None = None,
    thresholds: Mapping[str, object] | None = None,
    progress: Progress | None = None,
    doc_dirs: Sequence[Path] = DOC_DIRS,
) -> EvalReport:
    """Score budgetqa (and, with ``baseline``, the naive RAG) on ``sets``.

    ``index_dir`` is reused (documents it lacks are ingested into it); None builds a fresh index in a temporary
    directory, so the scores reflect the current parser. ``assistant`` and ``baseline_factory`` let tests pass
    fakes.
    """
    gold_sets = [load_set(p) for p in sets]
    skipped: list[str] = []
    paths: dict[str, Path] = {}
    for gold_set in gold_sets:
        for name in sorted({name for r in gold_set.records for name in gold_docs(r)}):
            found = find_document(name, doc_dirs)
            if found is None:
                skipped.append(
                    f"{gold_set.path.name}: {name} is not in {', '.join(map(str, doc_dirs))}; its questions are skipped"
                )
            else:
                paths[name] = found
    with tempfile.TemporaryDirectory(prefix="budgetqa-eval-") as tmp:
        if assistant is None:
            from ..assistant import Assistant

            settings = Settings.from_env(index_dir=index_dir or Path(tmp) / "index")
            assistant = Assistant.load(settings=settings, progress=progress)
        doc_ids = prepare_index(assistant, list(paths.values()), progress) if paths else {}
        systems = [run_system(AssistantSystem(assistant), gold_sets, doc_ids, progress)]
        if baseline and doc_ids:
            factory = baseline_factory or _default_baseline(assistant)
            systems.append(run_system(factory(paths, doc_ids), gold_sets, doc_ids, progress))
    thresholds = load_thresholds() if thresholds is None else thresholds
    checks = check_thresholds(systems[0], thresholds)
    return EvalReport(tuple(systems), tuple(checks), tuple(skipped), doc_ids)


def _default_baseline(assistant) -> Callable[[Mapping[str, Path], Mapping[str, str]], System]:
    def build(paths: Mapping[str, Path], doc_ids: Mapping[str, str]) -> System:
        from ..ingest.loader import load
        from ..retrieval.embedding import llama_embedding
        from .baseline import NaiveRAG

        raws = {doc_ids[name]: load(path) for name, path in paths.items()}
        labels = {d.id: d.label for d in assistant.documents}
        return NaiveRAG.build(raws, llama_embedding(assistant.settings), labels=labels)

    return build


# ---------------------------------------------------------------------------------------------------------------
# The CLI's entry point.


def main_eval(
    sets: Sequence[Path], index_dir: Path | None, baseline: bool, out_dir: Path | None, progress: Progress | None = None
) -> int:
    """``budgetqa eval``: run, write report.md and report.json, print the headline; 1 when a threshold fails."""
    from .report import render_json, render_markdown, summary_lines

    sets = list(sets) or default_sets()
    if not sets:
        raise BudgetQAError(f"no gold sets: give --set FILE or put *.jsonl files in {EVAL_DIR}")
    report = run_eval(sets, index_dir, baseline=baseline, progress=progress or _stderr_progress)
    out = Path(out_dir) if out_dir else EVAL_DIR
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.md").write_text(render_markdown(report, cold=load_cold()), "utf-8")
    (out / "report.json").write_text(json.dumps(render_json(report), ensure_ascii=False, indent=1), "utf-8")
    sys.stderr.write("\n")
    for line in summary_lines(report):
        print(line)
    print(f"report: {out / 'report.md'}")
    return 0 if report.passed else 1


def load_cold(path: Path = COLD) -> dict[str, dict[str, object]]:
    """The recorded cold score of each gold set (eval/cold.json), by set name; empty when there is no such file."""
    if not path.exists():
        return {}
    try:
        return dict(json.loads(path.read_text("utf-8"))["sets"])
    except (ValueError, KeyError) as exc:
        raise BudgetQAError(
            f"cannot read cold scores {path} ({exc}); fix its JSON ({{'sets': {{name: scores}}}})"
        ) from exc


_last_step = -1


def _stderr_progress(message: str, fraction: float) -> None:
    """A redrawn line on a terminal; in a log, one line per tenth of the work (no carriage-return frames)."""
    global _last_step
    if sys.stderr.isatty():
        sys.stderr.write(f"\r{round(100 * fraction):3d}% {message[:60]:<60}")
    elif int(10 * fraction) != _last_step:
        _last_step = int(10 * fraction)
        sys.stderr.write(f"{round(100 * fraction):3d}% {message[:60]}\n")
    sys.stderr.flush()
