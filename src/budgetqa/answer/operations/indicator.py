"""One indicator target of a named (or followed-up) project, picked by the measure the question asks: the words it
shares with the indicator's name, the count unit it asks in (多少名 → 人), and the measure word both hold (满意度 →
"党员干部对专题片满意情况"). "远程教育专题教材制播那个项目，党员干部满意度目标定的多少" → ≥85%."""

from __future__ import annotations

import re
from functools import cache

from ...models import Answer, Indicator
from ...parse._text import load_data
from ..finding import project
from ..question import asked
from ..writing.compose import Builder
from ..question.context import Context
from ..finding.narrative import content_grams
from ..question.plan import Plan
from ..question.text import norm
from .textual import _say_indicator

_UNIT_BONUS = 0.5  # the indicator is counted in the unit the question asks
_MEASURE_BONUS = 0.5  # the indicator's name holds the measure word the question asks (满意, 合格 …)
_MIN_SCORE = 0.3


@cache
def _data() -> tuple[dict[str, str], dict[str, str], tuple[str, ...]]:
    cues = load_data("question_projects.json")
    m = cues["indicator_measures"]
    return m["words"], m["unit_alias"], tuple(cues["indicator_asks"]["words"])


def claims(plan: Plan, ctx: Context) -> bool:
    return plan.kind not in ("share", "compare", "arith", "rank") and any(w in norm(plan.question) for w in _data()[2])


def answer(plan: Plan, ctx: Context) -> Answer | None:
    hit = project.named_project(plan, ctx) or _called_project(plan, ctx)
    if hit is None or not hit.table.indicators:
        return None
    text = project.asked_text(plan)
    if (
        project.asks_funds(text)
        or project.asked_funds(text, hit.table)
        or project.asks_score(text)
        or project._any(project._cues()["goals"]["words"], text)
    ):
        return None  # the funds block, the 分值 or the goals: the performance answer
    if hit.start >= 0:
        text = text[: hit.start] + "，" + text[hit.end :]
    scored = sorted(((_score(text, plan.question, ind), i) for i, ind in enumerate(hit.table.indicators)), reverse=True)
    top = scored[0][0]
    if top < _MIN_SCORE or (len(scored) > 1 and scored[1][0] == top):
        return None  # nothing the question asks, or two indicators fit equally: the older answer lists them
    b = Builder(plan.question, "performance")
    _say_indicator(b, hit.doc, hit.table, hit.table.indicators[scored[0][1]])
    return b.answer()


def _score(text: str, question: str, ind: Indicator) -> float:
    words, aliases, _ = _data()
    grams = content_grams(text)
    name = norm(ind.level3)
    share = sum(1 for g in grams if g in name + norm(ind.level2)) / len(grams) if grams else 0.0
    unit = asked.count_unit(question)
    unit = aliases.get(unit, unit) if unit else None
    if unit is None and re.search(r"多少(名|位)", norm(question)):
        unit = "人"
    bonus = _UNIT_BONUS if unit and ind.unit == unit else 0.0
    if any(w in text and m in name for w, m in words.items()):
        bonus += _MEASURE_BONUS
    return share + bonus


_CALLED = re.compile(r"^(?:那个|这个|这一|那一|的)?项目")
_MIN_CALLED_RUN = 6


def _called_project(plan: Plan, ctx: Context) -> project.ProjectHit | None:
    """A project called by a long piece of its name and then "那个项目" ("远程教育专题教材制播那个项目"), when one
    project alone holds that piece."""
    text = project.asked_text(plan)
    found: list[project.ProjectHit] = []
    for doc in ctx.docs:
        for p in doc.performance:
            length, start = project._longest_run(text, norm(p.project))
            if length >= _MIN_CALLED_RUN and (m := _CALLED.match(text[start + length :])):
                found.append(project.ProjectHit(doc, p, start, start + length + m.end()))
    return found[0] if len(found) == 1 else None
