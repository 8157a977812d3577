"""A table body line read into code, name and figures; short name-only lines kept as fragments of wrapped names."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ...models import Line
from .cells import Number, join_spaced, normalize, parse_number, squeeze
from .rules import label_key, rules

_CJK_CHAR = re.compile(r"^[\u3400-\u9fff]$")
_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_UNIT_CODE = re.compile(r"^\d{6}$")
_PART = re.compile(r"^\d{2}$")
_PROSE = re.compile(r"[。；;]|(?<!\d),|,(?!\d{3})|^第[一二三四五六七八九十]+部分")
_NOTE = re.compile(r"^\s*(?:注|说明)\s*[:：]")
_PAGE_NO = re.compile(r"^[-—–\s]*\d{1,3}[-—–\s]*$")
MAX_FRAGMENT = 20


@dataclass(frozen=True)
class Token:
    text: str
    x0: float | None = None
    x1: float | None = None

    @property
    def centre(self) -> float | None:
        return None if self.x0 is None or self.x1 is None else (self.x0 + self.x1) / 2


@dataclass
class Segment:
    """One row's worth of a line (a two-sided line has two): code, name and figures with their positions."""

    code: str | None
    name: str
    values: list[tuple[Number, Token]]
    side: str | None = None
    prefix: list[str] = field(default_factory=list)
    suffix: list[str] = field(default_factory=list)


def tokens(line: Line) -> list[Token]:
    """Words with positions for PDF lines, whitespace-split (spaced-out characters rejoined) for text."""
    if line.words:
        return [Token(w.text, w.x0, w.x1) for w in line.words if w.text.strip()]
    out: list[str] = []
    spaced = False  # the last token is a run of single characters joined here
    for tok in line.text.split():
        single = bool(_CJK_CHAR.match(tok))
        if single and out and (spaced or _CJK_CHAR.match(out[-1])):
            out[-1] += tok
            spaced = True
        else:
            out.append(tok)
            spaced = False
    return [Token(t) for t in out]


def is_note(line: Line) -> bool:
    return bool(_NOTE.match(normalize(line.text)))


def is_page_number(line: Line) -> bool:
    return bool(_PAGE_NO.match(normalize(line.text)))


def is_prose(line: Line) -> bool:
    return bool(_PROSE.search(normalize(line.text)))


def is_fragment(line: Line) -> bool:
    """A short line of words only: part of a wrapped row name."""
    key = squeeze(line.text)
    return 0 < len(key) <= MAX_FRAGMENT and not is_prose(line) and not any(parse_number(t.text) for t in tokens(line))


def read_segment(toks: Sequence[Token], value_from: float | None = None) -> Segment:
    """Code, name and figures of one row; with positions, figures are only taken right of ``value_from``."""
    toks = list(toks)
    positioned = any(t.x0 is not None for t in toks)
    code_parts: list[str] = []
    while toks and _left(toks[0], value_from):
        text = normalize(toks[0].text)
        if not code_parts and (_CODE.match(text) or (_UNIT_CODE.match(text) and len(toks) > 1)):
            code_parts.append(text)
        elif code_parts and len(code_parts[0]) == 3 and _PART.match(text) and len("".join(code_parts)) < 7:
            code_parts.append(text)
        else:
            break
        toks.pop(0)
    names: list[str] = []
    values: list[tuple[Number, Token]] = []
    for tok in toks:
        number = parse_number(tok.text)
        if number is not None and not (tok.x0 is not None and value_from is not None and _left(tok, value_from)):
            values.append((number, tok))
        else:
            names.append(tok.text)
    code = "".join(code_parts) or None
    if code and value_from is None and not names and len(code_parts) == 1 and not positioned:
        # plain text: a bare number at the start of a nameless row is a figure, not a code
        values.insert(0, (parse_number(code_parts[0]), Token(code_parts[0])))  # type: ignore[arg-type]
        code = None
    return Segment(code=code, name=join_spaced(" ".join(names)), values=values)


def _left(tok: Token, value_from: float | None) -> bool:
    return value_from is None or tok.centre is None or tok.centre < value_from


def split_sides(toks: Sequence[Token], side_start: float | None) -> list[list[Token]]:
    """A two-sided line into its halves: by position when known, else a name after a figure (or after a name)."""
    if side_start is not None and toks and toks[0].x0 is not None:
        left = [t for t in toks if (t.centre or 0) < side_start]
        right = [t for t in toks if (t.centre or 0) >= side_start]
        return [left, right]
    parts: list[list[Token]] = [[]]
    for tok in toks:
        is_num = parse_number(tok.text) is not None
        if parts[-1] and not is_num:
            parts.append([])
        parts[-1].append(tok)
    return [p for p in parts if p]


def side_of(name: str) -> str:
    """Which half of a summary table a lone item belongs to, from its wording (结转下年 is spending)."""
    key = label_key(name)
    markers = rules()["side_markers"]
    if any(label_key(m) in key for m in markers["支出"]):
        return "支出"
    return "收入"
