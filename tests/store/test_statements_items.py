"""Narrative shapes of a 说明's numbered items, reasons, absences and counts read into statements."""

from __future__ import annotations

from budgetqa.models import Paragraph
from budgetqa.store.statements import statements


def _para(text: str) -> Paragraph:
    return Paragraph(section=("（三）一般公共预算财政拨款支出决算具体情况",), text=text, page=18, line=10)


def _by(text: str, doc) -> list:
    return list(statements(_para(text), doc))


def test_a_purpose_after_a_colon_belongs_to_the_items_heading(seed_doc):
    text = (
        "2、一般公共服务支出（类）社会工作事务（款）事业运行（项）。主要用于：事业单位人员支出。"
        "全年预算为 17.68 万元，支出决算为 11.31 万元。"
    )
    found = [s for s in _by(text, seed_doc) if s.measure == "用途"]
    assert found and found[0].subject == "事业运行" and found[0].text == "事业单位人员支出"


def test_a_dash_path_names_its_last_level(seed_doc):
    text = (
        "4. “一般公共服务支出-政府办公厅（室）及相关机构事务-其他政府办公厅（室）及相关机构事务支出”科目2,012万元，"
        "主要用于未单独设置项级科目的其他项目支出。"
    )
    found = {s.measure: s for s in _by(text, seed_doc)}
    assert found["预算数"].value == 2012.0 and found["预算数"].subject.startswith("其他政府办公厅")
    assert found["用途"].subject == found["预算数"].subject and found["用途"].text.startswith("未单独设置")


def test_each_semicolon_part_after_a_content_list_is_read(seed_doc):
    text = (
        "一般公共预算财政拨款基本支出 105.58 万元。其中：人员经费 95.36 万元，主要包括：基本工资、津贴补贴；"
        "公用经费 10.23 万元，主要包括：办公费、邮电费。"
    )
    found = _by(text, seed_doc)
    common = [s for s in found if s.subject == "公用经费"]
    assert {s.measure for s in common} >= {"构成"} and any(s.value == 10.23 for s in common)
    staff = next(s for s in found if s.subject == "人员经费" and s.measure == "构成")
    assert staff.text == "基本工资、津贴补贴"  # the list ends at its "；"


def test_a_reason_after_the_changed_subject_is_its_reason(seed_doc):
    text = "财政拨款收入支出减少的主要原因是预计注册会计师考试人数、科次减少，项目经费减少等。"
    found = [s for s in _by(text, seed_doc) if s.measure == "原因"]
    assert found and found[0].subject == "财政拨款收入支出" and found[0].text.startswith("预计注册会计师")


def test_a_difference_from_last_year_names_its_reason(seed_doc):
    text = "学校事业收入和其他收入与上年比较发生较大差异的原因，一是短期培训班培训收入增加，二是捐赠收入增加。"
    found = [s for s in _by(text, seed_doc) if s.measure == "原因"]
    assert found and found[0].subject == "事业收入和其他收入" and "短期培训班" in found[0].text


def test_each_part_of_a_breakdown_has_its_own_reason(seed_doc):
    text = (
        "本年预算收入 390,140.45 万元，与上年相比减少 1,106.89 万元，其中：财政拨款收入减少 6,331.03 万元，"
        "一是因为财政拨款有所压减，二是因为基本建设经费减少；事业收入增加 2,110.3 万元，主要是科研事业收入增加。"
    )
    reasons = {s.subject: s.text for s in _by(text, seed_doc) if s.measure == "原因"}
    assert "基本建设经费减少" in reasons["财政拨款收入"] and "科研" not in reasons["财政拨款收入"]
    assert reasons["事业收入"] == "科研事业收入增加"


def test_a_stated_absence_is_a_fact_and_a_forms_instruction_is_not(seed_doc):
    found = _by("本单位 2024 年度无“三公”经费财政拨款支出。", seed_doc)
    assert [(s.subject, s.measure, s.value) for s in found] == [("三公经费财政拨款支出", "有无", 0.0)]
    assert not [s for s in _by("无政府性基金预算财政拨款收入支出的，仍保留该表格式。", seed_doc) if s.measure == "有无"]


def test_counts_keep_their_units(seed_doc):
    text = "主要用于接待上级部门调研，列明公务接待 2 批次、26 人次，其中：接待外宾 0 批次、0 人次。"
    counts = [(s.value, s.unit) for s in _by(text, seed_doc) if s.measure == "数量"]
    assert (2.0, "批次") in counts and (26.0, "人次") in counts


def test_a_glued_section_heading_is_no_part_of_the_subject(seed_doc):
    text = "（三）一般公共预算财政拨款支出决算具体情况一般公共预算财政拨款支出年初预算为 10210.34 万元，支出决算为 9746.50 万元。"
    found = {s.measure: s for s in _by(text, seed_doc)}
    assert found["年初预算"].value == 10210.34 and found["年初预算"].subject.startswith("一般公共预算财政拨款支出")
    assert found["决算数"].subject == "一般公共预算财政拨款支出"
