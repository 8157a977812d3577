"""reconcile(): every check of a parsed disclosure in one report; format_report(): the report for a terminal."""

from __future__ import annotations

from collections import Counter

from ..models import Disclosure
from .arithmetic import table_checks
from .cross import cross_checks
from .models import Check, CheckReport, TableReport
from .narrative import narrative_checks

_KIND_NAMES = {
    "row_sum": "行内合计",
    "parent_sum": "上下级科目",
    "total": "表内总计",
    "cross_table": "表间核对",
    "narrative": "说明与表格",
}
_STATUS_MARK = {"ok": "✓", "rounding": "≈", "failed": "✗"}


def reconcile(doc: Disclosure) -> CheckReport:
    """Rows parsed / resolved per table, the arithmetic inside each table, across tables and against the 说明."""
    tables = tuple(
        TableReport(
            table_id=t.id,
            label=t.label,
            page=t.page,
            rows=len(t.rows),
            resolved=sum(r.status == "resolved" for r in t.rows),
            unresolved=sum(r.status == "unresolved" for r in t.rows),
            checks=tuple(table_checks(t)),
        )
        for t in doc.tables
    )
    return CheckReport(
        doc_id=doc.id,
        doc_label=doc.label,
        tables=tables,
        checks=tuple(cross_checks(doc)) + tuple(narrative_checks(doc)),
    )


def format_report(report: CheckReport, verbose: bool = False) -> str:
    """Plain text: per table its row counts and a tally of checks, then every check that is not plainly ok."""
    lines = [f"{report.doc_label}：核对报告"]
    for table in report.tables:
        page = f" (p.{table.page})" if table.page else ""
        lines.append(
            f"{table.label}{page}: {table.rows} rows, {table.resolved} resolved, {table.unresolved} unresolved"
            + (f"; {_tally(table.checks)}" if table.checks else "")
        )
        lines.extend(_detail(c, verbose) for c in table.checks if verbose or c.status != "ok")
    for kind in ("cross_table", "narrative"):
        checks = [c for c in report.checks if c.kind == kind]
        if checks:
            lines.append(f"{_KIND_NAMES[kind]}: {_tally(checks)}")
            lines.extend(_detail(c, verbose) for c in checks if verbose or c.status != "ok")
    counts = Counter(c.status for c in report.all_checks)
    lines.append(
        f"合计 {sum(counts.values())} 项核对：{counts['ok']} 通过，{counts['rounding']} 舍入差异，{counts['failed']} 不一致"
    )
    return "\n".join(lines)


def _tally(checks) -> str:
    by_kind: dict[str, Counter] = {}
    for check in checks:
        by_kind.setdefault(check.kind, Counter())[check.status] += 1
    parts = []
    for kind, counts in by_kind.items():
        total = sum(counts.values())
        extra = "".join(f", {counts[s]} {s}" for s in ("rounding", "failed") if counts[s])
        parts.append(f"{kind} {counts['ok']}/{total} ok{extra}")
    return "; ".join(parts)


def _detail(check: Check, verbose: bool) -> str:
    pages = f" (p.{', '.join(map(str, check.pages))})" if check.pages else ""
    return f"  {_STATUS_MARK[check.status]} [{check.kind}] {check.message}{pages}"
