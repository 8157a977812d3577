"""Render an EvalReport: readable Markdown tables then every failure, and the same numbers as JSON."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict

from .retrieval import FUSED, HIT_K, RetrievalAblation, RetrievalMetrics
from .runner import EvalReport, QuestionResult, SystemReport, retrieval_query
from .score import Metrics

# (label, Metrics attribute, format): the rows of every metrics table, in order.
METRIC_ROWS: tuple[tuple[str, str, str], ...] = (
    ("questions", "n", "int"),
    ("accuracy (all checks)", "accuracy", "pct"),
    ("numeric accuracy", "numeric_accuracy", "pct"),
    ("questions with figures", "numeric_n", "int"),
    ("key-phrase accuracy", "text_accuracy", "pct"),
    ("citation accuracy", "citation_accuracy", "pct"),
    ("not_found precision", "not_found_precision", "pct"),
    ("not_found recall", "not_found_recall", "pct"),
    ("unsupported figures", "unsupported", "int"),
    ("copied figures traced to a fact", "figures_traced", "pct"),
    ("retrieval hit@1", "hit_at_1", "pct"),
    ("retrieval hit@5", "hit_at_5", "pct"),
    ("retrieval MRR", "mrr", "float"),
)
ANSWER_CHARS = 300


def _fmt(value: object, kind: str) -> str:
    if value is None:
        return "–"
    if kind == "pct":
        return f"{100 * float(value):.1f}%"  # type: ignore[arg-type]
    if kind == "float":
        return f"{float(value):.3f}"  # type: ignore[arg-type]
    if kind == "sec":
        seconds = float(value)  # type: ignore[arg-type]
        return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"
    return str(value)


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return lines + [""]


def _metrics_table(columns: Mapping[str, Metrics], extra: Sequence[tuple[str, Sequence[str]]] = ()) -> list[str]:
    rows = [[label, *(_fmt(getattr(m, attr), kind) for m in columns.values())] for label, attr, kind in METRIC_ROWS]
    rows += [[label, *values] for label, values in extra]
    return _table(["metric", *columns], rows)


def _group_table(groups: Sequence[tuple[str, Mapping[str, Metrics]]], names: Sequence[str]) -> list[str]:
    """One row per group name; for each system: n, accuracy, numeric, citations, hit@5."""
    header = ["", "n"]
    for system, _ in groups:
        header += [f"{system} acc.", f"{system} numeric", f"{system} cites", f"{system} hit@5"]
    rows = []
    for name in names:
        first = next((g[name] for _, g in groups if name in g), None)
        row = [name, str(first.n if first else 0)]
        for _, g in groups:
            m = g.get(name)
            row += [
                _fmt(m.accuracy if m else None, "pct"),
                _fmt(m.numeric_accuracy if m else None, "pct"),
                _fmt(m.citation_accuracy if m else None, "pct"),
                _fmt(m.hit_at_5 if m else None, "pct"),
            ]
        rows.append(row)
    return _table(header, rows)


def _figures(figures: object) -> str:
    items = [f"{f.get('value')} {f.get('unit') or ''}".strip() for f in figures or ()]  # type: ignore[union-attr]
    return ", ".join(items) or "–"


def _why(r: QuestionResult) -> list[str]:
    s = r.score
    reasons = []
    if r.error:
        reasons.append(f"error ({r.error})")
    if not s.status_ok:
        reasons.append("should be not_found" if not s.answerable else "wrongly not_found")
    if s.numeric_ok is False and s.answered:
        reasons.append("figure missing or wrong")
    if s.text_ok is False and s.answered:
        reasons.append("key phrase missing")
    if s.citation_ok is False and s.answered:
        reasons.append("citation misses a gold source")
    if s.unsupported:
        shown = ", ".join(f"{v} {u or ''}".strip() for v, u in s.unsupported)
        reasons.append(f"unsupported figures {shown}")
    return reasons or ["retrieval only"]


def _failure(r: QuestionResult) -> list[str]:
    gold, answer = r.gold, r.answer
    text = " ".join(str(answer.get("answer") or "").split())
    if len(text) > ANSWER_CHARS:
        text = text[:ANSWER_CHARS] + "…"
    locators = "; ".join(str(c.get("locator")) for c in answer.get("citations") or ()) or "–"
    lines = [f"### {gold['id']} ({gold['kind']}) — {', '.join(_why(r))}", ""]
    if gold["history"]:
        lines.append(f"- history: {' → '.join(map(str, gold['history']))}")  # type: ignore[arg-type]
    lines += [
        f"- question: {gold['question']}",
        f"- gold: {'answerable' if gold['answerable'] else 'not_found'}; figures {_figures(gold['gold_figures'])}"
        + (f"; text {gold['gold_text']}" if gold["gold_text"] else "")
        + (
            f"; sources {[{k: v for k, v in s.items() if k != 'type'} for s in gold['gold_sources']]}"  # type: ignore
            if gold["gold_sources"]
            else ""
        ),
        f"- got: {answer.get('status')}; figures {_figures(answer.get('figures'))}; answer: {text or '–'}",
        f"- cited: {locators}",
        f"- retrieval rank of the gold source: {r.rank if r.rank else '>10 or none'}",
        "",
    ]
    return lines


COLD_ROWS: tuple[tuple[str, str], ...] = (
    ("accuracy", "accuracy"),
    ("numeric", "numeric_accuracy"),
    ("citations", "citation_accuracy"),
    ("not_found precision", "not_found_precision"),
    ("not_found recall", "not_found_recall"),
)


def _cold_section(s: SystemReport, cold: Mapping[str, Mapping[str, object]]) -> list[str]:
    """Each gold set's first score (before tuning on its documents) beside this run: the cold one predicts users."""
    names = [name for name in cold if name in s.by_set]
    if not names:
        return []
    header = ["set", "cold recorded", *(f"{label} cold → now" for label, _ in COLD_ROWS)]
    rows = []
    for name in names:
        then, now = cold[name], s.by_set[name]
        cells = [f"{_fmt(then.get(attr), 'pct')} → {_fmt(getattr(now, attr), 'pct')}" for _, attr in COLD_ROWS]
        rows.append([name, f"{then.get('recorded', '?')} @ {then.get('commit', '?')}", *cells])
    intro = (
        "The cold score is a set's first run, before any code was tuned on its documents (eval/cold.json); "
        "it is the honest measure of how budgetqa does on documents and wordings it has not seen."
    )
    return [f"## Cold and now, per gold set ({s.name})", "", intro, "", *_table(header, rows)]


