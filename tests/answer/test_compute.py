"""The operation a question asks, applied to the figures its answer shows (answer/operations/compute.py), and the unit asked:
pure cases over hand-made answers, then the real seed through the whole pipeline."""

from __future__ import annotations

import pytest

from budgetqa.answer import answer_question
from budgetqa.answer.operations.compute import asked_operation, complete, shown_figures
from budgetqa.answer.question.english import rewrite
from budgetqa.answer.question.units import asked_unit
from budgetqa.models import Answer, Citation, Figure


def _answer(text: str, *figures: tuple[float, str, int]) -> Answer:
    cites = tuple(Citation(id=i, doc="d", locator=f"t{i}", page=1, quote="q") for i in {f[2] for f in figures})
    return Answer(
        question="q",
        status="answered",
        answer=text,
        citations=cites,
        figures=tuple(Figure(value=v, unit=u, citation=c) for v, u, c in figures),
    )


TWO_CELLS = (
    "支出表中，高等教育（2050205）的基本支出为 308,469.42 万元[1]。支出表中，高等教育（2050205）的项目支出为 87,924.17 万元[2]。",
    (308469.42, "万元", 1),
    (87924.17, "万元", 2),
)


@pytest.mark.parametrize(
    "question, op",
    [
        ("高等教育的基本支出比项目支出多多少？", "diff"),
        ("人员经费比公用经费高出多少元？", "diff"),
        ("总支出中，不是当年一般公共预算拨款的部分有多少？", "complement"),
        ("住房公积金里不是财政拨款的部分", "complement"),
        ("高等教育的基本支出是多少？", None),
    ],
)
def test_the_operation_asked(question, op):
    assert asked_operation(question) == op


def test_labels_are_the_words_before_each_figure():
    shown = shown_figures(TWO_CELLS[0])
    assert [s.text for s in shown] == ["308,469.42", "87,924.17"]
    assert "基本支出" in shown[0].label and "项目支出" in shown[1].label and "基本支出" not in shown[1].label
    assert [s.citation for s in shown] == [1, 2]


def test_difference_of_the_two_figures_shown():
    a = complete(_answer(*TWO_CELLS), "高等教育的基本支出比项目支出多多少？")
    assert "308,469.42 − 87,924.17 = 220,545.25 万元" in a.answer
    assert round(a.figures[-1].value, 2) == 220545.25 and a.figures[-1].citation == 1


def test_operands_follow_the_question_not_the_answer_order():
    a = complete(_answer(*TWO_CELLS), "项目支出比基本支出少多少？")
    assert "87,924.17 − 308,469.42 = -220,545.25 万元" in a.answer and "少 220,545.25 万元" in a.answer


def test_operands_named_among_other_figures():
    text = (
        "文件说明：政府采购预算1,708.03万元，其中：政府采购货物预算42.50万元、政府采购工程预算0.00万元、"
        "政府采购服务预算1,665.53万元。[1]"
    )
    a = complete(_answer(text), "政府采购预算里，服务类比货物类多多少？")
    assert "1,665.53 − 42.50 = 1,623.03 万元" in a.answer


def test_complement_is_the_whole_less_the_part():
    text = "一般公共预算支出表中，X（2080107）为 781.01 万元[1]。口径不同的其他数字：单位支出总表中，X（2080107）为 959.96 万元[2]。"
    a = complete(_answer(text), "X的总支出中，不是当年一般公共预算拨款的部分有多少？")
    assert "959.96 − 781.01 = 178.95 万元" in a.answer


@pytest.mark.parametrize(
    "question",
    [
        "社会保障和就业支出比2022年执行数多多少？",  # a change over time: the answer's own 增减 says it
        "高等教育的基本支出是多少？",  # no operation asked
    ],
)
def test_nothing_is_computed_when_not_asked_for_two_items(question):
    base = _answer(*TWO_CELLS)
    assert complete(base, question) == base


