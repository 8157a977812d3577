"""Search the narrative: sentences naming an item, stated shares, stated reasons, the best paragraph for a query."""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass

from ...models import Disclosure, Paragraph
from ..question.text import norm
from ..question.vocab import vocab

_SENTENCE = re.compile(r"[^。；;！!？?]+[。；;！!？?]?")
_REASON = ("主要原因", "原因是", "原因为", "主要是", "主要用于", "由于", "因为", "系")
_CHANGE = ("增加", "减少", "增长", "下降", "降低", "持平", "上升")
_SHARE = re.compile(r"占(?:比|[^，,；;。\d%]{1,12}?的)?(?:为)?(-?\d+(?:\.\d+)?)%")  # "占25.27%", "占总收入的25.27%"
_QUESTION_FORM = ("existence", "definition", "reason", "share", "rank", "children", "arith_sum", "arith_diff")
_AMOUNT = re.compile(r"(-?\d[\d,]*(?:\.\d+)?)万?元")
_QUOTES = str.maketrans("", "", "“”‘’\"'")
_BREAKDOWN = ("其中", "具体", "分别")


@dataclass(frozen=True, eq=False)
class Passage:
    doc: Disclosure
    paragraph: Paragraph
    text: str  # the quoted sentence(s), as printed (normalised spacing)
    score: float = 0.0


def sentences(text: str) -> list[str]:
    return list(_sentences(text))


@lru_cache(maxsize=1 << 14)
def _sentences(text: str) -> tuple[str, ...]:
    """Split once per paragraph: every question scans the same paragraphs."""
    return tuple(s.strip() for s in _SENTENCE.findall(_tidy(text)) if s.strip())


def _tidy(text: str) -> str:
    """Join the spaces a PDF leaves between CJK characters and numbers ("2023 年" → "2023年")."""
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"(?<=[^\x00-\x7f]) (?=\S)|(?<=\S) (?=[^\x00-\x7f])", "", text)


def mentions_in(doc: Disclosure, keys: tuple[str, ...]) -> list[tuple[Paragraph, list[str], int]]:
    """Paragraphs naming one of ``keys``: (paragraph, its sentences, index of the first naming sentence)."""
    out = []
    keys = tuple(k.translate(_QUOTES) for k in keys)
    for para in doc.paragraphs:
        flat = norm(para.text).translate(_QUOTES)
        if not any(k in flat for k in keys):
            continue
        sents = sentences(para.text)
        for i, s in enumerate(sents):
            if any(k in norm(s).translate(_QUOTES) for k in keys):
                out.append((para, sents, i))
    return out


def stated_share(doc: Disclosure, keys: tuple[str, ...]) -> tuple[Paragraph, str, str, str | None] | None:
    """A sentence stating the item's share: (paragraph, quoted clause, share text, amount text or None)."""
    return next(iter(stated_shares(doc, keys)), None)


def stated_shares(doc: Disclosure, keys: tuple[str, ...]) -> list[tuple[Paragraph, str, str, str | None]]:
    """Every sentence stating the item's share (of different wholes: all funds, 财政拨款 …), in document order."""
    out = []
    for para, sents, i in mentions_in(doc, keys):
        flat = norm(sents[i])
        for k in keys:
            pos = flat.find(k)
            if pos < 0:
                continue
            tail = flat[pos + len(k) : pos + len(k) + 40]
            m = _SHARE.search(tail)
            if m and not any(other in tail[: m.start()] for other in ("其中",)):
                amount = _AMOUNT.search(tail[: m.start()])
                clause = _clause(sents[i], k)
                out.append((para, clause, m.group(1), amount.group(1) if amount else None))
                break
    return out


def _clause(sentence: str, key: str) -> str:
    """The part of ``sentence`` from ``key`` to the end of its share clause."""
    flat = sentence
    start = norm(flat).find(key)
    if start < 0:
        return sentence
    # map the position in the normalised text back approximately: normalisation removes spaces only
    raw_pos, seen = 0, 0
    while raw_pos < len(flat) and seen < start:
        if not flat[raw_pos].isspace():
            seen += 1
        raw_pos += 1
    piece = flat[raw_pos:]
    m = re.search(r"占[^，,；;。]*%", piece)
    return piece[: m.end()] if m else piece


