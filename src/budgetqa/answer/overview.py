"""概况 read into structure and answered by what the question asks: the units a 部门预算/决算 covers (with their
notes: 下属事业单位, 不单列预算), the body's duties and what kind of body it is, its 内设机构 with their duties
(which office does X, what does office Y do, which offices there are), and its relations (加挂…牌子, 合署办公).

The structure is read from the parsed paragraphs of 概况 by their layout (a lead "…单位包括：" and the rows after
it, "（六）政务公开科。负责…" items, "主要职责是：a；b；c"), with the words as data (data/overview.json). Anything
not found returns None, and the question goes on to the older org answers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..models import Answer, Disclosure, Paragraph
from ..parse._text import load_data, marker
from . import asked
from .compose import Builder, paragraph_citation
from .context import Context
from .narrative import content_grams
from .plan import Plan
from .text import norm

_ITEM_LIMIT = 80  # characters of a duty shown; the citation quotes it in full
_ROW_MAX = 60  # a paragraph after the units' lead longer than this is no unit row
_OFFICE = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十]+[)）]|\d{1,2}\s*[.、．])\s*(?P<name>[^。：:，,；;]{2,18}?)\s*[。：:]\s*(?P<duties>\S.*)$"
)
_NUMBERING = re.compile(r"(?:^|(?<=[。；;）)\s]))\s*\d{1,2}\s*[.、．]?\s*(?=[\u4e00-\u9fff（(])")
_NOTE = re.compile(r"(?P<name>[^（()）]+)(?:[（(](?P<note>[^）)]*)[）)])?")
_DUTY_LIST = re.compile(r"(?:主要职责|主要职能|职责)(?:是|包括|为|有)?[:：](?P<body>.+)$")
_NATURE = re.compile(r"[^。；;]*?是[^。；;]*?(?:部门|单位|机构|组织)[^。；;]*[。；;]?")


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
        return norm(re.sub(r"[（(][^）)]*[）)]", "", self.name))


@dataclass(frozen=True)
class Overview:
    paragraphs: tuple[Paragraph, ...]
    units_lead: Paragraph | None
    units: tuple[Unit, ...]
    duties: tuple[tuple[str, Paragraph], ...]
    nature: tuple[str, Paragraph] | None
    offices: tuple[Office, ...]


@cache
def _data() -> dict:
    return load_data("overview.json")


def _asks(kind: str, text: str) -> bool:
    return any(w in text for w in _data()["asks"][kind])


_CACHE: dict[str, Overview] = {}


def overview(doc: Disclosure) -> Overview:
    """The structure of ``doc``'s 概况 (read once per document)."""
    if doc.id not in _CACHE:
        paras = _overview_paragraphs(doc)
        lead, units = _units(paras)
        _CACHE[doc.id] = Overview(paras, lead, units, _duties(doc, paras), _nature(paras), _offices(paras))
    return _CACHE[doc.id]


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
        if "单位" in p.text and any(w in norm(p.text) for w in rule["lead"]) and re.search(r"包括[:：]|[:：]$", p.text)
    ]
    for i in sorted(leads, key=lambda i: not re.search(r"[:：]$", paras[i].text.strip())):  # a lead of rows first
        p = paras[i]
        rows: list[Paragraph] = []
        if re.search(r"[:：]$", p.text.strip()):
            for q in paras[i + 1 :]:
                if q.section != p.section or len(norm(q.text)) > _ROW_MAX or re.search(r"[预决]算表", q.text):
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
    text = re.sub(r"序号|单位名称|备注", "", norm(text))
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
            if len(name) >= 4 and any(name.endswith(s) for s in rule["suffixes"]):
                out.append(Unit(name, note, para))
            elif not name and note and out:  # a note on a row of its own: the unit above it
                last = out[-1]
                out[-1] = Unit(last.name, "；".join(x for x in (last.note, note) if x), last.para)
    return tuple(out)


def _duties(doc: Disclosure, paras: tuple[Paragraph, ...]) -> tuple[tuple[str, Paragraph], ...]:
    """The numbered duties (the parser's 主要职责 fact), else the "主要职责是：a；b；c" list of one paragraph."""
    fact = next((f for f in doc.org_facts if f.key == "主要职责数" and f.items), None)
    if fact is not None:
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


# ---------------------------------------------------------------------------------------------------------------


