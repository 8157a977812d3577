"""Figures stated in the 说明 against the tables, and stated shares and changes recomputed.

An amount is checked where the words just before it name a row or a column of the table the section explains
("基本支出 3,514.19 万元" → 支出总表, total row, 基本支出); a share "占 58.14%" is recomputed from the
sentence's base amount; "减少 50.99 万元，降低 3.82%" is recomputed from the amounts. A share off by the last
printed digit is a rounding note: documents round shares so that they add up to 100 %.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..models import Disclosure, Paragraph, Row, Table
from ..parse._text import fold, load_data, number, tidy
from .arithmetic import fmt
from .models import Check, Status, Suspect

_AMOUNT = re.compile(r"(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>亿元|万元|元)")
_SHARE = re.compile(r"^\s*占[^\d]{0,6}(?P<pct>\d+(?:\.\d+)?)\s*%")
_PCT_CHANGE = re.compile(r"(?P<dir>增长|下降|降低|增加|减少|上升|提高)\s*(?P<pct>\d+(?:\.\d+)?)\s*%")
_MARKER = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、])")
_LEVEL_TAG = re.compile(r"[（(][类款项][）)]")
_FILLER = re.compile(
    r"^[”\"’]?\s*(?:科目)?\s*(?:[（(][类款项][）)])?\s*[：:]?\s*(?:\d{4}\s*年度?)?\s*"
    r"(?:预算数|预算|执行数|安排|支出预算)?\s*(?:为|是|共|合计)?\s*$"
)
_BOUNDARY = '，,。；;：:、“"（()） 0123456789年其中为'
_TO_WAN = {"元": 1e-4, "万元": 1.0, "亿元": 1e4}


@dataclass(frozen=True)
class _Candidate:
    value: float  # 万元
    strong: bool  # named by a row or column (a total word alone is weak: it may mean another total)
    where: str
    page: int | None
    row: tuple[str, int] | None = None  # (table id, row position): the table row the figure comes from


def narrative_checks(doc: Disclosure, doubtful: frozenset[tuple[str, int]] = frozenset()) -> Iterator[Check]:
    """``doubtful``: table rows (table id, position) with a failed check of their own: a narrative figure that
    differs from such a row is not blamed on the narrative."""
    for paragraph in doc.paragraphs:
        if not any("说明" in part for part in paragraph.section):
            continue
        scoped = _scope(doc, paragraph)
        tables = scoped or [t for t in doc.tables if not t.empty]
        for sentence in re.split(r"[。]", fold(tidy(paragraph.text))):
            yield from _sentence_checks(sentence, tables, paragraph, strict=bool(scoped), doubtful=doubtful)


def _scope(doc: Disclosure, paragraph: Paragraph) -> list[Table]:
    """The table a "关于…表的说明" heading explains."""
    heading = fold(tidy(" ".join(paragraph.section))).replace(" ", "")
    found = [t for t in doc.tables if fold(tidy(t.title)).replace(" ", "") in heading]
    return sorted(found, key=lambda t: -len(t.title))[:1]


@dataclass
class _Mention:
    amount: float  # 万元
    decimals: int
    change: int  # +1 / -1 for "增加/减少 N 万元", 0 otherwise
    end: int  # position after the unit
    has_share: bool = False
    failed: bool = False  # differs from its table


def _sentence_checks(
    sentence: str, tables: Sequence[Table], paragraph: Paragraph, strict: bool, doubtful: frozenset = frozenset()
) -> Iterator[Check]:
    """strict: the section names its table, so a named figure that disagrees is a failure (else only agreement
    is reported: an unscoped "公务接待费" may be the 三公 figure or the 基本支出 one)."""
    rules = load_data("checks.json")
    mentions: list[_Mention] = []
    start = 0
    for found in _AMOUNT.finditer(sentence):
        amount = number(found["num"]) * _TO_WAN[found["unit"]]
        before = sentence[start : found.start()]
        change = 0
        tail = before[-6:]
        if any(w in tail for w in rules["change_down"]):
            change = -1
        elif any(w in tail for w in rules["change_up"]):
            change = 1
        mention = _Mention(amount, len(found["num"].split(".")[1]) if "." in found["num"] else 0, change, found.end())
        mention.has_share = bool(_SHARE.match(sentence[found.end() :].lstrip("，, ")))
        mentions.append(mention)
        if change == 0:
            check = _amount_check(sentence[: found.start()], before, mention, tables, paragraph, strict, doubtful)
            if check:
                mention.failed = check.status == "failed"
                yield check
        start = found.end()
    yield from _share_checks(sentence, mentions, paragraph)
    yield from _change_checks(sentence, mentions, paragraph)


def _amount_check(
    context: str, segment: str, mention: _Mention, tables, paragraph, strict: bool, doubtful: frozenset = frozenset()
) -> Check | None:
    candidates = _candidates(segment, tables) or _candidates(context, tables)
    if not candidates:
        return None
    stated = mention.amount
    match = next((c for c in candidates if _same(c.value, stated, mention.decimals) != "failed"), None)
    if match is None and not (strict and any(c.strong for c in candidates)):
        return None
    chosen = match or next(c for c in candidates if c.strong)
    status = _same(chosen.value, stated, mention.decimals)
    phrase = f"{segment.strip('，,；; ')[-30:]}{fmt(stated)} 万元"
    suspects: tuple[Suspect, ...] = ()
    if status == "failed" and chosen.row not in doubtful:
        suspects = (_narrative_suspect(paragraph, phrase, stated, round(chosen.value, 6)),)
    message = f"说明中「{phrase}」与{chosen.where} {fmt(chosen.value)} 万元" + (
        "一致" if status == "ok" else "相差在末位舍入内" if status == "rounding" else "不一致"
    )
    if status == "failed":
        message += "；" + (
            f"有误的是说明中的 {fmt(stated)} 万元（表中该行未见不一致）"
            if suspects
            else "表中该行本身不自洽，无法确定是哪一处有误"
        )
    return Check(
        kind="narrative",
        status=status,
        expected=round(chosen.value, 6),
        actual=stated,
        message=message,
        pages=tuple(p for p in (paragraph.page, chosen.page) if p),
        table_id=chosen.row[0] if chosen.row else None,
        suspects=suspects,
    )


def _narrative_suspect(paragraph: Paragraph, phrase: str, printed: float, should_be: float) -> Suspect:
    page = f"（p.{paragraph.page}）" if paragraph.page else ""
    where = f"说明{page}「{phrase}」"
    return Suspect(
        where=where,
        printed=printed,
        should_be=should_be,
        text=f"{where} 印为 {fmt(printed)}，应为 {fmt(should_be)}",
    )


def _candidates(context: str, tables: Sequence[Table]) -> list[_Candidate]:
    out: list[_Candidate] = []
    rules = load_data("checks.json")
    for table in tables:
        rows = [r for r in table.rows if r.status == "resolved"]
        total = _total_row(rows)
        for row in rows:
            name = _plain(row.name)
            if len(name) >= 2 and _names(context, name):
                out.extend(_cells(table, row, strong=True))
        if total is None:
            continue
        for column in table.columns:
            part = column.path[-1] if column.path else ""
            if len(part) >= 2 and _names(context, fold(part)) and total.cell(column.key):
                cell = total.cell(column.key)
                if cell.value is not None:
                    out.append(
                        _Candidate(
                            _wan(table, cell.value),
                            True,
                            f"{table.label}「{column.label}」",
                            total.page,
                            (table.id, table.rows.index(total)),
                        )
                    )
        stem = fold(tidy(table.title)).removesuffix("表")
        if any(_names(context, w) for w in rules["total_words"]) or (len(stem) >= 4 and stem in context):
            out.extend(_cells(table, total, strong=False))
    return out


def _cells(table: Table, row: Row, strong: bool) -> list[_Candidate]:
    return [
        _Candidate(
            _wan(table, c.value),
            strong,
            f"{table.label}「{row.name}」{table.column(c.column).label}",
            row.page,
            (table.id, table.rows.index(row)),
        )
        for c in row.cells
        if c.value is not None
        and "%" not in table.column(c.column).label
        and "增减" not in table.column(c.column).label
    ]


def _names(context: str, name: str) -> bool:
    """The name stands right before the figure (only filler words between) and starts a phrase."""
    at = context.rfind(name)
    if at < 0:
        return False
    before = context[at - 1] if at else ""
    return (not before or before in _BOUNDARY) and bool(_FILLER.match(context[at + len(name) :]))


def _plain(name: str) -> str:
    return _LEVEL_TAG.sub("", _MARKER.sub("", fold(tidy(name)))).strip()


def _total_row(rows: Sequence[Row]) -> Row | None:
    totals = [r for r in rows if r.is_total and not r.code]
    return next((r for r in totals if "总计" in r.name), totals[0] if totals else None)


def _wan(table: Table, amount: float) -> float:
    return amount * _TO_WAN.get(table.unit, 1.0)


def _same(table_value: float, stated: float, decimals: int) -> Status:
    diff = abs(round(table_value, decimals) - stated)
    if diff < 1e-9:
        return "ok"
    return "rounding" if diff <= 10 ** (-decimals) + 1e-9 else "failed"


def _share_checks(sentence: str, mentions: Sequence[_Mention], paragraph: Paragraph) -> Iterator[Check]:
    shared = [m for m in mentions if m.has_share and m.change == 0]
    if not shared:
        return
    plain = [m for m in mentions if not m.has_share and m.change == 0 and m.end < shared[0].end]
    shares = [float(_SHARE.match(sentence[m.end :].lstrip("，, "))["pct"]) for m in shared]
    if plain:
        base, how = plain[0].amount, f"{fmt(plain[0].amount)} 万元"
    elif abs(sum(shares) - 100) <= 0.05 * len(shares):
        base, how = sum(m.amount for m in shared), "各项之和"
    else:
        return
    if base <= 0:
        return
    for mention, stated in zip(shared, shares):
        computed = round(mention.amount / base * 100, 2)
        status = _same(computed, stated, 2)
        phrase = f"{fmt(mention.amount)} 万元占 {fmt(stated)}%"
        amounts = [mention, *(plain[:1])]
        yield Check(
            kind="narrative",
            status=status,
            expected=computed,
            actual=stated,
            message=f"说明称 {phrase}，按 {fmt(mention.amount)} / {how} 计算为 {computed:.2f}%"
            + (
                ""
                if status == "ok"
                else "（末位舍入差异，说明中的占比合计为 100%）"
                if status == "rounding"
                else "，不一致；" + _rate_blame(amounts, fmt(stated) + "%")
            ),
            pages=(paragraph.page,) if paragraph.page else (),
            suspects=_rate_suspects(status, amounts, paragraph, phrase, stated, computed),
        )


def _rate_suspects(status: Status, amounts, paragraph: Paragraph, phrase: str, stated: float, computed: float):
    """A stated share or change rate that its own amounts do not give is wrong, unless one of those amounts
    already differs from its table."""
    if status != "failed" or any(m.failed for m in amounts):
        return ()
    return (_narrative_suspect(paragraph, phrase, stated, computed),)


def _rate_blame(amounts, stated: str) -> str:
    if any(m.failed for m in amounts):
        return "其所据金额与表格不一致，无法确定是哪一处有误"
    return f"有误的是说明中的 {stated}"


def _change_checks(sentence: str, mentions: Sequence[_Mention], paragraph: Paragraph) -> Iterator[Check]:
    for k, mention in enumerate(mentions):
        if mention.change == 0 or k == 0 or mentions[k - 1].change != 0:
            continue
        found = _PCT_CHANGE.search(sentence[mention.end : mention.end + 12])
        current = mentions[k - 1].amount
        previous = current - mention.change * mention.amount
        if not found or previous <= 0:
            continue
        stated = float(found["pct"])
        computed = round(mention.amount / previous * 100, 2)
        status = _same(computed, stated, len(found["pct"].split(".")[1]) if "." in found["pct"] else 0)
        amounts = [mentions[k - 1], mention]
        phrase = f"变动 {fmt(mention.amount)} 万元、{found['dir']} {fmt(stated)}%"
        yield Check(
            kind="narrative",
            status=status,
            expected=computed,
            actual=stated,
            message=f"说明称{phrase}，按 {fmt(mention.amount)} / {fmt(previous)} 计算为 {computed:.2f}%"
            + (
                ""
                if status == "ok"
                else "（末位舍入差异）"
                if status == "rounding"
                else "，不一致；" + _rate_blame(amounts, fmt(stated) + "%")
            ),
            pages=(paragraph.page,) if paragraph.page else (),
            suspects=_rate_suspects(status, amounts, paragraph, phrase, stated, computed),
        )
