"""Follow-up questions ("那2022年呢？", "它的项目支出呢？") take what they leave out from the previous turn."""

from __future__ import annotations

from dataclasses import replace

from .index import NameIndex
from .plan import Plan, read_plan

_OWN_KINDS = {
    "definition",
    "reason",
    "share",
    "rank",
    "children",
    "arith",
    "compare",
    "existence",
    "org",
    "performance",
}


def plan_with_history(question: str, history: tuple[str, ...], index: NameIndex) -> Plan:
    """Read ``question``; when it is a follow-up, fill its gaps from the previous question's (resolved) plan."""
    plan = read_plan(question, index)
    if not history or not (plan.followup or _leaves_out_topic(plan)) or plan.kind in ("empty", "off_topic", "person"):
        return plan
    previous = plan_with_history(history[-1], history[:-1], index)
    if previous.kind in ("empty", "off_topic", "person"):
        return plan
    return merge(previous, plan)


def _leaves_out_topic(plan: Plan) -> bool:
    """A change, reason or share asked of nothing ("比去年减少了多少？") is about the previous question's item."""
    return plan.kind in _TOPICLESS and not (plan.mentions or plan.scopes or plan.tables)


_TOPICLESS = {"compare", "reason", "share"}


def merge(previous: Plan, plan: Plan) -> Plan:
    """What the follow-up says replaces; what it leaves out is kept from the previous plan."""
    own_kind = plan.kind in _OWN_KINDS and (plan.cues & _OWN_KINDS or plan.kind == "compare")
    years, relative = (
        (plan.years, plan.relative) if (plan.years or plan.relative) else (previous.years, previous.relative)
    )
    measures = plan.measures or previous.measures
    if plan.measures and set(plan.measures) & {"执行数", "预算数"} and previous.kind == "compare" and not own_kind:
        measures = plan.measures
    merged = replace(
        previous,
        question=plan.question,
        mentions=plan.mentions or previous.mentions,
        years=years,
        relative=relative,
        measures=measures,
        scopes=plan.scopes or previous.scopes,
        level=plan.level or previous.level,
        followup=True,
    )
    if own_kind:
        merged = replace(merged, kind=plan.kind, op=plan.op, cues=plan.cues)
    elif previous.kind in ("explain", "org") and plan.mentions:
        merged = replace(merged, kind="value")
    return merged
