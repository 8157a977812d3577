"""Two items asked at once ("收支总预算和财政拨款收支总预算分别是多少"): each is answered as a question of its own and
the answers are joined, citations renumbered, so neither item is dropped for the other."""

from __future__ import annotations

import re

from ..models import Answer
from .text import norm

_BOTH = re.compile(r"^(?P<a>.{2,}?)(?:和|与|以及|及|、)(?P<b>.{2,}?)分别(?P<tail>.*)$")


def split_both(question: str) -> tuple[str, str] | None:
    """("A是多少", "B是多少") for "A和B分别是多少", else None."""
    m = _BOTH.match(norm(question))
    if m is None:
        return None
    tail = m.group("tail") or "是多少"
    return m.group("a") + tail, m.group("b") + tail


def join(question: str, first: Answer, second: Answer) -> Answer:
    """One answer holding both, the second's [n] markers, citations and figures shifted past the first's."""
    shift = len(first.citations)
    text = re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + shift}]", second.answer)
    citations = first.citations + tuple(c.model_copy(update={"id": c.id + shift}) for c in second.citations)
    figures = first.figures + tuple(f.model_copy(update={"citation": f.citation + shift}) for f in second.figures)
    return Answer(question=question, status="answered", answer=f"{first.answer}{text}", citations=citations,
                  figures=figures, kind=first.kind)
