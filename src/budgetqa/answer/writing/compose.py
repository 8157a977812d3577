"""Answer text with [n] markers, the citations they point to, and every figure the text shows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ...models import (
    Answer,
    Citation,
    Definition,
    Disclosure,
    Figure,
    Indicator,
    OrgFact,
    Paragraph,
    PerformanceTable,
    Row,
    Table,
)
from ..finding.columns import ColInfo
from ..question.text import plain, to_decimal

OCR_MARK = "（OCR）"
_FIGURE = re.compile(r"(-?\d[\d,]*(?:\.\d+)?)\s*(万元|亿元|元|%|批次|人次|个|辆|人|项|份|台|套|分|小时|次|门|所)")


@dataclass
class Builder:
    """Accumulates sentences, citations (deduplicated by locator) and figures for one answer."""

    question: str
    kind: str
    parts: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)

    def cite(self, doc: Disclosure, locator: str, page: int | None, quote: str, **where) -> int:
        if page is not None and page in doc.ocr_pages:
            locator += OCR_MARK  # a scanned page: the quote is what OCR read, the reader may want to look
        for c in self.citations:  # one id per place and quote (two sentences of one paragraph are two)
            if c.locator == locator and c.doc == doc.label and c.quote == quote:
                return c.id
        cid = len(self.citations) + 1
        self.citations.append(
            Citation(id=cid, doc=doc.label, locator=locator, page=page, quote=quote, doc_id=doc.id, **where)
        )
        return cid

    def figure(self, text: str, unit: str, cid: int, value: float | Decimal | None = None) -> str:
        """Register a figure shown as ``text`` (the document's notation) and return "text unit"."""
        shown = to_decimal(text)
        number = shown if shown is not None else value
        if number is not None:
            self.figures.append(Figure(value=float(number), unit=unit, citation=cid))
        if unit == "%":
            return text if text.rstrip().endswith("%") else f"{text}%"  # a 增减% cell prints its own sign
        return f"{text} {unit}"

    def quoted(self, text: str, cid: int) -> str:
        """Add the figures a quoted sentence shows, cited to the passage it comes from."""
        for m in _FIGURE.finditer(text):
            value = to_decimal(m.group(1))
            if value is not None:
                self.figures.append(Figure(value=float(value), unit=m.group(2), citation=cid))
        return text

    def say(self, text: str) -> None:
        self.parts.append(text)

    def answer(self, status: str = "answered") -> Answer:
        return Answer(
            question=self.question,
            status=status,
            answer="".join(self.parts).strip(),
            citations=tuple(self.citations),
            figures=tuple(_dedupe(self.figures)),
            kind=self.kind,
        )


def _dedupe(figures: list[Figure]) -> list[Figure]:
    seen, out = set(), []
    for f in figures:
        key = (f.value, f.unit, f.citation)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


# ---------------------------------------------------------------------------------------------------------------
# Locators and quotes: what a person follows to find the figure.


def row_label(row: Row) -> str:
    code = row.code or ""
    return f"{code} {row.name}".strip() if code and not row.name.startswith(code) else row.name


def cell_citation(b: Builder, doc: Disclosure, table: Table, row: Row, column: ColInfo | None) -> int:
    parts = [table.label, row_label(row)]
    if column is not None:
        parts.append(column.column.label)
    return b.cite(
        doc,
        " › ".join(parts),
        row.page or table.page,
        row_quote(table, row),
        table_id=table.id,
        row_index=row.index,
        column_key=column.key if column else None,
    )


def row_quote(table: Table, row: Row) -> str:
    if row.raw:
        return row.raw
    values = " ".join(c.text for c in row.cells)
    return f"{row_label(row)} {values}".strip()


def table_citation(b: Builder, doc: Disclosure, table: Table, quote: str | None = None) -> int:
    note = quote or table.note or table.title
    return b.cite(
        doc, table.label + (" › 注" if table.note and quote is None else ""), table.page, note, table_id=table.id
    )


def paragraph_citation(b: Builder, doc: Disclosure, para: Paragraph, quote: str | None = None) -> int:
    locator = " › ".join(para.section) if para.section else "正文"
    return b.cite(doc, locator, para.page, quote or para.text)


def definition_citation(b: Builder, doc: Disclosure, d: Definition) -> int:
    heading = next((p.section[0] for p in doc.paragraphs if p.section and "名词解释" in p.section[0]), "名词解释")
    group = getattr(d, "group", ())
    locator = " › ".join((heading, *group, d.number)) if group else f"{heading}{d.number}"
    return b.cite(doc, locator, d.page, f"{d.number}{d.term}：{d.text}")


def org_citation(b: Builder, doc: Disclosure, fact: OrgFact) -> int:
    locator = " › ".join(fact.section) if fact.section else "概况"
    return b.cite(doc, locator, fact.page, fact.quote)


def indicator_citation(b: Builder, doc: Disclosure, p: PerformanceTable, ind: Indicator) -> int:
    locator = " › ".join(x for x in (f"{p.project}项目绩效目标表", ind.level1, ind.level2, ind.level3) if x)
    score = f" {plain(ind.score)}" if ind.score is not None else ""  # the 分值 column, printed after the target
    return b.cite(doc, locator, ind.page or p.page, f"{ind.level3} {ind.target}{score}".strip())


def funds_citation(b: Builder, doc: Disclosure, p: PerformanceTable) -> int:
    quote = "；".join(f"{k}：{plain(v)}" for k, v in p.funds.items())
    return b.cite(doc, f"{p.project}项目绩效目标表 › 项目资金", p.page, quote)
