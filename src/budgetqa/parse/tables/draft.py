"""One table's lines → a draft: header columns, body rows with their figures, notes; not yet solved."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ...models import Line, Word
from .arithmetic import Arithmetic, arithmetic_of
from .cells import parse_number, squeeze
from .header_pdf import pdf_columns
from .header_text import text_columns
from .kinds import is_two_sided, kind_of
from .lines import (
    MAX_FRAGMENT,
    Segment,
    is_fragment,
    is_note,
    is_page_number,
    is_prose,
    read_segment,
    side_of,
    split_sides,
    tokens,
)
from .rules import in_vocab, label_key, rules
from .segment import Span
from .solve import Work

SIDES = ("收入", "支出")


@dataclass
class RowDraft:
    seg: Segment
    line: Line
    side: str | None
    is_total: bool = False
    work: Work | None = None
    misprint: str | None = None  # a printed part the parser read around (said in the row's note)


@dataclass
class Draft:
    span: Span
    kind: str
    paths: list[tuple[str, ...]]
    sides: list[str | None]
    rows: list[RowDraft]
    notes: list[str]
    claimed: set[int]
    xs: list[tuple[float, float]] | None = None  # column extents, PDF only
    title_page: int | None = None
    arithmetic: dict[str | None, Arithmetic] = field(default_factory=dict)

    def columns_of(self, side: str | None) -> list[int]:
        return [i for i, s in enumerate(self.sides) if s == side]


def draft_table(span: Span, lines: Sequence[Line]) -> Draft:
    block = list(lines[span.start : span.end])
    claimed = {ln.number for ln in block[: span.unit_at - span.start + 1]}
    body_at = span.unit_at - span.start + 1
    header: list[Line] = []
    while body_at < len(block) and not _row_like(block[body_at], totals=False):
        if is_prose(block[body_at]):
            break
        header.append(block[body_at])
        body_at += 1
    while header and body_at < len(block) and _opens_nameless_row(header[-1], block[body_at]):
        header.pop()  # the first row's name, wrapped above its code line
        body_at -= 1
    claimed |= {ln.number for ln in header}
    kind = kind_of(span.title, " ".join(ln.text for ln in header)) or span.kind
    two = is_two_sided(kind)
    body = block[body_at:]
    prose_at = next((i for i, ln in enumerate(body) if is_prose(ln) and not is_note(ln)), len(body))
    body = body[:prose_at]  # a table never runs past a sentence
    positioned = any(ln.words for ln in block)
    if positioned and not two:
        header, body = _unfold_halves(header, body)
    side_start = _side_start(header, block[body_at:]) if two and positioned else None
    value_from = _value_from(body, side_start) if positioned else {}
    if positioned and not any(_labelled(ln) for ln in body):  # no code or name column: all of it is figures
        value_from = {side: float("-inf") for side in value_from}
    xs = None
    if positioned:
        paths, sides, placed = _pdf_header(header, value_from, side_start, two)
        xs = [(c.x0, c.x1) for c in placed]
    else:
        specs = text_columns(kind, " ".join(ln.text for ln in header)) or _flat(header)
        paths, sides = [s.path for s in specs], [s.side for s in specs]
    rows, notes, used = _body(body, header, two, side_start, value_from)
    claimed |= used
    draft = Draft(span, kind, paths, sides, rows, notes, claimed, xs, block[span.title_at - span.start].page)
    for side in set(sides) or {None}:
        draft.arithmetic[side] = arithmetic_of([paths[i] for i in draft.columns_of(side)])
    for row in rows:  # a half without its own columns (layout unknown) uses the table's
        if row.side not in draft.arithmetic:
            row.side = None if None in draft.arithmetic else next(iter(draft.arithmetic))
    return draft


def _row_like(line: Line, totals: bool = True) -> bool:
    """A line of figures, a coded line, a note, or (in the body) a total line printed without figures."""
    if is_note(line):
        return True
    toks = tokens(line)
    if any(parse_number(t.text) for t in toks) and not (is_page_number(line) and not line.words):
        return True
    seg = read_segment(toks, value_from=0.0 if line.words else None)
    return seg.code is not None or (totals and in_vocab(squeeze(line.text), "total_row_names"))


def _unfold_halves(header: list[Line], body: list[Line]) -> tuple[list[Line], list[Line]]:
    """A table printed as two halves side by side (the same label columns twice in a header line): the right half's
    lines follow the left half's, moved onto its columns, so the halves read as one column of rows."""
    split = offset = None
    for line in header:
        seen: dict[str, Word] = {}
        for w in line.words:
            key = label_key(w.text)
            if in_vocab(key, "label_area_headers") or key in {label_key(x) for x in rules()["halves_headers"]}:
                if key in seen and w.x0 > seen[key].x1:
                    split, offset = w.x0 - 2, w.x0 - seen[key].x0
                    break
                seen[key] = w
        if split is not None:
            break
    if split is None or offset is None:
        return header, body

    def half(line: Line, right: bool) -> Line | None:
        words = [w for w in line.words if ((w.x0 + w.x1) / 2 >= split) == right]
        if not words:
            return None
        if right:
            words = [Word(text=w.text, x0=w.x0 - offset, x1=w.x1 - offset) for w in words]
        return Line(number=line.number, page=line.page, text=" ".join(w.text for w in words), words=tuple(words))

    notes = [ln for ln in body if is_note(ln)]
    rows = [ln for ln in body if not is_note(ln)]
    left = [h for ln in rows if (h := half(ln, False)) is not None]
    right = [h for ln in rows if (h := half(ln, True)) is not None]
    return [h for ln in header if (h := half(ln, False)) is not None], left + right + notes


