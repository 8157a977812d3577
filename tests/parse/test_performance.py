"""项目绩效目标表: header fields, funds, goals and every indicator row of the seed; the PDF's ~24 tables."""

from __future__ import annotations

import pytest

from budgetqa.parse._targets import read_target
from budgetqa.parse.performance import read_performance

# (一级, 二级, 三级, 指标值, operator, value, unit, 分值) — counted from the text: 17 and 10 rows, 90 points each.
TABLE1 = [
    ("成本指标", "经济成本指标", "开展养老保险全国统筹、统一平台建设等工作调研", "≤30万元", "≤", 30.0, "万元", 5),
    ("成本指标", "经济成本指标", "社会保险经办机构能力提升等培训班成本", "≤95.70万元", "≤", 95.7, "万元", 5),
    ("成本指标", "经济成本指标", "办公场所租赁费", "832.50万元", None, 832.5, "万元", 10),
    ("产出指标", "数量指标", "举办社会保险经办机构能力提升等培训班培训人数", "420人", None, 420.0, "人", 4),
    ("产出指标", "数量指标", "全国统一的社会保险公共服务平台共新上线各类服务功能", "5项", None, 5.0, "项", 4),
    ("产出指标", "数量指标", "养老保险全国统筹、统一平台建设等专题调研报告", "≥4份", "≥", 4.0, "份", 4),
    ("产出指标", "数量指标", "形成社会保险联网数据季报和月报", "≥12份", "≥", 12.0, "份", 4),
    ("产出指标", "数量指标", "制修订社会保险经办管理服务相关标准", "3项", None, 3.0, "项", 4),
    (
        "产出指标",
        "数量指标",
        "为制度改革开展专项精算研究工作，指导全国及地方支撑经办涉及精算需求成果",
        "≥3个",
        "≥",
        3.0,
        "个",
        4,
    ),
    ("产出指标", "质量指标", "社会保险经办机构能力提升等培训班学员合格率", "≥95百分比", "≥", 95.0, "%", 4),
    ("产出指标", "质量指标", "地区平台与国家社会保险公共服务平台的对接率", "≥95百分比", "≥", 95.0, "%", 4),
    ("产出指标", "质量指标", "企业职工基本养老保险核心数据质量评分", "≥90分", "≥", 90.0, "分", 4),
    ("产出指标", "时效指标", "指导各省上报年度精算报告和专题精算报告", "9月底前完成", None, None, None, 2),
    ("产出指标", "时效指标", "基金预决算会审完成时间", "5月底前完成", None, None, None, 2),
    (
        "效益指标",
        "社会效益指标",
        "为群众提供更加高效便捷的服务，为社会保险经办管理服务提供有力支撑",
        "效果显著",
        None,
        None,
        None,
        10,
    ),
    (
        "效益指标",
        "社会效益指标",
        "及时响应参保群众反映问题，提升社会保险经办管理服务水平",
        "响应及时，未发生重大负面舆情事件",
        None,
        None,
        None,
        10,
    ),
    ("满意度指标", "服务对象满意度指标", "社会保险经办能力提升等培训班受训人员满意度", "≥90百分比", "≥", 90.0, "%", 10),
]
TABLE2 = [
    ("成本指标", "经济成本指标", "资金使用合规、总成本控制在预算范围内", "≤60.24万元", "≤", 60.24, "万元", 20),
    ("产出指标", "数量指标", "地方提交选题数量", "≥6个", "≥", 6.0, "个", 10),
    (
        "产出指标",
        "数量指标",
        "完成人力资源社会保障部全国党员干部现代远程教育专题教材制播时数",
        "≥6小时",
        "≥",
        6.0,
        "小时",
        5,
    ),
    ("产出指标", "数量指标", "拍摄脚本素材时长", "≥6小时", "≥", 6.0, "小时", 5),
    ("产出指标", "数量指标", "远教片播出时长", "≥6小时", "≥", 6.0, "小时", 5),
    (
        "产出指标",
        "质量指标",
        "人力资源社会保障部全国党员干部现代远程教育专题教材制播成果",
        "专题片通过审核，收录至中组部党教中心资料库",
        None,
        None,
        None,
        10,
    ),
    (
        "产出指标",
        "时效指标",
        "完成26小时的人力资源社会保障部全国党员干部现代远程教育专题教材制播",
        "2023年11月底前",
        None,
        None,
        None,
        5,
    ),
    ("效益指标", "社会效益指标", "持续推动人社相关工作开展顺利", "效果较显著", None, None, None, 10),
    ("效益指标", "社会效益指标", "有利于全国党员干部、群众了解相关法规政策", "效果较显著", None, None, None, 10),
    ("满意度指标", "服务对象满意度指标", "党员干部对专题片满意情况", "≥85%", "≥", 85.0, "%", 10),
]


