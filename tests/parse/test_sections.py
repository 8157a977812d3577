"""Narrative paragraphs: heading paths, rejoined wraps and page breaks, noise left out."""

from __future__ import annotations

import pytest

from budgetqa.models import Line
from budgetqa.parse.sections import read_blocks, read_paragraphs

PART1 = "第一部分 人力资源和社会保障部社会保险事业管理中心（社会保险技术标准评定中心）概况"
PART3 = "第三部分 人力资源和社会保障部社会保险事业管理中心（社会保险技术标准评定中心）2023 年单位预算情况说明"


@pytest.fixture(scope="module")
def seed_paragraphs(seed_doc):
    return seed_doc.paragraphs


def _find(paragraphs, fragment):
    return next(p for p in paragraphs if fragment in p.text)


def test_seed_heading_paths(seed_paragraphs):
    duty = _find(seed_paragraphs, "（一）执行社会保险有关法规")
    assert duty.section == (PART1, "一、人力资源和社会保障部社会保险事业管理中心（社会保险技术标准评定中心）主要职责")
    vehicles = _find(seed_paragraphs, "单位共有车辆")
    assert vehicles.section == (PART3, "十、其他重要事项情况说明", "（三）国有资产占有使用情况")
    assert (vehicles.page, vehicles.line) == (18, 649)
    item = _find(seed_paragraphs, "1.社会保障和就业支出（类）")
    assert item.section[-1] == "（三）一般公共预算当年拨款具体使用情况"
    assert item.section[-2] == "五、关于 2023 年一般公共预算支出表的说明"


def test_seed_rejoins_words_broken_over_lines_and_pages(seed_paragraphs):
    assert _find(seed_paragraphs, "参与社会保险相关政策研究").text.endswith("参与社会保险相关政策研究。")
    five = _find(seed_paragraphs, "（五）组织建立全国统一")  # wraps over the page break after 经办管理
    assert "制定社会保险经办管理服务有关技术标准并组织实施。" in five.text
    units = _find(seed_paragraphs, "内设 14 个处室")
    assert "养老保险处、失业保险处" in units.text and units.text.endswith("国际合作处。")


def test_seed_glossary_entries_are_definitions_not_paragraphs(seed_doc, seed_paragraphs):
    glossary = [p for p in seed_paragraphs if p.section == ("第四部分 名词解释",)]
    assert [p.text for p in glossary] == ["根据财政部制定的 2023 年政府收支分类科目，对有关名词做如下解释："]
    assert len(seed_doc.definitions) == 16


def test_seed_has_no_table_or_grid_as_prose(seed_paragraphs):
    assert not any("一级指标" in p.text or "单位名称：" in p.text for p in seed_paragraphs)


def _lines(*texts, page=1):
    return [Line(number=i, page=page, text=t) for i, t in enumerate(texts, start=1)]


def test_toc_page_numbers_and_chart_legends_are_dropped():
    lines = [
        Line(number=1, page=1, text="目 录"),
        Line(number=2, page=1, text="一、单位主要职能"),
        Line(number=3, page=2, text="一、概况 ........................ 3"),
        Line(number=4, page=2, text="收入预算 100 万元，其中财政拨款 60 万元，占 60%；其他 40 万元，占 40%。"),
        Line(number=5, page=2, text="预算收入构成情况"),
        Line(number=6, page=2, text="60%"),
        Line(number=7, page=2, text="财政拨款"),
        Line(number=8, page=2, text="40% 其他"),
        Line(number=9, page=2, text="3"),
    ]
    texts = [b.text for b in read_blocks(lines)]
    assert texts == ["收入预算 100 万元，其中财政拨款 60 万元，占 60%；其他 40 万元，占 40%。"]


def test_levels_nest_and_a_sibling_closes_a_branch():
    lines = _lines(
        "第一部分 概况",
        "一、主要职责",
        "（一）负责一件事。",
        "二、机构设置",
        "内设 3 个处室：甲处、乙处、丙处。",
        "名词解释",
        "（一）基本支出：指人员支出和公用支出。",
    )
    paragraphs = read_paragraphs(lines)
    assert [(p.section, p.text) for p in paragraphs] == [
        (("第一部分 概况", "一、主要职责"), "（一）负责一件事。"),
        (("第一部分 概况", "二、机构设置"), "内设 3 个处室：甲处、乙处、丙处。"),
        (("名词解释",), "（一）基本支出：指人员支出和公用支出。"),
    ]


def test_pdf_paragraphs(swu_doc, sh_doc):
    swu = _find(swu_doc.paragraphs, "我校 2023 年收入预算")
    assert swu.section == ("三、部门预算情况说明", "（二）收入预算情况说明")
    assert swu.text.endswith("上年结转93,801.70 万元，占 16.84%。")
    assert not any(p.text in ("16.84%", "财政拨款收入") for p in swu_doc.paragraphs)
    sh = _find(sh_doc.paragraphs, "共有车辆0辆")
    assert sh.section == ("其他相关情况说明", "五、国有资产占有使用情况")
