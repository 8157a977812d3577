"""Question → Plan: what is asked (kind), about which items, for which years, columns and tables.

Reading is done against the loaded documents' names (``NameIndex``) so that a row name in the question is found
before its words are mistaken for cues ("一般公共预算拨款收入" is an item, not the scope "一般公共预算").
"""

from __future__ import annotations

import re
from functools import lru_cache
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .index import NameIndex
from .text import name_key, norm, norm_spaced
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
    tables: tuple[str, ...] = ()  # title keys (NameIndex.tables) of the tables the question names
    terms: tuple[str, ...] = ()  # budget terms an everyday word means (买车 → 公务用车购置费) that no table row names


_DIGIT_GAP = re.compile(r"(?<=\d)\s+(?=\d)(?!\d{2}(?!\d))")


def read_plan(question: str, index: NameIndex) -> Plan:
    # "2080107 2023年" must not fuse into one number when spaces go; "201 06 01" (a split code) may.
    text, spaced = norm(_DIGIT_GAP.sub("|", question)), norm_spaced(question)
    english = bool(_WORD.search(spaced)) and not _CJK.search(spaced)
    if not _CJK.search(text) and not _WORD.search(spaced) and not re.search(r"\d{3}", text):
        return Plan(question, text, "empty")
    tables, table_spans = named_tables(text, index)
    mentions, mask = find_mentions(text, spaced, index, table_spans)
    mentions = _drop_scope_words(text, mentions, index)
    mask = table_spans + [(m.start, m.end) for m in mentions if m.start >= 0]
    rest = _masked(text, mask)
    years = tuple(int(y) for y in _YEAR.findall(rest))
    v = vocab()
    relative = tuple(
        sorted(
            {0 for w in v.cues["this_year"] if _has(w, rest, spaced)}
            | {-1 for w in v.cues["last_year"] if _has(w, rest, spaced)}
        )
    )
    cues = frozenset(k for k, words in v.kinds.items() if _any(words, rest, spaced))
    if not cues and any(re.search(f, rest) for f in v.cues["existence_forms"]):
        cues = frozenset({"existence"})
    if mentions and re.sub(r"[\s\u3000?？。]", "", rest) in v.cues["definition_tails"]:
        cues = cues | {"definition"}  # "购房补贴是什么？": the item and nothing but a what-is
    if "definition" not in cues and _names_defined_term(text, index):
        cues = cues | {"definition"}  # "机关运行经费是什么": a 名词解释 term and a what-is, even when a row too
    measures = tuple(m.name for m in v.measures if _any(m.cues, rest, spaced))
    scopes = _table_kinds(tables, index) + tuple(
        k for k in _scopes(rest, spaced) if k not in _table_kinds(tables, index)
    )
    level = next((lv for lv, words in v.levels.items() if _any(words, rest, spaced)), None)
    plan = Plan(
        question,
        text,
        "value",
        mentions,
        years,
        relative,
        measures,
        scopes,
        level=level,
        cues=cues,
        english=english,
        followup=_is_followup(text, spaced, mentions) and not tables,
        tables=tables,
        terms=_unmatched_terms(rest, spaced, index),
    )
    plan = replace(plan, kind=choose_kind(plan, rest, spaced))
    return replace(plan, op=_op(plan, rest, spaced))


_LEVEL_MARK = re.compile(r"\((?:类|款|项)\)")


def _names_defined_term(text: str, index: NameIndex) -> bool:
    """The question is a 名词解释 term followed by nothing but a what-is tail ("X是什么", "X到底是什么")."""
    bare = re.sub(r"[\s\u3000?？。!！]", "", name_key(text))
    tails = vocab().cues["definition_tails"]
    for doc in index.docs:
        for d in doc.definitions:
            full = name_key(d.term)
            for key in {full, *[p for p in _LEVEL_MARK.split(full) if len(p) >= 2][-1:]}:
                if len(key) >= 2 and bare.startswith(key) and bare[len(key) :] in tails:
                    return True
    return False


def _has(word: str, text: str, spaced: str) -> bool:
    """Whether one cue is in the question: an English cue as a whole word of ``spaced``, any other a substring."""
    return _any((word,), text, spaced)


