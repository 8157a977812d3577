"""Question → Plan: what is asked (kind), about which items, for which years, columns and tables.

Reading is done against the loaded documents' names (``NameIndex``) so that a row name in the question is found
before its words are mistaken for cues ("一般公共预算拨款收入" is an item, not the scope "一般公共预算").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .index import NameIndex
from .text import norm, norm_spaced
from .vocab import vocab

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_CODE = re.compile(r"(?<![\d.,])(\d{3}(?:\s?\d{2}){1,2}|\d{3}|\d{6})(?![\d.,%])")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORD = re.compile(r"[a-z]{2,}")


@dataclass(frozen=True)
class Mention:
    """A span of the question naming an item; ``keys`` are the document names it may mean, best first."""

    text: str
    keys: tuple[str, ...]
    via: str  # "code" | "name" | "lexicon" | "fuzzy" | "measure"
    start: int = -1
    end: int = -1


@dataclass(frozen=True)
class Plan:
    question: str
    text: str  # normalised question, no spaces
    kind: str  # value, compare, reason, share, rank, children, arith, definition, explain, org, performance,
    #            existence, empty, off_topic, person
    mentions: tuple[Mention, ...] = ()
    years: tuple[int, ...] = ()  # absolute years named
    relative: tuple[int, ...] = ()  # 0 = this year, -1 = last year
    measures: tuple[str, ...] = ()
    scopes: tuple[str, ...] = ()  # table kinds, best first
    op: str | None = None  # "sum" | "diff" | "max" | "min"
    level: str | None = None  # "类" / "款" / "项" for rankings
    cues: frozenset[str] = frozenset()  # every kind whose cue words occur
    followup: bool = False
    english: bool = False


def read_plan(question: str, index: NameIndex) -> Plan:
    text, spaced = norm(question), norm_spaced(question)
    english = bool(_WORD.search(spaced)) and not _CJK.search(spaced)
    if not _CJK.search(text) and not _WORD.search(spaced) and not re.search(r"\d{3}", text):
        return Plan(question, text, "empty")
    mentions, mask = find_mentions(text, spaced, index)
    rest = _masked(text, mask)
    years = tuple(int(y) for y in _YEAR.findall(rest))
    v = vocab()
    relative = tuple(sorted({0 for w in v.cues["this_year"] if _has(w, rest, spaced)}
                            | {-1 for w in v.cues["last_year"] if _has(w, rest, spaced)}))
    cues = frozenset(k for k, words in v.kinds.items() if any(_has(w, rest, spaced) for w in words))
    measures = tuple(m.name for m in v.measures if any(_has(c, rest, spaced) for c in m.cues))
    scopes = _scopes(rest, spaced)
    level = next((lv for lv, words in v.levels.items() if any(_has(w, rest, spaced) for w in words)), None)
    plan = Plan(question, text, "value", mentions, years, relative, measures, scopes, level=level, cues=cues,
                english=english, followup=_is_followup(text, spaced, mentions))
    plan = replace(plan, kind=choose_kind(plan, rest, spaced))
    return replace(plan, op=_op(plan, rest, spaced))


def _has(word: str, text: str, spaced: str) -> bool:
    if word.isascii() and word[:1].isalpha():
        return re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", spaced) is not None
    return word in text


def _masked(text: str, mask: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in mask:
        for i in range(start, end):
            chars[i] = "\u3000"
    return "".join(chars)


def scopes_in(text: str) -> tuple[str, ...]:
    """Table kinds the scope words of ``text`` point to, read without masking item names."""
    return _scopes(norm(text), norm_spaced(text))


def _scopes(rest: str, spaced: str) -> tuple[str, ...]:
    kinds: list[str] = []
    for scope in vocab().scopes:
        if any(_has(c, rest, spaced) for c in scope.cues):
            kinds.extend(k for k in scope.kinds if k not in kinds)
            break  # the most specific scope word wins; scopes are listed most specific first
    return tuple(kinds)


def _is_followup(text: str, spaced: str, mentions: tuple[Mention, ...]) -> bool:
    v = vocab()
    starts = any(text.startswith(w) or spaced.startswith(w) for w in v.cues["followup_starts"])
    short_tail = len(text) <= 14 and any(text.rstrip("?？。!！").endswith(w) for w in ("呢", "吗"))
    return starts or short_tail or (not mentions and len(text) <= 8)


def choose_kind(plan: Plan, rest: str, spaced: str) -> str:
    """Priority order of kinds; the first whose cues occur (and whose needs are met) wins."""
    cues, v = plan.cues, vocab()
    if any(_has(w, rest, spaced) for w in v.cues["not_budget"]) and not plan.mentions:
        return "off_topic"
    if any(_has(w, rest, spaced) for w in v.cues["person"]):
        return "person"
    two = len(plan.mentions) >= 2
    order = (
        ("existence", True), ("definition", True), ("reason", True), ("share", True), ("rank", True),
        ("children", True), ("arith", two and ({"arith_sum", "arith_diff"} & cues or "比" in rest)),
        ("compare", "compare" in cues or {"执行数", "预算数"} <= set(plan.measures)),
        ("org", "org" in cues and not plan.mentions), ("performance", "performance" in cues),
    )
    for kind, ok in order:
        if ok and (kind in cues or kind in ("arith", "compare")):
            return kind
    if plan.mentions or item_measures(plan):
        return "value"
    if "org" in cues:
        return "org"
    return "explain"


def item_measures(plan: Plan) -> tuple[str, ...]:
    """Measures that name an amount by themselves (基本支出, 人员经费), not a year or a change."""
    own = tuple(m for m in plan.measures if m not in ("增减额", "增减率", "预算数", "执行数", "合计"))
    return own or (("合计",) if "合计" in plan.measures and not plan.mentions else ())


def _op(plan: Plan, rest: str, spaced: str) -> str | None:
    cues = plan.cues
    if plan.kind == "rank":
        return "min" if any(_has(w, rest, spaced) for w in vocab().cues["rank_min"]) else "max"
    if plan.kind == "arith":
        return "sum" if "arith_sum" in cues and "arith_diff" not in cues else "diff"
    return None


# ---------------------------------------------------------------------------------------------------------------
# Item mentions


def find_mentions(text: str, spaced: str, index: NameIndex) -> tuple[tuple[Mention, ...], list[tuple[int, int]]]:
    """Codes, document names, lexicon words, then fuzzy names; returns mentions in question order and their spans."""
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for unit in {norm(d.unit_name) for d in index.docs if d.unit_name}:
        for m in re.finditer(re.escape(unit), text):
            taken.append(m.span())
    for m in _CODE.finditer(text):
        code = m.group(1).replace(" ", "")
        if code in index.codes and not _overlaps(m.span(), taken):
            found.append(Mention(m.group(1), (code,), "code", *m.span()))
            taken.append(m.span())
    _find_names(text, index, found, taken)
    _find_lexicon(text, spaced, index, found, taken)
    if not found:
        _find_fuzzy(text, index, found, taken)
    found.sort(key=lambda m: (m.start, m.end))
    return tuple(found), taken


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in taken)


def _find_names(text: str, index: NameIndex, found: list[Mention], taken: list[tuple[int, int]]) -> None:
    hits = []
    measure_words = {c for m in vocab().measures for c in m.cues}
    for key in index.keys:
        if key in measure_words:
            continue
        start = text.find(key)
        while start >= 0:
            hits.append((start, start + len(key), key))
            start = text.find(key, start + 1)
    for start, end, key in sorted(hits, key=lambda h: (-(h[1] - h[0]), h[0])):
        if not _overlaps((start, end), taken):
            found.append(Mention(key, (key,), "name", start, end))
            taken.append((start, end))


def _find_lexicon(text: str, spaced: str, index: NameIndex, found: list[Mention],
                  taken: list[tuple[int, int]]) -> None:
    for word, terms in vocab().lexicon:
        if word.isascii():
            m = re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", spaced)
            span = (-1, -1) if m else None
            if m and any(word in f.text for f in found):
                continue
        else:
            pos = text.find(word)
            span = (pos, pos + len(word)) if pos >= 0 else None
            if span and _overlaps(span, taken):
                continue
        if span is None:
            continue
        keys = _keys_for_terms(terms, index)
        if keys:
            found.append(Mention(word, keys, "lexicon", *span))
            if span[0] >= 0:
                taken.append(span)


def _keys_for_terms(terms: tuple[str, ...], index: NameIndex) -> tuple[str, ...]:
    """Document names equal to a term first, then names containing it, shortest first, in term order."""
    keys: list[str] = []
    names = index.keys
    for term in terms:
        if term in names and term not in keys:
            keys.append(term)
    for term in terms:
        keys.extend(k for k in sorted((n for n in names if term in n), key=len) if k not in keys)
    for term in terms:  # table titles ("三公经费" → 财政拨款预算“三公”经费支出表)
        keys.extend(f"table:{t}" for t in index.tables if term in t and f"table:{t}" not in keys)
    return tuple(keys)


def _find_fuzzy(text: str, index: NameIndex, found: list[Mention], taken: list[tuple[int, int]]) -> None:
    """The names sharing the longest run of characters (≥ 3, or a whole 2-character name) with the question."""
    rest = _masked(text, taken)
    for stop in vocab().cues["stopwords"]:
        if not stop.isascii():
            rest = rest.replace(stop, "\u3000") if len(stop) > 1 else rest
    candidates = {k for i in range(len(rest) - 1) for k in index.bigrams.get(rest[i:i + 2], ())}
    best, best_len, best_span = [], 2, (-1, -1)
    for key in candidates:
        length, start = _common_run(rest, key)
        need = 2 if len(key) == 2 else 3
        if length < need:
            continue
        if length > best_len:
            best, best_len, best_span = [key], length, (start, start + length)
        elif length == best_len and length >= need:
            best.append(key)
    if best and best_len >= 3 or (best and all(len(k) == 2 for k in best)):
        keys = tuple(sorted(best, key=lambda k: (len(k), k)))
        found.append(Mention(rest[best_span[0]:best_span[1]], keys, "fuzzy", *best_span))
        taken.append(best_span)


def _common_run(text: str, key: str) -> tuple[int, int]:
    """Longest substring of ``key`` found in ``text``: (length, start in text)."""
    best, where = 0, -1
    for i in range(len(key)):
        for j in range(len(key), i + best, -1):
            pos = text.find(key[i:j])
            if pos >= 0:
                if j - i > best:
                    best, where = j - i, pos
                break
    return best, where
