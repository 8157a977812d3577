"""概况 read into structure becomes facts of the store: units in scope with their notes, offices with their duties,
the body's nature and its relations (加挂…牌子), each with a stable id and its paragraph as the quote."""

from __future__ import annotations

from budgetqa.models import Paragraph
from budgetqa.store.facts import facts_of

from ..answer.conftest import seedlike

_OV = ("第一部分 概况",)
_PARAS = (
    (_OV + ("一、主要职能",), "测试局是主管全区测试工作的区政府工作部门，加挂测试研究室、测试外事办公室牌子。"),
    (_OV + ("二、机构设置",), "（一）综合科。承担机关党建、财务管理等职责。"),
    (_OV + ("二、机构设置",), "（二）公开科。依法受理政府信息公开申请并作答复。"),
    (_OV + ("三、部门决算单位构成",), "纳入测试局 2024 年度部门决算编制范围的单位包括："),
    (_OV + ("三、部门决算单位构成",), "序号单位名称备注1 测试局（本级）"),
    (_OV + ("三、部门决算单位构成",), "上海市测试土地发展中"),
    (_OV + ("三、部门决算单位构成",), "心（下属事业单位）"),
    (("第二部分 决算情况说明",), "本年收入合计 9746.50 万元。"),
)


def _facts():
    paragraphs = tuple(Paragraph(section=s, text=t, page=4, line=i) for i, (s, t) in enumerate(_PARAS))
    doc = seedlike().model_copy(update={"id": "profile001", "unit_name": "测试局", "paragraphs": paragraphs})
    return [f for f in facts_of(doc) if f.source == "overview" and f.id.startswith("profile001:k")]


def test_units_in_scope_are_facts_with_their_notes_across_wrapped_rows():
    units = {f.subject: f.text for f in _facts() if f.topic == "单位构成"}
    assert units == {"测试局": "本级", "上海市测试土地发展中心": "下属事业单位"}


def test_offices_are_facts_with_their_duties():
    offices = {f.subject: f.text for f in _facts() if f.topic == "内设机构"}
    assert offices["公开科"].startswith("依法受理政府信息公开申请")


def test_nature_and_plaques_are_facts():
    facts = _facts()
    assert any(f.measure == "性质" and "区政府工作部门" in f.text for f in facts)
    assert any(f.topic == "加挂的牌子" and f.text == "测试研究室、测试外事办公室" for f in facts)


def test_profile_fact_ids_are_unique():
    ids = [f.id for f in _facts()]
    assert ids and len(ids) == len(set(ids))
