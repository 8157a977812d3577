"""Questions over several documents: routed by body / year / kind, each document asked on its own, then combined.

The one-document answer is a stand-in here (``fake_ask``): these tests check the routing and the combining."""

from __future__ import annotations

import re

import pytest

from budgetqa.answer.operations import across
from budgetqa.eval.score import formula_results, round2
from budgetqa.models import Answer, Citation, Disclosure, Fact, Figure


def doc(id_: str, unit: str, year: int, kind: str = "预算", scope: str = "部门") -> Disclosure:
    return Disclosure(
        id=id_,
        title=f"{unit}{year}年{scope}{kind}",
        unit_name=unit,
        year=year,
        kind=kind,
        scope=scope,
        source=f"{unit}_{year}_{scope}{kind}.pdf",
        sha256=id_ * 8,
        page_count=10,
    )


SWU = "西南大学"
PT = "上海市普陀区人民政府办公室"
LIBRARY = (
    doc("a21", SWU, 2021),
    doc("a23", SWU, 2023),
    doc("a24", SWU, 2024),
    doc("f24", SWU, 2024, "决算"),
    doc("pd", PT, 2025),
    doc("pu", PT, 2025, scope="单位"),
)
# what each document states (document id, item) → value in 万元
STATED = {
    ("a21", "财政拨款收入"): 216552.53,
    ("a23", "财政拨款收入"): 230876.38,
    ("a24", "财政拨款收入"): 244675.66,
    ("f24", "财政拨款收入"): 279818.00,
    ("a24", "本年支出"): 486554.95,
    ("f24", "本年支出"): 481483.46,
    ("pd", "差旅费"): 5.0,
    ("pu", "差旅费"): 5.0,
    ("a24", "2023年执行数"): 1.0,
}


def fake_ask(asked: list):
    def ask(question: str, doc_id: str) -> Answer:
        asked.append((question, doc_id))
        d = next(d for d in LIBRARY if d.id == doc_id)
        for (where, item), value in STATED.items():
            if where == doc_id and item in question:
                quote = f"{item} {value:,.2f}"
                return Answer(
                    question=question,
                    status="answered",
                    answer=f"{item}为 {value:,.2f} 万元[1]。",
                    kind="value",
                    citations=(Citation(id=1, doc=d.label, locator=item, page=3, quote=quote, doc_id=doc_id),),
                    figures=(Figure(value=value, unit="万元", citation=1),),
                )
        return Answer(question=question, status="not_found", answer="没有找到。")

    return ask


def run(question: str) -> tuple[Answer | None, list]:
    asked: list = []
    return across.answer(question, LIBRARY, (), fake_ask(asked)), asked


def test_each_year_named_is_asked_of_its_own_document_with_a_citation_each():
    found, asked = run("西南大学2021年、2023年、2024年的财政拨款收入预算各是多少？")
    assert found.status == "answered"
    assert {d for _, d in asked} == {"a21", "a23", "a24"}  # the 决算 and the other body are not asked
    assert all("2021" not in q and "各是" not in q for q, _ in asked)  # each document gets a plain question
    assert [f.value for f in found.figures][:3] == [216552.53, 230876.38, 244675.66]
    assert len({f.citation for f in found.figures[:3]}) == 3
    assert found.chart is not None and [p.x for p in found.chart.series[0].points] == ["2021", "2023", "2024"]


def test_change_between_two_years_shows_amount_percent_formula_and_both_citations():
    found, _ = run("西南大学2024年财政拨款收入预算比2023年增加了多少？增长百分之几？")
    assert "244,675.66 − 230,876.38 = 13,799.28" in found.answer
    quotes = [c.quote for c in found.citations]
    results = formula_results(found.answer, quotes)
    assert round2(13799.28) in results and round2(5.98) in results
    line = next(text for text in found.answer.splitlines() if "13,799.28" in text)
    assert len(set(re.findall(r"\[(\d+)\]", line))) == 2  # the two years' citations


def test_highest_year_and_trend_over_every_year_of_the_body():
    found, _ = run("西南大学哪一年的财政拨款收入预算最多？")
    assert "最多的是2024年" in found.answer and "逐年增加" in found.answer


