"""The chart of an answer on the page: the points as a data frame for gr.LinePlot / gr.BarPlot, the same points as
the table beside it, and the CSV / XLSX files the download offers."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd

from ..export import answer_rows, write
from ..models import Answer
from .render import esc

COLUMNS = ["项", "数值", "系列", "来源"]


def frame(answer: Answer | None) -> pd.DataFrame:
    """One row per chart point: x, value, series name and its citation marker ("[2] 《…》 第 8 页")."""
    if answer is None or answer.chart is None:
        return pd.DataFrame(columns=COLUMNS)
    by_id = {c.id: c for c in answer.citations}
    rows = []
    for s in answer.chart.series:
        for p in s.points:
            c = by_id.get(p.citation)
            where = f"[{p.citation}] {c.doc}" + (f" 第 {c.page} 页" if c and c.page else "") if c else f"[{p.citation}]"
            rows.append([p.x, p.y, s.name, where])
    return pd.DataFrame(rows, columns=COLUMNS)


def files(answer: Answer | None, folder: str | None = None) -> list[str]:
    """The answer's figures written as CSV and XLSX (none when it has no figure)."""
    if answer is None or not answer.figures:
        return []
    where = Path(tempfile.mkdtemp(prefix="bqa-export-", dir=folder))
    rows = answer_rows(answer)
    return [str(write(rows, where / f"budgetqa{suffix}", "answer")) for suffix in (".csv", ".xlsx")]


def title(answer: Answer | None) -> str:
    if answer is None or answer.chart is None:
        return ""
    return f"{answer.chart.title}（{answer.chart.unit}）"


def table_html(answer: Answer | None) -> str:
    """The chart's points as a plain table beside the plot (what each point is and where it is printed)."""
    data = frame(answer)
    if data.empty:
        return ""
    head = "".join(f"<th>{esc(c)}</th>" for c in COLUMNS)
    body = "".join(
        f'<tr><td>{esc(str(r.项))}</td><td class="num">{r.数值:,.2f}</td><td>{esc(r.系列)}</td><td>{esc(r.来源)}</td></tr>'
        for r in data.itertuples(index=False)
    )
    return f'<table class="bqa-chart-data"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