def _opens_nameless_row(line: Line, first: Line) -> bool:
    """A short words-only line right above a coded row printed without its name: that row's name, wrapped."""
    if not line.words or not is_fragment(line) or in_vocab(squeeze(line.text), "label_area_headers"):
        return False
    seg = read_segment(tokens(first), value_from=None)
    return seg.code is not None and not seg.name and bool(seg.values)


def _side_start(header: Sequence[Line], body: Sequence[Line]) -> float | None:
    """Where the 支出 half begins: the left edge of item names printed right of the first 项目 column."""
    items = [w for ln in header for w in ln.words if label_key(w.text) == "项目"]
    if len(items) < 2:
        return None
    right = []
    for line in body:
        seen_figure = False
        for t in tokens(line):
            if parse_number(t.text) is not None:
                seen_figure = True
            elif seen_figure and t.x0 is not None and t.x0 > items[0].x1:
                right.append(t.x0)
                break
    return min(right) - 1 if right else items[1].x0 - 2


def _labelled(line: Line) -> bool:
    seg = read_segment(tokens(line), value_from=None)
    return bool(seg.code or seg.name) and bool(seg.values)


def _value_from(body: Sequence[Line], side_start: float | None) -> dict[str | None, float]:
    """Per side, where figures begin: left of it are codes and names."""
    out: dict[str | None, float] = {}
    for line in body:
        toks = tokens(line)
        seg = read_segment(toks, value_from=None)
        words = [t for t in toks if parse_number(t.text) is None and t.x0 is not None]
        for _, tok in seg.values:
            if tok.x0 is None:
                continue
            side = None if side_start is None else ("支出" if tok.x0 >= side_start else "收入")
            same_side = [w for w in words if side_start is None or (w.x0 >= side_start) == (side == "支出")]
            if any(w.x0 > tok.x0 for w in same_side):  # a number left of the row's name is a code, however misprinted
                continue
            out[side] = min(out.get(side, tok.x0), tok.x0 - 1)
    return out


