"""Figures the narrative states that no table row carries (政府采购预算总额, 机关运行经费, 收支总预算): which sentence
states the figure a question asks for, and whether it fits the question better than the best table cell does."""

from __future__ import annotations

import re

from ...models import Disclosure
from ..finding.narrative import Passage, content_grams, sentences
from ..finding.resolve import Target
from ..question.text import norm

_AMOUNT = re.compile(r"\d[\d,]*(?:\.\d+)?\s*(?:万元|亿元|元|%)")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
MIN_COVER = 0.6  # share of the question's content bigrams a stating sentence must hold
MARGIN = 0.2  # how much better than the table cell's names it must fit them


def cover(grams: set[str], text: str) -> float:
    flat = norm(text)
    return sum(1 for g in grams if g in flat) / len(grams) if grams else 0.0


def stated_figure(docs: tuple[Disclosure, ...], question: str, years: tuple[int, ...] = ()) -> Passage | None:
    """The sentence with an amount that holds most of the question's content words (and no other year only); the
    unit's own name is no content word (every sentence about the unit may or may not repeat it)."""
    for unit in {norm(d.unit_name) for d in docs if d.unit_name}:
        question = norm(question).replace(unit, " ")
    grams = content_grams(question)
    if not grams:
        return None
    best: Passage | None = None
    for doc in docs:
        for para in doc.paragraphs:
            for sentence in sentences(para.text):
                if not _AMOUNT.search(sentence) or not _years_fit(sentence, years):
                    continue
                score = cover(grams, sentence)
                if score >= MIN_COVER and (best is None or score > best.score):
                    best = Passage(doc, para, sentence, score)
    return best


def _years_fit(sentence: str, years: tuple[int, ...]) -> bool:
    """A sentence naming years answers a question about another year only if it names that year too."""
    named = {int(y) for y in _YEAR.findall(sentence)}
    return not years or not named or bool(named & set(years))


def table_cover(question: str, t: Target, *others: Target) -> float:
    """How much of the question the table cells' own names (table, row, column) account for; ``others`` are the
    cells of the further items asked ("人员经费和公用经费各多少": the two columns together cover the question)."""
    names = " ".join(f"{x.table.title} {x.row.name} {x.column.column.label if x.column else ''}" for x in (t, *others))
    return cover(content_grams(question), names)


def prefer_stated(
    question: str,
    years: tuple[int, ...],
    docs: tuple[Disclosure, ...],
    primary: Target | None,
    others: tuple[Target, ...] = (),
) -> Passage | None:
    """The stating sentence when it fits the question clearly better than the table cells chosen (or there is none)."""
    found = stated_figure(docs, question, years)
    if found is None:
        return None
    if primary is not None and _named_by_code(question, primary) and norm(primary.row.name) not in norm(found.text):
        return None  # "2080107 的一般公共预算拨款": the coded row's cell, not a sentence about something else
    if primary is None or found.score >= table_cover(question, primary, *others) + MARGIN:
        return found
    return None


def _named_by_code(question: str, t: Target) -> bool:
    code = t.row.code
    return bool(code) and re.sub(r"\s+", "", code) in re.sub(r"\s+", "", question)
