"""Tables read once per session from the seed text and the two real PDFs (skipped where the PDFs are absent)."""

from __future__ import annotations

import pytest

from budgetqa.parse.tables import read_tables


@pytest.fixture(scope="session")
def seed_tables(seed_raw):
    return read_tables(seed_raw.lines)


@pytest.fixture(scope="session")
def swu_tables(swu_raw):
    return read_tables(swu_raw.lines)


@pytest.fixture(scope="session")
def sh_tables(sh_raw):
    return read_tables(sh_raw.lines)


def _values(table, row) -> dict[str, float | None]:
    return {"/".join(table.column(c.column).path): c.value for c in row.cells}


def _row(table, code=None, name=None, side=None):
    for row in table.rows:
        if (
            (code is None or row.code == code)
            and (name is None or row.name == name)
            and (side is None or row.side == side)
        ):
            return row
    raise AssertionError(f"no row code={code} name={name} side={side} in {table.label}")


@pytest.fixture(scope="session")
def values_of():
    """values_of(table, row) → {"2023年预算数/年初预算数/基本支出": 1284.32, …}."""
    return _values


@pytest.fixture(scope="session")
def row_of():
    """row_of(table, code=…, name=…, side=…) → the first matching Row."""
    return _row