def test_budget_against_final_of_one_year_gives_difference_and_execution_rate():
    found, asked = run("西南大学2024年本年支出的预算执行率是多少？")
    assert {d for _, d in asked} == {"a24", "f24"}
    assert "98.96%" in found.answer
    assert round2(98.96) in formula_results(found.answer, [c.quote for c in found.citations])
    assert [p.x for p in found.chart.series[0].points] == ["预算", "决算"]


def test_unscoped_question_answers_per_body_naming_each():
    found, _ = run("差旅费预算是多少？")
    assert found.status == "answered"
    lines = found.answer.splitlines()
    assert any(text.startswith(PT) for text in lines)
    assert any(SWU in text and "未找到" in text for text in lines)  # the body that states none is named as such


def test_short_name_of_a_body_routes_to_its_documents_only():
    found, asked = run("普陀区政府办公室的差旅费是多少？")
    assert found is not None and {d for _, d in asked} <= {"pd", "pu"}


def test_year_no_document_covers_is_refused_naming_what_is_loaded():
    found, asked = run("西南大学2025年的部门预算收入是多少？")
    assert found.status == "not_found" and not asked
    assert "西南大学" in found.answer


def test_final_of_a_year_only_budgets_cover_is_not_answered_from_a_budget():
    found, asked = run("普陀区政府办公室2025年的决算支出是多少？")
    assert found.status == "not_found" and not asked


def test_an_earlier_year_is_asked_of_the_next_years_document():
    _, asked = run("西南大学2020年本年预算收入是多少？")
    assert {d for _, d in asked} == {"a21"}


def test_a_body_not_loaded_is_left_to_the_one_document_pipeline():
    found, asked = run("普陀区财政局2025年的部门预算收入是多少？")
    assert found is None and not asked


def test_one_document_library_is_not_routed():
    assert across.answer("差旅费是多少？", LIBRARY[:1], (), fake_ask([])) is None


@pytest.mark.parametrize(
    "question, measure",
    [
        ("西南大学各年部门预算的本年支出合计分别是多少？", "西南大学部门预算的本年支出合计是多少？"),
        ("西南大学高等教育（2050205）支出预算2023年和2024年各是多少？", "西南大学高等教育(2050205)支出预算是多少？"),
        (
            "列出西南大学2021、2023、2024年的本年收入合计和本年支出合计。",
            "西南大学的本年收入合计和本年支出合计是多少？",
        ),
    ],
)
def test_plain_question_keeps_the_item_and_drops_years_and_asks(question, measure):
    assert across.read(question).measure == measure


def test_an_earlier_year_is_derived_from_the_next_documents_stated_change_with_its_formula():
    from budgetqa.models import Fact

    quote = "2021 年本年预算收入 390,140.45 万元，与上年相比减少 1,106.89 万元，其中：财政拨款收入减少 6,331.03 万元"
    change = Fact(
        id="a21:n1",
        doc_id="a21",
        body=SWU,
        doc_year=2021,
        doc_kind="预算",
        level="部门",
        source="narrative",
        subject="预算收入",
        measure="增减额",
        year=2021,
        value=-1106.89,
        text="1,106.89",
        unit="万元",
        page=10,
        quote=quote,
        locator="收入预算情况说明",
    )
    asked: list = []
    found = across.answer(
        "西南大学2020年本年预算收入是多少？", LIBRARY, (), fake_ask(asked), lambda d: (change,) if d.id == "a21" else ()
    )
    assert found.status == "answered" and "390,140.45 + 1,106.89 = 391,247.34 万元" in found.answer
    assert round2(391247.34) in formula_results(found.answer, [c.quote for c in found.citations])
    assert found.citations[0].fact_id == "a21:n1"


def test_an_earlier_year_no_stated_change_reaches_is_refused():
    found, _ = run("西南大学2019年本年预算收入是多少？")
    assert found.status == "not_found"


