"""The same figure printed in two tables must agree (收支总表 支出总计 = 支出总表 合计, …); pairs are data."""

from __future__ import annotations

from collections.abc import Iterator

from ..models import Disclosure, Row, Table
from ..parse._text import load_data
from .arithmetic import has, tolerance
from .equations import Equation, Ref
from .roles import role, total_column

_TO_WAN = {"元": 1e-4, "万元": 1.0, "亿元": 1e4}


def cross_equations(doc: Disclosure) -> Iterator[Equation]:
    """figure in table a = the same figure in table b (in a's unit)."""
    for rule in load_data("checks.json")["cross_table"]:
        a, b = _locate(doc, rule["a"]), _locate(doc, rule["b"])
        if a is None or b is None:
            continue
        (ta, ra, ca), (tb, rb, cb) = a, b
        if (ta.id, ra.index, ra.side, ca) == (tb.id, rb.index, rb.side, cb):
            continue
        factor = _TO_WAN.get(tb.unit, 1.0) / _TO_WAN.get(ta.unit, 1.0)
        yield Equation(
            "cross_table",
            Ref(ta.id, ta.rows.index(ra), ca),
            (Ref(tb.id, tb.rows.index(rb), cb),),
            coefs=(factor,),
            tol=max(tolerance(ta), tolerance(tb) * factor) if ta.unit != tb.unit else tolerance(ta),
            what=rule["what"],
        )


def _locate(doc: Disclosure, sel: dict) -> tuple[Table, Row, str] | None:
    """(table, row, column key) named by a selector, where the cell is printed."""
    table = next((t for t in doc.tables if t.kind == sel["kind"] and not t.empty), None)
    if table is None:
        return None
    rows = [r for r in table.rows if r.status == "resolved" and (sel.get("side") is None or r.side == sel["side"])]
    words = [sel["row"]] if isinstance(sel["row"], str) else sel["row"]
    row = _total_row(rows) if words == ["@total"] else next((r for word in words for r in rows if word in r.name), None)
    if row is None:
        return None
    column = _column(table, row, sel)
    if column is None or not has(row, column) or not _label_fits(table.column(column).label, sel):
        return None
    return table, row, column


def _label_fits(label: str, sel: dict) -> bool:
    """A total column headed 本年收入合计 leaves out 上年结转: it matches the summary's 本年收入合计, not its 总计."""
    return sel.get("label_has", "") in label and not (sel.get("label_lacks") and sel["label_lacks"] in label)


def _total_row(rows: list[Row]) -> Row | None:
    return next((r for r in rows if r.is_total and not r.code), None)


def _column(table: Table, row: Row, sel: dict) -> str | None:
    within = sel.get("within")
    if sel["column"] == "@side":
        keyed = [c for c in table.columns if c.side == row.side]
        if keyed:
            return keyed[0].key
        printed = [c.column for c in row.cells if c.value is not None]
        return printed[0] if len(printed) == 1 else None
    if sel["column"] == "@total":
        column = total_column(table, within)
        return column.key if column else None
    for column in table.columns:
        if sel["column"] in column.label and (within is None or within in column.label) and role(column) != "total":
            return column.key
    return None
