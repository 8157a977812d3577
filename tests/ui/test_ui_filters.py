"""The chat's body and year filters: choices from the catalog, in Chinese, and the scope they give a question."""

from __future__ import annotations

from budgetqa.answer.question.context import pick_docs
from budgetqa.ui.handlers import ALL_DOCS, Handlers

from .fake import FakeAssistant, make_disclosure

A, B = "甲单位", "乙单位"


def _library() -> FakeAssistant:
    a23 = make_disclosure("a23000000000", unit=A)
    a24 = make_disclosure("a24000000000", unit=A).model_copy(update={"year": 2024, "title": f"{A}2024年单位预算"})
    b23 = make_disclosure("b23000000000", unit=B)
    return FakeAssistant([a23, a24, b23])


def test_body_and_year_choices_come_from_the_loaded_documents_in_chinese():
    h = Handlers(_library())
    assert h.body_choices() == [("全部单位", ALL_DOCS), (A, A), (B, B)]
    assert h.year_choices() == [("全部年度", ALL_DOCS), ("2024年", "2024"), ("2023年", "2023")]
    assert h.year_choices(B) == [("全部年度", ALL_DOCS), ("2023年", "2023")]
    assert [v for _, v in h.doc_choices(A)] == [ALL_DOCS, "a23000000000", "a24000000000"]
    assert [v for _, v in h.doc_choices(None, "2023")] == [ALL_DOCS, "a23000000000", "b23000000000"]


def test_filters_give_the_question_the_documents_they_leave():
    fake = _library()
    h = Handlers(fake)
    docs = tuple(fake.documents)
    assert h.scope(ALL_DOCS, ALL_DOCS, ALL_DOCS) is None
    assert h.scope(A, "2024", ALL_DOCS) == "a24000000000"  # one document left: its id
    assert h.scope(ALL_DOCS, ALL_DOCS, "b23000000000") == "b23000000000"  # a picked document wins
    # several left: the pipeline's document filter selects exactly those
    assert {d.id for d in pick_docs(docs, h.scope(A, ALL_DOCS, ALL_DOCS))} == {"a23000000000", "a24000000000"}
    assert {d.id for d in pick_docs(docs, h.scope(ALL_DOCS, "2023", ALL_DOCS))} == {"a23000000000", "b23000000000"}


def test_asking_with_a_body_chosen_passes_its_scope_to_the_assistant():
    fake = _library()
    h = Handlers(fake)
    h.ask("出差花了多少钱？", [], [], h.scope(B, ALL_DOCS, ALL_DOCS))
    assert fake.calls[-1] == ("出差花了多少钱？", (), "b23000000000")


def test_the_chat_tab_shows_body_and_year_filters():
    from budgetqa.ui.app import build_ui

    demo = build_ui(_library())
    found = {c.elem_id: c for c in demo.blocks.values() if getattr(c, "elem_id", None) in ("bqa-body", "bqa-year")}
    assert found["bqa-body"].label == "单位" and found["bqa-year"].label == "年度"
    assert (A, A) in [tuple(c) for c in found["bqa-body"].choices]
