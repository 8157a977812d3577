"""The indicator grid of a 项目绩效目标表: 一级 / 二级 / 三级指标 → 指标值, 分值, one Indicator per row.

A row ends at its 分值. PDF lines carry word positions, so each word is put in its column by the gaps between
columns; plain text has lost them, so a line is read by its tokens (labels from the vocabulary first, the score
last, the target before it). Cells span several rows: a label is printed once, at the top of its rows (text
from Word) or in their middle (PDF); both layouts are tried and the one that fits the labels best is kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..models import Indicator, Line
from ._targets import read_target
from ._text import join_text, load_data, tidy

COLUMNS = ("level1", "level2", "level3", "target", "score")
MAX_SCORE = 100
FULL_SLACK = 0.25  # a fragment ending within a quarter character of its column's right edge wrapped
OFF_PAGE_ROW_COST = 0.3  # a label's rows may run onto the next page, but prefer the label printed there
_SCORE = re.compile(r"^\d{1,3}(?:\.\d+)?$")
_CJK_CHAR = re.compile(r"^[\u4e00-\u9fff]$")


@dataclass(frozen=True)
class Frag:
    """A piece of one column on one line."""

    index: int  # the line's position in the grid
    column: str  # one of COLUMNS, or "?" (plain text: name or target, decided when the row ends)
    text: str
    full: bool = False  # reaches its column's right edge, so it wraps into the next line
    gap_before: bool = False  # plain text: a blank line came before it


@dataclass(frozen=True)
class Cell:
    column: str
    text: str
    top: int
    bottom: int
    page: int


def vocabulary() -> tuple[set[str], set[str], dict[str, str]]:
    """(一级 names, 二级 names, 二级 → 一级)."""
    levels: dict[str, list[str]] = load_data("performance.json")["levels"]
    parent = {child: top for top, children in levels.items() for child in children if child not in levels}
    return set(levels), {c for children in levels.values() for c in children}, parent


def is_score_line(line: Line) -> bool:
    """Whether a line ends with a 分值 (a number of at most 100 after other text, or alone)."""
    tokens = line.text.split()
    return bool(tokens) and _is_score(tokens[-1])


def read_indicators(lines: Sequence[Line]) -> list[Indicator]:
    """Every indicator row of a grid (the lines after the header row)."""
    positional = all(line.words for line in lines)
    frags = _positional_frags(lines) if positional else _text_frags(lines)
    rows = _rows_by_position(frags, lines) if positional else _rows_by_order(frags, lines)
    level1 = _assign(_label_cells(frags, "level1", lines, positional), rows)
    level2 = _assign(_label_cells(frags, "level2", lines, positional), rows)
    _, _, parent = vocabulary()
    printed_tops = {c.text for c in _label_cells(frags, "level1", lines, positional)}
    out: list[Indicator] = []
    for row, l1, l2 in zip(rows, level1, level2):
        if parent.get(l2) and parent[l2] != l1 and parent[l2] in printed_tops:
            l1 = parent[l2]
        target = read_target(row.target)
        line = lines[row.top]
        out.append(
            Indicator(
                level1=l1,
                level2=l2,
                level3=row.name,
                target=row.target,
                operator=target.operator,
                value=target.value,
                unit=target.unit,
                score=float(row.score) if row.score else None,
                page=line.page,
                line=line.number,
            )
        )
    return out


# ---------------------------------------------------------------------------------------------------------------
# Lines → fragments.


def _positional_frags(lines: Sequence[Line]) -> list[Frag]:
    header_words = set(load_data("performance.json")["header_words"])
    centers = _header_centers(lines)
    body = [i for i, line in enumerate(lines) if not _is_header_line(line, header_words)]
    words = [(i, w) for i in body for w in lines[i].words]
    bounds = _boundaries(centers, [w for _, w in words])
    placed: dict[tuple[int, str], list] = {}
    for i, word in words:
        column = _column_of(word, bounds)
        if column:
            placed.setdefault((i, column), []).append(word)
    right = {c: max(w.x1 for (_, col), ws in placed.items() if col == c for w in ws) for _, c in placed}
    frags = []
    for (i, column), ws in sorted(placed.items(), key=lambda kv: (kv[0][0], COLUMNS.index(kv[0][1]))):
        char = (ws[-1].x1 - ws[-1].x0) / max(len(ws[-1].text), 1)
        if column == "score" and not _is_score(join_text([w.text for w in ws])):
            continue
        full = ws[-1].x1 >= right[column] - FULL_SLACK * char
        frags.append(Frag(i, column, join_text([w.text for w in ws]), full=full))
    return frags


def _is_header_line(line: Line, header_words: set[str]) -> bool:
    """A line of the header row: header words, maybe beside a stacked label's single characters."""
    words = [w.text for w in line.words]
    return any(w in header_words for w in words) and all(w in header_words or len(w) == 1 for w in words)


def _header_centers(lines: Sequence[Line]) -> dict[str, float]:
    names = load_data("performance.json")["header_columns"]
    centers: dict[str, float] = {}
    for line in lines[:6]:
        for word in line.words:
            for column, labels in names.items():
                if word.text in labels and column not in centers:
                    centers[column] = (word.x0 + word.x1) / 2
    return centers


