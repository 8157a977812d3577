"""What a document is made of, asked as a list: its tables (the 目录's list, else the tables read) and the 大类 a
total splits into (the 收支总表's numbered 支出 lines that print an amount)."""

from __future__ import annotations

from budgetqa.models import Cell, Column, Row, Table

from .conftest import ask, library_of, seedlike


def _summary() -> Table:
    def row(i: int, name: str, side: str, value: float | None) -> Row:
        key = "c0" if side == "收入" else "c1"
        cells = (Cell(column=key, value=value, text=f"{value:,.2f}", unit="万元"),) if value is not None else ()
        return Row(index=i, code=None, name=name, side=side, cells=cells, raw=f"{name} {value or ''}".strip(), page=6)

    rows = (
        row(0, "一、财政拨款", "收入", 216552.53),
        row(0, "一、教育支出", "支出", 398593.09),
        row(1, "二、科学技术支出", "支出", 1512.90),
        row(2, "三、国防支出", "支出", None),
        row(3, "四、住房保障支出", "支出", 15702.41),
        row(4, "本年支出合计", "支出", 415808.40),
    )
    columns = (Column(key="c0", path=("预算数",), side="收入"), Column(key="c1", path=("预算数",), side="支出"))
    return Table(
        id="t1", number=None, title="收支预算总表", kind="income_expense_summary", unit="万元", page=6,
        columns=columns, rows=rows,
    )  # fmt: skip


def test_the_classes_of_expenditure_are_the_numbered_lines_with_an_amount():
    doc = seedlike()
    lib = library_of(doc.model_copy(update={"id": "struct001", "tables": (_summary(), *doc.tables)}))
    a = ask(lib, "支出预算分哪几大类？")
    assert "分 3 大类" in a.answer and "教育支出" in a.answer and "国防支出" not in a.answer
    assert (398593.09, "万元") in {(f.value, f.unit) for f in a.figures}


def test_the_tables_listed_in_the_contents_are_the_answer():
    doc = seedlike().model_copy(update={"id": "struct002", "listed_tables": ("收入支出决算总表", "收入决算表")})
    a = ask(library_of(doc), "决算表一共有哪几张表？")
    assert "共 2 张表" in a.answer and "收入决算表" in a.answer


def test_without_contents_the_tables_read_are_listed_each_cited():
    a = ask(library_of(seedlike()), "这份文件有哪些表？")
    assert "单位支出总表" in a.answer and len(a.citations) == len(seedlike().tables)
