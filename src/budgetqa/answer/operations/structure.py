"""What a document is made of, asked as a list: the tables it holds ("部门决算表一共有哪几张表" → the 目录's table
list, else the tables read) and the classes a total splits into ("支出预算分哪几大类" → the numbered 类 lines of the
收支总表's 支出 side, else the 类 rows of the 支出表), each cited."""

from __future__ import annotations

import re

from ...models import Answer, Disclosure, Row, Table
from ..writing.compose import Builder, row_quote
from ..question.context import Context
from ..question.plan import Plan
from ..question.text import norm
from ..question.vocab import vocab

_NUMBERED = re.compile(r"^[一二三四五六七八九十]+、")


def claims_table_list(plan: Plan, ctx: Context) -> bool:
    """A list of the tables asked ("一共有哪几张表", "有哪些决算表", "包括哪些预算表"): the list word right before
    表, with at most the kind of table between ("支出决算表里有哪些科目" asks a table's rows, not the tables)."""
    text = norm(plan.question)
    return any(w in text for w in vocab().cues["table_list_asks"]) or _list_ask().search(text) is not None


def _list_ask() -> re.Pattern[str]:
    kinds = "|".join(re.escape(w) for w in vocab().cues["table_list_kinds"])
    return re.compile(
        rf"(?:哪些|哪几张|哪几个|几张|多少张|几个)(?:{kinds}){{1,2}}表(?:格)?(?![里中内])"
    )  # "哪些预算表里有X" asks where X is


def table_list(plan: Plan, ctx: Context) -> Answer | None:
    """The tables of the one document asked about: as its 目录 lists them, else as read."""
    if len(ctx.docs) != 1:
        return None
    doc = ctx.docs[0]
    titles = list(doc.listed_tables) or [t.title for t in doc.tables]
    if not titles:
        return None
    b = Builder(plan.question, "list")
    if doc.listed_tables:
        cid = b.cite(doc, "目录", None, "；".join(titles))
        b.say(
            f"按目录，共 {len(titles)} 张表：" + "；".join(f"{i}. {t}" for i, t in enumerate(titles, 1)) + f"[{cid}]。"
        )
        return b.answer()
    shown = []
    for i, t in enumerate(doc.tables, 1):
        cid = b.cite(doc, t.label, t.page, t.title, table_id=t.id)
        shown.append(f"{i}. {t.title}[{cid}]")
    b.say(f"文件共有 {len(shown)} 张表：" + "；".join(shown) + "。")
    return b.answer()


def claims_categories(plan: Plan, ctx: Context) -> bool:
    return any(w in norm(plan.question) for w in vocab().cues["category_asks"])


def categories(plan: Plan, ctx: Context) -> Answer | None:
    """The 类 an income or expense total splits into, with their amounts."""
    side = "收入" if "收入" in plan.text and "支出" not in plan.text else "支出"
    for doc in ctx.docs:
        found = _summary_classes(doc, side) or _code_classes(doc, side)
        if found is None:
            continue
        table, rows = found
        b = Builder(plan.question, "list")
        shown = []
        for row in rows:
            cell = next((c for c in row.cells if c.value is not None), None)
            cid = b.cite(
                doc, f"{table.label} › {row.name}", row.page or table.page, row_quote(table, row), table_id=table.id
            )
            amount = f" {b.figure(cell.text, cell.unit or table.unit, cid, cell.value)}" if cell is not None else ""
            shown.append(f"{_NUMBERED.sub('', row.name)}{amount}[{cid}]")
        b.say(f"按{table.title}，{side}分 {len(rows)} 大类：" + "；".join(shown) + "。")
        return b.answer()
    return None


def _summary_classes(doc: Disclosure, side: str) -> tuple[Table, list[Row]] | None:
    """The numbered lines ("一、教育支出") of the 收支总表's side that print an amount other than zero."""
    for t in doc.tables:
        if t.kind != "income_expense_summary":
            continue
        rows = [
            r
            for r in t.rows
            if r.side == side and _NUMBERED.match(r.name) and any(c.value not in (None, 0) for c in r.cells)
        ]
        if side == "支出":
            rows = [r for r in rows if r.name.endswith("支出")]
        if len(rows) >= 2:
            return t, rows
    return None


def _code_classes(doc: Disclosure, side: str) -> tuple[Table, list[Row]] | None:
    """The 类 rows (three-digit codes) of the 支出表 (or 收入表)."""
    kind = "expense" if side == "支出" else "income"
    for t in doc.tables:
        rows = [r for r in t.rows if r.code and len(r.code) == 3]
        if t.kind == kind and len(rows) >= 2:
            return t, rows
    return None
