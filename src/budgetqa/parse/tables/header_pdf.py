"""Column paths of a PDF table from where its header words stand.

Words stacked in one narrow cell ("使用非财 / 政拨款结 / 余") join top-down; a cell with cells under it is a group
heading ("事业收入" over "金额" and "其中：教育收费"); a group covers the smallest block of two or more leaf columns
it is centred over (a heading is printed centred over the columns it spans).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from functools import cache

from ...models import Word
from .rules import label_key, rules

STACK_OVERLAP = 0.6  # share of the narrower word two stacked words overlap by to be one cell
SLACK = 2.0  # points a heading may stick out of the block of columns it spans


@dataclass
class _Cell:
    words: list[Word]
    first: int  # header line index of its top word
    last: int = field(default=-1)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def text(self) -> str:
        return "".join(w.text for w in self.words)


@dataclass(frozen=True)
class PlacedColumn:
    path: tuple[str, ...]
    x0: float
    x1: float
    side: str | None = None

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


def pdf_columns(header: Sequence[Sequence[Word]], sides: Sequence[tuple[str, float]] = ()) -> list[PlacedColumn]:
    """Leaf columns left to right with their group headings; ``sides`` are (side, x where it starts)."""
    cells = _stack(header)
    leaves = [c for c in cells if not _heads(c, cells)]
    groups = [c for c in cells if c not in leaves]
    leaves.sort(key=lambda c: c.x0)
    paths: dict[int, list[str]] = {id(c): [] for c in leaves}
    labels: dict[int, str] = {id(c): c.text for c in leaves}
    for group in sorted(groups, key=lambda g: g.first):
        block = _block(group, leaves, sides)
        if block is None or len(block) == 1:  # a wrapped label over one column ("机关运行经费预算" / "数")
            tail = next((c for c in leaves if c.first > group.last and _overlap(c, group) > 0), None)
            if tail is not None:
                labels[id(tail)] = group.text + labels[id(tail)]
            continue
        for leaf in block:
            paths[id(leaf)].append(group.text)
    return [PlacedColumn(tuple(paths[id(c)] + [labels[id(c)]]), c.x0, c.x1, _side(c.centre, sides)) for c in leaves]


def _heads(cell: _Cell, cells: Sequence[_Cell]) -> bool:
    """A cell with cells under it, or a narrow heading centred over the gap between two cells under it."""
    below = [o for o in cells if o.first > cell.last]
    if any(_overlap(o, cell) > 1 for o in below):
        return True
    gap_left = max((o.x1 for o in below if o.x1 <= cell.centre), default=None)
    gap_right = min((o.x0 for o in below if o.x0 >= cell.centre), default=None)
    if gap_left is None or gap_right is None:
        return False
    width = cell.x1 - cell.x0
    return gap_left >= cell.x0 - width and gap_right <= cell.x1 + width


def _stack(header: Sequence[Sequence[Word]]) -> list[_Cell]:
    """Join a word to the cell above it when it continues that cell's text (neither is a whole label by itself)."""
    complete = _complete_labels()
    cells: list[_Cell] = []
    for i, words in enumerate(header):
        for word in words:
            alone = label_key(word.text) in complete
            host = next(
                (
                    c
                    for c in reversed(cells)
                    if c.last < i
                    and _share(word, c.words[-1]) >= STACK_OVERLAP
                    and (
                        (not alone and label_key(c.text) not in complete)
                        or label_key(c.text + word.text) in complete  # "公务用车" / "购置费"
                    )
                    and not _blocked(header, c.last, i, word)
                ),
                None,
            )
            if host is None:
                cells.append(_Cell([word], i, i))
            else:
                host.words.append(word)
                host.last = i
    return cells


def _blocked(header: Sequence[Sequence[Word]], above: int, below: int, word: Word) -> bool:
    """Another header word stands between the two."""
    return any(min(w.x1, word.x1) - max(w.x0, word.x0) > 0 for row in header[above + 1 : below] for w in row)


@cache
def _complete_labels() -> frozenset[str]:
    return frozenset(label_key(x) for x in rules()["header_labels"])


def _share(a: Word, b: Word) -> float:
    inter = min(a.x1, b.x1) - max(a.x0, b.x0)
    return inter / max(min(a.x1 - a.x0, b.x1 - b.x0), 1.0)


def _overlap(a: _Cell, b: _Cell) -> float:
    return min(a.x1, b.x1) - max(a.x0, b.x0)


def _side(x: float, sides: Sequence[tuple[str, float]]) -> str | None:
    side = None
    for name, start in sides:
        if x >= start:
            side = name
    return side


def _block(group: _Cell, leaves: list[_Cell], sides: Sequence[tuple[str, float]]) -> list[_Cell] | None:
    """The contiguous leaves under a group heading: the best-centred block that spans the heading's width."""
    side = _side(group.centre, sides)
    pool = [c for c in leaves if c.first > group.last and _side(c.centre, sides) == side]
    best: tuple[float, list[_Cell]] | None = None
    for i in range(len(pool)):
        for j in range(i, len(pool)):
            block = pool[i : j + 1]
            if block[0].x0 - SLACK > group.x0 or block[-1].x1 + SLACK < group.x1:
                continue
            score = abs((block[0].x0 + block[-1].x1) / 2 - group.centre) + 4 * len(block)
            if best is None or score < best[0]:
                best = (score, block)
    return best[1] if best else None
