"""Answers, sources, tables and definitions as HTML fragments, with every piece of text escaped.

Questions and documents are untrusted: nothing they contain may become markup. Every fragment is one line of HTML
wrapped in a ``<div>``, so the chat's markdown renderer passes it through as an HTML block and never reinterprets
the escaped text as markdown (``*``, ``_``, ``[1](…)``) or LaTeX.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from ..models import Answer, Citation, Column, Definition, Disclosure, Row, Table
from ..store.catalog import table_count

_MARKER = re.compile(r"\[(\d{1,3})\]")


def esc(text: object) -> str:
    """Text as HTML that shows exactly the characters given (quotes escaped too, so it is safe in attributes)."""
    return html.escape("" if text is None else str(text), quote=True)


def _lines(text: str) -> str:
    return "<br>".join(esc(line) for line in text.strip().splitlines())


def question_html(question: str) -> str:
    """A user's question, shown as typed."""
    return f'<div class="bqa-q">{_lines(question)}</div>'


def answer_html(answer: Answer) -> str:
    """The answer text with its ``[n]`` markers raised as links to their 来源 entry; a not-found answer is styled.

    The link's ``href`` names the entry; the page's script (``SOURCE_LINKS``) opens the collapsed 来源 block and
    scrolls to it, since the chat's sanitiser strips ids and event attributes from messages.
    """
    body = _MARKER.sub(
        r'<sup class="bqa-ref"><a class="bqa-ref-link" href="#bqa-src-\1">[\1]</a></sup>', _lines(answer.answer)
    )
    kind = "bqa-answer bqa-not-found" if answer.status == "not_found" else "bqa-answer"
    return f'<div class="{kind}">{body}</div>'


def error_html(message: str) -> str:
    return f'<div class="bqa-error">⚠️ {_lines(message)}</div>'


def sources_html(answer: Answer, documents: Sequence[Disclosure]) -> str:
    """One block per cited row (all its cited cells marked) or per quoted passage, each headed by where it is."""
    blocks: list[tuple[tuple | None, list[Citation]]] = []
    for citation in answer.citations:
        found = find_row(documents, citation)
        key = (citation.doc_id, citation.table_id, found[1].index, found[1].side) if found else None
        same = next((b for b in blocks if key is not None and b[0] == key), None)
        if same is not None:
            same[1].append(citation)
        else:
            blocks.append((key, [citation]))
    body = "".join(_source(group, documents) for _key, group in blocks)
    return f'<div class="bqa-sources">{body}</div>'


def _source(citations: list[Citation], documents: Sequence[Disclosure]) -> str:
    heads = "".join(_source_head(c) for c in citations)
    found = find_row(documents, citations[0])
    if found is not None:
        table, row = found
        body = row_html(table, row, {c.column_key: c.id for c in citations if c.column_key})
    else:
        quote = citations[0].quote
        body = f'<blockquote class="bqa-quote">{_lines(quote)}</blockquote>' if quote else ""
    classes = " ".join(f"bqa-src-{c.id}" for c in citations)  # data-* attributes are sanitised away
    return f'<div class="bqa-src {classes}">{heads}{body}</div>'


def _source_head(citation: Citation) -> str:
    page = f" · 第 {citation.page} 页" if citation.page is not None else ""
    return (
        f'<div class="bqa-src-head"><span class="bqa-src-id">[{citation.id}]</span> '
        f'<span class="bqa-src-doc">{esc(citation.doc)}</span> · '
        f'<span class="bqa-src-loc">{esc(citation.locator)}</span>{esc(page)}</div>'
    )


