"""Node texts carry the context a reader needs; ids are deterministic and unique."""

from __future__ import annotations

from budgetqa.models import Cell, Column
from budgetqa.retrieval.nodes import lexicon, nodes_of, row_codes, row_text


def by_id(doc):
    return {n.id: n for n in nodes_of(doc)}


def test_row_text_has_table_code_parent_path_and_cells(doc):
    node = by_id(doc)["doc1:row:t3/4"]
    assert node.text == (
        "单位公开表3 单位支出总表（万元）｜2080107 社会保险业务管理事务"
        "（208 社会保障和就业支出 › 20801 人力资源和社会保障管理事务）｜合计：959.96；项目支出：959.96"
    )
    assert (node.kind, node.ref, node.page, node.title) == ("row", "t3/4", 5, "单位公开表3 单位支出总表")


def test_cells_under_one_header_share_it_and_other_units_stay(doc):
    table = doc.tables[0].model_copy(
        update={
            "columns": (
                Column(key="c0", path=("2023年预算数", "基本支出")),
                Column(key="c1", path=("2023年预算数", "项目支出")),
                Column(key="c2", path=("增减", "增减(%)")),
            )
        }
    )
    row = table.rows[4].model_copy(
        update={
            "cells": (
                Cell(column="c0", value=1.0, text="1.00", unit="万元"),
                Cell(column="c1", value=2.0, text="2.00", unit="万元"),
                Cell(column="c2", value=-1.35, text="-1.35%", unit="%"),
                Cell(column="c3", value=3.0, text="3", unit="元"),
            )
        }
    )
    assert row_text(table, row).endswith("｜2023年预算数：基本支出 1.00、项目支出 2.00；增减：增减(%) -1.35%；c3：3 元")


def test_a_total_row_named_after_the_unit_says_it_is_the_total(doc):
    table = doc.tables[0]
    named = table.rows[0].model_copy(update={"name": "人力资源和社会保障部社会保险事业管理中心"})
    assert "｜人力资源和社会保障部社会保险事业管理中心（合计）｜" in row_text(table, named)
    assert "（合计）" not in row_text(table, table.rows[0])  # "合计" says so already
    assert "（合计）" not in row_text(table, table.rows[1])


def test_definition_text(doc):
    node = by_id(doc)["doc1:definition:（七）"]
    assert node.text.startswith("名词解释（七）“三公”经费：指用财政拨款安排的因公出国（境）费")
    assert node.title == "“三公”经费" and node.page == 15


def test_paragraph_text_has_its_section_path(doc):
    node = by_id(doc)["doc1:paragraph:p0"]
    assert node.text == "七、关于车辆的说明｜截至2022年底，本单位共有车辆2辆，其中一般公务用车1辆。"
    assert node.title == "七、关于车辆的说明"


def test_empty_table_says_no_data_with_its_note(doc):
    text = by_id(doc)["doc1:table:t6"].text
    assert "无数据" in text and "本单位无政府性基金预算" in text


def test_table_summary_lists_columns_and_rows(doc):
    text = by_id(doc)["doc1:table:t5"].text
    assert "栏目：合计" in text and "30211 差旅费" in text and "35.50" not in text


def test_indicator_and_org_fact_texts(doc):
    nodes = by_id(doc)
    assert (
        nodes["doc1:indicator:p1/0"].text
        == "社会保险经办培训项目 绩效指标｜产出指标 › 数量指标 › 培训人次｜指标值：≥500人次；分值：20"
    )
    assert "年度资金总额：120 万元" in nodes["doc1:indicator:p1"].text
    assert nodes["doc1:org_fact:o0"].text == "七、关于车辆的说明｜车辆数：2辆｜本单位共有车辆2辆"


def test_ids_are_deterministic_unique_and_prefixed(doc):
    first, second = nodes_of(doc), nodes_of(doc)
    assert first == second
    ids = [n.id for n in first]
    assert len(ids) == len(set(ids)) == 20
    assert all(n.id == f"{n.doc_id}:{n.kind}:{n.ref}" for n in first)


def test_repeated_refs_get_a_suffix(doc):
    twice = doc.model_copy(update={"definitions": doc.definitions * 2})
    ids = [n.id for n in nodes_of(twice) if n.kind == "definition"]
    assert ids == ["doc1:definition:（七）", "doc1:definition:（七）#2"]


def test_row_codes_and_lexicon(doc):
    codes = row_codes(doc)
    assert codes["doc1:row:t3/4"] == "2080107" and "doc1:row:t3/0" not in codes
    words = lexicon(doc)
    assert {"社会保险业务管理事务", "三公经费", "差旅费", "基本支出"} <= words
    assert "合计：" not in words


def test_paragraph_keeps_only_its_innermost_heading(doc):
    """An outer heading ("五、关于一般公共预算支出表的说明") repeated in each of its paragraphs outvotes the table."""
    deep = doc.paragraphs[0].model_copy(update={"section": ("第三部分 情况说明", "十、其他重要事项", "（三）国有资产")})
    text = nodes_of(doc.model_copy(update={"paragraphs": (deep,)}))
    para = next(n for n in text if n.kind == "paragraph")
    assert para.text.startswith("（三）国有资产｜") and "其他重要事项" not in para.text
