"""Narrative sentences → facts, by general sentence shapes of a 情况说明 (vocabulary in data/fact_patterns.json).

The shapes: "X N 万元" (an amount after its subject), "比Y年增加/减少 M 万元（P%）" and "与上年持平" (a change of the
sentence's subject), "占 P%" (a share), "其中：A a、B b" (parts of the sentence's total), "共有车辆 N 辆" (a count),
"主要原因是 R" (why the subject changed), "主要用于 …" / "主要包括 …" (what it is for / made of). None of them is
keyed to one document: the subject is whatever the sentence names before its figure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from ..models import Disclosure, Paragraph
from ..parse._text import fold, load_data, number

_NUMBER = r"-?\d[\d,]*(?:\.\d+)?"
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_CLAUSE = re.compile(r"[，,；;]")
_SENTENCE = re.compile(r"(?<=[。！？])")
_NUMBERING = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[.、．](?!\d))\s*")
_LEVEL_PATH = re.compile(r"[（(](?:类|款|项)[）)]")
_QUOTES = str.maketrans("", "", "“”‘’\"'")
_DASH_PATH = re.compile(r"(?<=[\u4e00-\u9fff）)])\s*[-－—–]\s*(?=[\u4e00-\u9fff])")  # 类-款-项 written with dashes


@dataclass(frozen=True)
class Statement:
    """One figure or piece of words a sentence states about a subject (before it gets the document's dimensions)."""

    subject: str
    measure: str
    value: float | None
    text: str
    unit: str
    year: int | None
    scope: str | None
    topic: str | None
    parent: str | None
    quote: str


@cache
def _vocab() -> dict:
    return load_data("fact_patterns.json")


@cache
def _quantity() -> re.Pattern:
    v = _vocab()
    units = sorted(v["amount_units"] + v["count_units"], key=len, reverse=True)
    return re.compile(rf"(?P<num>{_NUMBER})\s*(?P<unit>%|{'|'.join(map(re.escape, units))})")


@cache
def _change() -> re.Pattern:
    v = _vocab()
    up, down = v["increase_words"], v["decrease_words"]
    words = "|".join(map(re.escape, sorted(up + down, key=len, reverse=True)))
    return re.compile(rf"(?P<dir>{words})(?:了)?\s*(?P<num>{_NUMBER})\s*(?P<unit>%|万元|亿元|元)")


def _word(words: list[dict], text: str) -> str | None:
    return next((w["name"] for w in words if any(x in text for x in w["words"])), None)


def statements(paragraph: Paragraph, doc: Disclosure) -> Iterator[Statement]:
    """Every statement of one paragraph, in reading order; each quotes its sentence as printed."""
    heading = " ".join(paragraph.section[-1:])
    current: str | None = None  # the subject a change, share or reason refers to
    for sentence, quote in _sentences(paragraph):
        yield from _sentence(sentence, heading, doc, current, quote)
        last = _last_subject(sentence, heading, doc, current)
        if last is None and _LEVEL_PATH.search(sentence) and not _quantity().search(sentence):
            last = _subject_of(sentence.rstrip("。！？"), doc) or None  # "1、…（类）…（款）行政运行（项）。" leads
        current = last or current


def _sentences(paragraph: Paragraph) -> Iterator[tuple[str, str]]:
    """Each sentence of a paragraph, folded (full-width digits and letters made plain) and as printed."""
    printed = paragraph.text
    text = fold(printed)  # same length as the printed text: positions carry over
    pos = 0
    for piece in _SENTENCE.split(text):
        start, pos = pos, pos + len(piece)
        sentence = piece.strip()
        if sentence:
            lead = len(piece) - len(piece.lstrip())
            yield sentence, printed[start + lead : start + lead + len(sentence)]


def _last_subject(sentence: str, heading: str, doc: Disclosure, current: str | None = None) -> str | None:
    subject = None
    for st in _sentence(sentence, heading, doc, current):
        if st.measure not in ("原因", "用途", "构成", "增减额", "增减率", "占比") and st.parent is None:
            subject = subject or st.subject
    return subject


def _sentence(
    sentence: str, heading: str, doc: Disclosure, current: str | None, quote: str = ""
) -> Iterator[Statement]:
    v = _vocab()
    quote, topic, year = quote or sentence, heading, doc.year
    head, body = None, sentence
    if cut := re.search(r"[：:]", sentence):
        before = sentence[: cut.start()]
        if (
            not _quantity().search(before)
            and not before.rstrip().endswith(("其中", "包括"))
            and not any(c in before for c in v["purpose_cues"] + v["content_cues"])  # "主要用于：R" names no subject
            and not _CLAUSE.search(before)
            and len(before) <= 80
        ):
            head, body = _subject_of(before, doc) or None, sentence[cut.end() :]
    if (
        head is not None
        and current is not None
        and any(before.rstrip().rstrip("是为").endswith(w) for w in v["reason_leads"])
    ):
        # "决算数小于预算数的主要原因：R": why the item just named differs, the cue before the colon
        yield _st(current, "原因", None, body.strip(), "", year, sentence, topic, None, quote)
        return
    main: str | None = head or current  # the sentence's total: what 其中 breaks down
    focus: str | None = main  # the subject a change, share or reason refers to: the last one named
    in_breakdown = False

    def st(subject, measure, value, text, unit, parent=None) -> Statement:
        return _st(subject, measure, value, text, unit, year, sentence, topic, parent, quote)

    skipping = False  # the rest of a clause chain a purpose or content list took, up to the next "；"
    for clause, opens in _clauses(body, with_breaks=True):
        bare = clause.strip()
        # a figure after a purpose ("主要用于接待…，列明公务接待 2 批次") is read; the list's own words are not
        skipping = skipping and not opens and _quantity().search(bare) is None
        if not bare or skipping:
            continue
        for start in v["breakdown_starts"]:
            if bare.startswith(start):
                in_breakdown, bare = True, bare[len(start) :].lstrip("：:，, ")
                break
        if (m := _YEAR.search(bare)) and not bare[: m.start()].rstrip().endswith(("比", "与", "较", "同")):
            year = int(m.group(1))
        has_quantity = _quantity().search(bare) is not None
        reason = next((r for r in v["reason_starts"] if bare.startswith(r)), None)
        purpose = next((p for p in v["purpose_cues"] if p in bare), None)
        content = next((c for c in v["content_cues"] if bare.startswith(c)), None)
        if purpose and not has_quantity:
            own = _subject_of(bare[: bare.index(purpose)], doc)
            if own or focus:  # "其他用车主要是用于…": the clause's own subject, else the one just named
                yield st(own or focus, "用途", None, _rest_of_clause(sentence, bare, purpose), "")
                skipping = not own
            continue
        if content and focus is not None:
            if has_quantity:  # "包括：本年收入 N 万元、上年结转 M 万元": parts of the total
                in_breakdown, bare = True, bare[len(content) :].lstrip("：:，, ")
            else:
                # "人员经费 N 万元，主要包括：a、b；公用经费 M 万元，主要包括：…": the list ends at "；"
                yield st(focus, "构成", None, _rest_of_clause(sentence, bare, content), "")
                skipping = True
                continue
        if reason and focus is not None:
            if (
                in_breakdown
            ):  # "其中：A减少 N 万元，一是因为R；B增加 M 万元，主要是S": each part's own reason, up to "；"
                yield st(focus, "原因", None, _rest_of_clause(sentence, bare, reason), "")
                skipping = True
                continue
            yield st(main or focus, "原因", None, _rest_of_sentence(sentence, bare, reason), "")
            break
        if not reason and (why := _changed_because(bare, doc)) is not None:
            # "财政拨款收入支出减少的主要原因是R": the reason of the change of the subject the clause names
            yield st(why[0], "原因", None, _rest_of_sentence(sentence, bare, why[1]), "")
            break
        if not has_quantity and (absent := _absent(bare, doc)):
            # "2024年度无“三公”经费财政拨款支出" / "本单位无机关运行经费": a stated absence, the answer 无 (0)
            yield st(absent[0], "有无", 0.0, absent[1], "")
            continue
        if focus is not None and not has_quantity and any(w in bare for w in v["flat_words"]):
            yield st(focus, "增减额", 0.0, "持平", "")
            continue
        change = _change().search(bare)
        if change and focus is not None and ("比" in bare[: change.start()] or bare.startswith(change.group("dir"))):
            before = bare[: bare.find("比")] if "比" in bare[: change.start()] else ""
            if before and (q := _quantity().search(before)):  # "X N 万元比上年…" in one clause
                focus = _subject_of(before[: q.start()], doc) or focus
                yield from _amount(st, focus, q, doc)
            elif before and in_breakdown:  # "其中教育支出比上年减少 N 万元": the part the change is of
                focus = _subject_of(re.split(r"与|较|同", before)[0], doc) or focus
            sign = -1.0 if change.group("dir") in v["decrease_words"] else 1.0
            unit = change.group("unit")
            yield st(
                focus, "增减率" if unit == "%" else "增减额", sign * _num(change.group("num")), change.group(0), unit
            )
            if unit != "%" and (pct := re.search(rf"(?P<num>{_NUMBER})\s*%", bare[change.end() :])):
                yield st(focus, "增减率", sign * _num(pct.group("num")), pct.group(0), "%")
            continue
        words = "|".join(map(re.escape, v["increase_words"] + v["decrease_words"]))
        if focus is not None and (rate := re.match(rf"^(?P<dir>{words})\s*(?P<num>{_NUMBER})\s*%", bare)):
            sign = -1.0 if rate.group("dir") in v["decrease_words"] else 1.0
            yield st(focus, "增减率", sign * _num(rate.group("num")), rate.group(0), "%")
            continue
        if focus is not None and (done := re.match(rf"^完成[^\d]{{0,10}}?(?P<num>{_NUMBER})\s*%", bare)):
            yield st(focus, "完成率", _num(done.group("num")), done.group(0), "%")  # "完成年初预算的 98.61%"
            continue
        if focus is not None and (share := re.match(rf"^占[^\d]{{0,12}}?(?P<num>{_NUMBER})\s*%", bare)):
            yield st(focus, "占比", _num(share.group("num")), share.group(0), "%")
            continue
        several = bare.count("、") and len(_quantity().findall(bare)) >= 2
        for piece in re.split(r"、", bare) if several else [bare]:
            q = _quantity().search(piece)
            if q is None or q.group("unit") == "%":
                continue
            said_change = _ends_with_change(piece[: q.start()])
            if said_change is not None and q.group("unit") in v["amount_units"]:  # "教育支出增加 22,774.53 万元"
                changed, sign = said_change
                if subject := _subject_of(changed, doc):
                    yield st(subject, "增减额", sign * _num(q.group("num")), q.group(0), q.group("unit"), None)
                    focus = subject
                    continue
            subject = _subject_of(piece[: q.start()], doc)
            noun = re.match(r"\s*([\u4e00-\u9fff]{1,8})", piece[q.end() :])
            if q.group("unit") in v["count_units"] and noun and (not subject or len(subject) <= 2):
                subject = noun.group(1)  # "内设 14 个处室"
            rest = _strip_measures(subject) if subject else ""
            # "全年预算为", "支出决算为": a measure (after a bare 支出) names no subject; "本年预算收入" does
            measure_only = bool(subject) and (
                # "本年支出预算 N" with no item named before it names itself
                not rest or (rest in v["measure_only_rests"] and subject.startswith(rest) and focus is not None)
            )
            said = ""  # the clause's own measure words ("全年预算为 52.00 万元", "支出决算为 51.32 万元")
            if not subject or measure_only:
                if in_breakdown or focus is None:
                    continue
                said, subject, parent = piece[: q.start()], _without_trailing_measure(focus), None
            else:
                parent = main if in_breakdown and main != subject else None
            if len(subject) > 30:
                continue
            yield from _amount(st, subject, q, doc, parent, said)
            tail = piece[q.end() :]
            if share := re.search(rf"占[^\d]{{0,12}}?(?P<num>{_NUMBER})\s*%", tail):
                yield st(subject, "占比", _num(share.group("num")), share.group(0), "%", parent)
            focus = subject
            if not in_breakdown:
                main = subject


def _absent(clause: str, doc: Disclosure) -> tuple[str, str] | None:
    """(subject, words) of "（单位、年度）无/没有/未发生 X": only the unit, a year and filler may come before the word."""
    m = re.match(
        r"^(?P<who>.*?)(?P<no>无|没有|未发生|未安排)(?P<what>[^\d，,；;。]{2,40})。?$", clause.translate(_QUOTES)
    )
    if m is None or m.group("what").endswith("的"):  # "无…支出的，仍保留该表格式": a form's instruction
        return None
    who = re.sub(r"\s+", "", m.group("who"))
    for name in (doc.unit_name, re.sub(r"[（(].*?[）)]", "", doc.unit_name or "")):
        who = who.replace(re.sub(r"\s+", "", name or "") or "\0", "")
    # only the unit, a year and filler before the word (a heading glued in front ends with them too)
    if _subject_of(who, doc) and not re.search(r"(?:\d{4}年度?|本年度|本年|本单位|本部门)$", who):
        return None
    what = _subject_of(m.group("what"), doc)
    return (what, m.group("no") + m.group("what")) if len(what) >= 2 else None


def _changed_because(clause: str, doc: Disclosure) -> tuple[str, str] | None:
    """ "X增加/减少的主要原因是R" / "X与上年比较发生较大差异的原因，一是R": (X, the reason cue) when a clause names a
    changed subject before its reason."""
    for cue in (*_vocab()["reason_starts"], "原因"):
        at = clause.find(cue)
        if at <= 0:
            continue
        before = clause[:at].rstrip().removesuffix("的")
        changed = _ends_with_change(before)
        if changed is not None:
            subject = _subject_of(changed[0], doc)
        elif cmp := re.search(r"与|比|较", before):  # "…与上年比较发生较大差异的原因"
            subject = _subject_of(before[: cmp.start()], doc) if re.search(r"变化|差异|增|减", before) else ""
        else:
            subject = ""
        return (subject, cue) if subject else None
    return None


def _ends_with_change(before: str) -> tuple[str, float] | None:
    """ "教育支出增加" / "住房保障支出减少了": the words before a change word, and its sign; None without one."""
    v = _vocab()
    text = before.rstrip().removesuffix("了").rstrip()
    for w in sorted(v["increase_words"] + v["decrease_words"], key=len, reverse=True):
        if len(w) >= 2 and text.endswith(w) and len(text) > len(w) + 1 and "比" not in text:
            return text[: -len(w)], (-1.0 if w in v["decrease_words"] else 1.0)
    return None


def _without_trailing_measure(subject: str) -> str:
    """The subject a sentence named with its measure ("…支出年初预算"), without that measure: what the next clause's
    bare measure ("全年预算为 …") is about."""
    for w in sorted((w for m in _vocab()["measures"] for w in m["words"]), key=len, reverse=True):
        if subject.endswith(w) and len(subject) > len(w) + 1:
            return subject[: -len(w)]
    return subject


def _strip_measures(subject: str) -> str:
    """The subject without measure words: empty when it names only "预算数"."""
    words = [w for m in _vocab()["measures"] for w in m["words"]] + ["数", "金额", "总额"]
    out = subject
    for w in sorted(words, key=len, reverse=True):
        out = out.replace(w, "")
    return out


def _amount(
    st, subject: str, q: re.Match, doc: Disclosure, parent: str | None = None, said: str = ""
) -> Iterator[Statement]:
    v = _vocab()
    unit = q.group("unit")
    if unit in v["count_units"]:
        measure = "数量"
    else:
        measure = (
            _word(v["measures"], said)
            or _word(
                v["measures"], re.sub(r"一般公共预算|政府性基金预算|国有资本经营预算", "", subject)
            )  # a scope's 预算
            or ("决算数" if doc.kind == "决算" else "预算数")
        )
    yield st(subject, measure, _num(q.group("num")), q.group(0), unit, parent)


def _st(subject, measure, value, text, unit, year, sentence, heading, parent, quote) -> Statement:
    """A statement; its topic is the one its total, itself or its section names, its scope the one it names."""
    v = _vocab()
    topic = _word(v["topics"], parent or "") or _word(v["topics"], subject) or _word(v["topics"], heading)
    scope = _word(v["scopes"], subject) or _word(v["scopes"], parent or "")
    return Statement(subject, measure, value, text.strip(), unit, year, scope, topic, parent, quote)


def _rest_of_sentence(sentence: str, clause: str, cue: str) -> str:
    at = sentence.find(clause)
    start = (max(at, 0)) + clause.find(cue) + len(cue)
    return sentence[start:].strip(" ：:，,。")


def _rest_of_clause(sentence: str, clause: str, cue: str) -> str:
    """What follows ``cue`` up to the end of its "；"-part of the sentence (a list of uses or parts)."""
    rest = _rest_of_sentence(sentence, clause, cue)
    return re.split(r"[；;]", rest)[0].strip(" ：:，,。")


def _clauses(body: str, with_breaks: bool = False) -> list:
    """Clauses split at commas and semicolons outside brackets; ``with_breaks``: each with whether a semicolon
    opens it (a new part of the sentence)."""
    out: list = []
    buf: list[str] = []
    depth, opens = 0, True
    for i, ch in enumerate(body):
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(depth - 1, 0)
        thousands = ch == "," and 0 < i < len(body) - 3 and body[i - 1].isdigit() and body[i + 1 : i + 4].isdigit()
        if depth == 0 and _CLAUSE.match(ch) and not thousands:
            out.append(("".join(buf), opens) if with_breaks else "".join(buf))
            buf, opens = [], ch in "；;"
        else:
            buf.append(ch)
    out.append(("".join(buf), opens) if with_breaks else "".join(buf))
    return out


def _num(text: str) -> float:
    return number(text)


def _subject_of(text: str, doc: Disclosure) -> str:
    """The words naming what a figure is about: numbering, dates, the unit's own name and filler words removed;
    of a 类/款/项 path, the last level."""
    s = fold(text).translate(_QUOTES)
    s = re.split(r"[：:]", s)[-1]  # "支出包括：社会保障和就业支出" names the part after the colon
    s = _NUMBERING.sub("", s)
    # "（三）一般公共预算财政拨款支出决算具体情况一般公共预算财政拨款支出": a section heading glued before the subject
    s = re.sub(r"^[^，,。；;]*?情况(?:说明)?(?=[\u4e00-\u9fff]{2})", "", s)
    s = re.sub(r"截[至止]\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日", "", s)
    s = re.sub(r"(?:19|20)\d{2}\s*年度?", "", s)
    for name in {doc.unit_name, re.sub(r"[（(].*?[）)]", "", doc.unit_name or "")}:
        if name and len(name) >= 2:
            s = s.replace(name, "")
    s = re.sub(r"^[（(][^）)]*[）)]", "", s.strip())  # the unit's bracketed second name
    parts = [p for p in _LEVEL_PATH.split(s) if p.strip()]
    if len(parts) > 1 or _LEVEL_PATH.search(s):
        s = parts[-1] if parts else s
    s = re.sub(r"(?<=[\u4e00-\u9fff]{2})\s*科目$", "", s)  # "“一般公共服务支出”科目12,789万元"
    if _DASH_PATH.search(s):  # "“一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目": the last level
        s = re.sub(r"科目$", "", _DASH_PATH.split(s)[-1].strip())
    s = re.sub(r"\s+", "", s)
    drop = sorted(_vocab()["subject_drop"], key=len, reverse=True)
    changed = True
    while changed and s:
        changed = False
        for w in drop:
            if s.startswith(w) and len(s) > len(w):
                s, changed = s[len(w) :], True
            if s.endswith(w) and len(s) > len(w):
                s, changed = s[: -len(w)], True
    s = re.sub(r"(?:数)?(?:为|是|达)$", "", s)
    s = s.strip("：:，,、 （）()")
    if not re.search(r"[\u4e00-\u9fff]", s):
        return ""
    return s


@dataclass(frozen=True)
class Printed:
    """A figure as a sentence prints it, with what the words of its clause before it name (its subject)."""

    value: float
    text: str
    unit: str
    subject: str
    quote: str


def printed_figures(paragraph: Paragraph, doc: Disclosure) -> Iterator[Printed]:
    """Every figure with a unit a paragraph prints, sentence by sentence: the ones no sentence shape states still
    become facts, so each figure an answer quotes traces to one."""
    for sentence, quote in _sentences(paragraph):
        for q in _quantity().finditer(sentence):
            clause = _CLAUSE.split(sentence[: q.start()])[-1]
            yield Printed(_num(q.group("num")), q.group(0), q.group("unit"), _subject_of(clause, doc), quote)
