"""概况 read into structure: the units a 部门预算/决算 covers (with their notes: 下属事业单位, 不单列预算), the
body's duties and what kind of body it is, its 内设机构 with their duties, and the relations it states (加挂…牌子,
合署办公).

Read from the parsed paragraphs of 概况 by their layout (a lead "…单位包括：" and the rows after it, "（六）政务
公开科。负责…" items, "主要职责是：a；b；c"), with the words as data (data/overview.json). answer/operations/overview.py answers
from it and store/facts.py lists it as facts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..models import Disclosure, Paragraph
from ._text import load_data, marker, squash

_ROW_MAX = 60  # a paragraph after the units' lead longer than this is no unit row
_OFFICE = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十]+[)）]|\d{1,2}\s*[.、．])\s*(?P<name>[^。：:，,；;]{2,18}?)\s*[。：:]\s*(?P<duties>\S.*)$"
)
_NUMBERING = re.compile(r"(?:^|(?<=[。；;）)\s]))\s*\d{1,2}\s*[.、．]?\s*(?=[\u4e00-\u9fff（(])")
_NOTE = re.compile(r"(?P<name>[^（()）]+)(?:[（(](?P<note>[^）)]*)[）)])?")
_DUTY_LIST = re.compile(r"(?:主要职责|主要职能|职责)(?:是|包括|为|有)?[:：](?P<body>.+)$")
_NATURE = re.compile(r"[^。；;]*?是[^。；;]*?(?:部门|单位|机构|组织)[^。；;]*[。；;]?")


@cache
def _data() -> dict:
    return load_data("overview.json")


@dataclass(frozen=True)
class Unit:
    name: str
    note: str
    para: Paragraph


@dataclass(frozen=True)
class Office:
    name: str
    duties: str
    para: Paragraph

    @property
    def key(self) -> str:
        """The office's name without its alias in brackets ("秘书科（联络科）" → 秘书科)."""
        return squash(re.sub(r"[（(][^）)]*[）)]", "", self.name))


@dataclass(frozen=True)
class Relation:
    """A relation 概况 states: the plaques a body also carries (加挂…牌子), the body it works with (合署办公)."""

    label: str
    items: tuple[str, ...]
    sentence: str
    para: Paragraph


@dataclass(frozen=True)
class Overview:
    paragraphs: tuple[Paragraph, ...]
    units_lead: Paragraph | None
    units: tuple[Unit, ...]
    duties: tuple[tuple[str, Paragraph], ...]
    nature: tuple[str, Paragraph] | None
    offices: tuple[Office, ...]
    relations: tuple[Relation, ...] = ()


@cache
def _data() -> dict:
    return load_data("overview.json")


def read_profile(doc: Disclosure) -> Overview:
    """The structure of ``doc``'s 概况, read from its parsed paragraphs and 概况 counts."""
    paras = _overview_paragraphs(doc)
    lead, units = _units(paras)
    return Overview(paras, lead, units, _duties(doc, paras), _nature(paras), _offices(paras), _relations(paras))


def _overview_paragraphs(doc: Disclosure) -> tuple[Paragraph, ...]:
    """The paragraphs before the first section that is not 概况 (a 说明, the tables, 名词解释)."""
    data = _data()
    out: list[Paragraph] = []
    for p in doc.paragraphs:
        head = p.section[-1] if p.section else ""
        top = p.section[0] if p.section else ""
        if head and any(w in head for w in data["end"]) and not any(w in top for w in data["sections"]):
            if out:
                break
            continue
        out.append(p)
    return tuple(out)


def _units(paras: tuple[Paragraph, ...]) -> tuple[Paragraph | None, tuple[Unit, ...]]:
    """The units after a lead announcing them ("纳入…编制范围的单位包括：" and its rows), else listed inline."""
    rule = _data()["units"]
    leads = [
        i
        for i, p in enumerate(paras)
        if "单位" in p.text
        and any(w in squash(p.text) for w in rule["lead"])
        and re.search(r"包括[:：]|[:：]$", p.text)
    ]
    for i in sorted(leads, key=lambda i: not re.search(r"[:：]$", paras[i].text.strip())):  # a lead of rows first
        p = paras[i]
        rows: list[Paragraph] = []
        if re.search(r"[:：]$", p.text.strip()):
            for q in paras[i + 1 :]:
                if q.section != p.section or len(squash(q.text)) > _ROW_MAX or re.search(r"[预决]算表", q.text):
                    break
                rows.append(q)
            text = "".join(q.text for q in rows)
        else:
            text = re.split(r"包括[:：]", p.text)[-1]
        units = _read_units(text, rows[0] if rows else p)
        if units:
            return p, units
    return None, ()


