"""Two items asked at once ("收支总预算和财政拨款收支总预算分别是多少"): each is answered as a question of its own and
the answers are joined, citations renumbered, so neither item is dropped for the other."""

from __future__ import annotations

import re

from ...models import Answer
from .text import norm

_BOTH = re.compile(r"^(?P<a>.{2,}?)(?:和|与|以及|及|、)(?P<b>.{2,}?)分别(?P<tail>.*)$")


_JOIN = re.compile(r"以及|和|与|及|、")


def split_both(question: str, names: tuple[str, ...] = ()) -> tuple[str, str] | None:
    """("A是多少", "B是多少") for "A和B分别是多少", else None. A 和 inside one of ``names`` (the items the question
    names: 社会保障和就业支出) joins no two items."""
    text = norm(question)
    if _BOTH.match(text) is None:
        return None
    cut = text.find("分别")
    head, tail = text[:cut], text[cut + 2 :] or "是多少"
    inside = [(m.start(), m.end()) for n in names if n for m in re.finditer(re.escape(n), head)]
    for j in _JOIN.finditer(head):
        if j.start() >= 2 and len(head) - j.end() >= 2 and not any(s <= j.start() < e for s, e in inside):
            return head[: j.start()] + tail, head[j.end() :] + tail
    return None


def join(question: str, first: Answer, second: Answer) -> Answer:
    """One answer holding both, the second's [n] markers, citations and figures shifted past the first's."""
    shift = len(first.citations)
    text = re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + shift}]", second.answer)
    citations = first.citations + tuple(c.model_copy(update={"id": c.id + shift}) for c in second.citations)
    figures = first.figures + tuple(f.model_copy(update={"citation": f.citation + shift}) for f in second.figures)
    return Answer(
        question=question,
        status="answered",
        answer=f"{first.answer}{text}",
        citations=citations,
        figures=figures,
        kind=first.kind,
    )