def find_row(documents: Sequence[Disclosure], citation: Citation) -> tuple[Table, Row] | None:
    """The table row a citation points to, or None for a passage, a definition or a stale reference.

    Row indexes count per side in a two-sided table, so the cited column's side picks the row among equals.
    """
    if citation.doc_id is None or citation.table_id is None or citation.row_index is None:
        return None
    doc = next((d for d in documents if d.id == citation.doc_id), None)
    table = next((t for t in doc.tables if t.id == citation.table_id), None) if doc else None
    if table is None:
        return None
    side = _side_of(table, citation.column_key)
    candidates = [r for r in table.rows if r.index == citation.row_index]
    row = next((r for r in candidates if side is None or r.side == side), None)
    return (table, row) if row is not None else None


def _side_of(table: Table, column_key: str | None) -> str | None:
    column = next((c for c in table.columns if c.key == column_key), None)
    return column.side if column else None


def _row_columns(table: Table, row: Row) -> list[Column]:
    return [c for c in table.columns if row.side is None or c.side in (None, row.side)]


def row_html(table: Table, row: Row, cited: dict[str, int]) -> str:
    """The source row as a small table: the column headers, then the row's cells, the cited ones marked [n]."""
    columns = _row_columns(table, row)
    cells = []
    for column in columns:
        cell = row.cell(column.key)
        text = esc(cell.text) if cell else ""
        if column.key in cited:
            cells.append(f'<td class="cited"><mark>{text}</mark><sup class="bqa-ref">[{cited[column.key]}]</sup></td>')
        else:
            cells.append(f"<td>{text}</td>")
    return (
        f'<div class="bqa-table-wrap"><table class="bqa-row"><caption>单位：{esc(table.unit)}</caption>'
        f"{header_html(columns)}<tbody><tr><td>{esc(row.code or '')}</td><td>{esc(row.name)}</td>"
        f"{''.join(cells)}</tr></tbody></table></div>"
    )


def header_html(columns: Sequence[Column], lead: Sequence[str] = ("编码", "名称")) -> str:
    """A ``<thead>`` whose wrapped headers are grouped: columns sharing a path prefix share one spanning cell."""
    depth = max((len(c.path) for c in columns), default=1) or 1
    lead_span = f' rowspan="{depth}"' if depth > 1 else ""
    rows: list[str] = ["".join(f"<th{lead_span}>{esc(t)}</th>" for t in lead)]
    rows += [""] * (depth - 1)
    for level in range(depth):
        i = 0
        while i < len(columns):
            path = columns[i].path
            if len(path) <= level and not (level == 0 and not path):
                i += 1  # covered by the rowspan of its last label above
                continue
            j = i + 1
            while (
                j < len(columns)
                and len(columns[j].path) > level + 1
                and len(path) > level + 1
                and columns[j].path[: level + 1] == path[: level + 1]
            ):
                j += 1
            label = path[level] if path else ""
            rowspan = depth - level if len(path) <= level + 1 else 1
            span = (f' colspan="{j - i}"' if j - i > 1 else "") + (f' rowspan="{rowspan}"' if rowspan > 1 else "")
            rows[level] += f"<th{span}>{esc(label)}</th>"
            i = j
    return "<thead>" + "".join(f"<tr>{r}</tr>" for r in rows) + "</thead>"


def table_html(table: Table) -> str:
    """A whole parsed table; rows the parser could not resolve are marked with the reason."""
    sides = [None] if not any(c.side for c in table.columns) else sorted({c.side for c in table.columns if c.side})
    meta = [f"单位：{table.unit}"]
    if table.page is not None:
        meta.append(f"第 {table.page} 页")
    parts = [f'<div class="bqa-table-meta">{esc(table.label)} · {esc(" · ".join(meta))}</div>']
    if table.empty:
        parts.append('<div class="bqa-table-empty">本表无数据</div>')
    if table.note:
        parts.append(f'<div class="bqa-table-note">{_lines(table.note)}</div>')
    for side in sides:
        parts.append(_side_html(table, side))
    return '<div class="bqa-table">' + "".join(parts) + "</div>"