def test_an_answer_with_its_formula_is_left_alone():
    text = TWO_CELLS[0] + "基本支出比项目支出多 220,545.25 万元（308,469.42 − 87,924.17 = 220,545.25 万元）。"
    base = _answer(text)
    assert complete(base, "高等教育的基本支出比项目支出多多少？") == base


def test_one_figure_is_not_a_difference():
    base = _answer("支出表中，高等教育的基本支出为 308,469.42 万元[1]。")
    assert complete(base, "高等教育的基本支出比项目支出多多少？") == base


@pytest.mark.parametrize(
    "question, unit",
    [
        ("收入一共多少万元？", "万元"),
        ("事业收入预算是多少元？", "元"),
        ("What is the total 2025 department budget, in 10,000 yuan?", "万元"),
        ("What is the total 2025 budget in yuan?", "元"),
        ("What is the total budget?", None),
    ],
)
def test_the_unit_asked(question, unit):
    assert asked_unit(question) == unit


def test_the_unit_asked_is_converted_with_its_formula():
    a = complete(_answer("支出预算总表中，合计为 91,016,775.35 元[1]。", (91016775.35, "元", 1)), "收入一共多少万元？")
    assert "91,016,775.35 ÷ 10,000 = 9,101.68 万元" in a.answer
    assert a.figures[-1].unit == "万元" and round(a.figures[-1].value, 2) == 9101.68


def test_an_amount_already_in_the_unit_asked_is_not_converted():
    base = _answer("收入预算9,101.68万元[1]；合计为 91,016,775.35 元[2]。")
    assert complete(base, "收入一共多少万元？") == base


@pytest.mark.parametrize(
    "q, chinese",
    [
        ("How much more does the home budget for property management than for electricity?", "物业管理费比电费多多少"),
        ("How much less is the travel expenses than the housing provident fund?", "差旅费比住房公积金少多少"),
        (
            "By how much did the general public budget appropriation decrease compared with 2022 actual spending?",
            "一般公共预算拨款比2022年 执行数减少了多少",
        ),
        (
            "How many projects have performance targets, and how much project money do they cover?",
            "有绩效目标的项目有几个？涉及多少资金？",
        ),
    ],
)
def test_english_operation_templates(q, chinese):
    assert rewrite(q) == chinese


def test_seed_complement_through_the_pipeline(seed):
    a = answer_question("社会保险业务管理事务的总支出中，不是当年一般公共预算拨款的部分有多少？", seed)
    assert 178.95 in {round(f.value, 2) for f in a.figures}
    assert "959.96 − 781.01 = 178.95" in a.answer


def test_seed_english_change_through_the_pipeline(seed):
    q = "By how much did the general public budget appropriation decrease compared with 2022 actual spending?"
    a = answer_question(q, seed)
    assert a.status == "answered" and 36.14 in {round(abs(f.value), 2) for f in a.figures}
    assert a.question == q


def test_item_without_scope_gives_all_funds_first(seed):
    """ "机关事业单位基本养老保险缴费" names 30108 exactly; its 功能分类 row "…缴费支出" holds the all-funds figure."""
    a = answer_question("机关事业单位基本养老保险缴费一共安排了多少钱？", seed)
    assert a.figures[0].value == pytest.approx(491.12)
    assert 147.46 in {round(f.value, 2) for f in a.figures}


@pytest.mark.parametrize(
    "sentence, name, code, direction, pct",
    [
        (
            "7.其他教育支出（2059999），2024年度决算数为1,816.77万元，比2023年度决算数增长107.39%。",
            "其他教育支出",
            "2059999",
            "增长",
            "107.39",
        ),
        (
            "9.实验室及相关设施（2060204），2024年度决算数为1,165.07万元，比2023年度决算数降低31.78%。",
            "实验室及相关设施",
            "2060204",
            "降低",
            "31.78",
        ),
    ],
)
def test_stated_rates_per_item(sentence, name, code, direction, pct):
    from budgetqa.answer.operations.statedrank import _RATE

    m = _RATE.search(sentence)
    assert m and m.group("code") == code and m.group("dir") == direction and m.group("pct") == pct
    assert m.group("name").endswith(name)


