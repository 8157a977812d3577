"""Row names that cannot be as printed: an enumeration with its numeral missing ("、一般公共预算资金") or doubled
separators ("三、、医疗…"), and one code named differently in two tables by a character or two.

A text layer never produces these; a misread does (OCR drops a thin 一, doubles a 、, swaps a character), and a
name is what a question finds a row by, so such a row is reported like a figure that does not add up.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator

from ..models import Disclosure, Row, Table
from .models import Check

# An enumeration separator with no numeral before it: at the start of the name, or right after another separator.
SEPARATORS = "、．"
# A name that starts with two enumerations of one kind ("三、三、医疗…") repeats its 序号.
REPEATED_NUMBER = re.compile(r"([一二三四五六七八九十\d]+[、．])[一二三四五六七八九十\d]+[、．]")
# Two names of one code that differ in at most this many characters (same length) are one name misread.
MAX_MISREAD = 2


def name_checks(doc: Disclosure) -> Iterator[Check]:
    """A failed check per row whose name is malformed or disagrees with the same code's name elsewhere."""
    names: dict[str, Counter] = defaultdict(Counter)
    for table in doc.tables:
        for row in table.rows:
            if row.code:
                names[row.code][_plain(row.name)] += 1
    for table in doc.tables:
        for row in table.rows:
            problem = _malformed(row.name) or _misnamed(row, names)
            if problem:
                yield _check(table, row, problem)


def _plain(name: str) -> str:
    return "".join(name.split())


def _malformed(name: str) -> str | None:
    plain = _plain(name)
    if plain[:1] in SEPARATORS:
        return f"行名「{name}」以「{plain[0]}」开头，缺少序号（一、二、……）"
    if any(a in SEPARATORS and b in SEPARATORS for a, b in zip(plain, plain[1:])):
        return f"行名「{name}」中序号分隔符重复"
    if REPEATED_NUMBER.match(plain):
        return f"行名「{name}」的序号重复"
    return None


def _misnamed(row: Row, names: dict[str, Counter]) -> str | None:
    """The name of ``row``'s code is printed otherwise more often elsewhere, differing by a character or two."""
    if not row.code:
        return None
    mine = _plain(row.name)
    counts = names[row.code]
    for other, n in counts.most_common():
        if other == mine or n <= counts[mine] or len(other) != len(mine):
            continue
        if sum(a != b for a, b in zip(other, mine)) <= MAX_MISREAD:
            return f"科目 {row.code} 的行名「{row.name}」与文中其他表格的「{other}」不一致"
    return None


def _check(table: Table, row: Row, message: str) -> Check:
    return Check(
        kind="row_name",
        status="failed",
        expected=None,
        actual=None,
        message=message,
        pages=(row.page,) if row.page else ((table.page,) if table.page else ()),
        table_id=table.id,
        row=f"{row.code or ''} {row.name}".strip(),
    )