def render_markdown(report: EvalReport, cold: Mapping[str, Mapping[str, object]] | None = None) -> str:
    systems = report.systems
    lines = ["# budgetqa evaluation", ""]
    if report.documents:
        lines += ["Documents: " + ", ".join(f"{name} (`{doc_id}`)" for name, doc_id in report.documents.items()), ""]
    lines += [f"- skipped: {msg}" for msg in report.skipped] + ([""] if report.skipped else [])
    lines += ["## Overall", ""]
    latency = [
        ("latency median", [_fmt(s.latency_median, "sec") for s in systems]),
        ("latency p95", [_fmt(s.latency_p95, "sec") for s in systems]),
    ]
    lines += _metrics_table({s.name: s.summary.overall for s in systems}, latency)
    if report.checks:
        lines += ["## Thresholds (budgetqa)", ""]
        lines += _table(
            ["check", "value", "limit", "result"],
            [
                [
                    c.name,
                    _fmt(c.value, "int" if c.name.startswith("unsupported") else "pct"),
                    _fmt(c.limit, "int" if c.name.startswith("unsupported") else "pct"),
                    "pass" if c.passed else "FAIL",
                ]
                for c in report.checks
            ],
        )
    for s in systems[:1]:
        lines += _cold_section(s, cold or {})
    docs = sorted({d for s in systems for d in s.by_doc})
    for doc in docs:
        lines += [f"## {doc}", ""]
        lines += _metrics_table({s.name: s.by_doc[doc] for s in systems if doc in s.by_doc})
    kinds = list(dict.fromkeys(k for s in systems for k in s.summary.by_kind))
    lines += ["## By kind", ""]
    lines += _group_table([(s.name, s.summary.by_kind) for s in systems], kinds)
    for s in systems[:1]:
        lines += _retrieval_section(s)
        lines += _failures_section(s)
        lines += _retrieval_misses(s)
    return "\n".join(lines).rstrip() + "\n"


def _retrieval_row(name: str, metrics: Mapping[str, RetrievalMetrics], variants: Sequence[str]) -> list[str]:
    n = next((m.n for m in metrics.values()), 0)
    row = [name, str(n)]
    for v in variants:
        m = metrics.get(v)
        row += [
            _fmt(m.hit_at_1 if m else None, "pct"),
            _fmt(m.hit_at_5 if m else None, "pct"),
            _fmt(m.mrr if m else None, "float"),
        ]
    return row


