"""One fact store for everything a document states: same dimensions for every source, stable ids."""

from __future__ import annotations

import pytest

from budgetqa.models import Paragraph
from budgetqa.store.facts import FactStore, facts_of, source_counts
from budgetqa.store.statements import statements


@pytest.fixture(scope="module")
def seed_facts(seed_doc):
    return list(facts_of(seed_doc))


def _find(facts, subject_part, measure, **where):
    return [
        f
        for f in facts
        if subject_part in f.subject and f.measure == measure and all(getattr(f, k) == v for k, v in where.items())
    ]


def test_every_source_kind_is_stored(seed_facts):
    counts = source_counts(seed_facts)
    assert {"table", "narrative", "definition", "overview", "performance", "project"} <= set(counts)


def test_fact_ids_are_unique_and_stable(seed_doc, seed_facts):
    ids = [f.id for f in seed_facts]
    assert len(ids) == len(set(ids))
    assert ids == [f.id for f in facts_of(seed_doc)]
    assert all(f.doc_id == seed_doc.id and f.body == seed_doc.unit_name and f.doc_year == 2023 for f in seed_facts)


def test_table_cells_carry_measure_scope_and_year(seed_facts):
    cells = [f for f in seed_facts if f.source == "table" and f.subject_code == "2080107"]
    general = [f for f in cells if f.table_kind == "general_expense" and f.value == 781.01]
    assert general and general[0].scope == "一般公共预算" and general[0].year == 2023
    executed = [f for f in cells if f.table_kind == "general_expense" and f.measure == "执行数"]
    assert executed and all(f.year == 2022 for f in executed)


def test_procurement_parts_are_facts_of_the_total(seed_facts):
    goods = _find(seed_facts, "货物", "预算数", source="narrative")
    services = _find(seed_facts, "服务", "预算数", source="narrative")
    assert goods[0].value == 7.0 and services[0].value == 66.0
    assert goods[0].topic == "政府采购" and "政府采购" in (goods[0].parent or "")


def test_running_costs_amount_change_and_reason(seed_facts):
    running = [f for f in seed_facts if f.topic == "机关运行经费" and f.source == "narrative"]
    by = {f.measure: f for f in running}
    assert by["预算数"].value == 313.01 and by["预算数"].scope == "财政拨款"
    assert by["增减额"].value == -8.32 and by["增减率"].value == -2.59
    assert "过紧日子" in by["原因"].text


def test_vehicles_by_type_and_purpose(seed_facts):
    cars = [f for f in seed_facts if f.source == "narrative" and f.topic == "车辆" and f.measure == "数量"]
    assert {(f.subject, f.value) for f in cars} >= {("车辆", 2.0), ("应急保障用车", 1.0), ("其他用车", 1.0)}
    use = _find(seed_facts, "其他用车", "用途")
    assert use and "公务用途" in use[0].text


def test_performance_counts_and_amounts(seed_facts):
    stated = [f for f in seed_facts if f.topic == "绩效目标" and f.source == "narrative"]
    assert any(f.measure == "数量" and f.value == 2 for f in stated)
    assert any(f.unit == "万元" and f.value == 1020.2 for f in stated)


def test_definitions_keep_their_words(seed_facts):
    fund = next(f for f in seed_facts if f.source == "definition" and f.subject.endswith("住房公积金（项）"))
    assert "缴存比例" in fund.text and fund.value is None


def test_shanghai_procurement_with_works_and_projects(sh_doc):
    facts = list(facts_of(sh_doc))
    works = [f for f in facts if f.source == "narrative" and "工程" in f.subject and f.topic == "政府采购"]
    assert works and works[0].value == 0.0 and works[0].unit == "万元"
    assert any(f.topic == "绩效目标" and f.measure == "数量" and f.value == 12 for f in facts)


def _para(text: str) -> Paragraph:
    return Paragraph(section=("（一）机关运行经费",), text=text, page=3, line=10)


@pytest.mark.parametrize(
    "text, subject, measure, value",
    [
        ("2024年机关运行经费财政拨款决算120.50万元，比2023年增加3.20万元，增长2.73%。", "机关运行经费", "增减额", 3.2),
        ("2024年机关运行经费财政拨款决算120.50万元，比2023年增加3.20万元，增长2.73%。", "机关运行经费", "增减率", 2.73),
        (
            "本年收入合计1,234.56万元，其中：财政拨款收入1,000.00万元、事业收入234.56万元。",
            "事业收入",
            "预算数",
            234.56,
        ),
        ("截至2024年12月31日，共有车辆5辆，其中：执法执勤用车3辆、其他用车2辆。", "执法执勤用车", "数量", 3.0),
        ("公务接待费10.00万元，与上年持平。", "公务接待费", "增减额", 0.0),
    ],
)
def test_general_sentence_shapes(seed_doc, text, subject, measure, value):
    found = [s for s in statements(_para(text), seed_doc) if subject in s.subject and s.measure == measure]
    assert found and found[0].value == value