def claims(plan: Plan, ctx: Context) -> bool:
    q = norm(plan.question)
    data = _data()
    words = [w for k, ws in data["asks"].items() if k not in ("list", "count") for w in ws]
    words += [w for r in data["relations"] for w in r["asks"]]
    return any(w in q for w in words)


def answer(plan: Plan, ctx: Context) -> Answer | None:
    q = norm(plan.question)
    if asked.asked_figure(plan.question) in ("money", "percent"):
        return None  # 概况 holds names, duties and counts, no amount of money or share
    for doc in ctx.docs:
        ov = overview(doc)
        for step in (_relation, _which_office, _office_duties, _unit_list, _office_list, _body_duties, _body_nature):
            found = step(plan, q, doc, ov)
            if found is not None:
                return found
    return None


def _relation(plan: Plan, q: str, doc: Disclosure, ov: Overview) -> Answer | None:
    for rule in _data()["relations"]:
        if not any(w in q for w in rule["asks"]):
            continue
        for p in ov.paragraphs:
            m = re.search(rule["pattern"], p.text)
            if m is None:
                continue
            items = [s.strip() for s in re.split(r"[、和及]", m["items"]) if s.strip()]
            sentence = _sentence_of(p.text, m.start(), m.end())
            b = Builder(plan.question, "org")
            cid = paragraph_citation(b, doc, p, sentence)
            b.say(f"{rule['label']}：{'、'.join(items)}[{cid}]。原文：{sentence}")
            return b.answer()
    return None


def _sentence_of(text: str, start: int, end: int) -> str:
    left = max(text.rfind(s, 0, start) for s in "。；;")
    right = min((i for s in "。；;" if (i := text.find(s, end)) >= 0), default=len(text) - 1)
    return text[left + 1 : right + 1].strip()


def _which_office(plan: Plan, q: str, doc: Disclosure, ov: Overview) -> Answer | None:
    """ "哪个科室负责受理政府信息公开申请": the office whose duties share most of the question's words."""
    if not ov.offices or not _asks("which_office", q):
        return None
    rest = q
    for w in sorted(_data()["asks"]["which_office"], key=len, reverse=True):
        rest = rest.replace(w, "，")
    grams = content_grams(rest) - content_grams(norm(doc.unit_name or ""))
    if not grams:
        return None
    scored = sorted(
        ((sum(1 for g in grams if g in norm(o.duties)) / len(grams), o) for o in ov.offices),
        key=lambda s: s[0],
        reverse=True,
    )
    top, office = scored[0]
    if top < 0.4 or (len(scored) > 1 and scored[1][0] == top):
        return None
    b = Builder(plan.question, "org")
    cid = paragraph_citation(b, doc, office.para)
    b.say(f"是{office.name}[{cid}]。文件所列其职责：{_short(office.duties)}")
    return b.answer()


def _office_duties(plan: Plan, q: str, doc: Disclosure, ov: Overview) -> Answer | None:
    """ "外事科具体管哪些事": the duties of the office the question names."""
    if not _asks("duties", q):
        return None
    named = [o for o in ov.offices if len(o.key) >= 2 and o.key in q]
    if not named:
        return None
    office = max(named, key=lambda o: len(o.key))
    b = Builder(plan.question, "org")
    cid = paragraph_citation(b, doc, office.para)
    b.say(f"{office.name}的职责：{office.duties}[{cid}]")
    return b.answer()


def _unit_list(plan: Plan, q: str, doc: Disclosure, ov: Overview) -> Answer | None:
    """The units a 部门预算/决算 covers, or the note of the one the question names ("执法大队是什么性质的单位")."""
    if not ov.units:
        return None
    named = [u for u in ov.units if _names_unit(q, u, doc)]
    if named and _asks("unit_nature", q):
        u = named[0]
        b = Builder(plan.question, "org")
        cid = paragraph_citation(b, doc, ov.units_lead or u.para)
        b.say(f"{u.name}：{u.note or '文件未注明其性质'}[{cid}]（{ov.units_lead.text if ov.units_lead else ''}）")
        return b.answer()
    name = norm(doc.unit_name or "")
    defined = any(len(t) >= 2 and t in q for t in (re.sub(r"[“”\"'‘’]", "", norm(d.term)) for d in doc.definitions))
    if not _asks("units", q) or defined or any(norm(m.text) not in name for m in plan.mentions):
        return None  # "机关运行经费指哪些单位的什么支出" asks a term's definition, not the units in scope
    b = Builder(plan.question, "org")
    lead = ov.units_lead
    cid = paragraph_citation(b, doc, lead) if lead is not None else paragraph_citation(b, doc, ov.units[0].para)
    shown = [f"{i}. {u.name}" + (f"（{u.note}）" if u.note else "") for i, u in enumerate(ov.units, 1)]
    b.say(f"按概况，共列出 {len(ov.units)} 家单位：{'；'.join(shown)}[{cid}]。原文：{lead.text if lead else ''}")
    return b.answer()


