"""`budgetqa check FILE… | DIR`: one report per document, a summary line each and a total line.

The files of a directory are its PDFs and text files (sorted, not recursive). A file that cannot be read is reported
with the reason and does not stop the others.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import BudgetQAError
from ..models import RawDocument
from ..parse._text import fold, load_data, marker, tidy, toc_pages
from .models import CheckReport
from .report import reconcile

SUFFIXES = (".pdf", ".txt")
_LEADERS = re.compile(r"(?:\.{2,}|…+|·{2,}|-{4,}|_{4,})\s*\d*\s*$|\s+\d{1,3}\s*$")

# exit codes of `budgetqa check`
EXIT_OK, EXIT_FAILED_CHECK, EXIT_UNREADABLE = 0, 1, 3


@dataclass(frozen=True)
class Outcome:
    """One file: its report, or why it could not be read."""

    path: Path
    report: CheckReport | None = None
    error: str | None = None


def files_of(paths: Iterable[Path]) -> list[Path]:
    """Files as given; a directory stands for its .pdf/.txt files."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES))
        else:
            out.append(path)
    return out


def listed_tables(raw: RawDocument) -> int | None:
    """How many tables the 目录 lists: its entries that end in 表, less the headings of a group of tables ("五、单位
    预算表" followed by "1. …表", "二、部门预算报表") and the 绩效 tables; None where the 目录 lists none."""
    pages = toc_pages(raw.lines)
    if not pages:
        return None
    words = load_data("checks.json")["toc"]
    entries: list[tuple[str | None, str]] = []
    for line in raw.lines:
        if line.page not in pages:
            continue
        text = fold(tidy(_LEADERS.sub("", line.text))).replace(" ", "")
        if len(text) > 2 and text.endswith("表") and not any(w in text for w in words["not_a_table"]):
            style = marker(text)
            entries.append((style[0] if style else None, text))
    names = [
        text
        for k, (style, text) in enumerate(entries)
        if not any(w in text for w in words["group_heading"])
        and not (k + 1 < len(entries) and entries[k + 1][0] != style and style in ("part", "cn"))
    ]
    return len(dict.fromkeys(names)) or None


def check_file(path: Path, progress: Callable[[int, int], None] | None = None) -> CheckReport:
    """Parse one file and reconcile it; BudgetQAError (with the reason) where it cannot be read. ``progress`` hears
    (pages done, pages to do) while scanned pages are read by OCR."""
    from ..ingest.loader import load
    from ..parse.document import parse

    raw = load(path, progress=progress)
    return reconcile(parse(raw), source=path.name, listed=listed_tables(raw))


def check_paths(paths: Sequence[Path], progress: Callable[[int, int], None] | None = None) -> Iterator[Outcome]:
    for path in files_of(paths):
        try:
            yield Outcome(path, check_file(path, progress))
        except BudgetQAError as exc:
            yield Outcome(path, error=str(exc))


def summary_line(report: CheckReport) -> str:
    """body | year | kind | tables found/listed | rows | resolved | checks ok / rounding / failed"""
    s = report.summary()
    listed = s["tables_listed"] if s["tables_listed"] is not None else "–"
    c = s["checks"]
    return (
        f"{s['source']}: {s['body']} | {s['year'] or '–'} | {s['kind'] or '–'} | tables {s['tables_found']}/{listed}"
        f" | rows {s['rows']} | resolved {s['resolved']} | checks {c['ok']} ok / {c['rounding']} rounding"
        f" / {c['failed']} failed"
    )


def totals(outcomes: Sequence[Outcome]) -> dict:
    reports = [o.report for o in outcomes if o.report is not None]
    sums = [r.summary() for r in reports]
    return {
        "documents": len(outcomes),
        "unreadable": sum(o.report is None for o in outcomes),
        "with_failed_checks": sum(not s["ok"] for s in sums),
        "tables_found": sum(s["tables_found"] for s in sums),
        "tables_listed": sum(s["tables_listed"] or 0 for s in sums),
        # found in documents whose 目录 lists no table: not comparable with tables_listed
        "tables_found_unlisted": sum(s["tables_found"] for s in sums if s["tables_listed"] is None),
        "rows": sum(s["rows"] for s in sums),
        "resolved": sum(s["resolved"] for s in sums),
        "checks": {k: sum(s["checks"][k] for s in sums) for k in ("ok", "rounding", "failed")},
    }


def total_line(outcomes: Sequence[Outcome]) -> str:
    t = totals(outcomes)
    c = t["checks"]
    unreadable = f" | {t['unreadable']} unreadable" if t["unreadable"] else ""
    unlisted = t["tables_found_unlisted"]
    return (
        f"TOTAL {t['documents']} documents{unreadable} | tables {t['tables_found'] - unlisted}/{t['tables_listed']}"
        + (f" (+{unlisted} where the 目录 lists none)" if unlisted else "")
        + f" | rows {t['rows']} | resolved {t['resolved']} | checks {c['ok']} ok / {c['rounding']} rounding"
        f" / {c['failed']} failed | {t['with_failed_checks']} with failed checks"
    )


def exit_code(outcomes: Sequence[Outcome]) -> int:
    if any(o.report is None for o in outcomes):
        return EXIT_UNREADABLE
    return EXIT_FAILED_CHECK if any(o.report.failed for o in outcomes if o.report) else EXIT_OK


def to_json(outcomes: Sequence[Outcome], detail: bool) -> dict:
    """The same structure as the lines: per document its summary (and with ``detail`` its full report), a total."""
    docs = []
    for o in outcomes:
        if o.report is None:
            docs.append({"source": o.path.name, "error": o.error})
        else:
            docs.append(o.report.summary() | ({"report": o.report.to_json()} if detail else {}))
    return {"documents": docs, "total": totals(outcomes)}
