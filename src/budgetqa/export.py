"""Figures of an answer, or a parsed table, written as CSV or XLSX (`budgetqa export`, the UI's download)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from .errors import BudgetQAError
from .models import Answer, Table

Rows = list[list[object]]


def answer_rows(answer: Answer) -> Rows:
    """The answer's chart points (series, x, value, unit, source) when it has a chart, else its figures."""
    by_id = {c.id: c for c in answer.citations}

    def source(cid: int) -> list[object]:
        c = by_id.get(cid)
        return [c.doc, c.locator, c.page] if c else ["", "", None]

    if answer.chart is not None:
        rows: Rows = [["系列", "项", "数值", "单位", "文件", "位置", "页"]]
        for s in answer.chart.series:
            for p in s.points:
                rows.append([s.name, p.x, p.y, answer.chart.unit, *source(p.citation)])
        return rows
    rows = [["数值", "单位", "文件", "位置", "页"]]
    for f in answer.figures:
        rows.append([f.value, f.unit, *source(f.citation)])
    return rows


def table_rows(table: Table) -> Rows:
    """The table as printed: code, name, then one column per header path."""
    rows: Rows = [["编码", "项目", *(c.label for c in table.columns)]]
    for r in table.rows:
        cells = {c.column: c.value if c.value is not None else c.text for c in r.cells}
        rows.append([r.code or "", r.name, *(cells.get(c.key, "") for c in table.columns)])
    return rows


def write(rows: Sequence[Sequence[object]], path: Path, title: str = "budgetqa") -> Path:
    """CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese) or XLSX, chosen by ``path``'s suffix."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8-sig") as fh:
            csv.writer(fh).writerows(["" if v is None else v for v in row] for row in rows)
    elif suffix == ".xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = title[:31] or "budgetqa"
        for row in rows:
            sheet.append(list(row))
        book.save(path)
    else:
        raise BudgetQAError(f"cannot export to {path.name}: give a .csv or .xlsx file name")
    return path
