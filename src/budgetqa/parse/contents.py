"""The tables a document's 目录 lists, as printed: what the table reader must find.

The 目录 starts at a "目录" line near the front and runs over the following pages while they hold only short entry
lines (no sentence); an entry names a table when, stripped of its number, dot leaders and page number, it ends in
表 and its title is a known table kind.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..models import Line
from ._text import nfkc
from .tables.cells import squeeze
from .tables.kinds import kind_of

CONTENTS_PAGES = 4  # a 目录 begins within the first pages
MAX_ENTRY = 60
_LEADER = re.compile(r"\s*(?:[.．。·…⋯_\-—]{2,}|\s{3,})\s*\d*\s*$|\s+\d{1,3}\s*$")
_NUMBER = re.compile(
    r"^\s*(?:(?:(?:单位|部门)?公开表|表)\s*\d+(?:-\d+)?\s*[:：.．、]?|\d{1,2}\s*[.．、]|[一二三四五六七八九十]+\s*、)\s*"
)
_PART = re.compile(r"^第[一二三四五六七八九十]+部分")


def read_contents(lines: Sequence[Line]) -> tuple[str, ...]:
    """Titles of the tables the 目录 lists, in its order (empty when there is no 目录 or it lists no table)."""
    entries = _entries(lines)
    out = []
    for text in entries:
        title = _NUMBER.sub("", text, count=1).strip()
        key = squeeze(title)
        if not key.endswith("表") or _PART.match(key) or kind_of(key) is None:
            continue
        out.append(title)
    return tuple(out)


def _entries(lines: Sequence[Line]) -> list[str]:
    if not lines:
        return []
    first_page = lines[0].page
    start = next(
        (
            i
            for i, ln in enumerate(lines)
            if ln.page < first_page + CONTENTS_PAGES and squeeze(nfkc(ln.text)) in ("目录", "目次")
        ),
        None,
    )
    if start is None:
        return []
    entries: list[str] = []
    page = lines[start].page
    for ln in lines[start + 1 :]:
        text = _LEADER.sub("", nfkc(ln.text)).strip()
        if not text:
            continue
        if ln.page != page:
            same_page = [x for x in lines if x.page == ln.page]
            if not _entries_only(same_page, entries):
                break
            page = ln.page
        if entries and squeeze(text) == squeeze(entries[0]):  # the body repeats the first entry
            break
        entries.append(text)
    return entries


def _entries_only(page: Sequence[Line], entries: Sequence[str]) -> bool:
    """A page continuing the 目录: short lines, no sentence, not opening with the first entry again."""
    if not page or not entries:
        return False
    texts = [_LEADER.sub("", nfkc(ln.text)).strip() for ln in page]
    if squeeze(texts[0]) == squeeze(entries[0]):
        return False
    return all(len(t) <= MAX_ENTRY and "。" not in t for t in texts)
