"""A compound question read as several frames, answered as one: every part with its citation, or a plain statement
that the documents do not state it.

Frames come from two shapes: questions in a row ("…增加了多少？主要原因是什么？", or two asking clauses joined by a comma:
"…给了多少钱，要培训多少名老师？") — a later part without an item of its own is read with the earlier parts as its
history, so it inherits their item; a part naming a subject no earlier part names is also read alone — and an
enumeration ("出国、公车、接待各多少"), one frame per item.
"""

from __future__ import annotations

import re
from functools import cache

from ...models import Answer
from ..finding.narrative import content_grams
from .text import norm
from .vocab import vocab

_PARTS = re.compile(r"(?<=[?？])|[；;]")
_COMMA = re.compile(r"[，,]")
# a clause that asks something: a comma between two such clauses joins two questions ("给了多少钱，要培训多少名老师？")
_ASKS = re.compile(r"多少|几|什么|哪|吗|是否|有没有|怎么|如何|为什么|为何|啥")
_LIST = re.compile(r"^(?P<head>.{2,}?)(?P<cue>各自|分别|各)(?P<tail>.*)$")
_JOIN = re.compile(r"以及|和|与|及|、")
MISSING = "文件中没有说明"


def question_parts(question: str) -> list[str]:
    """The questions asked one after another, each ending in its own question mark."""
    parts = [p.strip() for p in _PARTS.split(question) if p and p.strip(" ?？；;")]
    return parts if len(parts) >= 2 else [question]


def clauses(question: str) -> list[tuple[str, bool]]:
    """The question's parts, each question split further at a comma between two clauses that both ask something
    ("给了多少钱，要培训多少名老师？"; not "高等教育（2059802），各是多少？"); each with whether a comma joins it to the
    clause before (it shares that clause's subject)."""
    found = [(c, i > 0) for p in question_parts(question) for i, c in enumerate(_asked_clauses(p))]
    return found if len(found) >= 2 else [(question, False)]


def _asked_clauses(part: str) -> list[str]:
    """One question's clauses that each ask something; a clause that asks nothing stays with the clause after it."""
    pieces = _COMMA.split(part)
    clauses: list[str] = []
    pending = ""
    for piece in pieces:
        pending = f"{pending}，{piece}" if pending else piece
        if _ASKS.search(pending):
            clauses.append(pending)
            pending = ""
    if pending and clauses:
        clauses[-1] = f"{clauses[-1]}，{pending}"
    elif pending:
        clauses.append(pending)
    return [c.strip() for c in clauses if c.strip(" ?？")]


def list_items(question: str, names: tuple[str, ...] = ()) -> list[str]:
    """ "A、B、C各多少" → ["A多少", "B多少", "C多少"]; a 和 inside an item's own name (社会保障和就业支出) joins nothing."""
    text = norm(question)
    m = _LIST.match(text)
    if m is None:
        return []
    head, tail = m.group("head"), m.group("tail") or "是多少"
    head = re.sub(r"^其中[:：,，]?", "", head)
    inside = [(x.start(), x.end()) for n in names if n for x in re.finditer(re.escape(norm(n)), head)]
    cuts = [j for j in _JOIN.finditer(head) if not any(s <= j.start() < e for s, e in inside)]
    if not cuts:
        return []
    items, start = [], 0
    for j in cuts:
        items.append(head[start : j.start()])
        start = j.end()
    items.append(head[start:])
    items = [i for i in items if len(i) >= 2]
    return [i + tail for i in items] if len(items) >= 2 else []


def join_all(question: str, answers: list[Answer], missing: list[str]) -> Answer:
    """One answer holding every answered part (citations renumbered, repeated ones merged) and a sentence naming the
    parts the documents do not state."""
    citations, figures, texts = [], [], []
    for ans in answers:
        mapping: dict[int, int] = {}
        for c in ans.citations:
            same = next((x for x in citations if (x.doc, _flat(x.quote)) == (c.doc, _flat(c.quote))), None)
            if same is None:
                same = c.model_copy(update={"id": len(citations) + 1})
                citations.append(same)
            mapping[c.id] = same.id
        texts.append(_renumber(ans.answer, mapping))
        for f in ans.figures:
            moved = f.model_copy(update={"citation": mapping.get(f.citation, f.citation)})
            if moved not in figures:
                figures.append(moved)
    missing = [m for m in missing if m.strip(" ?？")]
    if missing:
        texts.append(f"{MISSING}：" + "；".join(m.rstrip("?？") for m in missing) + "。")
    return Answer(
        question=question,
        status="answered",
        answer="\n".join(t.strip() for t in texts if t.strip()),
        citations=tuple(citations),
        figures=tuple(figures),
        kind=answers[0].kind if answers else None,
    )