def _any(words: Sequence[str], text: str, spaced: str) -> bool:
    """Whether any cue of ``words`` is in the question (split and compiled once per list)."""
    cjk, english = _split_cues(tuple(words))
    return any(w in text for w in cjk) or (english is not None and english.search(spaced) is not None)


@lru_cache(maxsize=8192)
def _split_cues(words: tuple[str, ...]) -> tuple[tuple[str, ...], re.Pattern[str] | None]:
    english = [w for w in words if w.isascii() and w[:1].isalpha()]
    cjk = tuple(w for w in words if w not in english)
    if not english:
        return cjk, None
    alternatives = "|".join(re.escape(w) for w in sorted(english, key=len, reverse=True))
    return cjk, re.compile(rf"(?<![a-z])(?:{alternatives})(?![a-z])")


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
        if _any(scope.cues, rest, spaced):
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
    if _any(v.cues["not_budget"], rest, spaced) and not plan.mentions:
        return "off_topic"
    if _any(v.cues["person"], rest, spaced) and not _any(v.cues["not_person"], rest, spaced):
        return "person"  # "局长是谁"; "是谁交的" asks who pays an item
    two = len(plan.mentions) >= 2 or (not plan.mentions and len(item_measures(plan)) >= 2)
    changes = {"增减额", "增减率"} & set(plan.measures)
    # "比上年降低了百分之几" asks for a change, not a share: a share needs 占 (or an explicit share word)
    change_first = bool("compare" in cues or changes) and "占" not in rest and "rank" not in cues
    order = (
        ("existence", not _asks_if_changed(rest, spaced)),
        ("definition", True),
        ("reason", True),
        ("compare", change_first),
        ("share", True),
        ("rank", True),
        ("children", True),
        ("arith", two and ({"arith_sum", "arith_diff"} & cues or "比" in rest)),
        ("compare", "compare" in cues or bool(changes) or {"执行数", "预算数"} <= set(plan.measures)),
        ("org", "org" in cues and not plan.mentions),
        ("performance", "performance" in cues),
    )
    for kind, ok in order:
        if (
            ok
            and (kind in cues or kind in ("arith", "compare"))
            and not (kind == "share" and "占" not in rest and _only_percent_cue(rest, spaced))
        ):
            return kind
    if plan.mentions or item_measures(plan):
        return "value"
    asks_amount = plan.measures or _any(v.cues["value_cues"], rest, spaced)
    # "一般公共预算支出2022年执行数是多少": the scope's total; "买车多少钱" with no row: the narrative's figure
    if (plan.scopes or plan.tables or plan.terms) and asks_amount:
        return "value"
    if "org" in cues:
        return "org"
    return "explain"


def _asks_if_changed(rest: str, spaced: str) -> bool:
    """ "有没有变化" / "是否增加" is a yes/no about a change: a comparison, not whether the item exists."""
    v = vocab()
    return _any([e + c for e in v.kinds["existence"] for c in v.cues["change_words"]], rest, spaced)


def _only_percent_cue(rest: str, spaced: str) -> bool:
    """The share cue is just a percent word ("百分之几") that a change question uses too."""
    words = [w for w in vocab().kinds["share"] if _has(w, rest, spaced)]
    return all(w in ("百分之几", "百分之多少", "百分比", "比例", "percentage", "percent of") for w in words) and bool(
        {"增减额", "增减率"} & {m.name for m in vocab().measures if _any(m.cues, rest, spaced)}
    )


def item_measures(plan: Plan) -> tuple[str, ...]:
    """Measures that name an amount by themselves (基本支出, 人员经费), not a year or a change."""
    own = tuple(m for m in plan.measures if m not in ("增减额", "增减率", "预算数", "执行数", "合计"))
    return own or (("合计",) if "合计" in plan.measures and not plan.mentions else ())


def _op(plan: Plan, rest: str, spaced: str) -> str | None:
    cues = plan.cues
    if plan.kind == "rank":
        # "哪个科目降幅最大 / 减少最多": the most negative change, so the smallest 增减
        falls = {"增减额", "增减率"} & set(plan.measures) and any(
            _has(w, rest, spaced) for w in vocab().cues["decrease_words"]
        )
        return "min" if falls or any(_has(w, rest, spaced) for w in vocab().cues["rank_min"]) else "max"
    if plan.kind == "arith":
        return "sum" if "arith_sum" in cues and "arith_diff" not in cues else "diff"
    return None


