"""Put each row's figures in their columns: by position when known, else by the table's own arithmetic.

Plain text drops empty cells, so k figures may sit in any k of n columns (in order). Each placement is scored by
the row's arithmetic; placements that survive are narrowed across rows (a parent = the sum of its children, column
by column) and by hints from other tables. One survivor: resolved. None or several: unresolved, with a note.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .arithmetic import Arithmetic

Placement = dict[int, float]  # column index → value
MAX_JOINT = 200_000


@dataclass
class Work:
    """One row being solved."""

    code: str | None
    values: list[float]
    percents: list[bool]
    decimals: int
    fixed: tuple[int, ...] | None = None  # columns known from positions
    candidates: list[tuple[int, ...]] = field(default_factory=list)
    nearest: list[tuple[int, ...]] = field(default_factory=list)  # least-violating placements when none fits
    violations: list[str] = field(default_factory=list)

    @property
    def tol(self) -> float:
        return 0.5 * 10 ** (-self.decimals) + 1e-9

    def placed(self, cols: tuple[int, ...]) -> Placement:
        return dict(zip(cols, self.values))


def place_row(work: Work, arithmetic: Arithmetic, columns: Sequence[int]) -> None:
    """Fill work.candidates with the placements over ``columns`` the row's arithmetic accepts."""
    k, n = len(work.values), len(columns)
    if work.fixed is not None:
        work.candidates = [work.fixed]
        work.violations = arithmetic.violations(work.placed(work.fixed), work.code, work.tol)
        return
    if k == 0:
        work.candidates = [()]
        return
    if k > n:
        work.candidates = []
        work.violations = [f"{k} figures for {n} columns"]
        return
    scored: list[tuple[int, tuple[int, ...], list[str]]] = []
    for combo in itertools.combinations(columns, k):
        if not all(arithmetic.accepts(c, p) for c, p in zip(combo, work.percents)):
            continue
        bad = arithmetic.violations(work.placed(combo), work.code, work.tol)
        scored.append((len(bad), combo, bad))
    work.candidates = [c for n_bad, c, _ in scored if n_bad == 0]
    if not work.candidates and scored:
        least = min(s[0] for s in scored)
        work.nearest = [c for n_bad, c, _ in scored if n_bad == least]
        work.violations = next(bad for n_bad, _, bad in scored if n_bad == least)
    elif not scored:
        work.violations = ["no column takes these figures"]


def narrow_by(work: Work, keep: Callable[[Placement], bool]) -> None:
    """Drop candidates a hint rules out, unless it would rule out all of them."""
    kept = [c for c in work.candidates if keep(work.placed(c))]
    if kept:
        work.candidates = kept


def propagate(groups: Sequence[tuple[Work, Sequence[Work]]], additive: Sequence[int]) -> None:
    """Parent = sum of children in every additive column: keep only placements some consistent whole allows."""
    changed = True
    while changed:
        changed = False
        for parent, children in groups:
            members = [parent, *children]
            if any(not m.candidates for m in members):
                continue
            if parent.candidates and len(parent.candidates) == 1:
                changed |= _prune_zero_columns(parent, children, additive)
            sizes = [len(m.candidates) for m in members]
            if math.prod(sizes) in (1,) or math.prod(sizes) > MAX_JOINT:
                continue
            tol = max(m.tol for m in members) * (len(children) + 1)
            seen: list[set[tuple[int, ...]]] = [set() for _ in members]
            for combo in itertools.product(*(m.candidates for m in members)):
                placed = [m.placed(c) for m, c in zip(members, combo)]
                if all(
                    abs(placed[0].get(col, 0.0) - sum(p.get(col, 0.0) for p in placed[1:])) <= tol for col in additive
                ):
                    for s, c in zip(seen, combo):
                        s.add(c)
            if not seen[0]:
                continue
            for m, s in zip(members, seen):
                if len(s) < len(m.candidates):
                    m.candidates = [c for c in m.candidates if c in s]
                    changed = True


def _prune_zero_columns(parent: Work, children: Sequence[Work], additive: Sequence[int]) -> bool:
    """A column empty in a settled parent is empty in all its children."""
    empty = [c for c in additive if not parent.placed(parent.candidates[0]).get(c)]
    changed = False
    for child in children:
        kept = [c for c in child.candidates if not any(child.placed(c).get(col) for col in empty)]
        if kept and len(kept) < len(child.candidates):
            child.candidates = kept
            changed = True
    return changed


def agreed(work: Work) -> Placement:
    """The cells every remaining (or least-violating) placement agrees on."""
    options = [work.placed(c) for c in (work.candidates or work.nearest)]
    if not options:
        return {}
    first = options[0]
    return {col: v for col, v in first.items() if all(o.get(col) == v for o in options[1:])}
