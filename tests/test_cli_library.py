"""`budgetqa list / remove / export`: thin commands over the assistant's catalog, removal and answers."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

from budgetqa.cli import main

from .conftest import SEED


@pytest.fixture
def two_docs(tmp_path, monkeypatch):
    """An index of the seed and a copy of it stated for 2024 (stand-in retrieval: no embedding model needed)."""
    from budgetqa.config import Settings
    from budgetqa.store.library import Library

    monkeypatch.setattr(
        "budgetqa.retrieval.persist.build_retrieval",
        lambda docs, out_dir, settings, previous=None, progress=None: out_dir.mkdir(parents=True),
    )
    later = tmp_path / SEED.name.replace("2023", "2024")
    later.write_text(SEED.read_text("utf-8").replace("2023", "2024"), "utf-8")
    index = tmp_path / "index"
    Library.open(Settings(index_dir=index, corpus_dir=tmp_path / "none")).ingest([SEED, later])
    return index


def test_list_json_names_body_year_kind_level_of_every_document(two_docs):
    result = CliRunner().invoke(main, ["list", "--index", str(two_docs), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["year"] for r in rows] == [2023, 2024]
    assert {r["kind"] for r in rows} == {"预算"} and {r["level"] for r in rows} == {"单位"}
    assert all("社会保险事业管理中心" in r["body"] for r in rows)
    plain = CliRunner().invoke(main, ["list", "--index", str(two_docs)])
    assert plain.exit_code == 0 and len(plain.output.strip().splitlines()) == 2


def test_remove_takes_one_document_out_and_unknown_exits_3(two_docs):
    rows = json.loads(CliRunner().invoke(main, ["list", "--index", str(two_docs), "--json"]).output)
    unknown = CliRunner().invoke(main, ["remove", "--index", str(two_docs), "no-such-doc"])
    assert unknown.exit_code == 3 and "no-such-doc" in unknown.output
    several = CliRunner().invoke(main, ["remove", "--index", str(two_docs), "社会保险"])
    assert several.exit_code == 2  # a name meaning both documents: the id is asked for
    done = CliRunner().invoke(main, ["remove", "--index", str(two_docs), rows[0]["id"]])
    assert done.exit_code == 0, done.output
    left = json.loads(CliRunner().invoke(main, ["list", "--index", str(two_docs), "--json"]).output)
    assert [r["id"] for r in left] == [rows[1]["id"]]


def test_export_writes_the_answers_figures_as_csv_and_xlsx(two_docs, tmp_path):
    out = tmp_path / "a.csv"
    result = CliRunner().invoke(
        main, ["export", "--index", str(two_docs), "--out", str(out), "2023年和2024年的差旅费各是多少？"]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert len(rows) >= 3 and any("34.74" in ",".join(r) for r in rows[1:])
    xlsx = tmp_path / "t.xlsx"
    doc_id = json.loads(CliRunner().invoke(main, ["list", "--index", str(two_docs), "--json"]).output)[0]["id"]
    table = CliRunner().invoke(
        main, ["export", "--index", str(two_docs), "--out", str(xlsx), "--doc", doc_id, "--table", "t1"]
    )
    assert table.exit_code == 0, table.output
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx).active
    assert sheet.max_row > 3 and sheet.cell(1, 2).value == "项目"
    bad = CliRunner().invoke(
        main, ["export", "--index", str(two_docs), "--out", str(tmp_path / "x.txt"), "差旅费是多少"]
    )
    assert bad.exit_code == 2 and ".csv" in bad.output


def test_ask_over_two_years_carries_a_chart_in_json_and_a_table_in_text(two_docs):
    question = "2023年和2024年的差旅费各是多少？"
    result = CliRunner().invoke(main, ["ask", "--index", str(two_docs), "--json", question])
    assert result.exit_code == 0, result.output
    obj = json.loads(result.output)
    chart = obj["chart"]
    assert chart["kind"] in ("line", "bar") and chart["unit"] == "万元"
    points = chart["series"][0]["points"]
    assert [p["x"] for p in points] == ["2023", "2024"] and all(p["y"] == 34.74 for p in points)
    docs_of = {c["id"]: c["doc"] for c in obj["citations"]}
    assert len({docs_of[p["citation"]] for p in points}) == 2  # each year cited to its own document
    text = CliRunner().invoke(main, ["ask", "--index", str(two_docs), question]).output
    assert "图表" in text and "\n2023\t34.74 [" in text and "\n2024\t34.74 [" in text
