"""The one registry the pipeline consults: what each kind of answer claims, in the order claims are tried.

A question's plan is offered to ``REGISTRY`` in order; the first entry that claims it and finds an answer wins.
The entries are the fact operations of ``operations.facts.OPERATIONS`` (purpose, definition detail, execution …),
then the routes below: each says which questions it claims (a cheap reading of the plan) and which handlers
answer them. What no entry answers goes to the plan's own kind and its ``FALLBACKS``.

Adding a kind of question = its vocabulary in data/, one handler module, one entry here (or in
``operations.facts.OPERATIONS``) and its tests — never an ``if`` in ``pipeline.run``.
"""

from __future__ import annotations

from collections.abc import Callable

from ..models import Answer
from .finding import project
from .operations import (
    complement,
    facts,
    orgitems,
    orglist,
    ranking,
    share,
    tabular,
    textarith,
    textual,
    totals,
    twotables,
    verify,
)
from .question import asked
from .question.context import Context
from .operations.facts import Operation
from .question.plan import Plan, item_measures
from .question.vocab import vocab

Handler = Callable[[Plan, Context], "Answer | None"]

HANDLERS: dict[str, Handler] = {
    "value": tabular.value,
    "verify": verify.verify,
    "compare": tabular.compare,
    "share": share.share,
    "rank": ranking.rank,
    "children": ranking.items_under,
    "arith": ranking.arith,
    "text_arith": textarith.text_arith,
    "existence": tabular.existence,
    "definition": textual.definition,
    "reason": textual.reason,
    "explain": textual.explain,
    "org": textual.org,
    "performance": textual.performance,
    "person": textual.person,
    "project_share": project.fund_share,
    "two_tables": twotables.two_tables,
    "complement": complement.complement,
    "org_list": orglist.org_list,
    "project_list": project.project_list,
    "total": totals.total,
    "project_candidates": project.candidate_funds,
}

# What to try when nothing in the registry answers: the plan's own kind, then these (in order).
FALLBACKS: dict[str, tuple[str, ...]] = {
    "value": ("performance", "org", "definition", "explain"),
    "compare": ("value", "explain"),
    "share": ("value", "explain"),
    "rank": ("value", "explain"),
    "children": ("definition", "explain", "value"),  # "三公经费包括哪些": its definition lists them
    "arith": ("value",),
    "existence": ("value", "explain"),
    "definition": ("explain", "value"),
    "reason": ("explain",),
    "explain": ("performance", "definition", "org"),
    "org": ("performance", "explain"),
    "performance": ("org", "value", "explain"),
    "person": (),
}


def handled(*kinds: str) -> Callable[[Plan, Context], Answer | None]:
    """An answer from the first of ``kinds``' handlers that finds one (looked up when asked, so tests can swap one)."""

    def answer(plan: Plan, ctx: Context) -> Answer | None:
        for kind in kinds:
            found = HANDLERS[kind](plan, ctx)
            if found is not None and found.answer:
                return found
        return None

    return answer


# ---------------------------------------------------------------------------------------------------------------
# What each route claims. Each reads the plan (and at most the catalog of names), never an answer.


def _kind(plan: Plan, *kinds: str) -> bool:
    return plan.kind in kinds


def _row_and_column(plan: Plan) -> bool:
    """A table item and a column measure are both named ("高等教育……其中项目支出呢"): a cell, not an indicator that
    happens to share the column's words (项目支出预算执行率)."""
    return bool(plan.mentions) and bool(item_measures(plan))


def _asks_org(plan: Plan, ctx: Context) -> bool:
    """A count (几辆), a which-unit (哪个处室) or a named 概况 item's existence (有没有预算处) is asked."""
    if plan.kind == "existence":
        listed = [(d, f) for d in ctx.docs for f in d.org_facts if f.items]
        return bool(orgitems.named_items(plan, listed))
    return asked.count_unit(plan.question) is not None or any(w in plan.text for w in vocab().cues["org_which"])


def claims_check(plan: Plan, ctx: Context) -> bool:
    """ "核对：A表和B表的X是否一致" / "基本支出加项目支出是否等于合计": figures and a verdict."""
    return _kind(plan, "value", "compare", "arith", "existence") and verify.asks_check(plan)


