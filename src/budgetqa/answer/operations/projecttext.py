"""A part of a project's own 说明 ("X项目经费情况说明" › 一、项目概述 / 二、立项依据 / 五、实施周期 …), asked by the
part's words ("立项依据是什么", "是用来干什么的", "实施周期多长"): the paragraphs under that part of the project the
question names, quoted. The parts are read from the section headings, the words are data."""

from __future__ import annotations

from functools import cache

from ...models import Answer, Disclosure
from ...parse._text import load_data
from ..finding import project
from ..writing.compose import Builder, paragraph_citation
from ..question.context import Context
from ..question.plan import Plan
from ..question.text import norm

_MIN_RUN = 6  # characters of the project's name the question must share


@cache
def _data() -> dict:
    return load_data("question_projects.json")["project_text"]


def _asked_part(text: str) -> str | None:
    for part, words in _data()["parts"].items():
        if any(norm(w) in text for w in words):
            return part
    return None


def claims(plan: Plan, ctx: Context) -> bool:
    return _asked_part(norm(plan.question)) is not None


def answer(plan: Plan, ctx: Context) -> Answer | None:
    text = norm(plan.question)
    part = _asked_part(text)
    best: tuple[int, Disclosure, str] | None = None
    for doc in ctx.docs:
        for name in _projects(doc):
            run, _ = project._longest_run(text, name)
            if run >= min(_MIN_RUN, len(name)) and (best is None or run > best[0]):
                best = (run, doc, name)
    if best is None or part is None:
        return None
    _, doc, name = best
    paras = [
        p for p in doc.paragraphs if len(p.section) >= 2 and _name(p.section[-2]) == name and part in p.section[-1]
    ]
    if not paras:
        return None
    b = Builder(plan.question, "explain")
    shown = []
    for p in paras:
        cid = paragraph_citation(b, doc, p)
        shown.append(f"{b.quoted(p.text, cid)}[{cid}]")
    b.say(f"按{paras[0].section[-2]}（{paras[0].section[-1]}）：" + "".join(shown))
    return b.answer()


def _name(heading: str) -> str:
    """The project's name in a heading of its 说明 ("区政府督查…业务经费项目经费情况说明" → 区政府督查…业务经费)."""
    for head in sorted(_data()["heads"], key=len, reverse=True):
        if heading.endswith(head):
            return norm(heading[: -len(head)])
    return ""


def _projects(doc: Disclosure) -> list[str]:
    names: list[str] = []
    for p in doc.paragraphs:
        if len(p.section) >= 2:
            name = _name(p.section[-2])
            if len(name) >= 4 and name not in names:
                names.append(name)
    return names
