"""概况 questions answered by what they ask, from the structure parse/profile.py reads: the units a 部门预算/决算
covers (or the note of the one named), the office whose duties hold the asked work, a named office's duties, the
list of offices, the body's duties or what kind of body it is, and its relations (加挂…牌子, 合署办公). Anything
not found returns None, and the question goes on to the older org answers."""

from __future__ import annotations

import re
from functools import cache

from ...models import Answer, Disclosure
from ...parse._text import load_data
from ...parse.profile import Overview, Unit, read_profile
from ..question import asked
from ..writing.compose import Builder, paragraph_citation
from ..question.context import Context
from ..finding.narrative import content_grams
from ..question.plan import Plan
from ..question.text import norm

_ITEM_LIMIT = 80  # characters of a duty shown; the citation quotes it in full


@cache
def _data() -> dict:
    return load_data("overview.json")


def _asks(kind: str, text: str) -> bool:
    return any(w in text for w in _data()["asks"][kind])


_CACHE: dict[str, Overview] = {}


def overview(doc: Disclosure) -> Overview:
    """The structure of ``doc``'s 概况 (read once per document)."""
    if doc.id not in _CACHE:
        _CACHE[doc.id] = read_profile(doc)
    return _CACHE[doc.id]


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
        for rel in ov.relations:
            if rel.label == rule["label"]:
                b = Builder(plan.question, "org")
                cid = paragraph_citation(b, doc, rel.para, rel.sentence)
                b.say(f"{rel.label}：{'、'.join(rel.items)}[{cid}]。原文：{rel.sentence}")
                return b.answer()
    return None


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
