"""Everything a document states as facts of one shape, and the SQLite table that keeps them queryable.

Sources: every table cell, every figure / reason / purpose a narrative sentence states (store.statements), every
名词解释, every 概况 count, every 绩效目标表 fund and indicator. Each fact has a stable id (the document's content
hash and the fact's place in it), so an answer's figure names the fact it copies.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator

from ..models import Disclosure, Fact, Table
from ..parse._text import load_data, plain
from ..parse.profile import read_profile
from .statements import printed_figures, statements

_COLUMNS = tuple(Fact.model_fields)
_INTS = {"doc_year", "year", "page", "line", "row_index"}
# 5: 概况 structure (units in scope, offices and duties, nature, relations), every printed narrative figure, 分值,
# numbered items with their bodies, reasons per part, stated absences (有无) and 批次/人次 counts
FACTS_VERSION = "5"

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS facts (
    {", ".join(f"{c} {'REAL' if c == 'value' else 'INTEGER' if c in _INTS else 'TEXT'}" for c in _COLUMNS)}
);
CREATE INDEX IF NOT EXISTS facts_code ON facts (doc_id, subject_code);
CREATE INDEX IF NOT EXISTS facts_source ON facts (doc_id, source);
CREATE TABLE IF NOT EXISTS facts_meta (key TEXT PRIMARY KEY, value TEXT);
"""


def facts_of(doc: Disclosure) -> Iterator[Fact]:
    """Every fact of ``doc``: table cells, narrative statements, definitions, 概况 counts, 绩效目标表 lines."""
    yield from _table_facts(doc)
    yield from _narrative_facts(doc)
    yield from _definition_facts(doc)
    yield from _org_facts(doc)
    yield from _profile_facts(doc)
    yield from _performance_facts(doc)


def _base(doc: Disclosure) -> dict:
    return {
        "doc_id": doc.id,
        "body": doc.unit_name,
        "doc_year": doc.year,
        "doc_kind": doc.kind,
        "level": doc.scope,
    }


def _column_measure(label: str, doc: Disclosure) -> tuple[str, int | None]:
    """(measure, year) a column's header names; a header with no measure word is the document's own figure."""
    v = load_data("fact_patterns.json")
    year = re.search(r"((?:19|20)\d{2})\s*年", label)
    measure = next((m["name"] for m in v["column_measures"] if any(w in label for w in m["words"])), None)
    if measure is None:
        measure = "决算数" if doc.kind == "决算" else "预算数"
    y = int(year.group(1)) if year else None
    if y is None and doc.year is not None:
        y = doc.year - 1 if measure == "执行数" and doc.kind == "预算" else doc.year
    return measure, y


def _default_measure(doc: Disclosure) -> str:
    return "决算数" if doc.kind == "决算" else "预算数"


def _is_measure(label: str) -> bool:
    return any(w in label for m in load_data("fact_patterns.json")["column_measures"] for w in m["words"])


def _table_facts(doc: Disclosure) -> Iterator[Fact]:
    scopes = load_data("fact_patterns.json")["table_scopes"]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                column = table.column(cell.column)
                measure, year = _column_measure(column.label, doc)
                last = column.path[-1] if column.path else ""
                part = None if _column_measure(last, doc)[0] != _default_measure(doc) or _is_measure(last) else last
                side = f"{row.side}" if row.side else ""
                yield Fact(
                    id=f"{doc.id}:{table.id}:{side}r{row.index}:{cell.column}",
                    **_base(doc),
                    source="table",
                    subject=row.name,
                    subject_code=row.code,
                    parent=row.parent,
                    measure=measure,
                    part=part,
                    scope=scopes.get(table.kind),
                    year=year,
                    value=cell.value,
                    text=cell.text,
                    unit=cell.unit,
                    page=row.page,
                    line=row.line,
                    quote=row.raw,
                    locator=_cell_locator(table, row.code, row.name, column.label),
                    table_id=table.id,
                    table_kind=table.kind,
                    row_index=row.index,
                    row_side=row.side,
                    column_key=cell.column,
                )


def _cell_locator(table: Table, code: str | None, name: str, column: str) -> str:
    return f"{table.label} › {' '.join(p for p in (code, name) if p)} › {column}"