def _narrative(doc_id: str, subject: str, measure: str, value: float | None, quote: str, text: str = "") -> Fact:
    d = next(d for d in LIBRARY if d.id == doc_id)
    return Fact(
        id=f"{doc_id}:{subject}:{measure}",
        doc_id=doc_id,
        body=d.unit_name,
        doc_year=d.year,
        doc_kind=d.kind,
        level=d.scope,
        source="narrative",
        subject=subject,
        measure=measure,
        year=d.year,
        value=value,
        text=text,
        unit="万元" if value else "",
        page=5,
        quote=quote,
        locator="说明",
    )


def test_budget_against_final_gives_the_finals_stated_reason_for_that_item_only():
    reason = "本年支出决算数小于预算数，主要原因是部分项目延期实施。"
    facts = (
        _narrative("f24", "本年支出", "原因", None, reason, "部分项目延期实施"),
        _narrative("f24", "财政拨款收入", "原因", None, "财政拨款收入增加，主要原因是专项增加。", "专项增加"),
    )
    found = across.answer(
        "西南大学2024年本年支出的预算执行率是多少？",
        LIBRARY,
        (),
        fake_ask([]),
        lambda d: facts if d.id == "f24" else (),
    )
    line = next(text for text in found.answer.splitlines() if "原因" in text)
    assert "部分项目延期实施" in line and "专项增加" not in found.answer
    cid = int(re.search(r"\[(\d+)\]", line).group(1))
    assert found.citations[cid - 1].quote == reason


def test_no_change_on_last_year_makes_the_earlier_year_the_same_figure():
    quote = "2021年“三公”经费预算数为867.50万元，与2020年预算持平。"
    facts = (_narrative("a21", "三公经费预算数", "增减额", 0.0, quote),)
    found = across.answer("西南大学2020年的三公经费预算是多少？", LIBRARY, (), fake_ask([]), lambda d: facts)
    assert found.status == "answered" and "867.50 万元（与上年持平）" in found.answer
    assert [(f.value, f.unit) for f in found.figures] == [(867.5, "万元")]


def test_earlier_year_from_the_sentence_stating_the_items_current_figure_under_another_name():
    # the narrative calls the table's 本年支出 "支出总计": the sentence is found by the figure it states
    quote = "2024年度支出总计486,554.95万元，与2023年度相比，增加1,000.00万元。"
    facts = (
        _narrative("f24", "支出总计", "决算数", 486554.95, quote),
        _narrative("f24", "支出总计", "增减额", 1000.0, quote),
    )
    inner = fake_ask([])

    def ask(question: str, doc_id: str) -> Answer:  # a document refuses a year it does not cover
        if "2023" in question:
            return Answer(question=question, status="not_found", answer="没有2023年的数字。")
        found = inner(question, doc_id)
        return found if doc_id != "f24" or found.status != "answered" else _restated(found, 486554.95)

    found = across.answer(
        "西南大学2023年决算的本年支出是多少？", LIBRARY, (), ask, lambda d: facts if d.id == "f24" else ()
    )
    assert found.status == "answered" and "486,554.95 − 1,000.00 = 485,554.95 万元" in found.answer


@pytest.mark.parametrize(
    "question",
    [
        "西南大学2024年和普陀区政府办公室2025年的差旅费预算各是多少？",
        "2024年西南大学和2025年普陀区政府办公室的差旅费预算各是多少？",
    ],
)
def test_each_year_goes_to_the_body_it_stands_beside(question):
    _, asked = run(question)
    assert {d for _, d in asked} <= {"a24", "pd", "pu"} and {"a24", "pd"} <= {d for _, d in asked}


def test_naming_both_levels_asks_each_document_the_item_alone():
    found, asked = run("普陀区政府办公室的部门预算和单位预算里，差旅费各是多少？")
    assert {d for _, d in asked} == {"pd", "pu"}
    assert all("单位预算" not in q and "部门预算" not in q for q, _ in asked)
    assert found.status == "answered" and len(found.figures) == 2


