"""Cell text → number: the one place that reads printed figures ("1,967.23", "-1.35%", "１２", "(36.14)")."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from .._text import number

_DASHES = str.maketrans({"−": "-", "–": "-", "—": "-", "－": "-", "﹣": "-"})
_NUMBER = re.compile(r"^(?P<neg>-)?(?P<body>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?P<pct>%)?$")
_PAREN_NEG = re.compile(r"^\((?P<inner>[^()]+)\)$")
_CJK_RUN = re.compile(r"(?<=[\u3400-\u9fff])[ \t\u3000]+(?=[\u3400-\u9fff])")


@dataclass(frozen=True)
class Number:
    """A printed figure read: its value, whether it was a percent, and the text as printed."""

    value: float
    percent: bool
    text: str


def normalize(text: str) -> str:
    """NFKC (full-width digits, colons, brackets, percent) and one kind of minus sign."""
    return unicodedata.normalize("NFKC", text).translate(_DASHES)


def squeeze(text: str) -> str:
    """Normalize and drop all whitespace: for comparing labels ("合  计" = "合计")."""
    return re.sub(r"\s+", "", normalize(text))


def join_spaced(text: str) -> str:
    """Undo spaces between Chinese characters ("收    入    总    计" → "收入总计")."""
    return _CJK_RUN.sub("", text.strip())


def parse_number(token: str) -> Number | None:
    """A figure or None: thousands separators, a leading minus or parentheses, and a trailing % are understood."""
    text = normalize(token).strip()
    if not text:
        return None
    paren = _PAREN_NEG.match(text)
    negative = False
    if paren:
        text, negative = paren.group("inner").strip(), True
    m = _NUMBER.match(text)
    if not m:
        return None
    value = number(m.group("body"))
    if m.group("neg"):
        negative = not negative
    return Number(value=-value if negative else value, percent=bool(m.group("pct")), text=token.strip())


def is_number(token: str) -> bool:
    return parse_number(token) is not None


def cell_unit(number: Number, table_unit: str) -> str:
    """A percent cell is "%", every other figure carries the table's money unit."""
    return "%" if number.percent else table_unit
