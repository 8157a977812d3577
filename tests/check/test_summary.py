"""`budgetqa check FILE… | DIR`: a summary line per document, a total line, --json with the same, exit codes."""

from __future__ import annotations

import json
import re
import shutil

from click.testing import CliRunner

from budgetqa.check.summary import listed_tables
from budgetqa.cli import main
from budgetqa.models import Line, RawDocument

from ..conftest import SEED

TYPO = ("2080107 社会保险业务管理事务 959.96 959.96", "2080107 社会保险业务管理事务 959.96 995.96")


def _corpus(tmp_path, typo: bool = False, unreadable: bool = False):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    if typo:
        text = SEED.read_text("utf-8").replace(*TYPO)
        (folder / "typo.txt").write_text(text, "utf-8")
    if unreadable:
        (folder / "empty.txt").write_text("", "utf-8")
    (folder / "notes.md").write_text("not a disclosure", "utf-8")  # ignored: not .pdf / .txt
    return folder


def test_a_directory_gives_a_line_per_document_and_a_total(tmp_path):
    result = CliRunner().invoke(main, ["check", str(_corpus(tmp_path, typo=True))])
    assert result.exit_code == 1, result.output  # the typo copy has a failed check
    lines = result.output.strip().splitlines()
    assert len(lines) == 3 and lines[-1].startswith("TOTAL 2 documents | tables 0/0 (+18 where the 目录 lists none)")
    seed_line = next(line for line in lines if line.startswith(SEED.name))
    # resolved and ok counts grow as the parser places more rows; the format and the 0 failed do not change
    pattern = r"\| 2023 \| 单位预算 \| tables 9/– \| rows 91 \| resolved \d+ \| checks \d+ ok / 1 rounding / 0 failed$"
    assert re.search(pattern, seed_line), seed_line
    typo_line = next(line for line in lines if line.startswith("typo.txt"))
    assert typo_line.endswith(" / 2 failed")
    assert lines[-1].endswith("| 1 with failed checks")


def test_json_has_the_same_figures_and_detail_adds_the_reports(tmp_path):
    folder = _corpus(tmp_path, typo=True)
    data = json.loads(CliRunner().invoke(main, ["check", "--json", str(folder)]).output)
    by_source = {d["source"]: d for d in data["documents"]}
    assert by_source[SEED.name]["checks"]["failed"] == 0 and by_source[SEED.name]["checks"]["ok"] > 200
    assert by_source["typo.txt"]["ok"] is False and "report" not in by_source["typo.txt"]
    assert data["total"]["with_failed_checks"] == 1 and data["total"]["documents"] == 2
    detailed = json.loads(CliRunner().invoke(main, ["check", "--json", "--detail", str(folder / "typo.txt")]).output)
    failed = [c for t in detailed["documents"][0]["report"]["tables"] for c in t["checks"] if not c["ok"]]
    assert {s["row"] for c in failed for s in c["suspects"]} == {"2080107 社会保险业务管理事务"}


def test_a_single_file_gets_the_detailed_report_and_its_summary(tmp_path):
    result = CliRunner().invoke(main, ["check", str(SEED)])
    assert result.exit_code == 0
    assert "核对报告" in result.output and result.output.strip().splitlines()[-1].startswith(SEED.name)
    brief = CliRunner().invoke(main, ["check", "--summary", str(SEED)])
    assert brief.output.strip().splitlines() == [result.output.strip().splitlines()[-1]]


def test_an_unreadable_file_is_reported_and_the_others_still_checked(tmp_path):
    result = CliRunner().invoke(main, ["check", str(_corpus(tmp_path, unreadable=True))])
    assert result.exit_code == 3
    assert "empty.txt: cannot be read:" in result.output and "1 unreadable" in result.output
    assert any(line.startswith(SEED.name) for line in result.output.splitlines())


def test_a_missing_path_is_a_usage_error(tmp_path):
    assert CliRunner().invoke(main, ["check", str(tmp_path / "nope.pdf")]).exit_code == 2


def _raw(lines: list[tuple[int, str]]) -> RawDocument:
    return RawDocument(
        source="x.pdf",
        sha256="0",
        media="pdf",
        page_count=3,
        lines=tuple(Line(number=n, page=p, text=t) for n, (p, t) in enumerate(lines, 1)),
    )


def test_tables_listed_are_the_table_entries_of_the_toc():
    raw = _raw(
        [
            (1, "某单位 2024 年部门决算"),
            (2, "目 录"),
            (2, "第一部分 概况"),
            (2, "二、部门预算报表 ........ 6"),
            (2, "一、收入支出决算总表"),
            (2, "二、支出决算表.................8"),
            (2, "三、支出决算情况说明"),
            (2, "五、项目绩效目标表 .......... 18"),
            (3, "一、收入支出决算总表"),
        ]
    )
    assert listed_tables(raw) == 2
    grouped = _raw(
        [(2, "目 录"), (2, "五、单位预算表"), (2, "1. 2025年预算单位财务收支预算总表"), (2, "2. 收入预算总表")]
    )
    assert listed_tables(grouped) == 2  # "五、单位预算表" heads the group
    assert listed_tables(_raw([(1, "一、收入支出决算总表")])) is None  # no 目录
    assert listed_tables(_raw([(2, "目录"), (2, "二、部门预算报表 ...... 6")])) is None  # lists no table
