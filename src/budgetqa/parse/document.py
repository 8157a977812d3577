"""Assemble a Disclosure from a RawDocument: each part is read by its own module, tables first.

Tables and performance tables claim their lines first, so the narrative reader only sees prose.
"""

from __future__ import annotations

from ..errors import IngestError
from ..models import Disclosure, RawDocument
from .contents import read_contents
from .glossary import read_definitions
from .meta import read_meta
from .overview import read_org_facts
from .performance import read_performance
from .sections import read_paragraphs
from .tables import read_tables


def parse(raw: RawDocument) -> Disclosure:
    meta = read_meta(raw.lines, raw.source)
    tables = read_tables(raw.lines, default_unit=meta.currency_unit)
    performance = read_performance(raw.lines)
    claimed = tables.claimed | performance.claimed
    definitions = read_definitions(raw.lines)
    # A 名词解释 entry is a Definition, not also a narrative paragraph.
    defined = {d.line for d in definitions}
    paragraphs = [
        p for p in read_paragraphs([line for line in raw.lines if line.number not in claimed]) if p.line not in defined
    ]
    if not tables.tables and not definitions and not meta.looks_like_budget:
        raise IngestError(
            raw.source, "this does not look like a budget disclosure (no 预算/决算 tables or 名词解释 found)"
        )
    return Disclosure(
        id=raw.sha256[:12],
        title=meta.title,
        unit_name=meta.unit_name,
        year=meta.year,
        kind=meta.kind,
        scope=meta.scope,
        source=raw.source,
        sha256=raw.sha256,
        page_count=raw.page_count,
        ocr_pages=raw.ocr_pages,
        currency_unit=meta.currency_unit,
        paragraphs=tuple(paragraphs),
        definitions=tuple(definitions),
        org_facts=tuple(read_org_facts(raw.lines, paragraphs)),
        tables=tuple(tables.tables),
        performance=tuple(performance.tables),
        listed_tables=read_contents(raw.lines),
    )
