"""Positioned words → visual lines: the geometry half of PDF reading, kept free of pdfplumber so it is testable.

A PDF has no lines, only glyphs at coordinates. These functions rebuild what a reader sees: words that share a
baseline form a line, letter-spaced headings become one word again, and page furniture (page numbers, running
headers and footers) is set aside so it does not interrupt a sentence or a table that crosses a page.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

# A word joins a line when its vertical middle is within this fraction of the line's height from the line's middle.
SAME_LINE = 0.45
# Letter-spaced text: at least this many single-character words in a row, evenly spaced (gaps differ by at most
# EVEN_GAP em) and no wider than MAX_LETTER_GAP em. Wider, evenly spaced single characters are table columns
# ("类 款 项").
MIN_LETTER_RUN = 3
EVEN_GAP = 0.2
MAX_LETTER_GAP = 1.25
# Page furniture lives in the outer band of a page (fraction of the page height).
PAGE_NUMBER_BAND = 0.15
RUNNING_BAND = 0.1
# A running header/footer repeats on at least this share of the pages (and on 3 pages at least), has some words,
# and holds no amount: a table's 合计 row at the foot of every page is content, whatever its digits.
RUNNING_SHARE = 0.5
RUNNING_MIN_CHARS = 2
AMOUNT = re.compile(r"\d[\d,]*\.\d+|\d{1,3}(?:,\d{3})+")
PAGE_NUMBER = re.compile(
    r"^(?:[-–—－]\s*)?\d{1,3}(?:\s*[-–—－])?$"  # 7, - 7 -, —7— (not 4 digits: a year alone is content)
    r"|^第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?$"  # 第 7 页, 第7页 共40页
    r"|^\d{1,4}\s*/\s*\d{1,4}$"  # 7 / 40
    r"|^page\s*\d{1,4}(?:\s*of\s*\d{1,4})?$",  # Page 7 of 40
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Box:
    """A word on a page: its text and bounding box in points (top-left origin), and its font size."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 0.1)


@dataclass(frozen=True)
class PageLine:
    """One visual line of a page, words left to right."""

    words: tuple[Box, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)


def page_lines(words: Iterable[Box]) -> list[PageLine]:
    """Group a page's words into lines, top to bottom, each read left to right with letter-spacing undone."""
    return [PageLine(tuple(join_letter_spaced(sorted(group, key=lambda w: w.x0)))) for group in _group(words)]


def _group(words: Iterable[Box]) -> list[list[Box]]:
    """Cluster by vertical middle against the line's running middle, so slightly shifted baselines stay together
    while a cell wrapped half a line higher (a multi-line table cell) starts its own line."""
    groups: list[list[Box]] = []
    middle = height = 0.0
    for word in sorted(words, key=lambda w: (w.middle, w.x0)):
        if groups and abs(word.middle - middle) <= SAME_LINE * min(height, word.height):
            groups[-1].append(word)
            n = len(groups[-1])
            middle += (word.middle - middle) / n
            height += (word.height - height) / n
        else:
            groups.append([word])
            middle, height = word.middle, word.height
    return groups


def join_letter_spaced(words: Sequence[Box]) -> list[Box]:
    """Merge runs of evenly spaced single CJK characters ("培 训 、 教 师") into one word ("培训、教师").

    Distributed alignment and spaced-out headings put a gap after every character; a text extractor then sees one
    word per character. Table columns holding one character each are spaced wider than MAX_LETTER_GAP and stay.
    """
    out: list[Box] = []
    i = 0
    while i < len(words):
        j = i + 1
        if _is_letter(words[i]):
            while j < len(words) and _is_letter(words[j]) and _even(words[i : j + 1]):
                j += 1
        run = words[i:j]
        if len(run) >= MIN_LETTER_RUN:
            out.append(
                Box(
                    text="".join(w.text for w in run),
                    x0=run[0].x0,
                    x1=run[-1].x1,
                    top=min(w.top for w in run),
                    bottom=max(w.bottom for w in run),
                    size=max(w.size for w in run),
                )
            )
        else:
            out.extend(run)
        i = j
    return out


def _is_letter(word: Box) -> bool:
    return len(word.text) == 1 and _is_cjk(word.text)


def _is_cjk(char: str) -> bool:
    name = unicodedata.name(char, "")
    return name.startswith(("CJK", "FULLWIDTH", "IDEOGRAPHIC")) or "\u3000" <= char <= "\u303f"


def _even(run: Sequence[Box]) -> bool:
    size = max(w.size for w in run) or 1.0
    gaps = [(b.x0 - a.x1) / size for a, b in pairwise(run)]
    return max(gaps) <= MAX_LETTER_GAP and max(gaps) - min(gaps) <= EVEN_GAP


def drop_furniture(pages: Sequence[list[PageLine]], heights: Sequence[float]) -> list[list[PageLine]]:
    """Remove bare page numbers and running headers/footers; everything else on a page is content."""
    running = _running_keys(pages, heights)
    kept: list[list[PageLine]] = []
    for lines, height in zip(pages, heights):
        body = [line for line in lines if not (_in_band(line, height) and _key(line) in running)]
        kept.append([line for i, line in enumerate(body) if not _is_page_number(body, i, height)])
    return kept


def _is_page_number(lines: Sequence[PageLine], i: int, height: float) -> bool:
    """A page-number pattern alone on the first or last line of a page, in the page's top or bottom band."""
    line = lines[i]
    if not PAGE_NUMBER.match(line.text.strip()):
        return False
    if i == len(lines) - 1 and line.top >= height * (1 - PAGE_NUMBER_BAND):
        return True
    return i == 0 and line.bottom <= height * PAGE_NUMBER_BAND


def _running_keys(pages: Sequence[list[PageLine]], heights: Sequence[float]) -> set[str]:
    """Texts (digits masked) that sit in the outer band of most pages."""
    if len(pages) < 3:
        return set()
    seen: Counter[str] = Counter()
    for lines, height in zip(pages, heights):
        seen.update({_key(line) for line in lines[:2] + lines[-2:] if _in_band(line, height) and _could_run(line)})
    need = max(3, RUNNING_SHARE * len(pages))
    return {key for key, n in seen.items() if n >= need}


def _could_run(line: PageLine) -> bool:
    return len(re.sub(r"[\W\d_]", "", line.text)) >= RUNNING_MIN_CHARS and not AMOUNT.search(line.text)


def _in_band(line: PageLine, height: float) -> bool:
    return line.bottom <= height * RUNNING_BAND or line.top >= height * (1 - RUNNING_BAND)


def _key(line: PageLine) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text))
