"""The `budgetqa` command: thin wrappers, clear errors, the JSON contract."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from budgetqa.cli import main

from .conftest import SEED


@pytest.fixture
def index_dir(structured_index):
    return structured_index


def test_ask_json_contract(index_dir):
    result = CliRunner().invoke(main, ["ask", "--index", str(index_dir), "--json", "出差花了多少钱？"])
    assert result.exit_code == 0, result.output
    obj = json.loads(result.output)
    assert set(obj) == {"question", "status", "answer", "citations", "figures"}
    assert obj["status"] == "answered" and "34.74" in obj["answer"]
    assert {"id", "doc", "locator", "page", "quote", "fact_id"} == set(obj["citations"][0])
    ids = {c["id"] for c in obj["citations"]}
    assert all(f["citation"] in ids for f in obj["figures"])
    assert any(f["value"] == 34.74 and f["unit"] == "万元" for f in obj["figures"])
    # the figure copied from a table cell names the stored fact it comes from
    assert any(f["value"] == 34.74 and f["fact_id"] for f in obj["figures"])


def test_ask_json_lines_from_stdin(index_dir):
    stdin = (
        "出差花了多少钱？\n\n"
        + json.dumps(
            {"question": "那2022年呢？", "history": ["2080101 行政运行的一般公共预算是多少？"]}, ensure_ascii=False
        )
        + "\n"
    )
    result = CliRunner().invoke(main, ["ask", "--index", str(index_dir), "--json", "-"], input=stdin)
    assert result.exit_code == 0, result.output
    lines = [json.loads(l) for l in result.output.splitlines()]
    assert len(lines) == 2 and lines[1]["question"] == "那2022年呢？"
    assert "1,335.31" in lines[1]["answer"]


def test_ask_for_a_person_prints_sources(index_dir):
    result = CliRunner().invoke(main, ["ask", "--index", str(index_dir), "什么是三公经费？"])
    assert result.exit_code == 0
    assert "来源：" in result.output and "[1]" in result.output and "名词解释" in result.output


def test_unanswerable_question_says_so(index_dir):
    result = CliRunner().invoke(main, ["ask", "--index", str(index_dir), "--json", "2019年的差旅费是多少？"])
    obj = json.loads(result.output)
    assert obj["status"] == "not_found" and obj["figures"] == []


def test_ingest_bad_file_is_one_clear_error(index_dir, tmp_path):
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"%PDF-1.4\nthis is not really a pdf")
    result = CliRunner().invoke(main, ["ingest", "--index", str(index_dir), str(bad)])
    assert result.exit_code == 2
    assert "scan.pdf" in result.output and "Traceback" not in result.output


def test_check_json(tmp_path):
    result = CliRunner().invoke(main, ["check", "--json", str(SEED)])
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert report  # the shape is tested in tests/check


def test_facts_lists_every_source_of_a_file():
    from pathlib import Path

    seed = next(Path("corpus").glob("*.txt"))
    result = CliRunner().invoke(main, ["facts", str(seed), "--json"])
    assert result.exit_code == 0, result.output
    facts = [json.loads(line) for line in result.output.splitlines()]
    assert {"table", "narrative", "definition"} <= {f["source"] for f in facts}
    assert len({f["id"] for f in facts}) == len(facts)


def test_facts_needs_a_file_or_a_document():
    result = CliRunner().invoke(main, ["facts"])
    assert result.exit_code != 0 and "--doc" in result.output
