"""The cold gold sets of the Putuo PDFs and the blank 决算 template follow the schema and stay fair tests.

Written before any answer code was tuned on these documents (eval/cold/goldb.md holds their cold scores); these
checks keep later edits from quietly weakening them: no fewer questions, refusals kept, every record traceable to
a page of its PDF.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from budgetqa.eval.score import gold_problems

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "corpus" / "samples"
# set file stem → (id prefix, document, minimum questions, minimum refusals)
SETS = {
    "ptfly2024": ("ptfly", "上海市普陀区社会福利院_2024_单位预算.pdf", 22, 4),
    "ptgov2025_dept": ("ptgovd", "上海市普陀区人民政府办公室_2025_部门预算.pdf", 22, 4),
    "ptgov2025_unit": ("ptgovu", "上海市普陀区人民政府办公室_2025_单位预算.pdf", 22, 4),
    "ptsgb2024_final": ("ptsgb", "中共上海市普陀区委社会工作部_2024_部门决算.pdf", 22, 4),
    "ptghj2024_final": ("ptghj", "上海市普陀区规划和自然资源局_2024_部门决算.pdf", 22, 4),
    "template2024": ("tpl", "上海市部门决算公开模板_2024.pdf", 10, 6),
}


def _records(stem: str) -> list[dict]:
    return [json.loads(line) for line in (ROOT / "eval" / f"{stem}.jsonl").read_text("utf-8").splitlines() if line]


@pytest.mark.parametrize("stem", sorted(SETS))
def test_every_record_follows_the_schema_and_names_one_existing_pdf(stem):
    prefix, doc, minimum, refusals = SETS[stem]
    records = _records(stem)
    assert {r["id"]: p for r in records if (p := gold_problems(r))} == {}
    assert [r["id"] for r in records] == [f"{prefix}-{i:03d}" for i in range(1, len(records) + 1)]
    assert {r["doc"] for r in records} == {doc}
    assert (SAMPLES / doc).is_file()
    assert len(records) >= minimum
    assert sum(not r["answerable"] for r in records) >= refusals
    assert len({(r["question"], tuple(r["history"])) for r in records}) == len(records)


@pytest.mark.parametrize("stem", sorted(SETS))
def test_each_answerable_record_cites_a_page_and_keeps_sources_short(stem):
    for r in _records(stem):
        assert r["note"].startswith("class: "), r["id"]
        assert bool(r["history"]) == (r["kind"] == "followup"), r["id"]
        if r["answerable"]:
            assert re.search(r"\bp\d+", r["note"]), r["id"]  # the page the gold was read from
            assert r["gold_figures"] or r["gold_text"], r["id"]
        for s in r["gold_sources"]:
            if s["type"] == "paragraph":
                assert 5 <= len(s["contains"]) <= 20, r["id"]


def test_the_budget_sets_mix_the_question_classes():
    """Compound, narrative-only, purpose, definition and refusal questions in every document's set."""
    for stem in sorted(set(SETS) - {"template2024"}):
        notes = " ".join(r["note"].split(";")[0] for r in _records(stem))
        for cls in ("compound", "narrative-only", "purpose", "definition", "refusal", "colloquial"):
            assert cls in notes, (stem, cls)