def claims_project_share(plan: Plan, ctx: Context) -> bool:
    """A share of a named project: its fund's share, else an indicator's 占比 target."""
    return _kind(plan, "share") and textual.names_project(plan, ctx)


def claims_project_candidates(plan: Plan, ctx: Context) -> bool:
    """ "改善基本办学条件专项有多少钱": the words fit several projects and name none exactly — each listed."""
    return (
        _kind(plan, "value", "explain", "performance")
        and not textual.names_project(plan, ctx)
        and bool(project.candidates(project.asked_text(plan), ctx.docs))
    )


def claims_total(plan: Plan, ctx: Context) -> bool:
    """ "今年一共花多少钱": the all-funds total, then the 财政拨款 one."""
    return totals.asks_total(plan, totals.unit_names(ctx)) and not textual.names_project(plan, ctx)


def claims_complement(plan: Plan, ctx: Context) -> bool:
    """ "不是财政拨款的部分": all funds less one scope."""
    return _kind(plan, "value", "arith") and "complement" in plan.cues


def claims_arith(plan: Plan, ctx: Context) -> bool:
    """A sum or difference with fewer than two items named: two amounts of one row, else of one narrative sentence
    ("服务比货物多多少")."""
    return (
        bool({"arith_sum", "arith_diff"} & plan.cues)
        and _kind(plan, "value", "arith", "explain")
        and len(plan.mentions) < 2
    )


def claims_two_tables(plan: Plan, ctx: Context) -> bool:
    """ "A表的X比B表的多多少": one item in the two tables named."""
    return _kind(plan, "value", "arith", "compare") and "arith_diff" in plan.cues


def claims_org(plan: Plan, ctx: Context) -> bool:
    """ "几辆" / "哪个处室": a count or a name from 概况, not a table's amount."""
    return _kind(plan, "value", "explain", "existence") and _asks_org(plan, ctx)


def claims_explain(plan: Plan, ctx: Context) -> bool:
    """ "其他用车主要用于什么": what for, not how much (unless the question is about 概况, which the org route takes)."""
    return (
        _kind(plan, "value")
        and "explain" in plan.cues
        and not asked.asks_amount(plan.question)
        and not _asks_org(plan, ctx)
    )


def claims_org_list(plan: Plan, ctx: Context) -> bool:
    """ "主要职责有哪些" with no item named: the 概况 list itself."""
    return _kind(plan, "explain", "children") and not plan.mentions


def claims_performance(plan: Plan, ctx: Context) -> bool:
    """A project's or an indicator's own name beats a fuzzy row match."""
    return _kind(plan, "value", "explain", "org") and (
        textual.names_project(plan, ctx) or (not _row_and_column(plan) and textual.names_indicator(plan, ctx))
    )


# In the order they are tried. A route that claims a plan but finds nothing lets the next one try.
ROUTES: tuple[Operation, ...] = (
    Operation("check", claims_check, handled("verify")),
    Operation("project_share", claims_project_share, handled("project_share", "performance")),
    Operation("project_candidates", claims_project_candidates, handled("project_candidates")),
    Operation("total", claims_total, handled("total")),
    Operation("complement", claims_complement, handled("complement")),
    Operation("arith", claims_arith, handled("arith", "text_arith")),
    Operation("two_tables", claims_two_tables, handled("two_tables")),
    Operation("org", claims_org, handled("org")),
    Operation("explain", claims_explain, handled("explain")),
    Operation("org_list", claims_org_list, handled("org_list")),
    Operation("performance", claims_performance, handled("performance")),
)

REGISTRY: tuple[Operation, ...] = (*facts.OPERATIONS, *ROUTES)


def answer(plan: Plan, ctx: Context) -> Answer | None:
    """The first claimed answer of the registry, else the plan's own kind and its fallbacks."""
    if plan.kind not in ("off_topic", "person"):
        for op in REGISTRY:
            if op.claims(plan, ctx):
                found = op.answer(plan, ctx)
                if found is not None and found.answer:
                    return found
    return handled(*(k for k in (plan.kind, *FALLBACKS.get(plan.kind, ())) if k in HANDLERS))(plan, ctx)
