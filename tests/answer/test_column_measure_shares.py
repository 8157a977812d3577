"""A share whose part is a column measure (项目支出, 人员经费) and whose whole is a row or a table's total: the measure's
cell in the whole's row over that row's total column, with both cells cited and the formula shown."""

from __future__ import annotations


from .conftest import _table, ask, library_of, seedlike


def test_column_measure_of_a_named_row_is_that_rows_cell_over_its_total(fake_lib):
    """Not the total row's 项目支出 over the row's (operands reversed, wrong row): the row's own two cells."""
    a = ask(fake_lib, "人力资源和社会保障管理事务的支出里，项目支出占了百分之几？")
    assert "1,020.20 ÷ 2,987.43 = 34.15%" in a.answer
    assert "按表中数字计算" in a.answer
    locators = [c.locator for c in a.citations]
    assert any(loc.endswith("人力资源和社会保障管理事务 › 项目支出") for loc in locators)
    assert any(loc.endswith("人力资源和社会保障管理事务 › 合计") for loc in locators)


def test_column_measure_of_a_category_row(fake_lib):
    a = ask(fake_lib, "社会保障和就业支出中，基本支出占多少比例？")
    assert "3,194.75 ÷ 4,214.95 = 75.80%" in a.answer


def test_column_measure_of_a_tables_total_column(fake_lib):
    """ "基本支出里人员经费占多少": the 人员经费 column of the basic-expense table's total row over its 合计."""
    a = ask(fake_lib, "一般公共预算基本支出里，人员经费占了多少比例？")
    assert "1,496.02 ÷ 1,809.03 = 82.70%" in a.answer


def test_whole_named_by_a_summary_row_is_the_total_of_the_table_with_the_column():
    """The whole (本年支出合计) sits in a summary table without a 项目支出 column: the expense table's total row,
    whose 合计 prints the same amount, gives both cells."""
    doc = seedlike()
    summary = _table(
        "t1",
        "单位公开表1",
        "收支预算总表",
        "income_expense_summary",
        [("支出", "预算数")],
        [(None, "本年支出合计", {0: "4,534.39"})],
    )
    lib = library_of(doc.model_copy(update={"id": "seedlike0002", "tables": (summary, *doc.tables), "paragraphs": ()}))
    a = ask(lib, "本年支出里，项目支出占多大比重？")
    assert "1,020.20 ÷ 4,534.39 = 22.50%" in a.answer


def test_row_share_of_its_parent_is_kept(fake_lib):
    """A named row's share of a column's total keeps its reading (the part is a row, not a column measure)."""
    a = ask(fake_lib, "社会保险业务管理事务占全部项目支出的比例？")
    assert "959.96 ÷ 1,020.20 = 94.10%" in a.answer