def stated_reason(doc: Disclosure, keys: tuple[str, ...]) -> Passage | None:
    """The sentence(s) giving a reason for the item's level or change."""
    for para, sents, i in mentions_in(doc, keys):
        here = sents[i]
        if any(c in here for c in _REASON) and any(c in here for c in _CHANGE):
            return Passage(doc, para, reason_with_continuation(sents, i))
        if i + 1 < len(sents) and any(sents[i + 1].startswith(c) for c in _REASON) and any(c in here for c in _CHANGE):
            return Passage(doc, para, here + reason_with_continuation(sents, i + 1))
    return None


def stated_breakdown(doc: Disclosure, keys: tuple[str, ...]) -> Passage | None:
    """A change stated together with the parts it is made of ("比上年减少3.71万元。其中：因公出国（境）费…减少3.71
    万元"): where no reason is given, the breakdown is what the document says about why."""
    for para, sents, i in mentions_in(doc, keys):
        if any(c in sents[i] for c in _CHANGE) and i + 1 < len(sents) and sents[i + 1].startswith(_BREAKDOWN):
            return Passage(doc, para, "".join(sents[i:]))
    return None


def stated_change(doc: Disclosure, keys: tuple[str, ...]) -> Passage | None:
    """A sentence stating how the item changed (比…增加/减少/持平)."""
    for para, sents, i in mentions_in(doc, keys):
        if any(c in sents[i] for c in _CHANGE):
            return Passage(doc, para, sents[i])
    return None


def stated_amount(doc: Disclosure, keys: tuple[str, ...]) -> Passage | None:
    """The clause stating the item's amount right after its name ("事业收入0万元"): what an empty cell means."""
    for k in keys:  # the first key is the most specific name
        for para, sents, i in mentions_in(doc, (k,)):
            for clause in re.split(r"[，,]", sents[i]):
                flat = norm(clause).translate(_QUOTES)
                pos = flat.find(k)
                if pos >= 0 and re.match(r"(?:预算|为|是)*\d[\d,]*(?:\.\d+)?万?元", flat[pos + len(k) :]):
                    return Passage(doc, para, clause.strip())
    return None


_ITEM_HEAD = re.compile(r"^\s*(?:\d{1,2}\s*[、.．](?!\d)|[（(]\d{1,2}[）)])")
_REASON_NEXT = re.compile(r"^(?:[二三四五六七八九]是|其次|再次|同时|此外|另外|另一方面)")  # "…；二是…"
_ITEM_MAX = 600
_FIGURE_SAID = re.compile(
    r"\d[\d,]*(?:\.\d+)?\s*(?:万元|亿元|元|%|％)"
)  # a numbered paragraph longer than this is a section, not one item


def item_text(paragraph: Paragraph) -> str | None:
    """A numbered item of the 说明 ("10、A（类）B（款）C（项）。主要用于：…。年初预算为…" or "1.“A-B-C”科目 N 万元，主要用于…")
    is one unit: its heading, figures, purpose and reasons, whatever the sentence or page split. Its text as
    printed (spacing normalised), or None when the paragraph is no numbered item."""
    if not _ITEM_HEAD.match(paragraph.text) or len(paragraph.text) > _ITEM_MAX:
        return None
    return "".join(sentences(paragraph.text))


def continues_reason(sentence: str) -> bool:
    """A sentence after a reason that carries it on ("较上一年度减少了培训费支出等。"): no figure of its own, no new
    numbered item, no new cue of its own."""
    if _ITEM_HEAD.match(sentence) or any(sentence.startswith(c) for c in ("主要用于", "其中")):
        return False
    return _REASON_NEXT.match(sentence) is not None or not states_figure(sentence)