def test_an_answer_citing_two_bodies_becomes_a_question_which_body():
    cites = (
        Citation(id=1, doc="a", locator="x", page=1, quote="q1", doc_id="a24"),
        Citation(id=2, doc="b", locator="y", page=1, quote="q2", doc_id="pd"),
    )
    mixed = Answer(question="差旅费是多少？", status="answered", answer="5 万元[1]；3 万元[2]", citations=cites)
    asked = across.one_body_only(mixed, LIBRARY)
    assert asked.status == "not_found" and "您问的是哪个单位" in asked.answer
    assert SWU in asked.answer and PT in asked.answer
    one = mixed.model_copy(update={"citations": cites[:1]})
    assert across.one_body_only(one, LIBRARY) is one


def _restated(found: Answer, value: float) -> Answer:
    figure = found.figures[0].model_copy(update={"value": value})
    return found.model_copy(update={"answer": f"本年支出为 {value:,.2f} 万元[1]。", "figures": (figure,)})


def _priced(d: Disclosure, unit: str) -> Disclosure:
    """``d`` with one table whose cells are printed in ``unit``."""
    from budgetqa.models import Cell, Column, Row, Table

    row = Row(index=0, code=None, name="合计", cells=(Cell(column="c0", value=1.0, text="1.00", unit=unit),), page=1)
    table = Table(
        id="t1",
        number="1",
        title="收支总表",
        kind="income_expense_summary",
        unit=unit,
        page=1,
        columns=(Column(key="c0", path=("合计",)),),
        rows=(row,),
    )
    return d.model_copy(update={"tables": (table,)})


def test_bodies_printing_different_units_get_each_amount_in_the_larger_unit_with_the_conversion():
    library = tuple(_priced(d, "元" if d.unit_name == PT else "万元") for d in LIBRARY)
    stated = {("pd", "差旅费"): 50000.0, ("pu", "差旅费"): 50000.0}

    def ask(question: str, doc_id: str) -> Answer:
        value = next((v for (where, item), v in stated.items() if where == doc_id and item in question), None)
        if value is None:
            return Answer(question=question, status="not_found", answer="没有找到。")
        d = next(d for d in library if d.id == doc_id)
        cite = Citation(id=1, doc=d.label, locator="差旅费", page=3, quote=f"差旅费 {value:,.2f}", doc_id=doc_id)
        return Answer(
            question=question,
            status="answered",
            answer=f"差旅费为 {value:,.2f} 元[1]。",
            citations=(cite,),
            figures=(Figure(value=value, unit="元", citation=1),),
        )

    found = across.answer("差旅费是多少？", library, (), ask)
    assert "50,000.00 ÷ 10,000 = 5.00 万元" in found.answer
    assert (5.0, "万元") in [(f.value, f.unit) for f in found.figures]
    assert round2(5.0) in formula_results(found.answer, [c.quote for c in found.citations])
    same_unit = across.answer("差旅费是多少？", tuple(_priced(d, "元") for d in LIBRARY), (), ask)
    assert "换算" not in same_unit.answer


def test_a_question_naming_no_body_over_many_bodies_asks_which_without_asking_any_document():
    """Over more bodies than across.PER_BODY_MAX, an unnamed question is not answered body by body (that reads every
    document): it is asked back, listing some bodies and counting the rest."""
    many = tuple(doc(f"b{i}", f"第{i}测试局", 2024) for i in range(across.PER_BODY_MAX + 5))
    asked: list = []
    found = across.answer("差旅费是多少？", many, (), fake_ask(asked))
    assert found is not None and found.status == "not_found" and "您问的是哪个单位" in found.answer
    assert asked == []
    assert "第0测试局" in found.answer and f"共 {len(many)} 个单位" in found.answer
    assert f"第{len(many) - 1}测试局" not in found.answer


def test_a_question_naming_one_of_many_bodies_is_answered_from_it_alone():
    many = tuple(doc(f"b{i}", f"第{i}测试局", 2024) for i in range(across.PER_BODY_MAX + 5)) + (doc("pd", PT, 2025),)
    asked: list = []
    found = across.answer("普陀区政府办公室的差旅费是多少？", many, (), fake_ask(asked))
    assert found is not None and found.status == "answered" and {d for _, d in asked} == {"pd"}