def _narrative_facts(doc: Disclosure) -> Iterator[Fact]:
    codes = _row_codes(doc)
    for p_index, paragraph in enumerate(doc.paragraphs):
        stated: set[tuple[str, float, str]] = set()
        for k, st in enumerate(statements(paragraph, doc)):
            if st.value is not None:
                stated.add((st.quote, round(abs(st.value), 6), st.unit))
            yield Fact(
                id=f"{doc.id}:n{p_index}:{k}",
                **_base(doc),
                source="narrative",
                subject=st.subject,
                subject_code=codes.get(st.subject),
                parent=st.parent,
                topic=st.topic,
                measure=st.measure,
                scope=st.scope,
                year=st.year,
                value=st.value,
                text=st.text,
                unit=st.unit,
                page=paragraph.page,
                line=paragraph.line,
                quote=st.quote,
                locator=" › ".join(paragraph.section) if paragraph.section else "正文",  # as answers cite it
            )
        # a figure no sentence shape states ("其中本年收入预算 N 万元" inside a breakdown) is still a fact: "数值"
        for k, fig in enumerate(printed_figures(paragraph, doc)):
            if (fig.quote, round(abs(fig.value), 6), fig.unit) in stated:
                continue
            yield Fact(
                id=f"{doc.id}:n{p_index}:x{k}",
                **_base(doc),
                source="narrative",
                subject=fig.subject or (paragraph.section[-1] if paragraph.section else ""),
                measure="数值",
                year=doc.year,
                value=fig.value,
                text=fig.text,
                unit=fig.unit,
                page=paragraph.page,
                line=paragraph.line,
                quote=fig.quote,
                locator=" › ".join(paragraph.section) if paragraph.section else "正文",
            )


def paragraph_index(fact: Fact) -> int | None:
    """Where in ``doc.paragraphs`` a narrative fact was read (its id is "doc:nP:K", see _narrative_facts)."""
    m = re.fullmatch(r".+:n(\d+):x?\d+", fact.id)  # x: a printed figure no sentence shape states
    return int(m.group(1)) if m else None


def _row_codes(doc: Disclosure) -> dict[str, str]:
    """Row name → its code, where one name has one code in the document's tables."""
    seen: dict[str, set[str]] = {}
    for table in doc.tables:
        for row in table.rows:
            if row.code:
                seen.setdefault(re.sub(r"\s+", "", row.name), set()).add(row.code)
    return {name: next(iter(c)) for name, c in seen.items() if len(c) == 1}


def _definition_facts(doc: Disclosure) -> Iterator[Fact]:
    heading = next((p.section[0] for p in doc.paragraphs if p.section and "名词解释" in p.section[0]), "名词解释")
    for i, d in enumerate(doc.definitions):
        yield Fact(
            id=f"{doc.id}:d{i}",
            **_base(doc),
            source="definition",
            subject=d.term,
            measure="定义",
            text=d.text,
            page=d.page,
            line=d.line,
            quote=f"{d.number}{d.term}：{d.text}",
            locator=" › ".join((heading, *d.group, d.number)) if d.group else f"{heading}{d.number}",
        )


def _org_facts(doc: Disclosure) -> Iterator[Fact]:
    for i, f in enumerate(doc.org_facts):
        subject, _, part = f.key.partition("·")
        yield Fact(
            id=f"{doc.id}:o{i}",
            **_base(doc),
            source="overview" if any("概况" in s for s in f.section[:1]) else "narrative",
            subject=part or subject,
            parent=subject if part else None,
            topic=subject,
            measure="数量",
            value=f.value,
            text="、".join(f.items) if f.items else f"{plain(f.value)}{f.unit}",
            unit=f.unit,
            page=f.page,
            line=f.line,
            quote=f.quote,
            locator=" › ".join(f.section) if f.section else "概况",
        )


