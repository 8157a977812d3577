"""Row names a misread leaves behind are reported by reconcile like figures that do not add up."""

from __future__ import annotations

from budgetqa.check import reconcile
from budgetqa.models import Cell, Column, Disclosure, Row, Table


def _table(table_id: str, names: list[tuple[str | None, str]]) -> Table:
    rows = tuple(
        Row(index=i, code=code, name=name, cells=(Cell(column="c0", value=1.0, text="1", unit="元"),), page=2)
        for i, (code, name) in enumerate(names)
    )
    return Table(
        id=table_id, number=None, title="收支总表", kind="expense", unit="元", page=2,
        columns=(Column(key="c0", path=("合计",)),), rows=rows,
    )  # fmt: skip


def _doc(*tables: Table) -> Disclosure:
    return Disclosure(
        id="x", title="t", unit_name="某单位", year=2024, kind="预算", scope="单位", source="x.pdf", sha256="0",
        page_count=2, tables=tables,
    )  # fmt: skip


def _name_checks(doc: Disclosure) -> list:
    return [c for c in reconcile(doc).all_checks if c.kind == "row_name"]


def test_well_formed_names_pass():
    doc = _doc(_table("t1", [(None, "一、一般公共预算资金"), ("208", "社会保障和就业支出")]))
    assert _name_checks(doc) == []


def test_a_name_missing_its_numeral_fails_on_its_row():
    doc = _doc(_table("t1", [(None, "、一般公共预算资金"), (None, "二、政府性基金")]))
    [check] = _name_checks(doc)
    assert check.status == "failed" and check.table_id == "t1" and "、一般公共预算资金" in check.row
    assert "缺少序号" in check.message and check.pages == (2,)


def test_doubled_separators_fail():
    [check] = _name_checks(_doc(_table("t1", [(None, "三、、医疗卫生与计划生育支出")])))
    assert "重复" in check.message


def test_a_repeated_number_fails():
    [check] = _name_checks(_doc(_table("t1", [(None, "三、 三、医疗卫生与计划生育支出")])))
    assert "序号重复" in check.message


def test_a_code_named_otherwise_elsewhere_by_one_character_fails_where_it_is_the_odd_one():
    doc = _doc(
        _table("t1", [("2080501", "行政单位离退休")]),
        _table("t2", [("2080501", "行政单位离退休")]),
        _table("t3", [("2080501", "行政单位离退沐")]),
    )
    [check] = _name_checks(doc)
    assert check.table_id == "t3" and "行政单位离退休" in check.message


def test_a_code_with_a_shorter_name_elsewhere_is_not_a_misread():
    doc = _doc(_table("t1", [("2080501", "行政单位离退休")]), _table("t2", [("2080501", "离退休")]))
    assert _name_checks(doc) == []
