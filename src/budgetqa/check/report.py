"""reconcile(): every check of a parsed disclosure in one report; format_report(): the report for a terminal."""

from __future__ import annotations

from collections import Counter

from ..models import Disclosure
from .arithmetic import checks_of, table_equations
from .cross import cross_equations
from .equations import Sheet
from .models import Check, CheckReport, TableReport, Unplaced
from .names import name_checks
from .narrative import narrative_checks
from .placement import audit_unresolved

_KIND_NAMES = {
    "row_sum": "行内合计",
    "parent_sum": "上下级科目",
    "total": "表内总计",
    "difference": "增减额",
    "rate": "增减率",
    "cross_table": "表间核对",
    "narrative": "说明与表格",
    "row_name": "行名",
}
_STATUS_MARK = {"ok": "✓", "rounding": "≈", "failed": "✗"}


def reconcile(doc: Disclosure, source: str | None = None, listed: int | None = None) -> CheckReport:
    """Rows parsed / resolved per table, the arithmetic inside each table, across tables and against the 说明, and
    the figures of rows the parser could not place. ``listed``: how many tables the document's 目录 lists."""
    unplaced: list[Unplaced] = []
    tables = []
    tentative: dict[tuple[str, int], tuple[str, ...]] = {}
    for table in (t for t in doc.tables if not t.empty):
        audited, placed, rows = audit_unresolved(table)
        tables.append(audited)
        tentative.update({(table.id, i): figures for i, figures in placed.items()})
        unplaced.extend(rows)
    sheet = Sheet.of(tables, tentative)
    equations = [eq for t in tables for eq in table_equations(t)] + list(cross_equations(doc))
    checks = checks_of(equations, sheet) + list(name_checks(doc))
    doubtful = frozenset(
        (ref.table, ref.row)
        for eq, check in zip(equations, checks)
        if check.status == "failed"
        for ref in (eq.target, *eq.parts)
    )
    reports = tuple(
        TableReport(
            table_id=t.id,
            label=t.label,
            page=t.page,
            rows=len(t.rows),
            resolved=sum(r.status == "resolved" for r in t.rows),
            unresolved=sum(r.status == "unresolved" for r in t.rows),
            checks=tuple(c for c in checks if c.table_id == t.id and c.kind != "cross_table"),
        )
        for t in doc.tables
    )
    return CheckReport(
        doc_id=doc.id,
        doc_label=doc.label,
        source=source or doc.source,
        body=doc.unit_name,
        year=doc.year,
        kind=f"{doc.scope or ''}{doc.kind or ''}" or None,
        listed=listed,
        tables=reports,
        checks=tuple(c for c in checks if c.kind == "cross_table") + tuple(narrative_checks(doc, doubtful)),
        unplaced=tuple(unplaced),
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
    for row in (u for u in report.unplaced if u.consistent is not False):
        why = "数字可以自洽，解析未能确定各列" if row.consistent else "未核对"
        lines.append(f"  ? [unresolved] {row.table}「{row.row}」: {' '.join(row.figures)}（{why}）")
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
