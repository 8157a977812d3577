"""What the printed figures of a disclosure claim about each other, as equations over cells, and which figure is
wrong when one fails.

Every table check (row sum, parent sum, table total, 增减, 增减率) and every cross-table check is an Equation over
cell references. A failed equation is explained by a figure when correcting that one figure makes every equation
it takes part in hold: the leaf whose correction mends both its row sum and its parent sum, rather than the 合计
that only its row sum would blame. Where exactly one figure of the equation explains it, that figure is named; where
several do, all of them are (an auditor then knows where to look); where none does, nothing is claimed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..models import Table
from .models import CheckKind, Status, Suspect


@dataclass(frozen=True)
class Ref:
    """One cell: table id, position of the row in ``table.rows``, column key."""

    table: str
    row: int
    column: str


@dataclass(frozen=True)
class Equation:
    """Linear: target = Σ coef·part. Rate: target (%) = 100 · parts[0] / parts[1]."""

    kind: CheckKind
    target: Ref
    parts: tuple[Ref, ...]
    coefs: tuple[float, ...] = ()
    rate: bool = False
    tol: float = 0.005  # half a unit of the last printed digit of the amounts
    pct_tol: float = 0.005  # half a unit of the last printed digit of a percent
    what: str = ""  # Chinese, how the arithmetic is stated: "合计 = 基本支出 + 项目支出"

    def coef(self, i: int) -> float:
        return self.coefs[i] if self.coefs else 1.0


@dataclass
class Sheet:
    """The document's figures by cell (None = not printed) and how to name a cell."""

    tables: dict[str, Table]
    values: dict[Ref, float | None] = field(default_factory=dict)
    # rows no placement fits, placed where they break the fewest checks: (table id, row) → figures as printed
    tentative: dict[tuple[str, int], tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, tables: Iterable[Table], tentative: dict[tuple[str, int], tuple[str, ...]] | None = None) -> Sheet:
        sheet = cls({t.id: t for t in tables}, tentative=dict(tentative or {}))
        for table in sheet.tables.values():
            for i, row in enumerate(table.rows):
                for cell in row.cells:
                    sheet.values[Ref(table.id, i, cell.column)] = cell.value
        return sheet

    def value(self, ref: Ref, override: dict[Ref, float] | None = None) -> float:
        if override and ref in override:
            return override[ref]
        v = self.values.get(ref)
        return v if v is not None else 0.0

    def printed(self, ref: Ref) -> bool:
        return self.values.get(ref) is not None

    def row_label(self, ref: Ref) -> str:
        row = self.tables[ref.table].rows[ref.row]
        return f"{row.code} {row.name}" if row.code else row.name

    def column_label(self, ref: Ref) -> str:
        return self.tables[ref.table].column(ref.column).label

    def cell_name(self, ref: Ref, table_too: bool = True) -> str:
        table = self.tables[ref.table]
        side = f"（{table.rows[ref.row].side}）" if table.rows[ref.row].side else ""
        head = f"{table.label}{side}" if table_too else ""
        return f"{head}「{self.row_label(ref)}」{self.column_label(ref)}"

    def page(self, ref: Ref) -> int | None:
        return self.tables[ref.table].rows[ref.row].page


def evaluate(eq: Equation, sheet: Sheet, override: dict[Ref, float] | None = None) -> tuple[float, float, Status]:
    """(expected, actual, status) of an equation, with some cells replaced by ``override``."""
    actual = sheet.value(eq.target, override)
    if eq.rate:
        change, base = (sheet.value(p, override) for p in eq.parts)
        if base == 0:
            return actual, actual, "ok"
        expected = round(100 * change / base, 6)
        slack = eq.pct_tol + 100 * eq.tol * (1 + abs(change / base)) / abs(base)
        diff = abs(expected - actual)
        status: Status = "ok" if diff <= slack + 1e-9 else "rounding" if diff <= 2 * slack + 0.01 + 1e-9 else "failed"
        return expected, actual, status
    expected = round(sum(eq.coef(i) * sheet.value(p, override) for i, p in enumerate(eq.parts)), 6)
    return expected, actual, judge(expected, actual, len(eq.parts), eq.tol)


