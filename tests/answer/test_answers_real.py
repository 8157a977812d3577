"""The pipeline on real parsed disclosures: the seed (text) and the two PDFs of corpus/samples/ (skipped when
absent). Libraries are built without a retrieval index, so these stay fast."""

from __future__ import annotations

import pytest

from budgetqa.answer import answer_question


def figures(a):
    return {(round(f.value, 2), f.unit) for f in a.figures}


# --- the seed -------------------------------------------------------------------------------------------------

SEED_CASES = [
    ("一般公共预算里差旅费多少", "answered", "34.74 万元"),
    ("住房公积金预算是多少", "answered", "169.17 万元"),
    ("行政运行比上年增减多少", "answered", "-50.99 万元"),
    ("行政单位离退休为什么增长", "answered", "退休人员数量增加"),
    ("上年结转占比多少", "answered", "40.45%"),
    ("一般公共预算拨款收入占比", "answered", "58.14%"),
    ("人员经费里哪项最多", "answered", "津贴补贴"),
    ("行政运行比社会保险业务管理事务多多少", "answered", "1,967.23 − 959.96 = 1,007.27 万元"),
    ("住房保障支出包括哪些", "answered", "购房补贴（2210203）"),
    ("什么是三公经费", "answered", "公务接待费"),
    ("内设几个处室", "answered", "14 个"),
    ("单位有几辆车", "answered", "2 辆"),
    ("培训多少人", "answered", "420人"),
    ("培训班学员合格率目标", "answered", "≥95百分比"),
    ("有没有政府性基金预算", "answered", "无政府性基金预算"),
    ("机关运行经费为什么减少", "answered", "过紧日子"),
    ("三公经费比上年减少多少", "answered", "3.45 − 7.16 = -3.71 万元"),
    ("买电脑花了多少", "answered", "1.00 万元"),
    ("How much are the travel expenses?", "answered", "34.74"),
    ("2019年差旅费是多少", "not_found", "2019"),
    ("西南大学的差旅费", "not_found", "西南大学"),
]


@pytest.mark.parametrize("question, status, needle", SEED_CASES)
def test_seed(seed, question, status, needle):
    a = answer_question(question, seed)
    assert a.status == status
    assert needle in a.answer
    if status == "not_found":
        assert not a.figures


def test_seed_ambiguity_names_general_budget(seed):
    a = answer_question("住房公积金预算是多少", seed)
    assert (112.82, "万元") in figures(a) and "一般公共预算支出表" in a.answer


def test_seed_followups(seed):
    a = answer_question("那2022年呢？", seed, history=("行政运行预算多少",))
    assert "1,335.31 万元" in a.answer
    b = answer_question("它的项目支出呢？", seed, history=("社会保险业务管理事务是多少",))
    assert "959.96 万元" in b.answer.split("。")[0]


def test_seed_cell_citation_is_followable(seed):
    a = answer_question("2080107 的项目支出", seed)
    c = a.citations[0]
    assert c.locator == "单位公开表3 单位支出总表 › 2080107 社会保险业务管理事务 › 项目支出"
    assert c.page and "959.96" in c.quote and c.table_id and c.column_key


def test_seed_empty_cell_points_to_narrative(seed):
    a = answer_question("出国花了多少", seed)
    assert "0万元" in a.answer.replace(" ", "")


# --- 西南大学 2023 部门预算 (万元, four tables, no 三公 table) --------------------------------------------------

SWU_CASES = [
    ("住房公积金是多少", "answered", "16,054.93 万元"),
    ("高等教育的项目支出", "answered", "87,924.17 万元"),
    ("教育支出占比", "answered", "77.94%"),
    ("财政拨款收入占比", "answered", "41.43%"),
    ("教育支出为什么增加", "answered", "招生人数有所增加"),
    ("科学技术支出为什么减少", "answered", "基建项目"),
    ("哪类支出最多", "answered", "教育支出（205）"),
    ("教育支出包括哪些", "answered", "留学教育（20506）"),
    ("什么是事业收入", "answered", "专业业务活动"),
    ("高中教育比小学教育多多少", "answered", "26,098.58 − 9,631.68 = 16,466.90 万元"),
    ("上年结转多少", "answered", "93,801.70 万元"),
    ("有没有三公经费", "not_found", "三公"),
    ("差旅费是多少", "not_found", "西南大学"),
    ("2022年教育支出", "not_found", "2022"),
]


@pytest.mark.parametrize("question, status, needle", SWU_CASES)
def test_swu(swu, question, status, needle):
    a = answer_question(question, swu)
    assert a.status == status
    assert needle in a.answer


# --- 上海市财政局 2025 单位预算 (tables in 元, split 类/款/项 codes) ---------------------------------------------

SH_CASES = [
    ("差旅费多少", "answered", "1,000,000 元"),
    ("住房公积金是多少", "answered", "10,000,000 元"),
    ("行政运行的基本支出", "answered", "84,861,719 元"),
    ("一般公共服务支出占比", "answered", "127,886,849 ÷ 171,915,169 = 74.39%"),
    ("哪项支出最多", "answered", "行政运行（2010601）"),
    ("一般公共服务支出包括哪些", "answered", "财政国库业务（2010605）"),
    ("什么是三公经费", "answered", "因公出国（境）费"),
    ("有没有政府性基金预算", "answered", "没有"),
    ("几个内设机构", "answered", "22 个"),
    ("三公经费是多少", "answered", "346.30 万元"),
    ("财政拨款收入为什么减少", "answered", "注册会计师考试人数"),
    ("人员经费多少", "answered", "102,464,260 元"),
    ("政府采购预算", "answered", "1,708.03万元"),
    ("2024年行政运行", "not_found", "2024"),
]


@pytest.mark.parametrize("question, status, needle", SH_CASES)
def test_sh(sh, question, status, needle):
    a = answer_question(question, sh)
    assert a.status == status
    assert needle in a.answer


def test_sh_figures_keep_yuan(sh):
    a = answer_question("差旅费多少", sh)
    assert (1000000.0, "元") in figures(a)