def test_no_rate_for_an_item_without_a_comparison():
    from budgetqa.answer.operations.statedrank import _RATE

    assert (
        _RATE.search(
            "6.高等教育（2059802），2024年度决算数为6,304.68万元，为本年度使用超长期特别国债收入安排的教育支出。"
        )
        is None
    )


def test_a_side_the_answer_does_not_show_is_looked_up():
    asked = []

    def lookup(q: str) -> Answer:
        asked.append(q)
        return _answer("文件说明：学校财政拨款支出总计为266,783.56万元。[1]", (266783.56, "万元", 1))

    base = _answer("收支决算总表中，一、财政拨款收入的决算数为 279,818.00 万元[1]。", (279818.0, "万元", 1))
    a = complete(base, "财政拨款收入比财政拨款支出多多少？", lookup)
    assert asked == ["财政拨款支出是多少"]
    assert "279,818.00 − 266,783.56 = 13,034.44 万元" in a.answer
    assert [c.id for c in a.citations] == [1, 2]


def test_no_lookup_when_both_sides_are_shown():
    def lookup(q: str) -> Answer:
        raise AssertionError(q)

    a = complete(_answer(*TWO_CELLS), "高等教育的基本支出比项目支出多多少？", lookup)
    assert "= 220,545.25 万元" in a.answer


# a gap asked without 比, and a completion rate, over the figures the answer shows

BOTH_TABLES = (
    "文件说明：高等教育（2059802），2024年度决算数为6,304.68万元。[1]口径不同的其他数字：收入决算表中，"
    "高等教育（2059802）的本年收入合计为 21,778.00 万元[2]。"
)


def test_a_gap_without_bi_is_the_larger_less_the_smaller():
    a = complete(_answer(BOTH_TABLES), "高等教育（2059802），收入决算和支出决算各是多少？相差多少？")
    assert "21,778.00 − 6,304.68 = 15,473.32 万元" in a.answer
    assert round(a.figures[-1].value, 2) == 15473.32


def test_a_gap_takes_the_figures_its_sides_name_among_others():
    text = "收入决算为 100.00 万元[1]，支出决算为 60.00 万元[1]，年末结转为 40.00 万元[1]。"
    a = complete(_answer(text), "收入决算与支出决算的差额是多少？")
    assert "100.00 − 60.00 = 40.00 万元" in a.answer


def test_a_stated_change_is_not_taken_as_an_operand_of_a_gap():
    text = "2023年预算数为 1,284.32 万元，比 2022 年执行数减少 50.99 万元。[1]"
    a = complete(_answer(text), "今年和去年相差多少？")
    assert "−" not in a.answer and len(a.figures) == 0


@pytest.mark.parametrize(
    "question",
    ["事业运行全年预算多少、实际支出多少，完成了预算的百分之几？", "三公经费的预算完成率是多少？", "执行率多少？"],
)
def test_a_completion_rate_is_asked(question):
    assert asked_operation(question) == "rate"


def test_completion_rate_computed_when_the_answer_states_none():
    text = "文件说明（事业运行）：全年预算为17.68万元，支出决算为11.31万元。[1]"
    a = complete(
        _answer(text, (17.68, "万元", 1), (11.31, "万元", 1)), "全年预算多少、实际支出多少，完成了预算的百分之几？"
    )
    assert "11.31 ÷ 17.68 = 63.97%" in a.answer and "文件未直接说明" in a.answer
    assert a.figures[-1].value == 63.97 and a.figures[-1].unit == "%"


def test_a_stated_completion_rate_is_not_recomputed():
    text = "文件说明（行政运行）：全年预算为52.00万元，支出决算为51.32万元，完成全年预算数的98.69%。[1]"
    a = complete(_answer(text), "行政运行全年预算多少，实际支出多少，完成率多少？")
    assert a.answer == text
