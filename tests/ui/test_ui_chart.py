"""The chart beside the chat: the answer's points as a plot frame and a table, and CSV / XLSX downloads."""

from __future__ import annotations

import csv

from budgetqa.ui import chart
from budgetqa.ui.handlers import ALL_DOCS, Handlers


def test_answer_over_years_gives_one_row_per_point_with_its_source(fake):
    _, _, answer = Handlers(fake).ask_answer("行政运行历年是多少？", [], [], ALL_DOCS)
    data = chart.frame(answer)
    assert list(data["项"]) == ["2021", "2022", "2023"]
    assert list(data["数值"]) == [1335.31, 1284.32, 781.01]
    assert data["来源"][0].startswith("[1] ") and "第 9 页" in data["来源"][0]
    assert chart.title(answer) == "行政运行（万元）"
    html = chart.table_html(answer)
    assert html.count("<tr>") == 4 and "781.01" in html and "第 9 页" in html


def test_answer_without_chart_has_an_empty_frame(fake):
    _, _, answer = Handlers(fake).ask_answer("出差花了多少钱？", [], [], ALL_DOCS)
    assert chart.frame(answer).empty and chart.title(answer) == ""


def test_downloads_hold_the_points_as_csv_and_xlsx(fake, tmp_path):
    _, _, answer = Handlers(fake).ask_answer("行政运行历年是多少？", [], [], ALL_DOCS)
    csv_path, xlsx_path = chart.files(answer, str(tmp_path))
    with open(csv_path, encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:4] == ["系列", "项", "数值", "单位"] and [r[1] for r in rows[1:]] == ["2021", "2022", "2023"]
    from openpyxl import load_workbook

    assert load_workbook(xlsx_path).active.max_row == 4
