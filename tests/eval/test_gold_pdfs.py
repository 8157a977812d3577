"""The gold sets of the two real PDFs follow the schema, cover the question kinds, and quote the documents."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from budgetqa.eval.score import gold_problems

ROOT = Path(__file__).resolve().parents[2]
SETS = {
    "swu": (ROOT / "eval" / "swu.jsonl", "西南大学_2023_部门预算.pdf"),
    "sh": (ROOT / "eval" / "shanghai.jsonl", "上海市财政局_2025_单位预算.pdf"),
}
REQUIRED_KINDS = {
    "value",
    "comparison",
    "reason",
    "arithmetic",
    "definition",
    "org",
    "followup",
    "colloquial",
    "unanswerable",
    "ambiguous",
    "english",
}
SH_TABLES_IN_YUAN = ("财务收支预算总表", "收入预算总表", "支出预算总表", "功能分类", "经济分类")


def _records(prefix: str) -> list[dict]:
    path, _ = SETS[prefix]
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("prefix", sorted(SETS))
def test_every_record_follows_the_schema(prefix):
    records = _records(prefix)
    problems = {r.get("id"): gold_problems(r) for r in records}
    assert {k: v for k, v in problems.items() if v} == {}
    assert [r["id"] for r in records] == [f"{prefix}-{i:03d}" for i in range(1, len(records) + 1)]
    assert {r["doc"] for r in records} == {SETS[prefix][1]}
    assert len(records) >= 50
    assert sum(not r["answerable"] for r in records) >= 8
    assert REQUIRED_KINDS | ({"share", "performance"} if prefix == "swu" else set()) <= {r["kind"] for r in records}
    assert len({(r["question"], tuple(r["history"])) for r in records}) == len(records)  # no duplicates


@pytest.mark.parametrize("prefix", sorted(SETS))
def test_followups_have_history_and_sources_are_short(prefix):
    for r in _records(prefix):
        assert bool(r["history"]) == (r["kind"] == "followup"), r["id"]
        for s in r["gold_sources"]:
            if s["type"] == "paragraph":
                assert 5 <= len(s["contains"]) <= 20, r["id"]
        for t in r["gold_text"]:
            assert 2 <= len(t) <= 15, r["id"]


def test_shanghai_table_figures_are_in_yuan():
    """Shanghai's tables print 元 (the narrative and the 三公 table print 万元): a table question's gold is 元."""
    table_questions = 0
    for r in _records("sh"):
        tables = [s.get("table", "") for s in r["gold_sources"] if s["type"] in ("cell", "row")]
        computed = "=" in r.get("note", "")
        if (
            r["kind"] in ("value", "colloquial", "followup")
            and not computed
            and tables
            and all(any(name in t or t in name for name in SH_TABLES_IN_YUAN) for t in tables if t != "预算")
        ):
            assert {f["unit"] for f in r["gold_figures"]} <= {"元"}, r["id"]
            table_questions += 1
    assert table_questions >= 20
    units = Counter(f["unit"] for r in _records("sh") for f in r["gold_figures"])
    assert units["元"] >= 25 and units["万元"] >= 10


def test_split_codes_are_written_joined():
    """ "201 06 01" in the PDF is the 项 code 2010601; the gold names rows by the joined code."""
    rows = [s["row"] for r in _records("sh") for s in r["gold_sources"] if s.get("row")]
    assert "2010601" in rows
    assert not any(re.fullmatch(r"\d{3} \d{2}( \d{2})?", row) for row in rows)


def _printed_numbers(raw) -> set[str]:
    text = "\n".join(line.text for line in raw.lines)
    return set(re.findall(r"\d[\d,]*(?:\.\d+)?", text))


def _check_figures_printed(records: list[dict], raw) -> None:
    """Every figure a question reads off the document (not computed) is printed in it."""
    printed = {float(n.replace(",", "")) for n in _printed_numbers(raw) if n.replace(",", "").replace(".", "")}
    missing = []
    for r in records:
        if r["kind"] == "arithmetic" or "=" in r.get("note", "") or not r["answerable"]:
            continue
        for f in r["gold_figures"]:
            if f["value"] != 0 and float(f["value"]) not in printed:
                missing.append((r["id"], f["value"]))
    assert missing == []


def test_swu_figures_are_printed_in_the_pdf(swu_raw):
    _check_figures_printed(_records("swu"), swu_raw)


def test_sh_figures_are_printed_in_the_pdf(sh_raw):
    _check_figures_printed(_records("sh"), sh_raw)
