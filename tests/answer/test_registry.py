"""The one registry of what each kind of answer claims: an entry added there is consulted without touching the
pipeline, in its place in the order, and never for a question off the subject."""

from __future__ import annotations

import pytest

from budgetqa.answer import registry
from budgetqa.answer.operations.facts import Operation
from budgetqa.models import Answer

from .conftest import ask


def _says(text: str) -> Operation:
    return Operation(
        "test",
        lambda plan, ctx: "差旅费" in plan.text,
        lambda plan, ctx: Answer(question=plan.question, status="answered", answer=text),
    )


def test_an_entry_added_to_the_registry_answers_what_it_claims(fake_lib, monkeypatch):
    monkeypatch.setattr(registry, "REGISTRY", (_says("由新登记的操作回答"), *registry.REGISTRY))
    assert ask(fake_lib, "差旅费是多少？").answer == "由新登记的操作回答"
    assert ask(fake_lib, "办公费是多少？").answer != "由新登记的操作回答"  # not claimed: the usual answer


def test_an_entry_that_finds_nothing_lets_the_next_answer(fake_lib, monkeypatch):
    silent = Operation("silent", lambda plan, ctx: True, lambda plan, ctx: None)
    monkeypatch.setattr(registry, "REGISTRY", (silent, *registry.REGISTRY))
    a = ask(fake_lib, "差旅费是多少？")
    assert a.status == "answered" and a.figures


def test_the_registry_is_not_offered_an_off_topic_question(fake_lib, monkeypatch):
    greedy = Operation(
        "greedy", lambda plan, ctx: True, lambda plan, ctx: Answer(question="", status="answered", answer="不该出现")
    )
    monkeypatch.setattr(registry, "REGISTRY", (greedy,))
    assert "不该出现" not in ask(fake_lib, "今天天气怎么样？").answer


@pytest.mark.parametrize("entry", registry.ROUTES, ids=lambda op: op.name)
def test_every_route_claims_by_reading_the_plan_only(fake_lib, entry):
    """Claims are cheap readings of a question: one that claims everything would shadow every later entry."""
    from budgetqa.answer.question.context import context_for
    from budgetqa.answer.question.followup import plan_with_history

    ctx = context_for(fake_lib, fake_lib.documents)
    plan = plan_with_history("什么是三公经费？", (), ctx.index)
    assert isinstance(entry.claims(plan, ctx), bool)
    assert not entry.claims(plan, ctx)  # a definition question is no route's: it goes to its kind
