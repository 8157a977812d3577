"""One single-figure typo planted in a copy of the seed per kind of inconsistency: `check` names the row, the
printed figure and, from the other checks, that this figure is the wrong one; the unmodified seed has none."""

from __future__ import annotations

import pytest

from budgetqa.check import reconcile
from budgetqa.ingest.text import read_text
from budgetqa.parse.document import parse

from ..conftest import SEED

# kind, printed text → typo text, the check kind that fails, the row named, the wrong figure as printed, its value
PLANTS = [
    (
        "row sum (项目支出 of a leaf in 支出总表)",
        "2080107 社会保险业务管理事务 959.96 959.96",
        "2080107 社会保险业务管理事务 959.96 995.96",
        "row_sum",
        "2080107 社会保险业务管理事务",
        995.96,
        959.96,
    ),
    (
        "parent sum (执行数 of a 款 in 一般公共预算支出表)",
        "20801 人力资源和社会保障管理事务 2,171.31",
        "20801 人力资源和社会保障管理事务 2,117.31",
        "parent_sum",
        "20801 人力资源和社会保障管理事务",
        2117.31,
        2171.31,
    ),
    (
        "增减 (增减额 of 行政运行)",
        "1,284.32 -50.99 -3.82% -50.99",
        "1,284.32 -55.99 -3.82% -50.99",
        "difference",
        "2080101 行政运行",
        -55.99,
        -50.99,
    ),
    (
        "增减率 (增减(%) of 行政运行)",
        "1,284.32 -50.99 -3.82% -50.99",
        "1,284.32 -50.99 -3.28% -50.99",
        "rate",
        "2080101 行政运行",
        -3.28,
        -3.82,
    ),
    (
        "narrative figure (基本支出 in the 说明 of 支出总表)",
        "3,514.19 万元，占 77.50%",
        "3,541.19 万元，占 77.50%",
        "narrative",
        None,
        3541.19,
        3514.19,
    ),
    (
        "narrative share (基本支出's share)",
        "3,514.19 万元，占 77.50%",
        "3,514.19 万元，占 75.70%",
        "narrative",
        None,
        75.70,
        77.50,
    ),
]


def _planted(old: str, new: str):
    text = SEED.read_text("utf-8")
    assert text.count(old) == 1, f"the seed no longer prints {old!r} once: update the plant"
    return reconcile(parse(read_text(text.replace(old, new).encode("utf-8"), SEED.name)))


@pytest.mark.parametrize(
    ("what", "old", "new", "kind", "row", "printed", "should_be"), PLANTS, ids=[p[0] for p in PLANTS]
)
def test_a_planted_typo_is_named_with_the_wrong_figure(what, old, new, kind, row, printed, should_be):
    report = _planted(old, new)
    failed = [c for c in report.failed if c.kind == kind]
    assert failed, f"{what}: no failed {kind} check; failed: {[c.message for c in report.failed]}"
    named = [c for c in failed if any(abs(s.printed - printed) < 1e-9 for s in c.suspects if s.printed is not None)]
    assert named, f"{what}: the typo {printed} is not named as the wrong figure: {[c.message for c in failed]}"
    check = next((c for c in named if c.row == row), named[0])  # the typo's own row, where it has a check
    assert all(len(c.suspects) == 1 for c in named), [c.message for c in named]  # the other checks single it out
    suspect = check.suspects[0]
    assert suspect.should_be == pytest.approx(should_be, abs=0.006)
    assert f"{abs(printed):,.2f}" in check.message and f"{abs(should_be):,.2f}" in check.message
    if row is not None:
        assert check.row == row and row in check.message
        assert {s.row for c in named for s in c.suspects} == {row}
    else:
        assert "说明" in suspect.where


def test_every_failed_check_of_a_planted_typo_blames_the_same_figure():
    """The row sum and the parent sum a leaf typo breaks both name the leaf, not the parent's total."""
    report = _planted(PLANTS[0][1], PLANTS[0][2])
    assert {c.kind for c in report.failed} == {"row_sum", "parent_sum"}
    assert {(s.row, s.column, s.printed) for c in report.failed for s in c.suspects} == {
        ("2080107 社会保险业务管理事务", "项目支出", 995.96)
    }


def test_a_row_no_placement_fits_is_reported_with_its_printed_figures():
    """The parser cannot place 行政运行 once its 增减 is wrong; check still names it with what is printed."""
    report = _planted(PLANTS[2][1], PLANTS[2][2])
    row = next(u for u in report.unplaced if u.row == "2080101 行政运行")
    assert row.consistent is False and "-55.99" in row.figures
    message = next(c.message for c in report.failed if c.kind == "difference")
    assert "印有 1,335.31 1,335.31 1,284.32 1,284.32 1,284.32 -55.99" in message and "不能自洽" in message


def test_the_unmodified_seed_has_no_failed_check(seed_doc):
    report = reconcile(seed_doc)
    assert not report.failed, [c.message for c in report.failed]
    assert {"difference", "rate"} <= {c.kind for c in report.all_checks}