def _flat(text: str) -> str:
    return norm(text).replace(",", "")


def _renumber(text: str, mapping: dict[int, int]) -> str:
    return re.sub(r"\[(\d+)\]", lambda m: f"[{mapping.get(int(m.group(1)), int(m.group(1)))}]", text)


def adds_to(whole: Answer, part: Answer) -> bool:
    """The part's answer says something the whole question's answer does not: a figure, or (for words only) a
    passage the whole answer does not already show."""
    if part.status != "answered":
        return False
    values = {(round(f.value, 6), f.unit) for f in whole.figures}
    if MISSING in part.answer and MISSING not in whole.answer:
        return True  # the part names an item the documents do not state
    if part.figures:
        return any((round(f.value, 6), f.unit) not in values for f in part.figures)
    said = norm(re.sub(r"\[\d+\]", "", whole.answer))
    return any(norm(s) not in said for s in re.split(r"(?<=[。；])", re.sub(r"\[\d+\]", "", part.answer)) if s.strip())


_MEASURE_ONLY = ("增减额", "增减率", "预算数", "执行数", "合计")  # measures that name no item of their own


@cache
def _measure_words() -> tuple[str, ...]:
    """Words that ask a measure or a kind of answer (实际支出, 全年预算, 降低百分之…, 用于什么, 原因), longest first: no
    subject of a part."""
    v = vocab()
    words = {w for m in v.measures if m.name in _MEASURE_ONLY for w in m.cues if not w.isascii()}
    asks = ("execution_asks", "execution_why", "purpose_asks", "reason_content_asks", "definition_asks")
    words |= {w for k in asks for w in v.cues[k] if not w.isascii()} | {"预算", "决算"}
    return tuple(sorted(words, key=len, reverse=True))


def subject_words(text: str) -> tuple[str, ...]:
    """The runs of three or more characters of a question's content words, measure words left out: what it is
    about ("行政运行（2013901）全年预算多少" → "行政运行")."""
    flat = norm(text)
    for w in _measure_words():
        flat = flat.replace(w, " " * len(w))
    grams = content_grams(flat)
    return _runs(flat, grams)


def own_words(part: str, earlier: list[str]) -> tuple[str, ...]:
    """The subject words of a part that no earlier part says ("其中农林水支出减了多少" after "本年支出预算比上年减少了
    多少" → "农林水支"): a subject of its own, though no table row names it."""
    said = content_grams("".join(earlier))
    flat = norm(part)
    for w in _measure_words():
        flat = flat.replace(w, " " * len(w))
    return _runs(flat, content_grams(flat) - said)


def _runs(text: str, grams: set[str]) -> tuple[str, ...]:
    """The runs of ``text`` of three or more characters whose every bigram is one of ``grams``."""
    runs: list[str] = []
    run = ""
    for i in range(len(text) - 1):
        gram = text[i : i + 2]
        if gram in grams:
            run = run + gram[1] if run else gram
        else:
            if len(run) >= 3:
                runs.append(run)
            run = ""
    if len(run) >= 3:
        runs.append(run)
    return tuple(runs)


def says_own_words(answer: Answer, runs: tuple[str, ...]) -> bool:
    """The answer says three characters in a row of one of ``runs`` ("外事科管" → "外事科的职责")."""
    said = norm(answer.answer)
    return any(r[i : i + 3] in said for r in runs for i in range(len(r) - 2))


def names_item(answer: Answer, words: tuple[str, ...]) -> bool:
    """An item's answer names the item (by the question's word or a document name it was read as): an answer about
    something else is no answer to that item."""
    said = norm(answer.answer)
    return any(w and norm(w) in said for w in words)
