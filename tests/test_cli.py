"""The `budgetqa` command: thin wrappers, clear errors, the JSON contract."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from budgetqa.cli import main
from budgetqa.exit_codes import ExitCode, describe

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
    lines = [json.loads(line) for line in result.output.splitlines()]
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
    assert result.exit_code == ExitCode.INPUT == 3
    assert "scan.pdf" in result.output and "Traceback" not in result.output


def test_check_json(tmp_path):
    result = CliRunner().invoke(main, ["check", "--json", str(SEED)])
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert report  # the shape is tested in tests/check


# -- exit codes: 0 answered, 1 not answered (--strict), 2 usage, 3 input ----------------------------------------------


def test_answered_question_exits_0_even_when_strict(index_dir):
    result = CliRunner().invoke(main, ["ask", "--index", str(index_dir), "--strict", "出差花了多少钱？"])
    assert result.exit_code == ExitCode.OK == 0, result.output


@pytest.mark.parametrize("strict, code", [(False, 0), (True, 1)])
def test_unanswered_question_exits_1_only_when_strict(index_dir, strict, code):
    args = ["ask", "--index", str(index_dir), "--json", "2019年的差旅费是多少？"] + (["--strict"] if strict else [])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == code and json.loads(result.stdout)["status"] == "not_found"


def test_strict_json_lines_exit_1_when_any_line_is_not_answered(index_dir):
    stdin = "出差花了多少钱？\n2019年的差旅费是多少？\n"
    result = CliRunner().invoke(main, ["ask", "--index", str(index_dir), "--json", "--strict", "-"], input=stdin)
    assert result.exit_code == ExitCode.NOT_FOUND and len(result.stdout.splitlines()) == 2


@pytest.mark.parametrize("args", [["ask"], ["ask", "--no-such-option", "x"], ["nonsense"], ["serve", "--port", "x"]])
def test_usage_errors_exit_2(args):
    assert CliRunner().invoke(main, args).exit_code == ExitCode.USAGE == 2


def test_missing_index_exits_3_and_says_how_to_make_one(tmp_path):
    missing = tmp_path / "nonexistent"
    result = CliRunner().invoke(main, ["ask", "--index", str(missing), "出差花了多少钱？"])
    assert result.exit_code == ExitCode.INPUT == 3
    assert str(missing) in result.stderr and "budgetqa ingest --index" in result.stderr
    assert result.stdout == "" and not missing.exists()


def test_empty_index_exits_3(tmp_path):
    result = CliRunner().invoke(main, ["ask", "--index", str(tmp_path), "出差花了多少钱？"])
    assert result.exit_code == ExitCode.INPUT and "holds no documents" in result.stderr


def test_unknown_doc_exits_3_and_lists_the_loaded_ones(index_dir):
    result = CliRunner().invoke(main, ["ask", "--index", str(index_dir), "--doc", "no-such-doc", "出差花了多少钱？"])
    assert result.exit_code == ExitCode.INPUT
    assert "'no-such-doc'" in result.stderr and "人力资源和社会保障部" in result.stderr and result.stdout == ""


def test_unknown_doc_in_one_json_line_is_reported_in_its_place_and_exits_3(index_dir):
    lines = ["出差花了多少钱？", json.dumps({"question": "出差花了多少钱？", "doc": "nope"}), "出差花了多少钱？"]
    result = CliRunner().invoke(main, ["ask", "--index", str(index_dir), "--json", "-"], input="\n".join(lines))
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == ExitCode.INPUT and len(out) == 3
    assert out[1]["error"]["code"] == "unknown_document" and out[0]["status"] == out[2]["status"] == "answered"


def test_known_doc_by_unit_name_is_answered(index_dir):
    result = CliRunner().invoke(
        main, ["ask", "--index", str(index_dir), "--doc", "社会保险事业管理中心", "出差花了多少钱？"]
    )
    assert result.exit_code == 0 and "34.74" in result.stdout


def test_unreadable_file_exits_3(index_dir, tmp_path):
    result = CliRunner().invoke(main, ["ingest", "--index", str(index_dir), str(tmp_path / "missing.pdf")])
    assert result.exit_code == ExitCode.INPUT and "missing.pdf" in result.stderr and "no such file" in result.stderr


def test_help_lists_every_exit_code():
    shown = " ".join(CliRunner().invoke(main, ["--help"]).stdout.split())
    for code, _name, meaning in describe():
        assert f"{code} {meaning}" in shown


# -- progress and logging -------------------------------------------------------------------------------------------


@pytest.fixture
def no_retrieval(monkeypatch):
    """Ingest without building the retrieval part (the structured answers do not need the embedding model)."""
    monkeypatch.setattr(
        "budgetqa.retrieval.persist.build_retrieval",
        lambda docs, out_dir, settings, previous=None, progress=None: out_dir.mkdir(parents=True),
    )


def test_no_progress_frames_when_stderr_is_not_a_terminal(tmp_path, no_retrieval):
    result = CliRunner().invoke(main, ["ingest", "--index", str(tmp_path / "idx"), str(SEED)])
    assert result.exit_code == 0, result.output
    assert "\r" not in result.stderr and "%" not in result.stderr
    assert "1 份文件" in result.stdout


def test_verbose_logs_the_steps_as_lines(tmp_path, no_retrieval):
    result = CliRunner().invoke(main, ["-v", "ingest", "--index", str(tmp_path / "idx"), str(SEED)])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert "\r" not in result.stderr and any("INFO" in line and SEED.name in line for line in lines)


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
