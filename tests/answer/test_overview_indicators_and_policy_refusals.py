"""概况 read into structure (units in scope, offices with duties, duties, relations) and answered by what is asked;
a named project's indicator picked by the asked measure; a part of a project's own 说明; refusals of a policy
parameter no document states and of the parent body's own figures."""

from __future__ import annotations

import pytest

from budgetqa.models import Indicator, Paragraph, PerformanceTable

from .conftest import ask, library_of, seedlike

_OV = ("第一部分 概况",)
_PARAS = (
    (_OV + ("一、主要职能",), "测试中心是承担社会保险经办工作的事业单位，加挂测试评定中心、测试服务站牌子。"),
    (_OV + ("一、主要职能",), "主要职责是：统筹指导人民信访工作；指导志愿服务工作；指导社会工作人才队伍建设等。"),
    (_OV + ("二、机构设置",), "（一）综合科。承担机关党建、财务管理等职责。"),
    (_OV + ("二、机构设置",), "（二）公开科。依法受理公民向本中心提出的政府信息公开申请并作答复。"),
    (_OV + ("三、部门预算单位构成",), "纳入本部门预算编制范围的单位包括："),
    (_OV + ("三、部门预算单位构成",), "序号单位名称备注1 测试中心（本级）"),
    (_OV + ("三、部门预算单位构成",), "2 上海市测试执法大队"),
    (_OV + ("三、部门预算单位构成",), "（下属参公事业单位）"),
    (("第二部分 预算情况说明", "一、收支预算总体情况"), "2023年收支总预算4,534.39万元。"),
    (("某某业务经费项目经费情况说明", "二、立项依据"), "《区政府2024年重点工作任务书》。"),
    (("某某业务经费项目经费情况说明", "五、实施周期"), "2025全年度。"),
)


@pytest.fixture(scope="module")
def lib():
    doc = seedlike()
    paragraphs = tuple(Paragraph(section=s, text=t, page=3 + i, line=1) for i, (s, t) in enumerate(_PARAS))
    project = PerformanceTable(
        id="p9",
        project="全国党员干部现代远程教育专题教材制播工作",
        indicators=(
            Indicator(level1="产出指标", level2="数量指标", level3="完成党员干部专题教材制播时数", target="≥6小时",
                      value=6, unit="小时"),
            Indicator(level1="产出指标", level2="数量指标", level3="完成培训人数", target="≥300人", value=300, unit="人"),
            Indicator(level1="满意度指标", level2="服务对象满意度指标", level3="党员干部对专题片满意情况",
                      target="≥85%", value=85, unit="%"),
        ),
    )  # fmt: skip
    return library_of(
        doc.model_copy(
            update={"id": "overview001", "unit_name": "测试中心", "paragraphs": paragraphs, "performance": (project,)}
        )
    )


def test_units_in_scope_are_listed_with_their_notes(lib):
    a = ask(lib, "部门预算包括哪些单位？")
    assert a.status == "answered"
    assert "上海市测试执法大队（下属参公事业单位）" in a.answer and "测试中心（本级）" in a.answer


def test_the_office_whose_duties_hold_the_asked_work_is_named(lib):
    a = ask(lib, "哪个科室负责受理政府信息公开申请？")
    assert a.answer.startswith("是公开科")


def test_a_named_office_answers_with_its_duties(lib):
    assert "财务管理" in ask(lib, "综合科具体管哪些事？").answer


def test_an_unnumbered_duty_list_is_split_into_its_items(lib):
    a = ask(lib, "测试中心主要负责哪些工作？")
    assert "共 3 项" in a.answer and "人民信访" in a.answer


def test_plaques_are_read_from_the_jiagua_sentence(lib):
    a = ask(lib, "还挂了哪些牌子？")
    assert "测试评定中心、测试服务站" in a.answer


def test_an_indicator_is_picked_by_the_asked_measure_word(lib):
    a = ask(lib, "远程教育专题教材制播那个项目，党员干部满意度目标定的多少？")
    assert "党员干部对专题片满意情况" in a.answer and "制播时数" not in a.answer


def test_an_indicator_is_picked_by_the_asked_count_unit(lib):
    a = ask(lib, "现代远程教育专题教材制播工作项目要培训多少名？")
    assert "完成培训人数" in a.answer


def test_a_part_of_a_projects_own_note_is_quoted(lib):
    assert "重点工作任务书" in ask(lib, "某某业务经费的立项依据是什么？").answer
    assert "2025全年度" in ask(lib, "某某业务经费的实施周期是多长？").answer


def test_a_policy_parameter_no_document_states_is_refused(lib):
    a = ask(lib, "北京市社保缴费基数上限是多少？")
    assert a.status == "not_found" and not a.figures


def test_the_parent_bodys_own_figures_are_refused():
    lib = library_of(seedlike())
    a = ask(lib, "人社部机关本级的三公经费是多少？")
    assert a.status == "not_found" and "人力资源和社会保障部" in a.answer


def test_the_unit_itself_is_not_taken_for_its_parent():
    lib = library_of(seedlike())
    assert ask(lib, "人社部社保中心机关本级的三公经费是多少？").status == "answered"
