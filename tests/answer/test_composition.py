"""A composition question's answer carries a bar chart of the parts, each bar citing its figure."""

from __future__ import annotations

import pytest

from budgetqa.answer.writing.composition import parts_chart, stated_parts

from .conftest import ask


@pytest.mark.parametrize(
    "sentence, parts",
    [
        (
            "2023年收入预算4,534.39万元，其中：上年结转1,834.35万元，占40.45%；一般公共预算拨款收入2,636.04万元，"
            "占58.14%；其他收入64万元，占1.41%。",
            [("上年结转", 1834.35, "万元"), ("一般公共预算拨款收入", 2636.04, "万元"), ("其他收入", 64.0, "万元")],
        ),
        (
            "支出预算9,101.68万元，其中：财政拨款支出预算9,101.68万元，比2024年预算减少2,389.52万元。",
            [("财政拨款支出预算", 9101.68, "万元")],
        ),
        ("差旅费5万元，与上年持平。", []),
    ],
)
def test_stated_parts_reads_each_part_after_qizhong_not_shares_or_changes(sentence, parts):
    assert stated_parts(sentence) == parts


def test_parts_chart_needs_two_parts_in_one_money_unit():
    assert parts_chart("收入", [("甲", 1.0, "万元", 1)]) is None
    assert parts_chart("收入", [("甲", 1.0, "万元", 1), ("乙", 2.0, "元", 2)]) is None
    chart = parts_chart("收入", [("甲", 1.0, "万元", 1), ("乙", 2.0, "万元", 2), ("丙", 3.0, "%", 2)])
    assert chart.kind == "bar" and [(p.x, p.y) for p in chart.series[0].points] == [("甲", 1.0), ("乙", 2.0)]


def test_a_rows_children_answer_carries_a_bar_of_its_parts_citing_each_cell(fake_lib):
    found = ask(fake_lib, "社会保障和就业支出由哪些部分构成？")
    assert found.chart is not None and found.chart.kind == "bar"
    points = found.chart.series[0].points
    assert [(p.x.split("（")[0], p.y) for p in points][:1] == [("行政运行", 1967.23)]
    cited = {c.id: c for c in found.citations}
    assert all(p.x.split("（")[0] in cited[p.citation].locator for p in points)
    assert found.to_json()["chart"]["series"][0]["points"][0]["y"] == 1967.23


def test_the_narratives_breakdown_answer_carries_a_bar_of_the_stated_parts(seed):
    found = ask(seed, "收入预算由哪几部分构成？")
    assert found.chart is not None
    assert [p.y for p in found.chart.series[0].points] == [1834.35, 2636.04, 64.0]
    assert all(p.citation == found.citations[0].id for p in found.chart.series[0].points)
