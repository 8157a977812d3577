"""A Disclosure cut into retrievable nodes: one per table row, table, definition, paragraph, indicator and org fact.

Each node's text carries the context a reader needs to recognise it (table title and unit, the row's code and its
parent path, each cell as "列名：值 单位"), but never bulky payloads: the figures themselves are re-read from the
Disclosure through ``ref``. Ids are ``{doc_id}:{kind}:{ref}`` and depend on the content only, so a re-ingest of the
same document yields the same ids (and its vectors can be reused).

Ref formats (see base.py): ``t3/5`` row 5 of ``doc.table("t3").rows`` (position in the tuple, which is unique even
on two-sided tables), ``t3`` a table, ``（七）`` a definition number, ``p12`` ``doc.paragraphs[12]``, ``p1/4``
indicator 4 of performance table p1, ``p1`` performance table p1 as a whole (kind "indicator"), ``o2``
``doc.org_facts[2]``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..models import Definition, Disclosure, Indicator, OrgFact, Paragraph, PerformanceTable, Row, Table
from .base import Node, NodeKind

PATH_SEP = " › "
PART_SEP = "｜"
ITEM_SEP = "；"
TOTAL_WORDS = ("合计", "总计")
# Headings kept in a paragraph's text: an outer one ("五、关于…一般公共预算支出表的说明"), repeated in every paragraph
# below it, outvotes the table it describes (eval: seed hit@5 +0.8 points with 1 instead of 2).
SECTION_DEPTH = 1
_QUOTES = str.maketrans("", "", "“”‘’\"'")


def nodes_of(doc: Disclosure) -> list[Node]:
    """Every node of ``doc``, in document order per kind; ids are unique within the document."""
    nodes = [
        *_table_nodes(doc),
        *_definition_nodes(doc),
        *_paragraph_nodes(doc),
        *_performance_nodes(doc),
        *_org_fact_nodes(doc),
    ]
    return _unique(nodes)


def row_codes(doc: Disclosure) -> dict[str, str]:
    """Row node id → 科目编码, for the code retriever."""
    return {
        node_id(doc.id, "row", row_ref(table, i)): row.code
        for table in doc.tables
        for i, row in enumerate(table.rows)
        if row.code
    }


def lexicon(doc: Disclosure) -> set[str]:
    """Words a tokenizer should keep whole: row names, glossary terms, column headings, table titles."""
    words = {t.title for t in doc.tables}
    words |= {part for t in doc.tables for c in t.columns for part in c.path}
    words |= {_bare_name(r.name) for t in doc.tables for r in t.rows}
    words |= {d.term.translate(_QUOTES) for d in doc.definitions}
    words |= {i.level3 for p in doc.performance for i in p.indicators}
    return {w.strip() for w in words if 2 <= len(w.strip()) <= 24 and any("\u4e00" <= ch <= "\u9fff" for ch in w)}


def node_id(doc_id: str, kind: NodeKind, ref: str) -> str:
    return f"{doc_id}:{kind}:{ref}"


def row_ref(table: Table, position: int) -> str:
    return f"{table.id}/{position}"


# -- tables ---------------------------------------------------------------------------------------------------------


def _table_nodes(doc: Disclosure) -> Iterator[Node]:
    for table in doc.tables:
        yield _node(doc, "table", table.id, table_text(table), table.page, table.label)
        for i, row in enumerate(table.rows):
            yield _node(doc, "row", row_ref(table, i), row_text(table, row), row.page or table.page, table.label)


def table_text(table: Table) -> str:
    head = f"{table.label}（单位：{table.unit}）" if table.unit else table.label
    if table.empty or not table.rows:
        return PART_SEP.join(p for p in (head, "无数据", table.note or "") if p)
    columns = "、".join(c.label for c in table.columns)
    rows = "、".join(_row_label(r) for r in table.rows)
    parts = [head, f"栏目：{columns}", f"项目：{rows}"]
    if table.note:
        parts.append(table.note)
    return PART_SEP.join(parts)


def row_text(table: Table, row: Row) -> str:
    """ "单位公开表3 单位支出总表（万元）｜2080107 社会保险业务管理事务（208 … › 20801 …）｜合计：959.96；项目支出：959.96".

    The unit is said once, in the head; cells under one header group share it ("2023年预算数：基本支出 1,809.03、
    项目支出 827.01"), so a long multi-level header does not drown the row's own name in BM25 and in the embedding.
    """
    head = f"{table.label}（{table.unit}）" if table.unit else table.label
    label = _row_label(row)
    if row.is_total and not any(word in row.name for word in TOTAL_WORDS):
        label += "（合计）"  # a total row named after the unit ("…管理中心") is still where 合计 / 总额 live
    path = _parent_path(table, row)
    if path:
        label += f"（{path}）"
    if row.side:
        label = f"{row.side}：{label}"
    parts = [head, label, _cells_text(table, row)]
    if row.status != "resolved" and row.raw:
        parts.append(f"原文：{row.raw}")
    return PART_SEP.join(p for p in parts if p)


def _cells_text(table: Table, row: Row) -> str:
    """Cells grouped by their top header: "合计：959.96" or "2022年执行数：执行数 2,672.18、扣除…后执行数 2,672.18"."""
    columns = {c.key: c.path or (c.key,) for c in table.columns}
    groups: dict[str, list[str]] = {}
    for cell in row.cells:
        if not cell.text.strip():
            continue
        path = columns.get(cell.column, (cell.column,))
        value = _value_text(cell.text, cell.unit, table.unit)
        top, rest = (path[0], " ".join(path[1:])) if len(path) > 1 else (path[0], "")
        groups.setdefault(top, []).append(f"{rest} {value}" if rest else value)
    return ITEM_SEP.join(f"{top}：{'、'.join(values)}" for top, values in groups.items())


def _value_text(text: str, unit: str, table_unit: str | None) -> str:
    value = text.strip()
    if unit and unit != table_unit and not value.endswith(unit) and not value.endswith("%"):
        value = f"{value} {unit}"
    return value


def _row_label(row: Row) -> str:
    return f"{row.code} {row.name}" if row.code else row.name


def _parent_path(table: Table, row: Row) -> str:
    by_code = {r.code: r for r in table.rows if r.code}
    chain: list[str] = []
    parent = _parent_code(row)
    while parent and len(chain) < 6:
        found = by_code.get(parent)
        chain.append(_row_label(found) if found else parent)
        parent = _parent_code(found) if found else _prefix_parent(parent)
    return PATH_SEP.join(reversed(chain))


def _parent_code(row: Row) -> str | None:
    return row.parent or (_prefix_parent(row.code) if row.code else None)


def _prefix_parent(code: str) -> str | None:
    """类 3 digits → 款 5 → 项 7: a code's parent is its prefix two digits shorter."""
    return code[:-2] if len(code) in (5, 7) else None


def _bare_name(name: str) -> str:
    """ "一、一般公共预算拨款收入" → "一般公共预算拨款收入": numbering is not part of the term."""
    for sep in ("、", "．", "."):
        head, found, tail = name.partition(sep)
        if found and len(head) <= 3 and tail:
            return tail
    return name


# -- prose ----------------------------------------------------------------------------------------------------------


def _definition_nodes(doc: Disclosure) -> Iterator[Node]:
    for d in doc.definitions:
        yield _node(doc, "definition", d.number or d.term, definition_text(d), d.page, d.term)


def definition_text(d: Definition) -> str:
    return f"名词解释{d.number}{d.term}：{d.text}"


def _paragraph_nodes(doc: Disclosure) -> Iterator[Node]:
    for i, p in enumerate(doc.paragraphs):
        title = p.section[-1] if p.section else ""
        yield _node(doc, "paragraph", f"p{i}", paragraph_text(p), p.page, title)


def paragraph_text(p: Paragraph) -> str:
    """The innermost heading gives the context; those above it are the same for many paragraphs."""
    return PART_SEP.join(x for x in (PATH_SEP.join(p.section[-SECTION_DEPTH:]), p.text) if x)


def _performance_nodes(doc: Disclosure) -> Iterator[Node]:
    for perf in doc.performance:
        yield _node(doc, "indicator", perf.id, performance_text(perf), perf.page, perf.project)
        for i, ind in enumerate(perf.indicators):
            yield _node(
                doc, "indicator", f"{perf.id}/{i}", indicator_text(perf, ind), ind.page or perf.page, perf.project
            )


def performance_text(perf: PerformanceTable) -> str:
    funds = ITEM_SEP.join(f"{k}：{_number(v)} 万元" for k, v in perf.funds.items())
    parts = [
        f"项目绩效目标表：{perf.project}",
        perf.implementer and f"实施单位：{perf.implementer}",
        funds,
        perf.goals and "年度目标：" + " ".join(perf.goals),
    ]
    return PART_SEP.join(p for p in parts if p)


def indicator_text(perf: PerformanceTable, ind: Indicator) -> str:
    path = PATH_SEP.join(x for x in (ind.level1, ind.level2, ind.level3) if x)
    values = [f"指标值：{ind.target}"] + ([f"分值：{_number(ind.score)}"] if ind.score is not None else [])
    return PART_SEP.join((f"{perf.project} 绩效指标", path, ITEM_SEP.join(values)))


def _org_fact_nodes(doc: Disclosure) -> Iterator[Node]:
    for i, fact in enumerate(doc.org_facts):
        title = fact.section[-1] if fact.section else fact.key
        yield _node(doc, "org_fact", f"o{i}", org_fact_text(fact), fact.page, title)


def org_fact_text(fact: OrgFact) -> str:
    head = f"{fact.key}：{_number(fact.value)}{fact.unit}"
    if fact.items:
        head += "（" + "、".join(fact.items) + "）"
    return PART_SEP.join(x for x in (PATH_SEP.join(fact.section[-SECTION_DEPTH:]), head, fact.quote) if x)


# -- helpers --------------------------------------------------------------------------------------------------------


def _node(doc: Disclosure, kind: NodeKind, ref: str, text: str, page: int | None, title: str) -> Node:
    return Node(id=node_id(doc.id, kind, ref), doc_id=doc.id, kind=kind, ref=ref, text=text, page=page, title=title)


def _unique(nodes: Iterable[Node]) -> list[Node]:
    """Suffix repeated ids ("#2") so that, e.g., two glossaries numbering from （一） both survive."""
    seen: dict[str, int] = {}
    out = []
    for node in nodes:
        n = seen.get(node.id, 0) + 1
        seen[node.id] = n
        out.append(node if n == 1 else node.model_copy(update={"id": f"{node.id}#{n}", "ref": f"{node.ref}#{n}"}))
    return out


def _number(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
