"""Drafts → solved rows → models.Table: codes to levels and parents, figures to cells, doubts to notes."""

from __future__ import annotations

from collections.abc import Callable

from ...models import Cell, Column, Row, Table
from .cells import cell_unit, join_spaced, squeeze
from .draft import Draft, RowDraft
from .kinds import classification_of, is_two_sided
from .rules import in_vocab, rules
from .solve import Work, agreed, place_row, propagate

LEVELS = {3: "类", 5: "款", 7: "项"}
Hint = Callable[[Draft, RowDraft], Callable[[dict[int, float]], bool] | None]


def name_of(row: RowDraft) -> str:
    return join_spaced("".join([*row.seg.prefix, row.seg.name, *row.seg.suffix]))


def prepare(draft: Draft) -> None:
    """Totals marked, nameless lines merged, every row's placements enumerated and narrowed by parent sums."""
    _merge_orphans(draft)
    two = is_two_sided(draft.kind)
    coded_seen = False
    for row in draft.rows:
        name = squeeze(name_of(row))
        if row.seg.code and len(row.seg.code) == 6:
            row.is_total = True
        elif row.seg.code is None:
            row.is_total = (
                in_vocab(name, "total_row_names")
                or "合计" in name
                or "总计" in name
                or (not two and (not name or not coded_seen))
            )
        coded_seen |= row.seg.code is not None
        if not name and not row.seg.code:
            row.seg.name = "合计"
        cols = draft.columns_of(row.side)
        values = [n for n, _ in row.seg.values]
        row.work = Work(
            code=row.seg.code if row.seg.code and len(row.seg.code) != 6 else None,
            values=[v.value for v in values],
            percents=[v.percent for v in values],
            decimals=max([_decimals(v.text) for v in values] or [2]),
            fixed=_fixed(draft, row, cols),
        )
        place_row(row.work, draft.arithmetic[row.side], range(len(cols)))
    solve_groups(draft)


def solve_groups(draft: Draft) -> None:
    for side, arith in draft.arithmetic.items():
        additive = [i for i, r in enumerate(arith.roles) if r.additive]
        rows = [r for r in draft.rows if r.side == side and r.work is not None]
        by_code = {}
        for r in rows:
            if r.seg.code and len(r.seg.code) != 6:
                by_code.setdefault(r.seg.code, r)
        groups = []
        for code, parent in by_code.items():
            kids = [r.work for c, r in by_code.items() if len(c) == len(code) + 2 and c.startswith(code)]
            if kids:
                groups.append((parent.work, kids))
        tops = [r.work for c, r in by_code.items() if len(c) == 3]
        for r in rows:
            if r.is_total and tops and not is_two_sided(draft.kind):
                groups.append((r.work, tops))
        propagate(groups, additive)


def apply_hint(draft: Draft, hint: Hint) -> None:
    changed = False
    for row in draft.rows:
        if row.work is None or len(row.work.candidates) < 2:
            continue
        keep = hint(draft, row)
        if keep is not None:
            before = len(row.work.candidates)
            kept = [c for c in row.work.candidates if keep(_global(draft, row, row.work.placed(c)))]
            if kept:
                row.work.candidates = kept
            changed |= len(row.work.candidates) < before
    if changed:
        solve_groups(draft)


def values_by_label(draft: Draft, row: RowDraft) -> dict[int, float]:
    """The row's settled figures by global column index (empty when unresolved)."""
    w = row.work
    if w is None or len(w.candidates) != 1:
        return {}
    return _global(draft, row, w.placed(w.candidates[0]))


def finish(draft: Draft, table_id: str, default_unit: str) -> Table:
    unit = draft.span.unit or default_unit
    columns = tuple(Column(key=f"c{i}", path=p, side=s) for i, (p, s) in enumerate(zip(draft.paths, draft.sides)))
    has_values = any(r.seg.values for r in draft.rows)
    note = " ".join(draft.notes) or None
    markers = rules()["empty_note_markers"]
    empty = not has_values or bool(note and any(m in squeeze(note) for m in markers) and not has_values)
    rows: list[Row] = []
    if not empty:
        counters: dict[str | None, int] = {}
        for r in draft.rows:
            index = counters.get(r.side, 0)
            counters[r.side] = index + 1
            rows.append(_row(draft, r, index, unit))
    codes = [r.code for r in rows if r.code and len(r.code) != 6]
    return Table(
        id=table_id,
        number=draft.span.number,
        title=draft.span.title,
        kind=draft.kind,  # type: ignore[arg-type]
        unit=unit,
        page=draft.title_page,
        classification=classification_of(draft.kind, codes) if codes or draft.kind else None,  # type: ignore[arg-type]
        columns=columns,
        rows=tuple(rows),
        note=note,
        empty=empty,
    )