def _pdf_header(header, value_from, side_start, two):
    spanning = {label_key(x) for x in rules()["spanning_headers"]}
    side_names = {label_key(x) for x in rules()["side_headers"]}
    rows: list[list[Word]] = []
    for line in header:
        keep = []
        for w in _join_spaced_chars(line.words):
            centre = (w.x0 + w.x1) / 2
            side = None if side_start is None else ("支出" if centre >= side_start else "收入")
            start = value_from.get(side)
            key = label_key(w.text)
            if start is None or w.x1 <= start or key in spanning or (two and key in side_names):
                continue
            keep.append(w)
        rows.append(keep)
    sides = [("收入", 0.0), ("支出", side_start)] if two and side_start is not None else []
    cols = pdf_columns(rows, sides)
    return [c.path for c in cols], [c.side for c in cols], cols


def _join_spaced_chars(words: Sequence[Word]) -> list[Word]:
    """A label printed letter-spaced ("合  计") is one word: single characters less than two characters apart."""
    out: list[Word] = []
    spaced: list[bool] = []  # the word at the same index is single characters joined here
    for w in words:
        text = w.text.strip()
        prev = out[-1] if out else None
        if (
            prev is not None
            and len(text) == 1
            and not text.isdigit()
            and (len(prev.text) == 1 or spaced[-1])
            and not prev.text[-1].isdigit()
            and w.x0 - prev.x1 < 2 * (w.x1 - w.x0)
        ):
            out[-1] = Word(text=prev.text + text, x0=prev.x0, x1=w.x1)
            spaced[-1] = True
            continue
        out.append(Word(text=text, x0=w.x0, x1=w.x1))
        spaced.append(False)
    return out


def _flat(header: Sequence[Line]):
    from .header_text import ColumnSpec

    out = []
    for line in header:
        for tok in tokens(line):
            if not in_vocab(tok.text, "label_area_headers"):
                out.append(ColumnSpec((squeeze(tok.text),)))
    return out


def _body(body, header, two, side_start, value_from):
    """Rows, notes and the claimed line numbers; stops at the first line that is neither row, note nor fragment."""
    header_tokens = {label_key(t.text) for ln in header for t in tokens(ln)}
    items: list[RowDraft | tuple[str, int]] = []
    notes: list[str] = []
    used: set[int] = set()
    for at, line in enumerate(body):
        if is_note(line):
            notes.append(line.text.strip())
            used.add(line.number)
            continue
        if notes and not notes[-1].endswith("。") and not _row_like(line) and line.page == body[at - 1].page:
            notes[-1] += line.text.strip()  # the note wraps
            used.add(line.number)
            continue
        if notes or is_prose(line):  # a note closes its table
            break
        toks = tokens(line)
        if _folio(body, at) or (toks and all(label_key(t.text) in header_tokens for t in toks)):
            used.add(line.number)
            continue
        if _row_like(line) or (two and (is_fragment(line) or _item_pair(toks, side_start))):
            items.extend(_rows_of(line, toks, two, side_start, value_from))
            used.add(line.number)
        elif not two and is_fragment(line):
            items.append((line.text.strip(), line.number, _extent(line)))
        else:
            break
    rows = _mend_split_codes(_join_bare_codes(_attach_fragments(items, used)))
    return rows, notes, used


_SPLIT_NAME = re.compile(r"^(?P<lead>\d{1,3})\s+(?P<kuan>\d{2})\s+(?P<xiang>\d{2})\s+(?P<name>\D.*)$")


def _mend_split_codes(rows: list[RowDraft]) -> list[RowDraft]:
    """Codes printed in 类 / 款 / 项 cells where the 类 cell is misprinted ("7 11 02 事业单位医疗" under 21011): the
    款 continuing the 款 row right above gives the 类; the row keeps a note saying so."""
    for prev, row in zip(rows, rows[1:]):
        found = None if row.seg.code else _SPLIT_NAME.match(row.seg.name)
        if not found or not prev.seg.code or len(prev.seg.code) < 5:
            continue
        if prev.seg.code[3:5] != found["kuan"] or found["lead"] == prev.seg.code[:3]:
            continue
        row.seg.code = prev.seg.code[:5] + found["xiang"]
        row.seg.name = found["name"].strip()
        row.misprint = f"类 printed as {found['lead']!r}; {prev.seg.code[:3]} from the 款 row above"
    return rows