def states_figure(sentence: str) -> bool:
    """An amount or a percentage (a year such as "2024年" is none)."""
    return _FIGURE_SAID.search(sentence) is not None


def reason_with_continuation(sents: list[str], i: int) -> str:
    """Sentence ``i`` (a reason) and the sentences after it that carry the reason on (a reason is the whole
    "主要原因是…" chain up to the next item)."""
    out = [sents[i]]
    for s in sents[i + 1 :]:
        if not continues_reason(s):
            break
        out.append(s)
    return "".join(out)


def written(subject: str, text: str) -> int:
    """How much of a fact's subject a question writes: 100 + its length when all of it, else the longest run of its
    characters the question has ("退休人员活动费" of 机关事业单位退休人员活动费支出)."""
    if len(subject) >= 2 and subject in text:
        return 100 + len(subject)
    longest = 0
    for i in range(len(subject)):
        for j in range(i + longest + 1, len(subject) + 1):
            if subject[i:j] not in text:
                break
            longest = j - i
    return longest


def opens_with_reason(sentence: str) -> bool:
    """ "主要原因：…" / "主要是…": a reason that names no subject of its own (the sentence before states it)."""
    return not _names_subject(sentence)


def _names_subject(sentence: str) -> bool:
    """A reason sentence that does not open with the reason word carries its own subject."""
    return not any(sentence.startswith(c) for c in _REASON)


def content_grams(text: str) -> set[str]:
    """Character bigrams of a question without its cue and stop words: what a passage must share with it."""
    return set(_content_grams(text))


@lru_cache(maxsize=4096)
def _content_grams(text: str) -> frozenset[str]:
    flat = norm(text)
    v = vocab()
    form = [v.kinds[k] for k in _QUESTION_FORM]
    for words in (v.cues["stopwords"], *form, v.cues["value_cues"], v.cues["person"]):
        for w in words:
            if len(w) > 1 and not w.isascii():
                flat = flat.replace(w, " ")
    flat = re.sub(r"\d+年", " ", flat)  # "2023年单位": the year is no content word, nor is "年单"
    flat = re.sub(r"[\s\d\W的了吗呢]+", " ", flat)  # particles join no content words
    return frozenset(flat[i : i + 2] for i in range(len(flat) - 1) if " " not in flat[i : i + 2])


_PLACEHOLDER = re.compile(r"[XＸ]{3,}|[XＸ]{2}\s*(?:万元|亿元|元|%|％|个|辆|人|项)")


def has_placeholder(text: str) -> bool:
    """A form's blank ("XXX 万元", "主要原因是XXXXXXXX"): no answer, whatever else the sentence says."""
    return _PLACEHOLDER.search(text) is not None


def best_passages(
    docs: tuple[Disclosure, ...], question: str, need_reason: bool = False, limit: int = 2
) -> list[Passage]:
    """Sentences ranked by the share of the question's content bigrams they contain (heading counts too)."""
    grams = content_grams(question)
    # the unit's name, when the question spells it out, is in every paragraph: it says nothing of the topic
    own = {g for d in docs if d.unit_name and norm(d.unit_name) in norm(question) for g in content_grams(d.unit_name)}
    grams = grams - own or grams
    if not grams:
        return []
    ranked = []
    for doc in docs:
        for para in doc.paragraphs:
            head = norm(" ".join(para.section))
            sents = sentences(para.text)
            for i, s in enumerate(sents):
                if need_reason and not any(c in s for c in _REASON):
                    continue
                if has_placeholder(s):
                    continue  # a form's "XXX 万元": a blank to fill in, never an answer
                text = s if not need_reason or i == 0 or _names_subject(s) else sents[i - 1] + s
                flat = norm(text)
                hit = sum(1 for g in grams if g in flat) + 0.3 * sum(1 for g in grams if g in head)
                if hit:
                    ranked.append(Passage(doc, para, text, hit / len(grams)))
    ranked.sort(key=lambda p: p.score, reverse=True)
    return ranked[:limit]