def _profile_facts(doc: Disclosure) -> Iterator[Fact]:
    """概况 read into structure (parse/profile.py): each unit in scope with its note, each 内设机构 with its duties,
    each duty, what kind of body it is, and its relations (加挂…牌子, 合署办公)."""
    profile = read_profile(doc)

    def fact(fid: str, p, **kw) -> Fact:
        where = " › ".join(p.section) if p.section else "概况"
        return Fact(
            id=f"{doc.id}:k{fid}", **_base(doc), source="overview", page=p.page, line=p.line, locator=where, **kw
        )

    lead = profile.units_lead
    for i, u in enumerate(profile.units):
        quote = lead.text if lead is not None else u.para.text
        yield fact(f"u{i}", lead or u.para, subject=u.name, topic="单位构成", measure="单位", text=u.note, quote=quote)
    for i, o in enumerate(profile.offices):
        yield fact(f"f{i}", o.para, subject=o.name, topic="内设机构", measure="职责", text=o.duties, quote=o.para.text)
    for i, (duty, p) in enumerate(profile.duties):
        yield fact(
            f"d{i}",
            p,
            subject=doc.unit_name or "",
            topic="主要职能",
            measure="职责",
            part=f"第{i + 1}项",
            text=duty,
            quote=duty,
        )
    if profile.nature is not None:
        sentence, p = profile.nature
        yield fact("n0", p, subject=doc.unit_name or "", topic="概况", measure="性质", text=sentence, quote=sentence)
    for i, r in enumerate(profile.relations):
        yield fact(
            f"r{i}",
            r.para,
            subject=doc.unit_name or "",
            topic=r.label,
            measure="关系",
            text="、".join(r.items),
            quote=r.sentence,
        )


def _performance_facts(doc: Disclosure) -> Iterator[Fact]:
    for perf in doc.performance:
        common = {**_base(doc), "subject": perf.project, "topic": "绩效目标", "page": perf.page, "line": perf.line}
        locator = f"{perf.project}项目绩效目标表"  # locators and quotes as the answers cite them
        funds = "；".join(f"{k}：{plain(v)}" for k, v in perf.funds.items())  # as the answers quote the fund lines
        for key, value in perf.funds.items():
            yield Fact(
                id=f"{doc.id}:{perf.id}:{key}",
                **common,
                source="performance",
                measure="预算数",
                part=key,
                scope="财政拨款" if "财政拨款" in key else None,
                year=doc.year,
                value=value,
                text=plain(value),
                unit=perf.fund_unit,
                quote=funds,
                locator=f"{locator} › 项目资金",
            )
        for g, goal in enumerate(perf.goals):
            yield Fact(
                id=f"{doc.id}:{perf.id}:g{g}",
                **common,
                source="project",
                measure="目标",
                text=goal,
                quote=goal,
                locator=f"{locator} › 年度目标",
            )
        for n, ind in enumerate(perf.indicators):
            score = f" {plain(ind.score)}" if ind.score is not None else ""
            line = {
                **common,
                "source": "performance",
                "part": ind.level3,
                "quote": f"{ind.level3} {ind.target}{score}".strip(),
                "locator": " › ".join(x for x in (locator, ind.level1, ind.level2, ind.level3) if x),
                "page": ind.page or perf.page,  # an indicator on a later page of its table: its own page
                "line": ind.line or perf.line,
            }
            yield Fact(
                id=f"{doc.id}:{perf.id}:i{n}",
                **line,
                measure="指标",
                value=ind.value,
                text=ind.target,
                unit=ind.unit or "",
            )
            if ind.score is not None:  # the 分值 column: answers show it beside the target
                yield Fact(
                    id=f"{doc.id}:{perf.id}:i{n}:s",
                    **line,
                    measure="分值",
                    value=ind.score,
                    text=plain(ind.score),
                    unit="分",
                )


# ---------------------------------------------------------------------------------------------------------------
# SQLite


def write_facts(conn: sqlite3.Connection, facts: Iterable[Fact]) -> int:
    conn.executescript(SCHEMA)
    conn.execute("INSERT OR REPLACE INTO facts_meta VALUES ('version', ?)", (FACTS_VERSION,))
    rows = [tuple(getattr(f, c) for c in _COLUMNS) for f in facts]
    conn.executemany(f"INSERT INTO facts VALUES ({', '.join('?' * len(_COLUMNS))})", rows)
    conn.commit()
    return len(rows)


def delete_doc(conn: sqlite3.Connection, doc_id: str) -> None:
    conn.executescript(SCHEMA)
    conn.execute("DELETE FROM facts WHERE doc_id = ?", (doc_id,))
    conn.commit()


