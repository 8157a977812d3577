"""Budget tables out of a document's lines: find them, rebuild their headers, place every figure in its column.

``read_tables`` is what ``parse.document`` calls; it never raises on odd input (a document without tables gives an
empty result) and marks every row it could not place with certainty as "unresolved" with a note.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ...models import Line, Table
from .build import apply_hint, finish, prepare
from .draft import Draft, draft_table
from .hints import hints_for
from .segment import find_spans

__all__ = ["TablesRead", "read_tables"]


@dataclass(frozen=True)
class TablesRead:
    tables: list[Table]  # ids "t1", "t2", … in document order
    claimed: frozenset[int]  # Line.number of every line that belongs to a table


def read_tables(lines: Sequence[Line], default_unit: str = "万元") -> TablesRead:
    lines = [ln for ln in lines if ln.text.strip()]
    drafts: list[Draft] = [draft_table(span, lines) for span in find_spans(lines)]
    for draft in drafts:
        prepare(draft)
    for draft in drafts:  # one table's settled figures narrow another's open rows
        for hint in hints_for(draft, drafts):
            apply_hint(draft, hint)
    tables = [finish(d, f"t{i}", default_unit) for i, d in enumerate(drafts, start=1)]
    claimed = frozenset(n for d in drafts for n in d.claimed)
    return TablesRead(tables=tables, claimed=claimed)