def _join_bare_codes(rows: list[RowDraft]) -> list[RowDraft]:
    """One row printed over two lines: its code (with or without figures) on one line, its name ending and the rest
    of its figures on the next uncoded line (a cell's text is centred on the row's wrapped name)."""
    out: list[RowDraft] = []
    for row in rows:
        prev = out[-1] if out else None
        if prev is not None and _figures_below(prev, row):
            prev.seg.values = list(row.seg.values)  # "结转下年" with its figure wrapped onto the next line
            continue
        if prev is not None and _continues(prev, row):
            if not prev.seg.values:
                row.seg.code = prev.seg.code
                row.seg.prefix = [*prev.seg.prefix, *row.seg.prefix]
                row.misprint = row.misprint or prev.misprint
                out[-1] = row
            else:
                prev.seg.suffix.extend([*row.seg.prefix, row.seg.name, *row.seg.suffix])
                prev.seg.values = sorted([*prev.seg.values, *row.seg.values], key=lambda v: v[1].x0 or 0.0)
            continue
        out.append(row)
    return out


def _figures_below(prev: RowDraft, row: RowDraft) -> bool:
    """A line of figures only, right below an item of the same side printed without any."""
    bare = not (row.seg.code or row.seg.name or row.seg.prefix or row.seg.suffix)
    return bare and bool(row.seg.values) and not prev.seg.values and bool(prev.seg.name) and row.side == prev.side


def _continues(prev: RowDraft, row: RowDraft) -> bool:
    if not prev.seg.code or prev.seg.name or prev.seg.suffix or row.seg.code is not None or not row.seg.values:
        return False
    if row.side != prev.side or not row.seg.name or in_vocab(squeeze(row.seg.name), "total_row_names"):
        return False
    if not prev.seg.values:
        return True
    taken = [(t.x0, t.x1) for _, t in prev.seg.values]
    if any(x0 is None or x1 is None for x0, x1 in taken) or any(t.x0 is None for _, t in row.seg.values):
        return False
    return all(t.x1 <= x0 or t.x0 >= x1 for _, t in row.seg.values for x0, x1 in taken)


def _folio(body: Sequence[Line], at: int) -> bool:
    """A page number: a bare number on a page's first or last line (elsewhere "208" is a code printed alone)."""
    line = body[at]
    if not is_page_number(line):
        return False
    first = at == 0 or body[at - 1].page != line.page
    last = at == len(body) - 1 or body[at + 1].page != line.page
    return first or last or not line.words


def _item_pair(toks, side_start: float | None) -> bool:
    """A two-sided line printing an item on each half and no figure (a blank line of a 收支总表)."""
    if side_start is None:
        return False
    halves = split_sides(toks, side_start)
    return all(0 < len(squeeze("".join(t.text for t in half))) <= MAX_FRAGMENT for half in halves)


def _rows_of(line, toks, two, side_start, value_from):
    if not two:
        return [RowDraft(read_segment(toks, value_from.get(None)), line, None)]
    parts = split_sides(toks, side_start)
    out = []
    for i, part in enumerate(parts):
        if not part:
            continue
        if side_start is not None:
            side = SIDES[min(i, 1)]
        elif len(parts) >= 2:
            side = SIDES[min(i, 1)]
        else:
            side = None
        seg = read_segment(part, value_from.get(side) if side_start is not None else None)
        seg.side = side or side_of(seg.name)
        out.append(RowDraft(seg, line, seg.side))
    return out


