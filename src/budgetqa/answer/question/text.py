"""Text normalisation and number notation shared by every answer stage."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from ...parse._text import plain  # noqa: F401 - the one notation for unprinted figures, shared with the store
from ...parse._text import squash

_SPACE = re.compile(r"\s+")
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十\d]+\)|\d+[、.](?!\d)|其中[:：]?)+")
_QUOTES = str.maketrans("", "", "“”‘’\"'《》〈〉「」")


@lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """NFKC, no whitespace, lower case: the form every comparison of names and questions uses."""
    return squash(text).lower()


@lru_cache(maxsize=1 << 14)
def norm_spaced(text: str) -> str:
    """NFKC and lower case with runs of space collapsed to one (for English phrases)."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().lower()


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """A row or term name without its list numbering and quotes: "（一）“三公”经费" → "三公经费"."""
    return _NUMBERING.sub("", norm(name)).translate(_QUOTES)


def to_decimal(text: str) -> Decimal | None:
    """The number printed in ``text`` ("1,967.23", "-1.35%") as an exact Decimal."""
    cleaned = unicodedata.normalize("NFKC", text).replace(",", "").replace("%", "").strip()
    try:
        return Decimal(cleaned)
    except (InvalidOperation, ValueError):
        return None


def decimals_of(text: str) -> int:
    cleaned = unicodedata.normalize("NFKC", text).replace("%", "").strip()
    return len(cleaned.split(".", 1)[1]) if "." in cleaned else 0


def fmt(value: Decimal | float, decimals: int, commas: bool = True) -> str:
    """Round half up to ``decimals`` and print like the document (thousands separators when it uses them)."""
    q = Decimal(1).scaleb(-decimals) if decimals else Decimal(1)
    d = Decimal(str(value)).quantize(q, rounding=ROUND_HALF_UP)
    if d == 0:
        d = abs(d)
    return f"{d:,.{decimals}f}" if commas else f"{d:.{decimals}f}"
