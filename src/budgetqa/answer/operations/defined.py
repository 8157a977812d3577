"""What a term means, is for, who gets it, by what standard: the words of the 名词解释 that define it.

A question asking that ("住房公积金是按什么标准缴纳的", "来华留学教育是做什么用的", "公务接待费主要安排哪些开支") is
answered with the entry of the term it names — or, when it names a sub-item an entry defines inside its text
("其中：公务接待费主要安排…"), with that clause — never with the item's amount. Where no entry defines what the
question names, nothing is claimed and the other answers stay.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ...models import Answer, Fact
from . import tabular
from ..question import asked, both
from ..writing.compose import Builder
from ..question.context import Context
from ..question.plan import Plan
from ..question.text import name_key
from ..question.vocab import vocab

_LEVEL_MARK = re.compile(r"\((?:类|款|项)\)")
_CODE = re.compile(r"\((\d{3,7})\)")
_SENTENCE = re.compile(r"(?<=[。；;])|其中[:：]")
_NOT_SUBJECT = re.compile(r"[，,。；;：:、《》“”\"\d]")
_OTHER_ASKS = ("reason", "compare")  # why, or a change: not what the item is
MIN_TAIL = 4  # characters of a term's tail the question must name ("职业年金缴费支出" of 机关事业单位职业年金缴费支出)
LONG_TAIL = 6  # … and from which a tail names the term even when it is less than half of it (彩票公益金支出)


@dataclass(frozen=True)
class Clause:
    """What one 名词解释 entry, or one clause inside it, defines."""

    fact: Fact  # the entry's definition fact
    subject: str  # name_key of what it defines: the entry's term, or the sub-item a clause names
    text: str  # the words that define it, as printed
    code: str | None  # the 科目 code the entry's term carries ("高等教育（2059802）")
    whole: bool  # the entry itself, not a clause inside it


def term_key(term: str) -> tuple[str, str | None]:
    """A 名词解释 term as the question would name it, and its code: "高等教育（ 2059802 ）" → ("高等教育", "2059802");
    a 类/款/项 path keeps its last level ("…（款）行政运行（项）" → "行政运行")."""
    key = name_key(term)
    code = _CODE.search(key)
    key = _CODE.sub("", key)
    parts = [p for p in _LEVEL_MARK.split(key) if len(p) >= 2]
    return (parts[-1] if parts else key), code.group(1) if code else None


def clauses(fact: Fact) -> list[Clause]:
    """The entry, then each clause of its text that names a subject of its own before a defining word
    ("公务接待费主要安排…", "科研事业收入主要包括…")."""
    term, code = term_key(fact.subject)
    out = [Clause(fact, term, fact.text.strip(), code, True)]
    verbs = vocab().cues["definition_clause_verbs"]
    for piece in _SENTENCE.split(fact.text):
        piece = piece.strip("，,、 \u3000")
        at = min((i for i in (piece.find(v) for v in verbs) if i >= 0), default=-1)  # the first defining word
        subject = name_key(piece[:at]) if at > 0 else ""
        if 3 <= len(subject) <= 20 and not _NOT_SUBJECT.search(subject) and subject != term:
            out.append(Clause(fact, subject, piece, None, False))
    return out


def asks_meaning(plan: Plan) -> bool:
    """The question asks what something means, is for, who gets it, by what standard, what it covers."""
    text = plan.text + name_key(plan.question)
    return any(w in text for w in vocab().cues["definition_asks"])


def claims_definition_words(plan: Plan, ctx: Context) -> bool:
    """A what-is question, or a meaning/use/recipient/standard/scope ask that does not ask an amount."""
    if plan.kind == "definition":
        return True
    # "…减少了，怎么回事" asks why, "…比上年怎么算" a change: not what the item is
    other = plan.kind in _OTHER_ASKS or bool(plan.cues & set(_OTHER_ASKS))
    return not other and asks_meaning(plan) and not asked.asks_amount(plan.question)


def _codes(plan: Plan) -> set[str]:
    return {k for m in plan.mentions if m.via == "code" for k in m.keys}


def _hit(c: Clause, text: str, named: set[str], codes: set[str]) -> int:
    """How much of the question names ``c``: its whole subject, a long enough tail of it, or its code."""
    if c.code and c.code in codes:
        return 100 + len(c.subject)
    if c.subject in named or c.subject in text:
        return len(c.subject)
    for n in range(len(c.subject) - 1, MIN_TAIL - 1, -1):  # the tail of a long name ("职业年金缴费支出")
        if (2 * n >= len(c.subject) or n >= LONG_TAIL) and _starts_a_name(text, c.subject[-n:]):
            return n
    return 0


_BEFORE_NAME = re.compile(r"[^\u4e00-\u9fff]|[的里中个项这那]")


def _starts_a_name(text: str, tail: str) -> bool:
    """``tail`` is in the question as a name of its own: not the end of a longer name ("留学教育" of 其他留学教育支出
    is not 来华留学教育's tail)."""
    at = text.find(tail)
    while at >= 0:
        if at == 0 or _BEFORE_NAME.fullmatch(text[at - 1]):
            return True
        at = text.find(tail, at + 1)
    return False


def find(plan: Plan, ctx: Context) -> Clause | None:
    """The entry or clause that defines what the question names: the most of the question it covers, a clause
    (the sub-item named) before the entry around it; an entry carrying another code than the one asked is not it."""
    text = name_key(plan.text)
    named = {name_key(k) for m in plan.mentions for k in (m.text, *m.keys) if not k.startswith("table:")}
    codes = _codes(plan)
    store = ctx.library.fact_store()
    best: tuple[int, int, Clause] | None = None
    for d in ctx.docs:
        for f in store.of_doc(d.id):
            if f.source != "definition":
                continue
            for c in clauses(f):
                if c.code and codes and c.code not in codes:
                    continue
                hit = _hit(c, text, named, codes)
                if hit >= 2 and (best is None or (hit, not c.whole) > best[:2]):
                    best = (hit, not c.whole, c)
    return best[2] if best else None


def definition_words(plan: Plan, ctx: Context) -> Answer | None:
    found = find(plan, ctx)
    if found is None:
        return None
    f = found.fact
    doc = next(d for d in ctx.docs if d.id == f.doc_id)
    b = Builder(plan.question, "definition")
    cid = b.cite(doc, f.locator, f.page, f.quote)
    if found.whole:
        b.say(f"{f.subject}：{b.quoted(f.text, cid)}[{cid}]")
    else:
        b.say(f"按名词解释（{f.subject}）：{b.quoted(found.text, cid)}[{cid}]")
    words = b.answer()
    amount = _amount(plan, ctx) if asked.asks_amount(plan.question) else None
    return both.join(plan.question, words, amount) if amount is not None else words


def _amount(plan: Plan, ctx: Context) -> Answer | None:
    """ "X是什么意思？多少钱？": the item's amount after the words that define it (never instead of them)."""
    if not plan.mentions:
        return None
    found = tabular.value(replace(plan, kind="value"), ctx)
    return found if found is not None and found.status == "answered" and found.figures else None
