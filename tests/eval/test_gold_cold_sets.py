"""The gold sets written before budgetqa was tuned on their documents (the "cold" sets): schema, size, documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from budgetqa.eval.runner import DOC_DIRS, find_document
from budgetqa.eval.score import gold_docs, gold_problems

ROOT = Path(__file__).resolve().parents[2]
SETS = {  # file stem: (id prefix, minimum size)
    "swu2021": ("swu21", 25),
    "swu2024": ("swu24", 25),
    "swu2024_final": ("swu24f", 25),
    "cross": ("cross", 40),
}


def _records(stem: str) -> list[dict]:
    path = ROOT / "eval" / f"{stem}.jsonl"
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("stem", sorted(SETS))
def test_every_record_follows_the_schema_with_numbered_ids(stem):
    prefix, minimum = SETS[stem]
    records = _records(stem)
    assert {r["id"]: gold_problems(r) for r in records if gold_problems(r)} == {}
    assert [r["id"] for r in records] == [f"{prefix}-{i:03d}" for i in range(1, len(records) + 1)]
    assert len(records) >= minimum
    assert sum(not r["answerable"] for r in records) >= 5  # refusals: another year, body, person, month
    assert len({(r["question"], tuple(r["history"])) for r in records}) == len(records)
    assert all(bool(r["history"]) == (r["kind"] == "followup") for r in records)


@pytest.mark.parametrize("stem", sorted(SETS))
def test_every_named_document_is_in_the_repository(stem):
    names = {name for r in _records(stem) for name in gold_docs(r)}
    assert [n for n in sorted(names) if find_document(n, DOC_DIRS) is None] == []


def test_single_document_sets_name_one_document_and_the_cross_set_several():
    for stem in ("swu2021", "swu2024", "swu2024_final"):
        assert len({gold_docs(r) for r in _records(stem)}) == 1
    cross = _records("cross")
    assert all(len(gold_docs(r)) >= 2 for r in cross)
    bodies = {name.split("_")[0] for r in cross for name in gold_docs(r)}
    assert len(bodies) >= 2  # two bodies side by side, not just one body's years