def _boundaries(centers: dict[str, float], words: Sequence) -> list[tuple[float, str]]:
    """(left edge, column) pairs: each edge is the middle of the widest empty strip between two header centres.

    Left of the first column a stacked vertical label ("绩/效/指/标") may stand; the first edge skips it."""
    order = [c for c in COLUMNS if c in centers]
    spans = sorted((w.x0, w.x1) for w in words)
    first = centers[order[0]]
    edge = _widest_gap(spans, spans[0][0], first) if any(b < first for _, b in spans) else None
    edges = [(edge if edge is not None else float("-inf"), order[0])]
    for previous, column in zip(order, order[1:]):
        edge = _widest_gap(spans, centers[previous], centers[column])
        edges.append((edge if edge is not None else (centers[previous] + centers[column]) / 2, column))
    return edges


def _widest_gap(spans: Sequence[tuple[float, float]], lo: float, hi: float) -> float | None:
    """Middle of the widest x-interval in (lo, hi) that no word covers."""
    cursor, best, edge = lo, 0.0, None
    for a, b in spans:
        if b <= cursor:
            continue
        if a > cursor and min(a, hi) - cursor > best:
            best, edge = min(a, hi) - cursor, (cursor + min(a, hi)) / 2
        cursor = max(cursor, b)
        if cursor >= hi:
            break
    if cursor < hi and hi - cursor > best:
        edge = (cursor + hi) / 2
    return edge


def _column_of(word, bounds: list[tuple[float, str]]) -> str | None:
    center = (word.x0 + word.x1) / 2
    found = None
    for edge, column in bounds:
        if center >= edge:
            found = column
    return found


def _text_frags(lines: Sequence[Line]) -> list[Frag]:
    rules = load_data("performance.json")
    header_words = set(rules["header_words"])
    tops, seconds, _ = vocabulary()
    frags: list[Frag] = []
    skip = -1
    vertical = vertical_runs(lines)
    for i, line in enumerate(lines):
        if i <= skip or i in vertical:
            continue
        text = tidy(line.text)
        joined = tidy(text + lines[i + 1].text) if i + 1 < len(lines) else ""
        if joined in tops | seconds and text not in tops | seconds:
            frags.append(Frag(i, "level1" if joined in tops else "level2", joined))
            skip = i + 1
            continue
        tokens = line.text.split()
        if not tokens or all(t in header_words for t in tokens):
            continue
        gap = i > 0 and line.number - lines[i - 1].number > 1
        while tokens and tokens[0] in tops | seconds:
            is_top = tokens[0] in tops and not any(f.index == i and f.column == "level1" for f in frags)
            frags.append(Frag(i, "level1" if is_top else "level2", tokens.pop(0)))
        if not tokens:
            continue
        if _is_score(tokens[-1]):
            score = tokens.pop()
            if len(tokens) >= 2:
                frags.append(Frag(i, "level3", join_text(tokens[:-1])))
            if tokens:
                frags.append(Frag(i, "target", tokens[-1]))
            frags.append(Frag(i, "score", score))
        else:
            frags.append(Frag(i, "?", join_text(tokens), gap_before=gap))
    return frags


def _is_score(token: str) -> bool:
    return bool(_SCORE.match(token)) and float(token) <= MAX_SCORE


def vertical_runs(lines: Sequence[Line]) -> set[int]:
    """Plain text: positions of one-character lines that stack into a label ("绩/效/指/标"), two or more in a row."""
    single = [bool(_CJK_CHAR.match(tidy(line.text))) for line in lines]
    return {
        i
        for i, one in enumerate(single)
        if one and ((i > 0 and single[i - 1]) or (i + 1 < len(single) and single[i + 1]))
    }


# ---------------------------------------------------------------------------------------------------------------
# Fragments → rows and label cells.


@dataclass(frozen=True)
class _Row:
    name: str
    target: str
    score: str
    top: int
    bottom: int
    page: int
    anchor: int = 0  # the 分值 line: the row's vertical middle in a PDF


def _rows_by_order(frags: Sequence[Frag], lines: Sequence[Line]) -> list[_Row]:
    """Plain text reads top-down: a row is everything since the previous 分值."""
    rows: list[_Row] = []
    pending: list[Frag] = []
    for frag in frags:
        if frag.column in ("?", "level3", "target"):
            pending.append(frag)
        elif frag.column == "score":
            names = [f for f in pending if f.column == "level3"]
            targets = [f for f in pending if f.column == "target"]
            loose = [f for f in pending if f.column == "?"]
            if targets:
                names = loose + names
            else:
                cut = next((k for k, f in enumerate(loose) if k and f.gap_before), len(loose) - 1)
                names, targets = loose[:cut], loose[cut:]
            indices = [f.index for f in pending] + [frag.index]
            rows.append(
                _Row(
                    name=join_text([f.text for f in names]),
                    target=join_text([f.text for f in targets]),
                    score=frag.text,
                    top=min(indices),
                    bottom=max(indices),
                    page=lines[min(indices)].page,
                )
            )
            pending = []
    return rows


