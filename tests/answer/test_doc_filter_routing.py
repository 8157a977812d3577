"""A document filter that leaves several documents (a body, a year) is routed like a library of just those."""

from __future__ import annotations

from budgetqa.answer import answer_question

from .conftest import UNIT, library_of, seedlike


def _years() -> tuple:
    this = seedlike()
    last = this.model_copy(update={"id": "older0000001", "year": this.year - 1, "sha256": "f" * 64})
    return this, last


def test_a_filter_naming_the_body_routes_over_its_years():
    this, last = _years()
    lib = library_of(this, last)
    found = answer_question("差旅费这几年各是多少？", lib, doc=UNIT)
    assert found.status == "answered"
    assert f"{last.year}年" in found.answer and f"{this.year}年" in found.answer
    assert found.chart is not None and [p.x for p in found.chart.series[0].points] == [str(last.year), str(this.year)]


def test_a_filter_naming_one_document_asks_it_alone():
    this, last = _years()
    lib = library_of(this, last)
    found = answer_question("差旅费是多少？", lib, doc=this.id)
    assert found.status == "answered" and found.chart is None
    assert {c.doc_id for c in found.citations} == {this.id}