def _side_html(table: Table, side: str | None) -> str:
    columns = [c for c in table.columns if side is None or c.side in (None, side)]
    rows = [r for r in table.rows if side is None or r.side == side]
    body = []
    for row in rows:
        cells = "".join(f"<td>{esc(c.text) if (c := row.cell(col.key)) else ''}</td>" for col in columns)
        if row.status == "unresolved":
            body.append(_unresolved_row(row, len(columns)))
            continue
        klass = ' class="total"' if row.is_total else ""
        body.append(f"<tr{klass}><td>{esc(row.code or '')}</td><td>{esc(row.name)}</td>{cells}</tr>")
    caption = f"<caption>{esc(side)}</caption>" if side else ""
    return (
        f'<div class="bqa-table-wrap"><table class="bqa-full">{caption}{header_html(columns)}'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def _unresolved_row(row: Row, n_columns: int) -> str:
    """A row whose figures could not be put in columns: its figures as printed, in order, with a note in Chinese.

    The parser's own reason (``row.note``) is for developers and stays out of the page.
    """
    figures = printed_figures(row)
    shown = "".join(f'<span class="bqa-raw-figure">{esc(f)}</span>' for f in figures) or esc(row.raw or "")
    note = "⚠ 未能确定这些数字各属哪一列（原文的空白单元格在提取的文本中消失），以下按原文顺序列出，请对照原文核实"
    page = f"第 {row.page} 页" if row.page is not None else ""
    return (
        f'<tr class="unresolved"><td>{esc(row.code or "")}</td><td>{esc(row.name)}</td>'
        f'<td colspan="{max(n_columns, 1)}"><div class="bqa-flag">{note}{esc("（" + page + "）" if page else "")}：</div>'
        f'<div class="bqa-raw-figures">{shown}</div></td></tr>'
    )


_FIGURE = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$")


def printed_figures(row: Row) -> list[str]:
    """The numbers of a row's printed line, in order, without its code (display only; the parser reads values)."""
    tokens = (row.raw or "").split()
    return [t for t in tokens if _FIGURE.match(t) and t != row.code]


def definitions_html(documents: Sequence[Disclosure], query: str = "") -> str:
    """Definitions whose term or text contains ``query`` (all of them for an empty query)."""
    needle = query.strip().lower()
    items: list[str] = []
    for doc in documents:
        for d in doc.definitions:
            if needle and needle not in d.term.lower() and needle not in d.text.lower():
                continue
            items.append(_definition(doc, d, several=len(documents) > 1))
    if not items:
        what = f"与“{esc(query.strip())}”相关的" if needle else ""
        return f'<div class="bqa-defs bqa-empty">没有{what}名词解释。</div>'
    return f'<div class="bqa-defs"><div class="bqa-count">共 {len(items)} 条</div><dl>{"".join(items)}</dl></div>'


def _definition(doc: Disclosure, d: Definition, several: bool) -> str:
    where = [doc.label] if several else []
    if d.page is not None:
        where.append(f"第 {d.page} 页")
    source = f' <span class="bqa-def-src">{esc(" · ".join(where))}</span>' if where else ""
    group = f'<span class="bqa-def-group">{esc(" › ".join(d.group))} › </span>' if d.group else ""
    return f"<dt>{group}{esc(d.number)} {esc(d.term)}{source}</dt><dd>{_lines(d.text)}</dd>"


def documents_html(documents: Sequence[Disclosure]) -> str:
    """The loaded documents, one line each."""
    if not documents:
        return '<div class="bqa-docs bqa-empty">尚未载入任何文档：请在右侧上传预算/决算公开文件（PDF 或 TXT）。</div>'
    items = "".join(
        f'<li><b>{esc(d.label)}</b> <span class="bqa-doc-meta">{esc(d.source)} · #{esc(d.sha256[:12])} · '
        f"{table_count(d)} 张表 · "
        f"{d.page_count} 页</span></li>"
        for d in documents
    )
    return f'<div class="bqa-docs"><div class="bqa-docs-title">已载入文档</div><ul>{items}</ul></div>'
