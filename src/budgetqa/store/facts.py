"""Table cells as facts with provenance, and the SQLite table that keeps them queryable."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator

from ..models import Disclosure, Fact

_COLUMNS = tuple(Fact.model_fields)

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS facts (
    {
    ", ".join(
        f"{c} {'REAL' if c == 'value' else 'INTEGER' if c in ('row_index', 'page', 'line') else 'TEXT'}"
        for c in _COLUMNS
    )
}
);
CREATE INDEX IF NOT EXISTS facts_code ON facts (doc_id, row_code);
CREATE INDEX IF NOT EXISTS facts_table ON facts (doc_id, table_id, row_index);
"""


def facts_of(doc: Disclosure) -> Iterator[Fact]:
    """Every cell of every table, numeric or not, with where it was printed."""
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                yield Fact(
                    doc_id=doc.id,
                    table_id=table.id,
                    table_label=table.label,
                    table_kind=table.kind,
                    row_index=row.index,
                    row_code=row.code,
                    row_name=row.name,
                    row_side=row.side,
                    column_key=cell.column,
                    column_label=table.column(cell.column).label,
                    value=cell.value,
                    text=cell.text,
                    unit=cell.unit,
                    page=row.page,
                    line=row.line,
                    row_raw=row.raw,
                )


def write_facts(conn: sqlite3.Connection, facts: Iterable[Fact]) -> int:
    conn.executescript(SCHEMA)
    rows = [tuple(getattr(f, c) for c in _COLUMNS) for f in facts]
    conn.executemany(f"INSERT INTO facts VALUES ({', '.join('?' * len(_COLUMNS))})", rows)
    conn.commit()
    return len(rows)


def delete_doc(conn: sqlite3.Connection, doc_id: str) -> None:
    conn.executescript(SCHEMA)
    conn.execute("DELETE FROM facts WHERE doc_id = ?", (doc_id,))
    conn.commit()


def query_facts(conn: sqlite3.Connection, where: str = "1=1", params: tuple = ()) -> list[Fact]:
    """Facts matching a SQL condition over the fact columns, in document order."""
    cur = conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM facts WHERE {where} ORDER BY rowid", params)
    return [Fact(**dict(zip(_COLUMNS, r))) for r in cur.fetchall()]
