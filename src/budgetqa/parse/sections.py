"""Narrative text as blocks (headings, numbered items, paragraphs) rejoined across wraps and page breaks.

A line continues into the next unless it ends a sentence short of the right margin, or the next line starts a
numbered heading or item. Headings nest by their numbering style: 第一部分 → 一、 → （一） → 1. → （1）; an
unnumbered short title naming a standard part ("名词解释", "…主要职能") sits at the top level.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..models import Line, Paragraph
from ._text import (
    CLAUSE_PUNCT,
    ends_sentence,
    LEVELS,
    full_extent,
    is_full,
    is_page_number,
    is_toc_entry,
    join_text,
    load_data,
    marker,
    tidy,
    toc_pages,
)

MAX_HEADING_WIDTH = 60  # characters; a longer numbered block is an item, not a heading
PART_CONTINUATION = 3  # lines a 第X部分 title may wrap over
CHART_LABEL_CHARS = 12  # a chart legend entry is at most this long
_NUMBER_TOKEN = re.compile(r"-?\d[\d,]*(?:\.\d+)?\s*[%％]")


@dataclass(frozen=True)
class Block:
    """Consecutive lines read as one unit."""

    kind: str  # "heading", "item" (numbered paragraph) or "body"
    text: str  # rejoined, marker included
    number: str | None  # marker as printed: "（七）", "1."
    level: int | None  # heading depth (0 = 第X部分 / a top-level title); None for paragraphs
    page: int
    line: int
    lines: tuple[int, ...]

    @property
    def body(self) -> str:
        """The text after the marker."""
        return self.text[len(self.number) :].strip() if self.number else self.text


def read_paragraphs(lines: Sequence[Line]) -> list[Paragraph]:
    """Paragraphs of the narrative with their heading path; headings themselves become the path."""
    paragraphs: list[Paragraph] = []
    for block, path in with_paths(read_blocks(lines)):
        if block.kind != "heading":
            paragraphs.append(Paragraph(section=path, text=block.text, page=block.page, line=block.line))
    return paragraphs


def with_paths(blocks: Sequence[Block]) -> Iterator[tuple[Block, tuple[str, ...]]]:
    """Each block with the path of headings above it (a heading's path excludes itself)."""
    stack: list[Block] = []
    for block in blocks:
        if block.kind == "heading":
            stack = [h for h in stack if (h.level or 0) < (block.level or 0)]
            yield block, tuple(h.text for h in stack)
            stack.append(block)
        else:
            yield block, tuple(h.text for h in stack)


def read_blocks(lines: Sequence[Line]) -> list[Block]:
    """Group lines into headings, numbered items and paragraphs."""
    kept = content_lines(lines)
    margins = _margins(kept)
    groups: list[list[Line]] = []
    for i, line in enumerate(kept):
        prev = kept[i - 1] if i else None
        if prev is not None and _continues_part(groups[-1], line):
            groups[-1].append(line)
        elif (
            prev is None
            or marker(line.text)
            or _ended(prev, margins)
            or _is_title(prev, margins)
            or (_is_title(line, margins) and (ends_sentence(prev.text) or prev.page != line.page))
        ):
            groups.append([line])
        elif _is_part(groups[-1][0]):
            groups.append([line])
        else:
            groups[-1].append(line)
    return [_classify(group) for group in groups]


def content_lines(lines: Sequence[Line]) -> list[Line]:
    """Drop tables of contents, page numbers and chart debris (legends, bare percentages)."""
    toc = toc_pages(lines)
    kept = [
        line for line in lines if line.page not in toc and not is_toc_entry(line.text) and not is_page_number(line.text)
    ]
    return _drop_chart_debris(kept)


def _drop_chart_debris(lines: list[Line]) -> list[Line]:
    """A run of three or more short label lines holding two or more bare numbers is a chart's legend."""
    drop: set[int] = set()
    run: list[int] = []
    numbers = 0

    def close() -> None:
        nonlocal numbers
        if numbers >= 2 and len(run) >= 3:
            drop.update(run)
        run.clear()
        numbers = 0

    for i, line in enumerate(lines):
        text = tidy(line.text)
        label = _NUMBER_TOKEN.sub("", text).strip()
        if len(label) <= CHART_LABEL_CHARS and not marker(text) and not any(p in label for p in CLAUSE_PUNCT):
            run.append(i)
            numbers += label != text
        else:
            close()
    close()
    return [line for i, line in enumerate(lines) if i not in drop]


def _margins(lines: Sequence[Line]) -> dict[int, float]:
    """Right margin per page (a page with few lines borrows the document's)."""
    overall = full_extent(lines)
    by_page: dict[int, list[Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    return {page: full_extent(group) if len(group) >= 6 else overall for page, group in by_page.items()}


def _continues_part(group: list[Line], line: Line) -> bool:
    """A 第X部分 title wraps over a few unpunctuated lines until it names its part ("…概况", "名词解释")."""
    if not _is_part(group[0]) or len(group) > PART_CONTINUATION or not _is_title_part(line):
        return False
    return not _ends_with_title_word(join_text([g.text for g in group]))


def _ended(line: Line, margins: dict[int, float]) -> bool:
    """A line ends its block when it stops short of the margin (wrapped lines reach it)."""
    return not _is_part(line) and not is_full(line, margins.get(line.page, 0.0))


def _is_title(line: Line, margins: dict[int, float]) -> bool:
    return _is_keyword_title(tidy(line.text)) and not is_full(line, margins.get(line.page, 0.0))


def _is_part(line: Line) -> bool:
    found = marker(line.text)
    return found is not None and found[0] == "part"


def _is_title_part(line: Line) -> bool:
    """A line that can continue a 第X部分 title: unnumbered, no clause punctuation."""
    text = tidy(line.text)
    return not marker(text) and not any(p in text for p in CLAUSE_PUNCT) and len(text) <= MAX_HEADING_WIDTH


def _is_keyword_title(text: str) -> bool:
    """An unnumbered title naming a standard part of a disclosure ("名词解释", "…单位预算编制说明")."""
    rules = load_data("headings.json")
    if marker(text) or len(text) > rules["max_title_chars"] or any(p in text for p in CLAUSE_PUNCT):
        return False
    return _ends_with_title_word(text)


def _ends_with_title_word(text: str) -> bool:
    return any(text.endswith(word) for word in load_data("headings.json")["title_endings"])


def _classify(group: list[Line]) -> Block:
    text = join_text([line.text for line in group])
    found = marker(text)
    numbers = tuple(line.number for line in group)
    first = group[0]
    if found is None:
        kind, level = ("heading", 0) if _is_keyword_title(text) else ("body", None)
        return Block(kind, text, None, level, first.page, first.number, numbers)
    style, printed, _ = found
    body = text[len(printed) :].strip() if text.startswith(printed) else text
    if style == "part":
        text = f"{printed} {body}"
    heading = style == "part" or (0 < len(body) <= MAX_HEADING_WIDTH and not any(p in body for p in CLAUSE_PUNCT))
    return Block(
        "heading" if heading else "item",
        text,
        printed,
        LEVELS[style] if heading else None,
        first.page,
        first.number,
        numbers,
    )