def retrieval_table(ablation: RetrievalAblation) -> list[str]:
    """Rows: all questions, each set, each document; per retriever variant: hit@1, hit@5, MRR."""
    variants = ablation.variants
    header = ["questions", "n"] + [f"{v} {m}" for v in variants for m in ("hit@1", f"hit@{HIT_K}", "MRR")]
    rows = [_retrieval_row("all", ablation.overall, variants)]
    rows += [_retrieval_row(f"set {k}", v, variants) for k, v in ablation.by_set.items()]
    rows += [_retrieval_row(k, v, variants) for k, v in ablation.by_doc.items()]
    return _table(header, rows)


def _retrieval_section(s: SystemReport) -> list[str]:
    if not s.retrieval.variants:
        return []
    return [
        f"## Retrieval of {s.name}: each retriever alone and fused",
        "",
        "Answerable questions with a gold source; a follow-up is searched after the question it follows. "
        "hit@k: the gold source is among the top k; MRR over the top 10.",
        "",
    ] + retrieval_table(s.retrieval)


def _retrieval_misses(s: SystemReport) -> list[str]:
    """Questions whose gold source the fused retriever does not put in its top k, with what it found instead."""
    misses = [r for r in s.results if r.ranks and (r.rank is None or r.rank > HIT_K)]
    lines = [f"## Retrieval misses of {s.name} (gold source not in the fused top {HIT_K}: {len(misses)})", ""]
    for r in misses:
        ranks = ", ".join(f"{v} {rank or '–'}" for v, rank in r.ranks.items())
        lines += [
            f"### {r.gold['id']} ({r.gold['kind']}) — ranks: {ranks}",
            "",
            f"- query: {retrieval_query(r.gold)}",
            f"- gold: {[{k: v for k, v in g.items() if k != 'type'} for g in r.gold['gold_sources']]}",
        ]  # type: ignore
        lines += [f"- {FUSED} {i}: {' '.join(text.split())[:160]}" for i, text in enumerate(r.retrieved, start=1)]
        lines.append("")
    return lines


def _failures_section(s: SystemReport) -> list[str]:
    failures = s.failures
    lines = [f"## Failures of {s.name} ({len(failures)} of {len(s.results)})", ""]
    if not failures:
        return lines + ["None.", ""]
    for r in failures:
        lines += _failure(r)
    return lines


def summary_lines(report: EvalReport) -> list[str]:
    """The few lines ``budgetqa eval`` prints."""
    lines = [f"skipped: {msg}" for msg in report.skipped]
    for s in report.systems:
        m = s.summary.overall
        lines.append(
            f"{s.name}: {m.n} questions, numeric {_fmt(m.numeric_accuracy, 'pct')}, "
            f"citations {_fmt(m.citation_accuracy, 'pct')}, not_found recall "
            f"{_fmt(m.not_found_recall, 'pct')}, unsupported {m.unsupported}, hit@5 {_fmt(m.hit_at_5, 'pct')}, "
            f"median {_fmt(s.latency_median, 'sec')}"
        )
        if s.retrieval.variants:
            lines.append(
                f"{s.name} retrieval hit@{HIT_K} / MRR: "
                + ", ".join(
                    f"{v} {_fmt(m.hit_at_5, 'pct')} / {_fmt(m.mrr, 'float')}" for v, m in s.retrieval.overall.items()
                )
            )
    for c in report.checks:
        if not c.passed:
            lines.append(f"FAIL {c.name}: {c.value} (limit {c.limit})")
    lines.append("thresholds: pass" if report.passed else "thresholds: FAIL")
    return lines


def _result_json(r: QuestionResult) -> dict:
    s = r.score
    return {
        "id": s.id,
        "set": r.set_name,
        "kind": s.kind,
        "correct": s.correct,
        "status_ok": s.status_ok,
        "numeric_ok": s.numeric_ok,
        "text_ok": s.text_ok,
        "citation_ok": s.citation_ok,
        "unsupported": [[None if v != v else v, u] for v, u in s.unsupported],
        "rank": r.rank,
        "ranks": dict(r.ranks),
        "latency": round(r.latency, 4),
        "error": r.error,
        "answer": dict(r.answer),
    }


def render_json(report: EvalReport) -> dict:
    return {
        "passed": report.passed,
        "documents": dict(report.documents),
        "skipped": list(report.skipped),
        "checks": [asdict(c) for c in report.checks],
        "systems": {
            s.name: {
                "overall": asdict(s.summary.overall),
                "latency_median": s.latency_median,
                "latency_p95": s.latency_p95,
                "by_doc": {k: asdict(v) for k, v in s.by_doc.items()},
                "by_set": {k: asdict(v) for k, v in s.by_set.items()},
                "by_kind": {k: asdict(v) for k, v in s.summary.by_kind.items()},
                "retrieval": asdict(s.retrieval),
                "questions": [_result_json(r) for r in s.results],
            }
            for s in report.systems
        },
    }
