"""Which figure is wrong: every printed cell of a small consistent table is mistyped in turn, and the checks that
fail must all name that cell (the one whose correction mends every check it takes part in)."""

from __future__ import annotations

import pytest

from budgetqa.check.arithmetic import table_checks
from budgetqa.models import Cell, Column, Row, Table

COLUMNS = (Column(key="c0", path=("合计",)), Column(key="c1", path=("基本支出",)), Column(key="c2", path=("项目支出",)))
ROWS = [  # code, name, parent, is_total, {column: value}
    (None, "合计", None, True, {"c0": 100.0, "c1": 60.0, "c2": 40.0}),
    ("208", "社会保障和就业支出", None, False, {"c0": 100.0, "c1": 60.0, "c2": 40.0}),
    ("20801", "行政运行", "208", False, {"c0": 70.0, "c1": 60.0, "c2": 10.0}),
    ("20802", "业务管理", "208", False, {"c0": 30.0, "c2": 30.0}),
]


def _table(typo: tuple[int, str] | None = None, delta: float = 7.0) -> Table:
    rows = []
    for i, (code, name, parent, is_total, values) in enumerate(ROWS):
        cells = tuple(
            Cell(column=k, value=v + (delta if (i, k) == typo else 0.0), text=str(v), unit="万元")
            for k, v in values.items()
        )
        rows.append(Row(index=i, code=code, name=name, parent=parent, is_total=is_total, cells=cells, page=1))
    return Table(
        id="t1", number=None, title="支出总表", kind="expense", unit="万元", page=1, columns=COLUMNS, rows=tuple(rows)
    )


CELLS = [(i, k) for i, (*_, values) in enumerate(ROWS) for k in values]


def test_the_consistent_table_has_no_failed_check():
    assert all(c.ok for c in table_checks(_table()))


@pytest.mark.parametrize("cell", CELLS, ids=[f"{ROWS[i][1]}-{k}" for i, k in CELLS])
def test_a_mistyped_cell_is_the_one_named(cell):
    i, column = cell
    failed = [c for c in table_checks(_table(cell)) if not c.ok]
    assert failed
    label = f"{ROWS[i][0]} {ROWS[i][1]}" if ROWS[i][0] else ROWS[i][1]
    named = {(s.row, s.column) for c in failed for s in c.suspects}
    assert named == {(label, {c.key: c.label for c in COLUMNS}[column])}, [c.message for c in failed]
    printed = ROWS[i][4][column] + 7
    assert all(s.printed == printed and s.should_be == ROWS[i][4][column] for c in failed for s in c.suspects)


def test_a_figure_in_one_check_only_is_not_guessed():
    """A row sum alone cannot tell 合计 from its part: both are named, as candidates."""
    table = _table().model_copy(update={"rows": _table((3, "c2")).rows[3:4]})
    failed = [c for c in table_checks(table) if not c.ok]
    assert len(failed) == 1 and len(failed[0].suspects) == 2 and "之一" in failed[0].message


CHANGE_COLUMNS = (
    Column(key="c0", path=("2023年执行数",)),
    Column(key="c1", path=("2024年预算数",)),
    Column(key="c2", path=("2024年预算数比2023年执行数", "增减额")),
    Column(key="c3", path=("2024年预算数比2023年执行数", "增减(%)")),
)
CHANGE_ROWS = [  # 上年, 本年, 增减, 增减%
    ("20801", "行政运行", (100.0, 110.0, 10.0, 10.0)),
    ("20802", "一般行政管理事务", (80.0, 60.0, -20.0, -25.0)),
    ("20803", "机关服务", (50.0, 50.0, 0.0, 0.0)),
]


def _change_table(typo: tuple[int, str] | None = None) -> Table:
    rows = []
    for i, (code, name, values) in enumerate(CHANGE_ROWS):
        cells = []
        for k, v in zip(("c0", "c1", "c2", "c3"), values):
            v = v + (7.0 if (i, k) == typo else 0.0)
            text = f"{v:.2f}%" if k == "c3" else f"{v:.2f}"
            cells.append(Cell(column=k, value=v, text=text, unit="%" if k == "c3" else "万元"))
        rows.append(Row(index=i, code=code, name=name, cells=tuple(cells), page=1))
    return Table(
        id="t1",
        number=None,
        title="一般公共预算支出表",
        kind="general_expense",
        unit="万元",
        page=1,
        columns=CHANGE_COLUMNS,
        rows=tuple(rows),
    )


def test_changes_and_rates_of_a_consistent_table_pass():
    checks = table_checks(_change_table())
    assert sorted({c.kind for c in checks}) == ["difference", "rate"] and all(c.ok for c in checks)


@pytest.mark.parametrize("column", ["c0", "c1", "c2", "c3"], ids=["上年", "本年", "增减额", "增减率"])
def test_a_mistyped_change_figure_is_the_one_named(column):
    failed = [c for c in table_checks(_change_table((0, column))) if not c.ok]
    assert failed and all(c.row == "20801 行政运行" for c in failed)
    label = next(c.label for c in CHANGE_COLUMNS if c.key == column)
    assert {(s.row, s.column) for c in failed for s in c.suspects} == {("20801 行政运行", label)}
    assert all(s.should_be == pytest.approx(CHANGE_ROWS[0][2][int(column[1])]) for c in failed for s in c.suspects)