# ---------------------------------------------------------------------------------------------------------------
# Item mentions


def find_mentions(
    text: str, spaced: str, index: NameIndex, taken: list[tuple[int, int]] | None = None
) -> tuple[tuple[Mention, ...], list[tuple[int, int]]]:
    """Codes, document names, lexicon words, then fuzzy names; returns mentions in question order and their spans.

    ``taken`` holds spans already read as something else (a table's title)."""
    found: list[Mention] = []
    taken = list(taken or ())
    for unit in {norm(d.unit_name) for d in index.docs if d.unit_name}:
        for m in re.finditer(re.escape(unit), text):
            taken.append(m.span())
    for m in _CODE.finditer(text):
        code = m.group(1).replace(" ", "")
        if code in index.codes and not _overlaps(m.span(), taken):
            found.append(Mention(m.group(1), (code,), "code", *m.span()))
            taken.append(m.span())
    _find_names(text, index, found, taken)
    found[:] = [m for m in found if not _same_row_as_code(m, found, index)]
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


def _find_lexicon(text: str, spaced: str, index: NameIndex, found: list[Mention], taken: list[tuple[int, int]]) -> None:
    for word, terms in vocab().lexicon:
        if word.isascii():
            m = _has(word, "", spaced)
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
        if keys and any(f.via == "lexicon" and f.keys == keys for f in found):
            # two everyday words for one budget item (请客…招待) name it once
            if span[0] >= 0:
                taken.append(span)
        elif keys:
            found.append(Mention(word, keys, "lexicon", *span))
            if span[0] >= 0:
                taken.append(span)


def _unmatched_terms(rest: str, spaced: str, index: NameIndex) -> tuple[str, ...]:
    """Budget terms of the lexicon words in ``rest`` (the question without its mentions) that name no row or
    table: the narrative may still state them ("公务用车购置费0.00万元")."""
    out: list[str] = []
    for word, terms in vocab().lexicon:
        if _has(word, rest, spaced) and not _keys_for_terms(terms, index):
            out.extend(t for t in terms if t not in out)
    return tuple(out)


def _keys_for_terms(terms: tuple[str, ...], index: NameIndex) -> tuple[str, ...]:
    """Document names equal to a term first, then names containing it, shortest first, in term order."""
    keys: list[str] = []
    names = index.keys
    for term in terms:
        if term in names and term not in keys:
            keys.append(term)
    for term in terms:
        keys.extend(k for k in sorted((n for n in names if term in n), key=lambda n: (len(n), n)) if k not in keys)
    for term in terms:  # table titles ("三公经费" → 财政拨款预算“三公”经费支出表)
        keys.extend(f"table:{t}" for t in index.tables if term in t and f"table:{t}" not in keys)
    return tuple(keys)


def _find_fuzzy(text: str, index: NameIndex, found: list[Mention], taken: list[tuple[int, int]]) -> None:
    """The names sharing the longest run of characters (≥ 3, or a whole 2-character name) with the question."""
    rest = _masked(text, taken)
    # the 年 of "2023年" belongs to the year ("2023年支出…" names no 本年支出 row)
    rest = re.sub(r"\d{2,4}年度?", lambda m: "\u3000" * len(m.group()), rest)
    for cue in sorted(_scope_cues() + tuple(c for m in vocab().measures for c in m.cues), key=len, reverse=True):
        if not cue.isascii():
            rest = rest.replace(cue, "\u3000" * len(cue))
    for stop in vocab().cues["stopwords"]:
        if not stop.isascii():
            rest = rest.replace(stop, "\u3000") if len(stop) > 1 else rest
    candidates = {k for i in range(len(rest) - 1) for k in index.bigrams.get(rest[i : i + 2], ())}
    best, best_len, best_span = [], 2, (-1, -1)
    for key in candidates:
        length, start = _common_run(rest, key)
        need = 2 if len(key) == 2 else 3
        # a short run inside a long name ("社会保险" of 社会保险业务管理事务) is a shared word, not the name
        if length < need or (length < 5 and length / len(key) < 0.6):
            continue
        if length > best_len:
            best, best_len, best_span = [key], length, (start, start + length)
        elif length == best_len and length >= need:
            best.append(key)
    if best and best_len >= 3 or (best and all(len(k) == 2 for k in best)):
        keys = tuple(sorted(best, key=lambda k: (len(k), k)))
        found.append(Mention(rest[best_span[0] : best_span[1]], keys, "fuzzy", *best_span))
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