def _attach_fragments(items, used: set[int]) -> list[RowDraft]:
    """Wrapped names: fragments go to the nameless row they wrap around (split evenly between two such rows).

    With positions, a piece that fills the name cell to its right edge goes on in the next line and a shorter one ends
    its name: the pieces after a row whose name is still open are its own, the rest begin the next row's name.
    """
    rows: list[RowDraft] = []
    pending: list[tuple[str, int, tuple[float, float] | None]] = []
    fit = _NameCell.of(items)
    open_after: dict[int, bool] = {}  # row id → its name (printed above it) ended with a full piece

    def flush_by_width(prev: RowDraft | None, nxt: RowDraft | None) -> bool:
        if fit is None or nxt is None or any(ext is None for _, _, ext in pending):
            return False
        if prev is None:
            open_ = False
        elif prev.seg.name:
            own = _name_extent(prev)
            if own is None or abs(own[0] - fit.left) > 2:  # a name set apart from the wrapped pieces: no telling
                return False
            open_ = fit.full(own)
        elif prev.seg.prefix:
            if id(prev) not in open_after:
                return False
            open_ = open_after[id(prev)]
        else:
            open_ = True
        cut = 0
        while cut < len(pending) and open_:
            open_ = fit.full(pending[cut][2])
            cut += 1
        if prev is not None:
            prev.seg.suffix.extend(t for t, _, _ in pending[:cut])
        nxt.seg.prefix.extend(t for t, _, _ in pending[cut:])
        if pending[cut:]:
            open_after[id(nxt)] = fit.full(pending[-1][2])
        used.update(n for _, n, _ in pending)
        pending.clear()
        return True

    def flush(nxt: RowDraft | None) -> None:
        prev = rows[-1] if rows else None
        if flush_by_width(prev, nxt):
            return
        prev_open = prev is not None and (not prev.seg.name or prev.seg.prefix)
        next_open = nxt is not None and not nxt.seg.name
        if prev_open and next_open:
            cut = (len(pending) + 1) // 2
        elif prev_open:
            cut = len(pending)
        elif next_open:
            cut = 0
        else:
            cut = len(pending) if prev is not None and nxt is not None else 0
        if nxt is None and (prev is None or not prev.seg.code):  # trailing words after a total are not its name
            pending.clear()
            return
        if prev is not None:
            prev.seg.suffix.extend(t for t, _, _ in pending[:cut])
        if nxt is not None:
            nxt.seg.prefix.extend(t for t, _, _ in pending[cut:])
            if fit is not None and pending[cut:]:
                open_after[id(nxt)] = fit.full(pending[-1][2])
        used.update(n for _, n, _ in pending)
        pending.clear()

    for item in items:
        if isinstance(item, tuple):
            pending.append(item)
            continue
        if pending:
            flush(item)
        rows.append(item)
    if pending:
        flush(None)
    return rows


def _extent(line: Line) -> tuple[float, float] | None:
    words = [w for w in line.words if w.text.strip()]
    return (words[0].x0, words[-1].x1) if words else None


def _name_extent(row: RowDraft) -> tuple[float, float] | None:
    """Where the name printed on the row's own line sits (PDF only)."""
    words = [w for w in row.line.words if w.text.strip() and squeeze(w.text) in squeeze(row.seg.name)]
    words = [w for w in words if parse_number(w.text) is None]
    return (words[0].x0, words[-1].x1) if words else None


@dataclass(frozen=True)
class _NameCell:
    """The edges of a left-aligned wrapped-name column and the width of one character in it."""

    left: float
    right: float
    char: float

    @classmethod
    def of(cls, items) -> _NameCell | None:
        pieces = [(t, ext) for item in items if isinstance(item, tuple) for t, _, ext in [item] if ext is not None]
        if len(pieces) < 2:
            return None
        lefts = [ext[0] for _, ext in pieces]
        if max(lefts) - min(lefts) > 2:  # centred names: a line's right edge says nothing of its wrapping
            return None
        text, (x0, x1) = max(pieces, key=lambda p: p[1][1])
        chars = len(squeeze(text))
        return cls(left=min(lefts), right=x1, char=(x1 - x0) / chars) if chars else None

    def full(self, extent: tuple[float, float] | None) -> bool:
        return extent is not None and extent[1] >= self.right - 0.3 * self.char