def _rows_by_position(frags: Sequence[Frag], lines: Sequence[Line]) -> list[_Row]:
    """PDF cells are centred on their row's 分值 line: a name or target on a 分值 line belongs to that row, one that
    continues a fragment filling its column belongs to that fragment's row, and any other starts the next row."""
    anchors = [f for f in frags if f.column == "score"]
    if not anchors:
        return []
    on_line = {a.index: k for k, a in enumerate(anchors)}
    parts: dict[tuple[int, str], list[Frag]] = {}
    for column in ("level3", "target"):
        row, previous = None, None
        for frag in (f for f in frags if f.column == column):
            if frag.index in on_line:
                row = on_line[frag.index]
            elif not (previous is not None and previous.full and row is not None):
                row = next((k for k, a in enumerate(anchors) if a.index >= frag.index), len(anchors) - 1)
            parts.setdefault((row, column), []).append(frag)
            previous = frag
    rows: list[_Row] = []
    for k, anchor in enumerate(anchors):
        names, targets = parts.get((k, "level3"), []), parts.get((k, "target"), [])
        indices = [anchor.index] + [f.index for f in names + targets]
        rows.append(
            _Row(
                name=join_text([f.text for f in names]),
                target=join_text([f.text for f in targets]),
                score=anchor.text,
                top=min(indices),
                bottom=max(indices),
                page=lines[anchor.index].page,
                anchor=anchor.index,
            )
        )
    return rows


def _merge(frags: Sequence[Frag], column: str, lines: Sequence[Line], labels: set[str] | None = None) -> list[Cell]:
    """Join a column's fragments into cells: a fragment that fills its column continues on the next one."""
    cells: list[Cell] = []
    previous: Frag | None = None
    for frag in (f for f in frags if f.column == column):
        joins = previous is not None and (
            (labels is None and previous.full)
            or (
                labels is not None
                and cells[-1].text not in labels
                and (previous.full or cells[-1].text + frag.text in labels)
            )
        )
        if joins:
            last = cells[-1]
            cells[-1] = Cell(column, join_text([last.text, frag.text]), last.top, frag.index, last.page)
        else:
            cells.append(Cell(column, frag.text, frag.index, frag.index, lines[frag.index].page))
        previous = frag
    return cells


def _label_cells(frags: Sequence[Frag], column: str, lines: Sequence[Line], positional: bool) -> list[Cell]:
    tops, seconds, _ = vocabulary()
    if positional:
        return _merge(frags, column, lines, labels=tops | seconds)
    return [Cell(column, f.text, f.index, f.index, lines[f.index].page) for f in frags if f.column == column]


# ---------------------------------------------------------------------------------------------------------------
# Label cells → the label of each row.


def _assign(labels: Sequence[Cell], rows: Sequence[_Row]) -> list[str]:
    """Split the rows into one contiguous group per label, trying labels at the top and in the middle of groups."""
    if not labels or not rows:
        return [""] * len(rows)
    if len(labels) > len(rows):
        return [next((c.text for c in reversed(labels) if c.top <= r.bottom), labels[0].text) for r in rows]
    best: tuple[float, list[int]] | None = None
    centred = any(r.top < r.anchor < r.bottom for r in rows)  # a name wrapped around its 分值 line
    for cost in (_cost_center,) if centred else (_cost_top, _cost_center):
        total, cuts = _partition(labels, rows, cost)
        if best is None or total < best[0]:
            best = (total, cuts)
    cuts = best[1]
    out: list[str] = []
    for k, label in enumerate(labels):
        out.extend([label.text] * (cuts[k + 1] - cuts[k]))
    return out


def _partition(labels: Sequence[Cell], rows: Sequence[_Row], cost) -> tuple[float, list[int]]:
    m, n = len(labels), len(rows)
    inf = float("inf")
    table = [[inf] * (n + 1) for _ in range(m + 1)]
    back = [[0] * (n + 1) for _ in range(m + 1)]
    table[0][0] = 0.0
    for k in range(1, m + 1):
        for j in range(k, n - (m - k) + 1):
            for a in range(k - 1, j):
                value = table[k - 1][a] + cost(labels[k - 1], rows[a:j])
                if value < table[k][j]:
                    table[k][j], back[k][j] = value, a
    cuts = [n]
    for k in range(m, 0, -1):
        cuts.append(back[k][cuts[-1]])
    return table[m][n], cuts[::-1]


def _cost_top(label: Cell, group: Sequence[_Row]) -> float:
    """Label printed on (or just above) the first line of its rows."""
    first = group[0].top
    return max(0, first - label.bottom - 1) + max(0, label.top - first)


def _cost_center(label: Cell, group: Sequence[_Row]) -> float:
    """Label centred on its rows, as far as they lie on the label's page (a split cell is centred per page)."""
    here = [r for r in group if r.page == label.page]
    if not here:
        return 1000.0
    away = OFF_PAGE_ROW_COST * (len(group) - len(here))
    return abs((here[0].anchor + here[-1].anchor) / 2 - (label.top + label.bottom) / 2) + away
