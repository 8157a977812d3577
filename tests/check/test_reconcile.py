"""Reconciliation: arithmetic inside tables on hand-built tables, then the seed and the PDFs end to end."""

from __future__ import annotations

import json

import pytest

from budgetqa.check import format_report, reconcile
from budgetqa.check.arithmetic import table_checks
from budgetqa.models import Cell, Column, Disclosure, Paragraph, Row, Table


def _row(index, code, name, values, parent=None, is_total=False, side=None, status="resolved"):
    cells = tuple(Cell(column=k, value=v, text=str(v), unit="万元") for k, v in values.items())
    return Row(
        index=index,
        code=code,
        name=name,
        parent=parent,
        is_total=is_total,
        side=side,
        cells=cells,
        status=status,
        page=3,
    )


def _expense(total_c0=100.0, child_c2=40.0):
    columns = (
        Column(key="c0", path=("合计",)),
        Column(key="c1", path=("基本支出",)),
        Column(key="c2", path=("项目支出",)),
    )
    rows = (
        _row(0, None, "某单位", {"c0": total_c0, "c1": 60.0, "c2": 40.0}, is_total=True),
        _row(1, "208", "社会保障和就业支出", {"c0": 100.0, "c1": 60.0, "c2": 40.0}),
        _row(2, "20801", "行政运行", {"c0": 60.0, "c1": 60.0}, parent="208"),
        _row(3, "20802", "业务管理", {"c0": 40.0, "c2": child_c2}, parent="208"),
    )
    return Table(
        id="t1", number="表3", title="支出总表", kind="expense", unit="万元", page=3, columns=columns, rows=rows
    )


def _doc(*tables, paragraphs=()):
    return Disclosure(
        id="x",
        title="t",
        unit_name="某单位",
        year=2023,
        kind="预算",
        scope="单位",
        source="x.txt",
        sha256="0",
        page_count=1,
        tables=tables,
        paragraphs=paragraphs,
    )


def test_consistent_table_passes_every_kind():
    checks = table_checks(_expense())
    assert {c.kind for c in checks} == {"row_sum", "parent_sum", "total"}
    assert all(c.status == "ok" for c in checks)


def test_a_wrong_child_fails_row_and_parent_sums():
    failed = [c for c in table_checks(_expense(child_c2=30.0)) if c.status == "failed"]
    assert {c.kind for c in failed} == {"row_sum", "parent_sum"}
    row_sum = next(c for c in failed if c.kind == "row_sum")
    assert (row_sum.expected, row_sum.actual) == (30.0, 40.0) and "20802 业务管理" in row_sum.message


def test_a_wrong_total_fails_and_unresolved_rows_are_skipped():
    failed = [c for c in table_checks(_expense(total_c0=90.0)) if c.status == "failed"]
    assert {c.kind for c in failed} == {"row_sum", "total"}
    table = _expense(child_c2=30.0)
    table = table.model_copy(
        update={"rows": table.rows[:3] + (table.rows[3].model_copy(update={"status": "unresolved"}),)}
    )
    assert not any(c.status == "failed" and c.kind == "row_sum" for c in table_checks(table))


def test_two_sided_totals_use_sub_items_when_a_top_item_is_blank():
    columns = (Column(key="c0", path=("预算数",), side="收入"), Column(key="c1", path=("预算数",), side="支出"))
    rows = (
        _row(0, None, "一、本年收入", {"c0": 80.0}, side="收入"),
        _row(1, None, "二、上年结转", {"c0": 20.0}, side="收入"),
        _row(2, None, "收入总计", {"c0": 100.0}, is_total=True, side="收入"),
        _row(0, None, "一、本年支出", {}, side="支出"),
        _row(1, None, "（一）教育支出", {"c1": 70.0}, side="支出"),
        _row(2, None, "（二）住房保障支出", {"c1": 30.0}, side="支出"),
        _row(3, None, "支出总计", {"c1": 100.0}, is_total=True, side="支出"),
    )
    table = Table(
        id="t1",
        number=None,
        title="财政拨款收支总表",
        kind="fiscal_summary",
        unit="万元",
        page=1,
        columns=columns,
        rows=rows,
    )
    report = reconcile(_doc(table))
    assert [c.status for c in report.tables[0].checks] == ["ok", "ok"]
    cross = [c for c in report.checks if c.kind == "cross_table"]
    assert len(cross) == 1 and cross[0].ok  # 收入总计 = 支出总计


def test_narrative_amounts_and_shares():
    paragraph = Paragraph(
        section=("三、关于支出总表的说明",),
        text="2023 年支出预算 100 万元，其中：基本支出 60 万元，占 60.00%；项目支出 45 万元，占 39.99%。",
        page=5,
        line=1,
    )
    checks = [c for c in reconcile(_doc(_expense(), paragraphs=(paragraph,))).checks if c.kind == "narrative"]
    statuses = [(c.actual, c.status) for c in checks]
    assert (100.0, "ok") in statuses and (60.0, "ok") in statuses
    assert (45.0, "failed") in statuses  # the table says 项目支出 40
    assert (39.99, "failed") in statuses and (60.0, "ok") in statuses


@pytest.fixture(scope="module")
def seed_report(seed_doc):
    return reconcile(seed_doc)


def test_seed_reconciles(seed_report):
    assert not seed_report.failed, [c.message for c in seed_report.failed]
    kinds = {c.kind for c in seed_report.all_checks}
    assert kinds == {"row_sum", "parent_sum", "total", "difference", "rate", "cross_table", "narrative"}
    assert len(seed_report.all_checks) > 150


def test_seed_rounding_note_is_the_stated_share(seed_report):
    notes = [c for c in seed_report.all_checks if c.status == "rounding"]
    assert len(notes) == 1
    assert (notes[0].actual, notes[0].expected) == (58.14, 58.13) and "58.13%" in notes[0].message


def test_seed_cross_table_and_narrative_figures(seed_report):
    messages = [c.message for c in seed_report.checks]
    assert any(m.startswith("支出总计：") for m in messages)
    assert any("基本支出3,514.19 万元" in m and "一致" in m for m in messages)
    assert any("占 77.50%" in m for m in messages)


def test_seed_text_report_and_json(seed_report):
    text = format_report(seed_report)
    assert "单位公开表3 单位支出总表 (p.7): 16 rows, 16 resolved, 0 unresolved" in text
    assert "单位公开表9 财政拨款预算“三公”经费支出表 (p.13): 1 rows, 0 resolved, 1 unresolved" in text
    data = seed_report.to_json()
    assert json.loads(json.dumps(data, ensure_ascii=False))["ok"] is True
    assert data["summary"]["failed"] == 0 and data["tables"][2]["rows"] == 16


def test_pdfs_name_only_real_inconsistencies(swu_doc, sh_doc):
    swu_failed = reconcile(swu_doc).failed
    # 西南大学 prints 小学教育 收入合计 9,645.51 while its parts add to 9,646.01, and 普通教育 520,603.91 while its
    # children add to 520,603.41: the same 0.50 slip, reported twice.
    assert sorted(c.kind for c in swu_failed) == ["parent_sum", "row_sum"]
    assert all("小学教育" in c.message or "普通教育" in c.message for c in swu_failed)
    assert not reconcile(sh_doc).failed