def _names_unit(q: str, unit: Unit, doc: Disclosure) -> bool:
    """The question names the unit by a part of its name (执法大队, 土地发展中心) that the body's own name lacks."""
    name, body = norm(unit.name), norm(doc.unit_name or "")
    own = [name[i:j] for i in range(len(name)) for j in range(i + 4, len(name) + 1) if name[i:j] in q]
    return any(part not in body for part in own)


def _office_list(plan: Plan, q: str, doc: Disclosure, ov: Overview) -> Answer | None:
    """ "设了哪些内设机构": the names of the 内设机构 (from the parser's count fact, or the offices read here)."""
    if not _asks("offices", q) or not _asks("list", q) or _asks("count", q) or asked.count_unit(plan.question):
        return None
    fact = next((f for f in doc.org_facts if f.key == "内设机构数" and f.items), None)
    b = Builder(plan.question, "org")
    if fact is not None:
        para = next((p for p in ov.paragraphs if norm(fact.quote)[:12] in norm(p.text)), None)
        cid = paragraph_citation(b, doc, para, fact.quote) if para else b.cite(doc, "概况", fact.page, fact.quote)
        b.say(
            f"共 {b.figure(f'{fact.value:g}', fact.unit, cid, fact.value)}：{'、'.join(fact.items)}[{cid}]。原文：{fact.quote}"
        )
        return b.answer()
    if ov.offices:
        shown = []
        for o in ov.offices:
            cid = paragraph_citation(b, doc, o.para)
            shown.append(f"{o.name}[{cid}]")
        b.say(f"文件所列内设机构 {len(ov.offices)} 个：" + "、".join(shown))
        return b.answer()
    return None


_FILLER = re.compile(r"平时|主要|具体|都|是|的|个|一下|请问|呢|啊|吗|什么样|这个|本|它|他们|你们|[?？,，。!！]")


def _about_body(plan: Plan, q: str, doc: Disclosure, kind: str) -> bool:
    """The question asks about the body itself: no table item, and its own words are the body's name (社工部,
    福利院) or nothing at all."""
    name = norm(doc.unit_name or "")
    if any(norm(m.text) not in name for m in plan.mentions):  # "福利院" read as 福利费 is the body's name
        return False
    rest = q.replace(name, "") if name else q  # a nickname ("社工部") reaches here expanded to the full name
    for w in sorted(_data()["asks"][kind], key=len, reverse=True):
        rest = rest.replace(w, "")
    rest = _FILLER.sub("", rest)
    rest = re.sub(r"(?:19|20)\d{2}年?|今年|去年|部门|单位|机构", "", rest)
    if not rest:
        return True
    return len(rest) <= 8 and sum(ch in name for ch in rest) / len(rest) >= 0.75


def _body_duties(plan: Plan, q: str, doc: Disclosure, ov: Overview) -> Answer | None:
    """ "社工部主要负责哪些工作": the body's duties listed, each cited."""
    if not ov.duties or not _asks("duties", q) or not _about_body(plan, q, doc, "duties"):
        return None
    if _asks("count", q) or asked.count_unit(plan.question):
        return None
    b = Builder(plan.question, "org")
    shown = []
    for item, p in ov.duties:
        cid = paragraph_citation(b, doc, p, item)
        shown.append(f"{_short(item)}[{cid}]")
    b.say(f"文件所列主要职能共 {len(ov.duties)} 项：" + "；".join(shown))
    return b.answer()


def _body_nature(plan: Plan, q: str, doc: Disclosure, ov: Overview) -> Answer | None:
    """ "财政局是个什么样的部门": the 概况 sentence saying what the body is."""
    if ov.nature is None or not _asks("nature", q) or not _about_body(plan, q, doc, "nature"):
        return None
    sentence, p = ov.nature
    b = Builder(plan.question, "org")
    cid = paragraph_citation(b, doc, p, sentence)
    b.say(f"按概况：{sentence}[{cid}]")
    return b.answer()


def _short(text: str) -> str:
    return text if len(text) <= _ITEM_LIMIT else text[:_ITEM_LIMIT] + "……"
