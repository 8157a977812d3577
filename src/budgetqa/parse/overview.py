"""Countable facts of 概况 and the narrative: duties, internal units, vehicles, large equipment, projects.

What to count is data (src/budgetqa/data/org_facts.json: key, unit, patterns); this module only applies it.
Duties are counted as the numbered items under a heading naming 主要职责 / 主要职能.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..models import Line, OrgFact, Paragraph
from ._text import fold, load_data, marker
from .sections import read_paragraphs

_ITEM_SPLIT = re.compile(r"[、，,；;]")
_BREAKDOWN_ITEM = re.compile(r"^(?P<name>[^\d]+?)\s*(?P<value>\d+)\s*(?P<unit>\S+)$")


def read_org_facts(lines: Sequence[Line], paragraphs: Sequence[Paragraph]) -> list[OrgFact]:
    """Every vocabulary fact found in the narrative, first statement of each key kept, then the duty count."""
    paragraphs = list(paragraphs) or read_paragraphs(lines)
    facts: dict[str, OrgFact] = {}
    for paragraph in paragraphs:
        for fact in _pattern_facts(paragraph):
            facts.setdefault(fact.key, fact)
    duties = _duties(paragraphs)
    if duties:
        facts.setdefault(duties.key, duties)
    return list(facts.values())


def _pattern_facts(paragraph: Paragraph) -> list[OrgFact]:
    text = paragraph.text
    folded = fold(text)
    out: list[OrgFact] = []
    for rule in load_data("org_facts.json")["facts"]:
        for pattern in rule["patterns"]:
            found = re.search(pattern, folded)
            if found is None:
                continue
            quote = _sentence(text, found.start(), found.end())
            items, parts = _items(rule["items"], text, found.end())
            fact = OrgFact(
                key=rule["key"],
                value=float(found["value"]),
                unit=rule["unit"],
                items=items,
                quote=quote,
                section=paragraph.section,
                page=paragraph.page,
                line=paragraph.line,
            )
            out.append(fact)
            out.extend(
                fact.model_copy(update={"key": f"{rule['key']}·{name}", "value": value, "items": ()})
                for name, value in parts
            )
            break
    return out


def _items(how: str | None, text: str, end: int) -> tuple[tuple[str, ...], list[tuple[str, float]]]:
    """The named items after a match: a "：a、b、c。" list, or a "其中：x 1 辆、y 1 辆" breakdown."""
    rest = fold(text[end:])
    if how == "list":
        colon = rest.find(":")
        if colon < 0 or colon > 6:
            return (), []
        stop = rest.find("。", colon)
        body = text[end + colon + 1 : end + (stop if stop >= 0 else len(rest))]
        return tuple(p.strip() for p in body.split("、") if p.strip()), []
    if how == "breakdown":
        found = re.match(r"\s*[,，]?\s*其中\s*[:,，]?\s*(?P<body>[^。；;]+)", rest)
        if not found:
            return (), []
        raw = text[end + found.start("body") : end + found.end("body")]
        items = [p.strip() for p in _ITEM_SPLIT.split(raw) if p.strip()]
        parts = [(m["name"], float(m["value"])) for p in items if (m := _BREAKDOWN_ITEM.match(fold(p)))]
        return tuple(p for p in items if _BREAKDOWN_ITEM.match(fold(p))), parts
    return (), []


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence holding a match, as printed."""
    left = max(text.rfind(stop, 0, start) for stop in "。；")
    right = min((i for stop in "。；" if (i := text.find(stop, end)) >= 0), default=len(text) - 1)
    return text[left + 1 : right + 1].strip()


def _duties(paragraphs: Sequence[Paragraph]) -> OrgFact | None:
    """The numbered items under a 主要职责 heading (or under a paragraph announcing them)."""
    rule = load_data("org_facts.json")["duties"]
    items = [
        p
        for p in paragraphs
        if p.section and any(t in p.section[-1] for t in rule["titles"]) and marker(p.text) is not None
    ]
    if not items:
        return None
    style = marker(items[0].text)[0]
    items = [p for p in items if marker(p.text)[0] == style and p.section == items[0].section]
    return OrgFact(
        key=rule["key"],
        value=float(len(items)),
        unit=rule["unit"],
        items=tuple(p.text for p in items),
        quote=f"{items[0].section[-1]}：{marker(items[0].text)[1]}…{marker(items[-1].text)[1]}",
        section=items[0].section,
        page=items[0].page,
        line=items[0].line,
    )
