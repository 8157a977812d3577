"""Countable facts of 概况 and the narrative: duties, internal units, vehicles."""

from __future__ import annotations

import pytest

from budgetqa.models import Paragraph
from budgetqa.parse.overview import read_org_facts

SEED_UNITS = (
    "综合处",
    "人事行政处（党委办公室）",
    "系统发展处",
    "行风建设与宣传处",
    "养老保险处",
    "失业保险处",
    "工伤保险处",
    "基金管理处",
    "职业年金管理处",
    "稽核风控处",
    "社会保险关系管理处",
    "数据管理处",
    "统计精算处",
    "国际合作处",
)


@pytest.fixture(scope="module")
def seed_facts(seed_doc):
    return {f.key: f for f in seed_doc.org_facts}


def test_seed_internal_units(seed_facts):
    fact = seed_facts["内设机构数"]
    assert (fact.value, fact.unit, fact.items) == (14, "个", SEED_UNITS)
    assert "内设 14 个处室" in fact.quote and fact.page == 2


def test_seed_duties(seed_facts):
    fact = seed_facts["主要职责数"]
    assert (fact.value, fact.unit, len(fact.items)) == (11, "项", 11)
    assert (
        fact.items[0].startswith("（一）执行社会保险有关法规") and fact.items[-1] == "（十一）承办部里交办的其他事项。"
    )


def test_seed_vehicles(seed_facts):
    fact = seed_facts["车辆数"]
    assert (fact.value, fact.unit, fact.items) == (2, "辆", ("应急保障用车１辆", "其他用车１辆"))
    assert fact.quote.startswith("截至 2022 年 7 月 31 日，单位共有车辆２辆")
    assert seed_facts["车辆数·应急保障用车"].value == 1 and seed_facts["车辆数·其他用车"].value == 1
    assert seed_facts["绩效目标项目数"].value == 2


@pytest.mark.parametrize(
    ("text", "key", "value", "items"),
    [
        ("本单位设22个内设机构，包括：办公室、预算处。", "内设机构数", 22, ("办公室", "预算处")),
        ("内设机构 5 个。", "内设机构数", 5, ()),
        ("共有车辆3辆，其中：机要通信用车1辆、其他用车2辆。", "车辆数", 3, ("机要通信用车1辆", "其他用车2辆")),
        ("2025年部门预算安排购置车辆0辆。", "购置车辆数", 0, ()),
        ("单价100万元（含）以上设备（不含车辆）1台（套）。", "大型设备数", 1, ()),
    ],
)
def test_vocabulary_facts(text, key, value, items):
    facts = {f.key: f for f in read_org_facts([], [Paragraph(section=(), text=text, page=1, line=1)])}
    assert facts[key].value == value and facts[key].items == items


def test_shanghai_facts(sh_doc):
    facts = {f.key: f for f in sh_doc.org_facts}
    assert facts["内设机构数"].value == 22 and len(facts["内设机构数"].items) == 22
    assert facts["主要职责数"].value == 14
    assert facts["车辆数"].value == 0 and len(facts["车辆数"].items) == 8
    assert facts["大型设备数"].value == 1
