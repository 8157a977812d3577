"""名词解释: one Definition per term, wherever the glossary sits and however deep its numbering nests.

The glossary is the part under a heading named 名词解释, up to the next heading of the same or a higher level.
An entry is a block "term：explanation" (numbered "（七）", "1.", "（1）" or not numbered at all); numbered
blocks without a colon ("（二）支出科目", "1.教育支出") only group the entries below them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..models import Definition, Line
from ._text import load_data
from .sections import Block, read_blocks, with_paths

MAX_TERM_CHARS = 80  # "社会保障和就业支出（类）…行政运行（项）" is about 40
_COLON = re.compile(r"[：:]")
_NOT_IN_TERM = "，。；,;！？"


def read_definitions(lines: Sequence[Line]) -> list[Definition]:
    """Every 名词解释 entry, term and explanation rejoined across wraps and pages."""
    section = glossary_blocks(read_blocks(lines))
    return [entry for block, path in with_paths(section) if (entry := _entry(block, path))]


def glossary_blocks(blocks: Sequence[Block]) -> list[Block]:
    """The blocks below the 名词解释 heading, up to the next heading at its level or above.

    A 目录 names 名词解释 too: of several such headings the one whose part holds the most "term：…" entries is it.
    """
    titles = load_data("headings.json")["glossary_titles"]
    starts = [i for i, b in enumerate(blocks) if b.kind == "heading" and any(t in b.body for t in titles)]
    best: list[Block] = []
    for start in starts:
        section = _part(blocks, start)
        if sum(bool(_COLON.search(b.body)) for b in section) > sum(bool(_COLON.search(b.body)) for b in best):
            best = section
    return best if best or not starts else _part(blocks, starts[0])


def _part(blocks: Sequence[Block], start: int) -> list[Block]:
    level = blocks[start].level or 0
    out: list[Block] = []
    for block in blocks[start + 1 :]:
        if block.kind == "heading" and (block.level or 0) <= level:
            break
        out.append(block)
    return out


def _entry(block: Block, group: tuple[str, ...]) -> Definition | None:
    if block.kind == "heading":
        return None
    found = _COLON.search(block.body)
    if found is None:
        return None
    term, text = block.body[: found.start()].strip(), block.body[found.end() :].strip()
    if not term or not text or len(term) > MAX_TERM_CHARS or any(p in term for p in _NOT_IN_TERM):
        return None
    return Definition(number=block.number or "", term=term, text=text, page=block.page, line=block.line, group=group)