def _row(draft: Draft, r: RowDraft, index: int, unit: str) -> Row:
    w = r.work
    assert w is not None
    cols = draft.columns_of(r.side)
    code = r.seg.code
    status, note = "resolved", None
    if len(w.candidates) == 1:
        chosen = w.placed(w.candidates[0])
        if w.violations:
            note = "figures placed by position; arithmetic does not hold: " + "; ".join(w.violations)
    else:
        chosen = agreed(w)
        status = "unresolved"
        note = _doubt(draft, r, chosen)
    cells = []
    used: set[int] = set()
    for local, value in sorted(chosen.items()):
        k = next(i for i, v in enumerate(w.values) if v == value and i not in used)
        used.add(k)
        number = r.seg.values[k][0]
        cells.append(Cell(column=f"c{cols[local]}", value=number.value, text=number.text, unit=cell_unit(number, unit)))
    classification = classification_of(draft.kind, [code] if code else [])
    level = LEVELS.get(len(code)) if code and len(code) != 6 else None
    if classification == "economic" and level == "项":
        level = None
    return Row(
        index=index,
        code=code,
        name=name_of(r),
        level=level,
        parent=code[:-2] if code and len(code) in (5, 7) else None,
        is_total=r.is_total,
        side=r.side,
        cells=tuple(cells),
        status=status,  # type: ignore[arg-type]
        note="; ".join(x for x in (r.misprint, note) if x) or None,
        raw=r.line.text.strip(),
        page=r.line.page,
        line=r.line.number,
    )


def _doubt(draft: Draft, r: RowDraft, chosen: dict[int, float]) -> str:
    w = r.work
    assert w is not None
    cols = draft.columns_of(r.side)
    label = lambda i: " / ".join(draft.paths[cols[i]])  # noqa: E731
    if w.candidates:
        opts = [
            "{" + ", ".join(f"{label(c)}={v:g}" for c, v in sorted(w.placed(p).items()) if c not in chosen) + "}"
            for p in w.candidates[:4]
        ]
        return f"{len(w.candidates)} placements fit the arithmetic: " + " or ".join(opts)
    why = "; ".join(w.violations) or "no placement"
    loose = [f"{v:g}" for v in w.values]
    return f"no placement of {' '.join(loose)} satisfies the arithmetic ({why}); only cells common to the closest placements are kept"


def _global(draft: Draft, row: RowDraft, placed: dict[int, float]) -> dict[int, float]:
    cols = draft.columns_of(row.side)
    return {cols[i]: v for i, v in placed.items()}


def _fixed(draft: Draft, row: RowDraft, cols: list[int]) -> tuple[int, ...] | None:
    """Columns by position (PDF): each figure in the nearest column; None when two would share one."""
    if draft.xs is None or not row.seg.values or any(t.x0 is None for _, t in row.seg.values):
        return None
    out = []
    for _, tok in row.seg.values:
        dist = [
            (-_overlap(tok.x0, tok.x1, *draft.xs[c]), abs((tok.x0 + tok.x1) / 2 - sum(draft.xs[c]) / 2), i)
            for i, c in enumerate(cols)
        ]
        out.append(min(dist)[2])
    return tuple(out) if all(a < b for a, b in zip(out, out[1:])) else None


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def _decimals(text: str) -> int:
    t = text.rstrip("%").strip()
    return len(t.split(".")[1]) if "." in t else 0


def _merge_orphans(draft: Draft) -> None:
    """A PDF line of figures alone (wrapped a little higher) joins the next row when their columns do not clash."""
    if draft.xs is None:
        return
    keep: list[RowDraft] = []
    i = 0
    rows = draft.rows
    while i < len(rows):
        r = rows[i]
        nxt = rows[i + 1] if i + 1 < len(rows) else None
        if (
            nxt is not None
            and not r.seg.code
            and not r.seg.name
            and not r.seg.prefix
            and r.side == nxt.side
            and r.seg.values
            and nxt.seg.values
        ):
            merged = sorted(r.seg.values + nxt.seg.values, key=lambda v: v[1].x0 or 0)
            cols = draft.columns_of(nxt.side)
            old = nxt.seg.values
            nxt.seg.values = merged
            if _fixed(draft, nxt, cols) is not None:
                i += 1
                continue
            nxt.seg.values = old
        keep.append(r)
        i += 1
    draft.rows = keep