# ---------------------------------------------------------------------------------------------------------------
# Tables and scope words named in the question


def named_tables(text: str, index: NameIndex) -> tuple[tuple[str, ...], list[tuple[int, int]]]:
    """Tables the question names by title or by a tail of it ending in 表 ("基本支出表" → 一般公共预算基本支出表).

    Where a tail fits several titles the one it covers most wins (收支总表 → 单位收支总表, not 财政拨款收支总表)."""
    best: dict[tuple[int, int], tuple[float, list[str]]] = {}
    for title in index.tables:
        for start in range(len(title) - 3):
            tail = title[start:]
            if not tail.endswith("表"):
                break
            pos = text.find(tail)
            if pos < 0:
                continue
            span, cover = (pos, pos + len(tail)), len(tail) / len(title)
            old = best.get(span)
            if old is None or cover > old[0] + 1e-9:
                best[span] = (cover, [title])
            elif abs(cover - old[0]) < 1e-9:
                old[1].append(title)
            break
    spans = sorted(best, key=lambda sp: sp[0] - sp[1])  # longest first
    kept: list[tuple[int, int]] = []
    titles: list[str] = []
    for span in spans:
        if not _overlaps(span, kept):
            kept.append(span)
            titles.extend(t for t in best[span][1] if t not in titles)
    return tuple(titles), kept


def _table_kinds(titles: tuple[str, ...], index: NameIndex) -> tuple[str, ...]:
    kinds: list[str] = []
    for title in titles:
        kinds.extend(t.kind for _, t in index.tables.get(title, ()) if t.kind not in kinds)
    return tuple(kinds)


def _scope_cues() -> tuple[str, ...]:
    return tuple(c for sc in vocab().scopes for c in sc.cues if not c.isascii())


def _drop_scope_words(text: str, mentions: tuple[Mention, ...], index: NameIndex) -> tuple[Mention, ...]:
    """A name made mostly of a scope word ("一般公共预算拨款") names which table, not which row, when the question
    has another item, or when no table of that scope holds the row."""
    spans = [(m.start(), m.start() + len(c)) for c in _scope_cues() for m in re.finditer(re.escape(c), text)]

    def scope_like(m: Mention) -> bool:
        # the subject of a share ("财政拨款占全部收入的比例") is the part asked about, not a scope
        return (
            m.via != "code"
            and m.start >= 0
            and any(
                s < m.end
                and m.start < e
                and (min(e, m.end) - max(s, m.start)) / max(m.end - m.start, 1) >= 0.7  # of the name, covered
                and not text[max(e, m.end) :].startswith("占")
                for s, e in spans
            )
        )

    if not any(scope_like(m) for m in mentions):
        return mentions
    items = [m for m in mentions if not scope_like(m)]
    if items:
        return tuple(items)
    first = _scopes(text, text)[:1]
    kept = []
    for m in mentions:
        kinds = {ref.table.kind for k in m.keys for ref in index.anchors(k)}
        kinds |= {t.kind for k in m.keys if k.startswith("table:") for _, t in index.tables.get(k[6:], ())}
        if not first or first[0] in kinds:
            kept.append(m)
    return tuple(kept)


def _same_row_as_code(m: Mention, found: list[Mention], index: NameIndex) -> bool:
    """A row name right beside its own code ("2080501 行政单位离退休") is one item, not two."""
    if m.via != "name":
        return False
    for c in found:
        if c.via == "code" and abs(c.end - m.start) <= 1 or c.via == "code" and abs(m.end - c.start) <= 1:
            if any(name_key(ref.row.name) == m.keys[0] for ref in index.codes.get(c.keys[0], ())):
                return True
    return False
