"""The equations inside one table: 合计 = parts per row, parent code = sum of children, table total = top-level
rows, for two-sided summaries 合计 / 总计 = the items above them on each side, 增减 = this year − last year and
增减率 = 增减 ÷ last year.

A cell that is not printed counts as 0 (PDF-to-text drops empty cells), except a 小计 left blank, which stands for
its parts where a higher total adds it. Rows the table parser could not place ("unresolved") are left out here:
their cells are not known to be in the right columns (placement.py audits them).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ..models import Column, Row, Table
from ..parse._text import load_data
from .equations import Equation, Ref, Sheet, blame, evaluate
from .models import Check
from .roles import SumGroup, sum_groups

_SUB_ITEM = re.compile(r"^(?:[（(][一二三四五六七八九十]+[）)]|\d+\s*[、.．])")


def tolerance(table: Table) -> float:
    """Half a unit of the last printed digit: 0.005 万元, 0.5 元."""
    return 0.5 if table.unit == "元" else 0.005


def value(row: Row, column: str) -> float:
    cell = row.cell(column)
    return cell.value if cell is not None and cell.value is not None else 0.0


def has(row: Row, column: str) -> bool:
    cell = row.cell(column)
    return cell is not None and cell.value is not None


def is_percent(column: Column) -> bool:
    leaf = (column.path[-1] if column.path else "").replace(" ", "")
    return any(w in leaf for w in load_data("checks.json")["percent_labels"])


def is_difference(column: Column) -> bool:
    leaf = (column.path[-1] if column.path else "").replace(" ", "")
    return not is_percent(column) and leaf in load_data("checks.json")["difference_labels"]


def table_checks(table: Table) -> list[Check]:
    """The checks of one table on its own (the document-wide ones come from report.reconcile)."""
    sheet = Sheet.of([table])
    return checks_of(table_equations(table), sheet)


def table_equations(table: Table) -> list[Equation]:
    rows = [(i, r) for i, r in enumerate(table.rows) if r.status == "resolved"]
    return (
        list(row_sums(table, rows))
        + list(_parent_sums(table, rows))
        + list(_totals(table, rows))
        + list(changes(table, rows))
    )


def checks_of(equations: Sequence[Equation], sheet: Sheet) -> list[Check]:
    """Evaluate, name the wrong figure where the equations can tell, and word each result."""
    results = [evaluate(eq, sheet) for eq in equations]
    suspects = blame(equations, [r[2] for r in results], sheet)
    return [
        Check(
            kind=eq.kind,
            status=status,
            expected=expected,
            actual=actual,
            message=describe(eq, sheet, expected, actual, status, suspects.get(i, ())),
            pages=tuple(dict.fromkeys(p for p in (sheet.page(eq.target), *map(sheet.page, eq.parts[:1])) if p)),
            table_id=eq.target.table,
            row=sheet.row_label(eq.target),
            suspects=suspects.get(i, ()),
        )
        for i, (eq, (expected, actual, status)) in enumerate(zip(equations, results))
    ]


def describe(eq: Equation, sheet: Sheet, expected: float, actual: float, status: str, suspects) -> str:
    """「row」column: the printed figures and the arithmetic, then which figure is wrong where that is known."""
    target = sheet.cell_name(eq.target)
    if eq.rate:
        change, base = (sheet.value(p) for p in eq.parts)
        text = (
            f"{target} {fmt(actual)}% {'=' if status != 'failed' else '≠'} "
            f"{sheet.column_label(eq.parts[0])} {fmt(change)} ÷ {sheet.column_label(eq.parts[1])} {fmt(base)} "
            f"= {expected:.2f}%"
        )
    else:
        terms = [(eq.coef(i), p) for i, p in enumerate(eq.parts)]
        shown = terms if len(terms) <= 8 else terms[:6]
        sum_text = ""
        for k, (coef, ref) in enumerate(shown):
            sign = ("− " if coef < 0 else "+ ") if k else ("−" if coef < 0 else "")
            name = _part_name(eq, sheet, ref)
            factor = f" × {abs(coef):g}" if abs(abs(coef) - 1) > 1e-12 else ""
            printed = fmt(sheet.value(ref)) if sheet.printed(ref) else "空白"
            sum_text += f"{sign}{name} {printed}{factor} "
        if len(shown) < len(terms):
            sum_text += f"+ …（共 {len(terms)} 项）"
        relation = "=" if status != "failed" else "≠"
        text = f"{target} {fmt(actual)} {relation} {sum_text.strip()} = {fmt(expected)}"
    if eq.what:
        text = f"{eq.what}：{text}"
    figures = sheet.tentative.get((eq.target.table, eq.target.row))
    if figures is not None:
        text = (
            f"{sheet.tables[eq.target.table].label}「{sheet.row_label(eq.target)}」印有 {' '.join(figures)}，"
            f"无论放入哪几列都不能自洽；按最接近的放法：{text}"
        )
    if status == "rounding":
        text += "（末位舍入差异）"
    if status == "failed":
        text += "；" + blame_text(suspects)
    return text


def blame_text(suspects) -> str:
    if not suspects:
        return "无法确定是哪一个数字有误"
    if len(suspects) == 1:
        s = suspects[0]
        also = f"（改正后其参与的 {s.mends} 项核对均相符）" if s.mends > 1 else ""
        return f"有误的是：{s.text}{also}"
    return "有误的是其中之一：" + " 或 ".join(s.text for s in suspects)


def _part_name(eq: Equation, sheet: Sheet, ref: Ref) -> str:
    """A part in the same row is named by its column, one in the same column by its row, else by both."""
    if (ref.table, ref.row) == (eq.target.table, eq.target.row):
        return sheet.column_label(ref)
    if (ref.table, ref.column) == (eq.target.table, eq.target.column):
        return f"「{sheet.row_label(ref)}」"
    if ref.table == eq.target.table:
        return f"「{sheet.row_label(ref)}」{sheet.column_label(ref)}"
    return sheet.cell_name(ref)


def _expand(table: Table, row: Row, column: str, groups: Sequence[SumGroup], depth: int = 0) -> list[str]:
    """A part column; a 小计 left blank in this row stands for its own parts."""
    if has(row, column) or depth > 4:
        return [column]
    sub = next((g for g in groups if g.total == column), None)
    if sub is None:
        return [column]
    return [c for p in sub.parts for c in _expand(table, row, p, groups, depth + 1)]


def row_sums(table: Table, rows: Sequence[tuple[int, Row]]) -> Iterator[Equation]:
    tol = tolerance(table)
    groups = sum_groups(table)
    nested = {p for g in groups for p in g.parts}
    for group in groups:
        for i, row in rows:
            if not has(row, group.total) and (group.total in nested or not any(has(row, p) for p in group.parts)):
                continue  # a blank 小计 is given by its parts; nothing printed, nothing claimed
            parts = [c for p in group.parts for c in _expand(table, row, p, groups)]
            yield Equation(
                "row_sum",
                Ref(table.id, i, group.total),
                tuple(Ref(table.id, i, c) for c in parts),
                tol=tol,
            )


def _parent_sums(table: Table, rows: Sequence[tuple[int, Row]]) -> Iterator[Equation]:
    children: dict[str, list[int]] = {}
    for i, row in rows:
        if row.code and row.parent:
            children.setdefault(row.parent, []).append(i)
    for i, parent in rows:
        kids = children.get(parent.code or "")
        if kids:
            yield from _sum_equations(table, "parent_sum", i, kids)


def _totals(table: Table, rows: Sequence[tuple[int, Row]]) -> Iterator[Equation]:
    if any(r.side for _, r in rows):
        yield from _side_totals(table, rows)
        return
    tops = [i for i, r in rows if r.code and not r.parent and not r.is_total]
    totals = [i for i, r in rows if r.is_total and not r.code]
    for i in totals:
        if not tops:
            return
        yield from _sum_equations(table, "total", i, _covered(rows, totals, i) or tops)


def _covered(rows: Sequence[tuple[int, Row]], totals: Sequence[int], total: int) -> list[int]:
    """Halves printed side by side each close with their own total (人员经费合计 | 公用经费合计): with several totals
    each printed after its rows, a total covers the top-level rows since the previous one; else nothing (all)."""
    if len(totals) < 2 or min(totals) == rows[0][0]:
        return []
    start = max((t for t in totals if t < total), default=-1)
    return [i for i, r in rows if start < i < total and r.code and not r.parent and not r.is_total]


def _sum_equations(table: Table, kind: str, target: int, parts: Sequence[int]) -> Iterator[Equation]:
    """Per amount column: ``target`` = the sum of ``parts`` (a column empty on every side is skipped)."""
    tol = tolerance(table)
    for column in (c.key for c in table.columns if not is_percent(c)):
        if not has(table.rows[target], column) and not any(has(table.rows[p], column) for p in parts):
            continue
        yield Equation(
            kind,  # type: ignore[arg-type]
            Ref(table.id, target, column),
            tuple(Ref(table.id, p, column) for p in parts),
            tol=tol,
        )


def _side_totals(table: Table, rows: Sequence[tuple[int, Row]]) -> Iterator[Equation]:
    """Each side of a 收支总表: a 合计 adds the items since the last total, a 总计 adds the 合计 and what follows."""
    tol = tolerance(table)
    for side in dict.fromkeys(r.side for _, r in rows):
        column = _side_column(table, side)
        if column is None:
            continue
        items: list[int] = []
        subtotal: int | None = None
        side_rows = [(i, r) for i, r in rows if r.side == side]
        for k, (i, row) in enumerate(side_rows):
            if row.is_total:
                parts = list(items)
                if "总计" in row.name and subtotal is not None:
                    parts.insert(0, subtotal)
                yield Equation(
                    "total", Ref(table.id, i, column), tuple(Ref(table.id, p, column) for p in parts), tol=tol
                )
                subtotal, items = i, []
            elif not _SUB_ITEM.match(row.name) and not row.name.startswith("其中"):
                items.extend(_item_rows(side_rows, k, column))


def _item_rows(rows: Sequence[tuple[int, Row]], k: int, column: str) -> list[int]:
    """A top item, or, where its amount is not printed, its （一）（二） sub-items."""
    if has(rows[k][1], column):
        return [rows[k][0]]
    subs = []
    for i, row in rows[k + 1 :]:
        if not _SUB_ITEM.match(row.name):
            break
        subs.append(i)
    return subs or [rows[k][0]]


def _side_column(table: Table, side: str | None) -> str | None:
    keyed = [c for c in table.columns if c.side == side]
    if keyed:
        return keyed[0].key
    index = {"收入": 0, "支出": 1}.get(side or "", 0)
    return table.columns[index].key if len(table.columns) > index else None


# --- 增减 and 增减率 -------------------------------------------------------------------------------------------


def change_columns(table: Table, rows: Sequence[Row]) -> list[tuple[str, str, str, str | None]]:
    """(增减 column, earlier column, later column, 增减率 column or None) for each 增减 column whose two figures the
    table's own rows show: the pair of earlier amount columns that most rows satisfy (later − earlier = 增减), ties
    broken by the header ("2023年预算数比2022年执行数" names later 比 earlier)."""
    out = []
    columns = list(table.columns)
    for k, diff in enumerate(columns):
        if not is_difference(diff):
            continue
        earlier = [c for c in columns[:k] if c.side == diff.side and not is_percent(c) and not is_difference(c)]
        printed = [r for r in rows if has(r, diff.key)]
        if len(earlier) < 2 or not printed:
            continue
        tol = tolerance(table)
        best: tuple | None = None
        for a in range(len(earlier)):
            for b in range(a + 1, len(earlier)):
                ca, cb = earlier[a], earlier[b]
                fits = sum(abs(value(r, cb.key) - value(r, ca.key) - value(r, diff.key)) <= 2 * tol for r in printed)
                score = (fits, _header_score(diff, ca, cb), -_rank(columns, ca) - _rank(columns, cb))
                if best is None or score > best[0]:
                    best = (score, ca.key, cb.key)
        if best is None or best[0][0] * 2 < len(printed) or (len(printed) == 1 and best[0][0] == 0):
            continue
        rate = columns[k + 1] if k + 1 < len(columns) and is_percent(columns[k + 1]) else None
        out.append((diff.key, best[1], best[2], rate.key if rate else None))
    return out


def _rank(columns: Sequence[Column], column: Column) -> int:
    """Position of a column among those under the same top header: the first is the figure itself."""
    group = [c for c in columns if c.path[:1] == column.path[:1] and c.side == column.side]
    return group.index(column)


def _header_score(diff: Column, earlier: Column, later: Column) -> int:
    """2: the header names the later figure before 比 and the earlier after it; qualifiers ("（扣除…）") matched."""
    head = "".join(diff.path[:-1]).replace(" ", "")
    if "比" not in head:
        return 0
    before, after = head.split("比", 1)
    score = int(bool(later.path) and later.path[0].replace(" ", "") in before)
    score += int(bool(earlier.path) and earlier.path[0].replace(" ", "") in after)
    qualifier = re.findall(r"[（(]([^）)]+)[）)]", after)
    if qualifier:
        words = {qualifier[0][i : i + 2] for i in range(len(qualifier[0]) - 1)}
        score += sum(any(w in "".join(c.path) for w in words) for c in (earlier, later))
    return score


def changes(table: Table, rows: Sequence[tuple[int, Row]], pairs: Sequence | None = None) -> Iterator[Equation]:
    """增减 = later − earlier and 增减率 = 增减 ÷ earlier per row (``pairs``: the 增减 columns, else learned)."""
    tol = tolerance(table)
    for diff, earlier, later, rate in change_columns(table, [r for _, r in rows]) if pairs is None else pairs:
        for i, row in rows:
            if has(row, diff):
                yield Equation(
                    "difference",
                    Ref(table.id, i, diff),
                    (Ref(table.id, i, later), Ref(table.id, i, earlier)),
                    coefs=(1.0, -1.0),
                    tol=tol,
                )
            cell = row.cell(rate) if rate else None
            if rate and cell is not None and cell.value is not None and value(row, earlier):
                yield Equation(
                    "rate",
                    Ref(table.id, i, rate),
                    (Ref(table.id, i, diff), Ref(table.id, i, earlier)),
                    rate=True,
                    tol=tol,
                    pct_tol=_half_unit(cell.text),
                )


def _half_unit(text: str) -> float:
    digits = text.strip().rstrip("%％").split(".")
    return 0.5 * 10 ** (-len(digits[1])) if len(digits) > 1 else 0.5


def fmt(amount: float) -> str:
    """4,534.39 / 171,915,169: thousands separators, cents only where there are some."""
    return f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