def _read_units(text: str, para: Paragraph) -> tuple[Unit, ...]:
    """Unit names and their notes from the rows of a units list (a table or numbered lines)."""
    rule = _data()["units"]
    text = re.sub(r"序号|单位名称|备注", "", squash(text))
    out: list[Unit] = []
    for chunk in _NUMBERING.split(text):
        for m in _NOTE.finditer(chunk):
            name, note = m["name"].strip("。；;，,、 "), (m["note"] or "").strip()
            for prefix in rule["note_prefixes"]:
                if name.startswith(prefix):
                    name, note = name[len(prefix) :], "；".join(x for x in (prefix, note) if x)
                    break
            parts = re.split(r"[。；;，,]", name, maxsplit=1)
            name, rest = parts[0], parts[1] if len(parts) > 1 else ""
            for tail in rule["note_tails"]:
                if name.endswith(tail):
                    name, rest = name[: -len(tail)], tail + rest
            rest = rest.strip("。；;，, ")
            note = "；".join(x for x in (note, rest) if x)
            if len(name) >= 3 and any(name.endswith(s) for s in rule["suffixes"]):
                out.append(Unit(name, note, para))
            elif not name and note and out:  # a note on a row of its own: the unit above it
                last = out[-1]
                out[-1] = Unit(last.name, "；".join(x for x in (last.note, note) if x), last.para)
    return tuple(out)


def _duties(doc: Disclosure, paras: tuple[Paragraph, ...]) -> tuple[tuple[str, Paragraph], ...]:
    """The numbered duties (the parser's 主要职责 fact), else the "主要职责是：a；b；c" list of one paragraph."""
    fact = next((f for f in doc.org_facts if f.key == "主要职责数" and f.items), None)
    if fact is not None and paras:  # (no 概况 paragraph to cite: the 概况 counts keep answering on their own)
        by_text = {p.text: p for p in paras}
        return tuple((item, by_text.get(item) or _para_at(paras, fact.page)) for item in fact.items)
    for i, p in enumerate(paras):  # "主要职能包括：" and the numbered items after it
        if re.search(r"(?:主要职能|主要职责)[^。]{0,4}[:：]$", p.text.strip()):
            items = []
            for q in paras[i + 1 :]:
                if marker(q.text) is None:
                    break
                items.append((q.text, q))
            if len(items) >= 2:
                return tuple(items)
    for p in paras:
        m = _DUTY_LIST.search(p.text)
        if m:
            items = [s.strip() for s in re.split(r"[；;]", m["body"]) if len(s.strip()) >= 4]
            if len(items) >= 2:
                return tuple((s, p) for s in items)
    return ()


def _para_at(paras: tuple[Paragraph, ...], page: int | None) -> Paragraph:
    return next((p for p in paras if p.page == page), paras[0])


def _nature(paras: tuple[Paragraph, ...]) -> tuple[str, Paragraph] | None:
    """The sentence saying what kind of body this is ("…是主管全市财政工作的市政府组成部门")."""
    for p in paras:
        text = re.sub(r"^.{0,40}?(?:主要职能|主要职责)(?=.)", "", p.text)  # a heading glued to its paragraph
        m = _NATURE.search(text)
        if m and not _DUTY_LIST.search(m.group(0)) and "包括" not in m.group(0):
            return m.group(0).strip(), p
    return None


def _offices(paras: tuple[Paragraph, ...]) -> tuple[Office, ...]:
    """ "（六）政务公开科。负责…" items of a 机构设置 part: each office with its duties."""
    suffixes = _data()["offices"]["suffixes"]
    found: list[Office] = []
    for p in paras:
        if p.section and any(w in p.section[-1] for w in ("职能", "职责")):
            continue
        m = _OFFICE.match(p.text)
        if m is None:
            continue
        office = Office(m["name"].strip(), m["duties"].strip(), p)
        if any(office.key.endswith(s) for s in suffixes):
            found.append(office)
    return tuple(found) if len(found) >= 2 else ()


def _relations(paras: tuple[Paragraph, ...]) -> tuple[Relation, ...]:
    out: list[Relation] = []
    for rule in _data()["relations"]:
        for p in paras:
            m = re.search(rule["pattern"], p.text)
            if m is not None:
                items = tuple(s.strip() for s in re.split(r"[、和及]", m["items"]) if s.strip())
                out.append(Relation(rule["label"], items, sentence_of(p.text, m.start(), m.end()), p))
                break
    return tuple(out)


def sentence_of(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` holding the span, as printed."""
    left = max(text.rfind(s, 0, start) for s in "。；;")
    right = min((i for s in "。；;" if (i := text.find(s, end)) >= 0), default=len(text) - 1)
    return text[left + 1 : right + 1].strip()