def judge(expected: float, actual: float, parts: int, tol: float) -> Status:
    diff = abs(expected - actual)
    if diff <= tol + 1e-9:
        return "ok"
    return "rounding" if diff <= 2 * tol * max(parts, 1) + 1e-9 else "failed"


def solve_for(eq: Equation, ref: Ref, sheet: Sheet) -> float | None:
    """The value of ``ref`` that makes ``eq`` hold exactly, the other figures as printed."""
    if ref == eq.target:
        return evaluate(eq, sheet)[0]
    if eq.rate:
        change, base = (sheet.value(p) for p in eq.parts)
        pct = sheet.value(eq.target)
        if ref == eq.parts[0]:
            return round(pct * base / 100, 6)
        return round(100 * change / pct, 6) if pct else None
    others = sum(eq.coef(i) * sheet.value(p) for i, p in enumerate(eq.parts) if p != ref)
    coef = sum(eq.coef(i) for i, p in enumerate(eq.parts) if p == ref)
    if not coef:
        return None
    return round((sheet.value(eq.target) - others) / coef, 6)


def blame(equations: Sequence[Equation], statuses: Sequence[Status], sheet: Sheet) -> dict[int, tuple[Suspect, ...]]:
    """For each failed equation (by position): the figures whose single correction mends every equation they are
    in. Among several, the ones that mend the most failed equations win (a majority of the checks agree)."""
    by_cell: dict[Ref, list[int]] = {}
    for i, eq in enumerate(equations):
        for ref in (eq.target, *eq.parts):
            by_cell.setdefault(ref, []).append(i)
    failed = [i for i, s in enumerate(statuses) if s == "failed"]
    mends: dict[Ref, tuple[float, int]] = {}  # cell → (corrected value, failed equations mended)
    for ref in dict.fromkeys(r for i in failed for r in (equations[i].target, *equations[i].parts)):
        mine = by_cell[ref]
        sources = sorted((i for i in mine if statuses[i] == "failed"), key=lambda i: equations[i].rate)
        for source in sources:
            corrected = solve_for(equations[source], ref, sheet)
            if corrected is None or (not sheet.printed(ref) and abs(corrected) < 1e-9):
                continue
            override = {ref: corrected}
            if all(evaluate(equations[i], sheet, override)[2] != "failed" for i in mine):
                mends[ref] = (corrected, sum(statuses[i] == "failed" for i in mine))
                break
    out: dict[int, tuple[Suspect, ...]] = {}
    for i in failed:
        eq = equations[i]
        found = [(r, *mends[r]) for r in dict.fromkeys((eq.target, *eq.parts)) if r in mends]
        if any(sheet.printed(r) for r, _, _ in found):  # a blank is blamed only where no printed figure explains
            found = [f for f in found if sheet.printed(f[0])]
        if not found:
            continue
        best = max(n for _, _, n in found)
        out[i] = tuple(_suspect(sheet, r, v, n) for r, v, n in found if n == best)
    return out


def _suspect(sheet: Sheet, ref: Ref, corrected: float, mended: int) -> Suspect:
    from .arithmetic import fmt, is_percent

    raw = sheet.values.get(ref)
    pct = "%" if is_percent(sheet.tables[ref.table].column(ref.column)) else ""
    return Suspect(
        table_id=ref.table,
        row=sheet.row_label(ref),
        column=sheet.column_label(ref),
        where=sheet.cell_name(ref),
        printed=raw,
        should_be=round(corrected, 6),
        mends=mended,
        text=f"{sheet.cell_name(ref)} 印为 {fmt(raw) + pct if raw is not None else '空白'}，应为 {fmt(corrected) + pct}",
    )


def cells_of(equations: Iterable[Equation]) -> set[Ref]:
    return {r for eq in equations for r in (eq.target, *eq.parts)}