@pytest.fixture(scope="module")
def seed_tables(seed_raw):
    return read_performance(seed_raw.lines)


def _rows(table):
    return [(i.level1, i.level2, i.level3, i.target, i.operator, i.value, i.unit, i.score) for i in table.indicators]


def test_seed_has_two_tables_with_every_indicator(seed_tables):
    first, second = seed_tables.tables
    assert _rows(first) == TABLE1 and len(first.indicators) == 17
    assert _rows(second) == TABLE2 and len(second.indicators) == 10
    assert sum(i.score for i in first.indicators) == sum(i.score for i in second.indicators) == 90


def test_seed_table_headers(seed_tables):
    first, second = seed_tables.tables
    assert first.project == "社会保险经办管理服务与业务指导"
    assert first.department == "[117]人力资源社会保障部"
    assert first.implementer == "人力资源和社会保障部社会保险事业管理中心"
    assert first.funds == {"年度资金总额": 959.96, "财政拨款": 781.01, "上年结转": 178.95, "其他资金": 0.0}
    assert second.funds == {"年度资金总额": 60.24, "财政拨款": 46.0, "上年结转": 14.24, "其他资金": 0.0}
    assert second.project == "人力资源社会保障部全国党员干部现代远程教育专题教材制播工作"
    assert (first.page, first.line, second.page, second.line) == (24, 832, 26, 1014)


def test_seed_goals(seed_tables):
    first, second = seed_tables.tables
    assert len(first.goals) == 7
    assert (
        first.goals[0]
        == "目标1：加强对各地社保经办机构推进建立规范省级统筹的工作指导，推进全国统一的经办管理服务体系和信息系统建设。"
    )
    assert first.goals[6].endswith("面向外派人员集中企业及外派人员开展专题宣传。")
    assert second.goals == (
        "通过完成18小时人力资源社会保障部全国党员干部现代远程教育专题教材片制播工作，让基层党员干部充分了解人社系统的政策和制度，促进人社事业发展。",
    )


def test_seed_indicator_positions(seed_tables):
    first = seed_tables.tables[0]
    assert (first.indicators[0].page, first.indicators[0].line) == (24, 890)
    assert (first.indicators[-1].page, first.indicators[-1].line) == (25, 1002)


def test_seed_claims_the_grid_lines_only(seed_raw, seed_tables):
    claimed = seed_tables.claimed
    assert {829, 832, 888, 1109} <= claimed  # title, 项目名称, first label row, last indicator
    assert 825 not in claimed  # 第五部分 附件 stays a heading
    assert not claimed & {line.number for line in seed_raw.lines if line.page < 24}


@pytest.mark.parametrize(
    ("text", "operator", "value", "unit"),
    [
        ("≥95百分比", "≥", 95.0, "%"),
        ("≤30万元", "≤", 30.0, "万元"),
        ("420人", None, 420.0, "人"),
        ("9月底前完成", None, None, None),
        ("2023年11月底前", None, None, None),
        ("效果显著", None, None, None),
        ("≥85%", "≥", 85.0, "%"),
        ("5000台 /件", None, 5000.0, "台/件"),
        ("不低于90%", "≥", 90.0, "%"),
        ("6年", None, 6.0, "年"),
        ("响应及时，未发生重大负面舆情事件", None, None, None),
    ],
)
def test_target_rule(text, operator, value, unit):
    target = read_target(text)
    assert (target.operator, target.value, target.unit) == (operator, value, unit)


def test_swu_tables(swu_doc):
    tables = swu_doc.performance
    assert len(tables) == 24
    assert all(sum(i.score or 0 for i in t.indicators) == 90 for t in tables)
    first = tables[0]
    assert first.project.replace(" ", "") == "236中央高校教育教学改革专项"
    assert (first.department, first.implementer) == ("教育部 105", "西南大学本级")
    assert first.funds == {"年度资金总额": 2112.76, "财政拨款": 2112.0, "上年结转": 0.76, "其他资金": 0.0}
    assert len(first.goals) == 15
    names = {i.level3: i for i in first.indicators}
    assert names["分类打造新农科、新工科和新文科综合实践基地"].target == "10个"  # name wrapped around its value
    assert names["设备更新数量"].unit == "台、件、套"
    assert names["为国家经济增长提供人才支撑"].level2 == "社会效益指标"
    assert names["教职工满意度"].level1 == "满意度指标"
    assert not any("二级指标" in p.text or "绩效目标表" in p.text for p in swu_doc.paragraphs)
