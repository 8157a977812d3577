"""The held-out gold set (eval/heldout.jsonl) follows the schema and stays a fair, untuned test.

Nobody tunes the pipeline on it; these tests only guard its shape: schema, size, unanswerable share, unique ids,
the three documents, and that the seed questions quote text that is really in the seed.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from budgetqa.eval.score import gold_problems, normalize

ROOT = Path(__file__).resolve().parents[2]
HELDOUT = ROOT / "eval" / "heldout.jsonl"
SEED = "人力资源和社会保障部社会保险事业管理中心_2023_单位预算.txt"
DOCS = {SEED: 40, "西南大学_2023_部门预算.pdf": 25, "上海市财政局_2025_单位预算.pdf": 25}
REQUIRED_KINDS = {
    "value",
    "comparison",
    "reason",
    "share",
    "ranking",
    "arithmetic",
    "list",
    "definition",
    "narrative",
    "org",
    "performance",
    "existence",
    "ambiguous",
    "followup",
    "colloquial",
    "english",
    "unanswerable",
}


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [json.loads(line) for line in HELDOUT.read_text("utf-8").splitlines() if line.strip()]


def test_every_record_follows_the_schema(records):
    problems = {r.get("id"): gold_problems(r) for r in records}
    assert {k: v for k, v in problems.items() if v} == {}


def test_size_ids_and_documents(records):
    assert len(records) >= 80
    ids = [r["id"] for r in records]
    assert len(set(ids)) == len(ids)
    assert ids == [f"ho-{i:03d}" for i in range(1, len(records) + 1)]
    assert Counter(r["doc"] for r in records) == Counter(DOCS)
    assert len({(r["doc"], r["question"], tuple(r["history"])) for r in records}) == len(records)


def test_unanswerable_share_and_kind_coverage(records):
    unanswerable = [r for r in records if not r["answerable"]]
    assert len(unanswerable) >= 8
    assert all(not r["gold_figures"] and not r["gold_sources"] for r in unanswerable)
    assert {r["kind"] for r in records} >= REQUIRED_KINDS
    for doc in DOCS:  # every document gets questions it cannot answer
        assert any(r["doc"] == doc and not r["answerable"] for r in records), doc


def test_followups_history_and_short_strings(records):
    for r in records:
        assert bool(r["history"]) == (r["kind"] == "followup"), r["id"]
        assert r["gold_figures"] or r["gold_text"] or not r["answerable"], r["id"]
        for s in r["gold_sources"]:
            if s["type"] == "paragraph":
                assert 5 <= len(s["contains"]) <= 20, r["id"]
        for t in r["gold_text"]:
            assert 2 <= len(t) <= 15, r["id"]


def test_computed_answers_show_their_formula(records):
    for r in records:
        if r["kind"] == "arithmetic":
            assert "=" in r.get("note", ""), r["id"]


def test_seed_quotes_are_in_the_seed(records):
    """Every quoted string of a seed question (gold text, paragraph, definition, org) occurs in the seed text."""
    seed = ROOT / "corpus" / SEED
    if not seed.exists():
        pytest.skip(f"{seed} is absent")
    haystack = normalize(seed.read_text("utf-8"))
    for r in records:
        if r["doc"] != SEED:
            continue
        quotes = list(r["gold_text"]) + [v for s in r["gold_sources"] for k, v in s.items() if k != "type"]
        for q in quotes:
            assert normalize(q) in haystack, (r["id"], q)