def test_reason_belongs_to_the_sentence_subject(seed_doc):
    text = "2024年一般公共预算财政拨款支出500.00万元，比上年减少20.00万元，主要原因是压减会议费。"
    found = {s.measure: s for s in statements(_para(text), seed_doc)}
    assert found["原因"].text.startswith("压减会议费") and "一般公共预算" in found["原因"].subject


def test_store_looks_up_cells(seed_doc):
    store = FactStore.of_docs((seed_doc,))
    cell = next(f for f in store.facts if f.source == "table")
    assert store.cell_id(cell.doc_id, cell.table_id, cell.row_index, cell.row_side, cell.column_key) == cell.id
    assert store.by_id[cell.id] is cell


def test_fund_unit_is_read_from_the_block():
    from budgetqa.models import Line
    from budgetqa.parse.performance import _fund_unit

    def lines(*texts):
        return [Line(number=i, page=1, text=t) for i, t in enumerate(texts, 1)]

    assert _fund_unit(lines("项目资金（元）", "年度资金总额 4100000")) == "元"
    assert _fund_unit(lines("项目资金（万元）", "年度资金总额 410")) == "万元"
    assert _fund_unit(lines("年度资金总额 410")) == "万元"


def test_execution_sentences_belong_to_the_item_their_lead_names(seed_doc):
    text = (
        "3、社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）。"
        "主要用于：行政事业单位养老保险支出。年初预算为 452.40 万元，支出决算为446.11 万元，完成年初预算的 98.61%。"
        "决算数小于预算数的主要原因：年中社会保险缴费基数变更。"
    )
    found = {s.measure: s for s in statements(_para(text), seed_doc)}
    item = "机关事业单位基本养老保险缴费支出"
    assert found["年初预算"].subject == item and found["年初预算"].value == 452.40
    assert found["决算数"].subject == item and found["决算数"].value == 446.11
    assert found["完成率"].subject == item and found["完成率"].value == 98.61 and found["完成率"].unit == "%"
    assert found["原因"].subject == item and found["原因"].text.startswith("年中社会保险缴费基数变更")


def test_a_bare_measure_clause_takes_the_subject_named_with_its_measure(seed_doc):
    text = "一般公共预算财政拨款支出年初预算为 0 万元，全年预算为321.02 万元，支出决算为 307.82 万元。"
    found = {s.measure: s for s in statements(_para(text), seed_doc)}
    assert found["全年预算"].subject == "一般公共预算财政拨款支出" and found["全年预算"].value == 321.02
    assert found["决算数"].subject == "一般公共预算财政拨款支出" and found["决算数"].value == 307.82


def test_parts_of_a_change_are_changes_of_their_own_subject(seed_doc):
    text = "学校2024年度支出总计481,483.46万元，与2023年度相比，增加23,806.71万元。其中：教育支出增加22,774.53万元，科学技术支出减少547.65万元。"
    found = [(s.subject, s.measure, s.value) for s in statements(_para(text), seed_doc)]
    assert ("支出总计", "增减额", 23806.71) in found  # the school's self-reference is no part of the subject
    assert ("教育支出", "增减额", 22774.53) in found and ("科学技术支出", "增减额", -547.65) in found
    assert not any(subject.endswith(("增加", "减少")) for subject, _, _ in found)


def test_a_measure_before_its_noun_still_names_the_subject(seed_doc):
    text = "2021年本年预算收入390,140.45万元，与上年相比减少1,106.89万元。"
    found = [(s.subject, s.measure, s.value) for s in statements(_para(text), seed_doc)]
    assert any(m == "增减额" and v == -1106.89 and "收入" in subj for subj, m, v in found)


def test_a_total_named_alone_keeps_its_own_change(seed_doc):
    text = "2021年本年支出预算415,808.40万元，与上年相比减少2,219.02万元，主要原因是压减公用经费。"
    found = [(s.subject, s.measure, s.value) for s in statements(_para(text), seed_doc)]
    assert any(m == "增减额" and v == -2219.02 and "支出" in subj for subj, m, v in found)
    assert not any(subj.startswith("与上年") for subj, _, _ in found)