def is_current(conn: sqlite3.Connection) -> bool:
    """The database holds facts of this version's shape (an index written before has only table cells)."""
    try:
        row = conn.execute("SELECT value FROM facts_meta WHERE key = 'version'").fetchone()
    except sqlite3.Error:
        return False
    return row is not None and row[0] == FACTS_VERSION


def query_facts(conn: sqlite3.Connection, where: str = "1=1", params: tuple = ()) -> list[Fact]:
    """Facts matching a SQL condition over the fact columns, in document order."""
    cur = conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM facts WHERE {where} ORDER BY rowid", params)
    return [Fact(**dict(zip(_COLUMNS, r))) for r in cur.fetchall()]


def source_counts(facts: Iterable[Fact]) -> dict[str, int]:
    return dict(Counter(f.source for f in facts))


def compare_form(text: str) -> str:
    """NFKC without whitespace: how a citation's quote and a fact's quote are compared."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


class FactStore:
    """The facts of the loaded documents, in memory, read from facts.sqlite when it is current (else derived from
    the parsed documents, which gives the same facts). Lookups answers make: by document, by code, by fact id."""

    def __init__(self, facts: Iterable[Fact]):
        self.facts: tuple[Fact, ...] = tuple(facts)
        self.by_id = {f.id: f for f in self.facts}
        self._by_doc: dict[str, list[Fact]] = {}
        self._cells: dict[tuple, str] = {}
        self._rows: dict[tuple, list[tuple[str, Fact]]] = {}
        self._lines: dict[tuple, list[Fact]] = {}
        self._texts: dict[str, list[tuple[str, Fact]]] = {}  # non-table facts with their quote in compare form
        for f in self.facts:
            self._by_doc.setdefault(f.doc_id, []).append(f)
            if f.source == "table":
                self._cells[(f.doc_id, f.table_id, f.row_index, f.row_side, f.column_key)] = f.id
                key = compare_form(f.quote)
                self._rows.setdefault((f.doc_id, f.table_id, f.row_index), []).append((key, f))
                self._lines.setdefault((f.doc_id, f.table_id, key), []).append(f)
            else:
                self._texts.setdefault(f.doc_id, []).append((compare_form(f.quote), f))

    @classmethod
    def of_docs(cls, docs: Iterable[Disclosure]) -> FactStore:
        return cls(f for d in docs for f in facts_of(d))

    def of_doc(self, doc_id: str) -> list[Fact]:
        return self._by_doc.get(doc_id, [])

    def row(self, doc_id: str, table_id: str, row_index: int) -> list[tuple[str, Fact]]:
        """The cells of one table row with their quote in ``compare_form`` (both sides of a two-sided table share
        an index)."""
        return self._rows.get((doc_id, table_id, row_index), [])

    def printed_line(self, doc_id: str, table_id: str, quote: str) -> list[Fact]:
        """The cells of a table printed on the line ``quote`` (in ``compare_form``): both sides of a two-sided row."""
        return self._lines.get((doc_id, table_id, quote), [])

    def quoted(self, doc_id: str) -> list[tuple[str, Fact]]:
        """The document's non-table facts with their quote in ``compare_form``."""
        return self._texts.get(doc_id, [])

    def cell_id(self, doc_id: str, table_id: str, row_index: int, side: str | None, column: str) -> str | None:
        return self._cells.get((doc_id, table_id, row_index, side, column))


_STORES: dict[tuple, FactStore] = {}
_STORES_LOCK = threading.Lock()
_STORES_KEPT = 4  # a few libraries at once (tests, an index rebuilt while serving); each store is per document


def store_for(docs: tuple[Disclosure, ...], conn: sqlite3.Connection | None = None) -> FactStore:
    """The fact store of ``docs`` (cached by document ids): from the database when it is current."""
    key = tuple(d.id for d in docs)
    with _STORES_LOCK:
        found = _STORES.pop(key, None)
        if found is None:
            if conn is not None and is_current(conn):
                ids = ",".join("?" * len(key))
                found = FactStore(query_facts(conn, f"doc_id IN ({ids})", key)) if key else FactStore(())
            else:
                found = FactStore.of_docs(docs)
        _STORES[key] = found  # most recently used last
        while len(_STORES) > _STORES_KEPT:
            _STORES.pop(next(iter(_STORES)))
        return found
