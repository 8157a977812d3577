"""Text helpers shared by the narrative readers: normalising, measuring lines, spotting noise, numbering.

PDF-to-text loses indentation, so "does this line end a paragraph" is answered by how full the line is: a line
that reaches the right margin wraps into the next one, a short one ends its paragraph.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from functools import cache
from importlib import resources

from ..models import Line

CN_DIGITS = "〇零一二三四五六七八九十百"

# Numbered markers, most specific first; the group "n" is the number as printed (without brackets).
MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(r"^(?P<m>第(?P<n>[一二三四五六七八九十]+)部分)\s*")),
    ("cn", re.compile(rf"^(?P<m>(?P<n>[{CN_DIGITS}]+)、)\s*")),
    ("paren_cn", re.compile(rf"^(?P<m>[（(]\s*(?P<n>[{CN_DIGITS}]+)\s*[）)])\s*")),
    ("arabic", re.compile(r"^(?P<m>(?P<n>\d{1,2})\s*[.．、](?!\d))\s*")),
    ("paren_arabic", re.compile(r"^(?P<m>[（(]\s*(?P<n>\d{1,2})\s*[）)])\s*")),
)
LEVELS = {"part": 0, "cn": 1, "paren_cn": 2, "arabic": 3, "paren_arabic": 4}

SENTENCE_END = "。！？；;!?"
CLAUSE_PUNCT = "，。；：,;:！？"
_CJK = r"\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’"
_WHITESPACE = re.compile(r"\s+")
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}])[ \t]+(?=[{_CJK}])")
_LEADERS = re.compile(r"(?:\.{4,}|…{2,}|·{4,}|-{4,}|_{4,})\s*\d+\s*$")
_PAGE_NO = re.compile(r"^\s*(?:[-—－]\s*)?(?:第\s*)?\d{1,3}(?:\s*页)?(?:\s*[-—－])?\s*$")
_TOC_TITLE = re.compile(r"^\s*目\s*录\s*$")


def nfkc(text: str) -> str:
    """Full-width digits and punctuation to their plain forms, for reading numbers (not for quoting)."""
    return unicodedata.normalize("NFKC", text)


def squash(text: str) -> str:
    """NFKC with no whitespace: the form names and phrases are compared in (answers also lower-case ASCII)."""
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", text))


def fold(text: str) -> str:
    """NFKC character by character where it keeps the length ("２" → "2", "（" → "("), so positions still
    point into the printed text."""
    return "".join(n if len(n := unicodedata.normalize("NFKC", ch)) == 1 else ch for ch in text)


def tidy(text: str) -> str:
    """Drop the spaces PDF extraction puts between Chinese characters ("为群 众 提 供" → "为群众提供")."""
    return _CJK_SPACE.sub("", text.strip())


def join_text(parts: Sequence[str]) -> str:
    """Rejoin wrapped lines: Chinese joins with no space, Latin words and numbers keep one."""
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if out and re.match(r"[A-Za-z0-9]", out[-1]) and re.match(r"[A-Za-z0-9]", part[0]):
            out += " "
        out += part
    return tidy(out)


def width(text: str) -> float:
    """Display width: a Chinese character counts 2, a Latin character or digit 1."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text.strip())


def extent(line: Line) -> float:
    """How far right a line reaches: the right edge of its last word (PDF) or its display width (text)."""
    return line.words[-1].x1 if line.words else width(line.text)


def full_extent(lines: Sequence[Line]) -> float:
    """The right margin of prose: a high percentile of line extents (tables and titles are few)."""
    values = sorted(extent(line) for line in lines if len(line.text.strip()) > 4)
    if not values:
        return 0.0
    return values[int(0.8 * (len(values) - 1))]


def is_full(line: Line, margin: float, ratio: float = 0.86) -> bool:
    """Whether the line reaches the right margin, i.e. was wrapped rather than ended."""
    return margin > 0 and extent(line) >= ratio * margin


def ends_sentence(text: str) -> bool:
    return bool(text) and text.rstrip().rstrip("”’\"'）)")[-1:] in SENTENCE_END


def marker(text: str) -> tuple[str, str, str] | None:
    """(style, marker as printed, number) of a numbered heading or item, or None."""
    for style, pattern in MARKERS:
        m = pattern.match(text.strip())
        if m:
            return style, m.group("m"), m.group("n")
    return None


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NO.match(text))


def is_toc_entry(text: str) -> bool:
    return bool(_LEADERS.search(text))


def toc_pages(lines: Sequence[Line]) -> frozenset[int]:
    """Pages that start with a 目录 title: their lines are a table of contents, not content."""
    first_on_page: dict[int, Line] = {}
    for line in lines:
        first_on_page.setdefault(line.page, line)
    return frozenset(page for page, line in first_on_page.items() if _TOC_TITLE.match(line.text))


def number(text: str) -> float:
    """The value of a printed figure: "1,234.56" → 1234.56, full-width digits too. The one number reader."""
    return float(unicodedata.normalize("NFKC", text).replace(",", "").strip())


@cache
def load_data(name: str) -> dict:
    """A rules file of src/budgetqa/data/ (vocabularies kept as data, read once)."""
    return json.loads(resources.files("budgetqa").joinpath("data", name).read_text(encoding="utf-8"))


def plain(value: Decimal | float) -> str:
    """A figure with thousands separators and no exponent, no trailing zeros: 4100000.0 → "4,100,000", 46.0 → "46".
    The one notation for figures that have no printed text of their own (never "4.1e+06")."""
    d = Decimal(str(value)).normalize()
    if d == 0:
        return "0"
    return f"{d:,f}"
