"""Answers quoted from text: definitions, reasons, narrative explanations, 概况 counts, performance targets."""

from __future__ import annotations

import re

from ...errors import BudgetQAError
from ...models import Answer, Definition, Disclosure, Figure, Indicator, Paragraph, PerformanceTable
from . import holder, orgitems, tabular
from ..finding import implied, listed, narrative, project
from ..question import asked
from ..writing.compose import Builder, definition_citation, indicator_citation, org_citation, paragraph_citation
from ..question.context import Context
from ..question.plan import Plan
from ..question.text import name_key, norm, plain
from ..question.vocab import vocab

_LEVEL_MARK = re.compile(r"\((?:类|款|项)\)")
MIN_PASSAGE_SCORE = 0.5


def definition(plan: Plan, ctx: Context) -> Answer | None:
    found = _find_definition(plan, ctx.docs)
    if found is None:
        return _defined_inside(plan, ctx)
    doc, d = found
    b = Builder(plan.question, "definition")
    cid = definition_citation(b, doc, d)
    b.say(f"{d.term}：{b.quoted(d.text, cid)}[{cid}]")
    return b.answer()


_DEFINES = ("反映", "是指", "指")


def _defined_inside(plan: Plan, ctx: Context) -> Answer | None:
    """A term the glossary defines inside another entry ("其中：公务用车购置及运行维护费反映…" within “三公”经费):
    the sentence of that entry that defines it."""
    text = plan.text.translate(str.maketrans("", "", "“”\"'‘’"))
    cut = min((text.find(w) for w in (*_DEFINES, "是什么", "指什么", "包括") if w in text), default=-1)
    term = re.sub(r"^(?:请问|什么是)", "", text[:cut]) if cut > 0 else ""
    if len(term) < 4:
        return None
    for doc in ctx.docs:
        for d in doc.definitions:
            flat = d.text.translate(str.maketrans("", "", "“”\"'‘’"))
            for sentence in re.split(r"(?<=[。；;])|其中[:：]", flat):
                if any(sentence.lstrip("，,、 ").startswith(term + w) for w in _DEFINES):
                    b = Builder(plan.question, "definition")
                    cid = definition_citation(b, doc, d)
                    b.say(f"按名词解释（{d.term}）：{b.quoted(sentence.strip('，,、 '), cid)}[{cid}]")
                    return b.answer()
    return None


def _definition_keys(d: Definition) -> tuple[str, ...]:
    full = name_key(d.term)
    parts = [p for p in _LEVEL_MARK.split(full) if len(p) >= 2]
    return tuple(dict.fromkeys([full, *parts[-1:]]))


def _find_definition(plan: Plan, docs: tuple[Disclosure, ...]) -> tuple[Disclosure, Definition] | None:
    text = plan.text.translate(str.maketrans("", "", "“”\"'‘’"))
    wanted = {k for m in plan.mentions for k in (*m.keys, name_key(m.text))}
    best, best_len = None, 0
    for doc in docs:
        for d in doc.definitions:
            for key in _definition_keys(d):
                if key in text or key in wanted:
                    if len(key) > best_len:
                        best, best_len = (doc, d), len(key)
    return best


def reason(plan: Plan, ctx: Context) -> Answer | None:
    keys = _plan_keys(plan, ctx)
    b = Builder(plan.question, "reason")
    # A stated reason first; failing that, the sentence that breaks the change down into its parts.
    for find, lead in (
        (narrative.stated_reason, "文件说明："),
        (narrative.stated_breakdown, "文件没有单独写明原因，但说明了这一变化由哪些部分构成："),
    ):
        for doc in ctx.docs if keys else ():
            found = find(doc, keys)
            if found is not None:
                cid = paragraph_citation(b, doc, found.paragraph, found.text)
                b.say(f"{lead}{b.quoted(found.text, cid)}[{cid}]")
                return b.answer()
    passages = [
        p
        for p in narrative.best_passages(ctx.docs, search_text(plan), need_reason=True, limit=1)
        if p.score >= MIN_PASSAGE_SCORE
    ]
    if passages:
        p = passages[0]
        cid = paragraph_citation(b, p.doc, p.paragraph, p.text)
        b.say(f"文件说明：{b.quoted(p.text, cid)}[{cid}]")
        return b.answer()
    change = tabular.compare(plan, ctx)
    if change is not None:
        return change.model_copy(update={"answer": change.answer + "文件没有说明这一变化的原因。", "kind": "reason"})
    return None


def _plan_keys(plan: Plan, ctx: Context) -> tuple[str, ...]:
    keys = [k for m in plan.mentions for k in m.keys if not k.startswith("table:")]
    keys += [name_key(m.text) for m in plan.mentions]
    keys += list(plan.measures)
    return tuple(dict.fromkeys(k for k in keys if len(k) >= 2))


def explain(plan: Plan, ctx: Context, kind: str = "explain", min_score: float = MIN_PASSAGE_SCORE) -> Answer | None:
    ranked = narrative.best_passages(ctx.docs, search_text(plan), limit=8)
    lists = [p for p in ranked if _LISTING.search(p.text) and p.score >= min_score]
    if "children" in plan.cues and lists:  # a list asked for: the sentence that lists ("包括：a、b、c")
        ranked = lists
    passages = [p for p in ranked[:2] if p.score >= min_score]
    passages = [p for p in passages if p.score >= 0.9 * passages[0].score]
    passages = [p for p in passages if asked.answers(plan, p.text, p.doc.year)]
    if not passages:
        passages = [p for p in _retrieved(plan, ctx, min_score) if asked.answers(plan, p.text, p.doc.year)]
    passages = [p for p in passages if not narrative.has_placeholder(p.text)]
    if not passages:
        return None
    derived = implied.earlier_value(plan, passages[0]) if plan.years else None
    if derived is not None:
        return derived
    b = Builder(plan.question, kind)
    shown: list = []
    for p in passages[:2]:
        if any(p.paragraph is q for q in shown):
            continue
        cid = paragraph_citation(b, p.doc, p.paragraph, p.text)
        b.say(f"{b.quoted(p.text, cid)}[{cid}]")
        items = listed.items_after(p.doc, p.paragraph, p.text)  # a lead ("…如下：") is quoted with its list
        for item in items:
            icid = paragraph_citation(b, p.doc, item)
            b.say(f"\n{b.quoted(item.text, icid)}[{icid}]")
        shown += [p.paragraph, *items]
    return b.answer()


def search_text(plan: Plan) -> str:
    """What to look for in the text: the question, and for a follow-up the earlier question it leaves its topic to
    (a follow-up's ``plan.text`` is the earlier question's)."""
    return f"{plan.text}，{plan.question}" if plan.followup else plan.question


_LISTING = re.compile(r"(?:包括|包含|分为|主要有)[:：]?[^。；;]*、")


def _retrieved(plan: Plan, ctx: Context, min_score: float) -> list[narrative.Passage]:
    """Paragraph hits of the hybrid retriever, kept only when they share enough words with the question."""
    try:
        retriever = ctx.library.retriever
        if retriever is None:
            return []
        hits = retriever.retrieve(plan.question, top_k=5, doc_ids=frozenset(d.id for d in ctx.docs))
    except (BudgetQAError, OSError, ImportError):
        return []
    grams = narrative.content_grams(plan.question)
    out = []
    for hit in hits:
        if hit.node.kind != "paragraph" or not grams:
            continue
        doc = next((d for d in ctx.docs if d.id == hit.node.doc_id), None)
        para = paragraph_of(doc, hit.node.ref) if doc else None
        score = sum(1 for g in grams if g in norm(hit.node.text)) / len(grams)
        if para is not None and score >= min_score:
            out.append(narrative.Passage(doc, para, para.text, score))
    return out[:1]


_PARAGRAPH_REF = re.compile(r"p(\d+)(?:#\d+)?")


def paragraph_of(doc: Disclosure, ref: str) -> Paragraph | None:
    """The paragraph a node's ``ref`` ("p12" = ``doc.paragraphs[12]``, see retrieval/nodes.py) points to; the node's
    text cannot be matched instead, since it starts with the section heading."""
    m = _PARAGRAPH_REF.fullmatch(ref)
    if m is None or int(m.group(1)) >= len(doc.paragraphs):
        return None
    return doc.paragraphs[int(m.group(1))]


def person(plan: Plan, ctx: Context) -> Answer | None:
    """Who holds a post: only a passage that names someone in that post answers ("局长：张三", "张三任院长"); a
    sentence that merely shares the title's characters (院长室, 主任科员) is no answer, and the question is refused."""
    stated = holder.stated_holder(plan, ctx)  # "现任…校长张卫国教授" in 概况
    if stated is not None:
        return stated
    found = explain(plan, ctx, kind="person", min_score=0.75)
    titles = [t for t in vocab().cues["person_titles"] if not t.isascii() and t in plan.text]
    if found is None or not titles:
        return None
    said = norm(found.answer)
    return found if any(_names_holder(t, said) for t in titles) else None


def _names_holder(title: str, text: str) -> bool:
    """A two- to four-character name beside ``title``: after it ("局长：张三", "院长为李四"; a bare
    "院长负责制" is no name) or before it ("王五任局长")."""
    t = re.escape(title)
    after = rf"{t}(?:[：:为是]|同志)\s*[\u4e00-\u9fff]{{2,4}}(?=[，。、；,;\s（(\[]|$)"
    before = rf"[\u4e00-\u9fff]{{2,4}}(?:同志)?(?:任|担任|兼任){t}"
    return bool(re.search(after, text) or re.search(before, text))


# ---------------------------------------------------------------------------------------------------------------


def org(plan: Plan, ctx: Context) -> Answer | None:
    facts = [(doc, f) for doc in ctx.docs for f in doc.org_facts]
    if not facts or asked.asked_figure(plan.question) in ("money", "percent"):
        return None  # 概况 facts are counts and lists; they hold no amount of money or share
    stems = [s for word, ss in vocab().org_facts if word in plan.text or word in plan.question.lower() for s in ss]
    item = orgitems.item_answer(plan, facts, stems)
    if item is not None:
        return item
    unit = asked.count_unit(plan.question)
    if unit:  # "几辆" is answered by a count of 辆 only
        facts = [(d, f) for d, f in facts if f.unit == unit]
    # a fact whose qualifier the question names ("车辆数·应急保障用车") before the plain count
    asked_text = plan.text + norm(plan.question)  # a follow-up's own words are in ``question`` only
    facts.sort(key=lambda df: not any(q and q in asked_text for q in map(norm, df[1].key.split("·")[1:])))
    best = None
    for stem in stems:
        best = next(((d, f) for d, f in facts if stem in f.key), None) or next(
            ((d, f) for d, f in facts if stem in norm(f.quote)), None
        )
        if best:
            break
    if best is None:
        return None
    doc, fact = best
    b = Builder(plan.question, "org")
    cid = org_citation(b, doc, fact)
    number = plain(fact.value).replace(",", "")
    label = fact.key.split("·")[-1] if "·" in fact.key else f"{fact.key.removesuffix('数')}共"
    if re.search(rf"(?<![\d.]){re.escape(number)}(?![\d.])", norm(fact.quote)):
        b.say(f"{label} {b.figure(number, fact.unit, cid, fact.value)}[{cid}]")
    else:  # a count of the items the quote lists, not a printed figure: say so instead of claiming it
        b.say(f"{label} {number} {fact.unit}（按原文所列条目计数）[{cid}]")
    if fact.items and max(len(i) for i in fact.items) <= 20:
        b.say("，即" + "、".join(fact.items[:30]))
    b.say(f"。原文：{b.quoted(fact.quote, cid)}")
    return b.answer()


def names_project(plan: Plan, ctx: Context) -> bool:
    return project.named_project(plan, ctx) is not None


def names_indicator(plan: Plan, ctx: Context) -> bool:
    """An indicator's own words make up most of the question ("核心数据质量评分要达到多少")."""
    scored = _scored_indicators(plan, ctx, None)
    return bool(scored) and scored[0][0] >= NAMED_INDICATOR


def performance(plan: Plan, ctx: Context) -> Answer | None:
    """A project's funds, goals or indicator targets (with 分值): the named project first, its own words next."""
    hit = project.named_project(plan, ctx)
    if hit is None:
        listed = project.project_list(plan, ctx)
        if listed is not None:
            return listed
    asked = project.asked_text(plan)
    if hit is not None and project.asked_funds(asked, hit.table):
        return project.funds(plan, ctx, hit)
    goals = project.goals(plan, ctx, hit)
    if goals is not None:
        return goals
    scored = _scored_indicators(plan, ctx, hit)
    top = scored[0][0] if scored else 0.0
    if top < STRONG_INDICATOR and hit is not None:
        funds = project.funds(plan, ctx, hit)
        if funds is not None:
            return funds
    if top < (WEAK_INDICATOR if hit is not None else STRONG_INDICATOR):
        return None
    b = Builder(plan.question, "performance")
    for score, doc, p, ind in [s for s in scored if s[0] >= top - 1e-9][:3]:
        _say_indicator(b, doc, p, ind)
    return b.answer()


STRONG_INDICATOR = 0.5  # share of the question's own words an indicator must hold when no project is named
WEAK_INDICATOR = 0.25  # … when the question names the project
NAMED_INDICATOR = 0.75  # … for the indicator to count as named (and beat a row found by a looser match)


def _scored_indicators(plan: Plan, ctx: Context, hit: project.ProjectHit | None) -> list:
    """(share of the question's words the indicator holds, doc, table, indicator), best first, from the named
    project only when one is named; the project's name and the 分值 words do not count."""
    text = project.asked_text(plan)
    if hit is not None and hit.start >= 0:
        text = text[: hit.start] + "，" + text[hit.end :]
    text = project.strip_score_words(text)
    if plan.followup and hit is not None and hit.start < 0:
        text = text + "，" + plan.text
    grams = narrative.content_grams(text)
    if not grams:
        return []
    scored = []
    for doc in ctx.docs:
        for p in doc.performance:
            if hit is not None and p is not hit.table:
                continue
            for ind in p.indicators:
                flat = norm(ind.level3 + ind.level2)
                scored.append((sum(1 for g in grams if g in flat) / len(grams), doc, p, ind))
    scored.sort(key=lambda s: s[0], reverse=True)
    return scored


def _say_indicator(b: Builder, doc: Disclosure, p: PerformanceTable, ind: Indicator) -> None:
    cid = indicator_citation(b, doc, p, ind)
    shown = ind.target
    if ind.value is not None and ind.unit:
        b.figures.append(Figure(value=ind.value, unit=ind.unit, citation=cid))
    score = ""
    if ind.score is not None:
        score = f"，分值 {b.figure(f'{ind.score:g}', '分', cid, ind.score)}"
    b.say(f"{p.project}项目的绩效指标“{ind.level3}”（{ind.level1} › {ind.level2}）目标值为 {shown}{score}[{cid}]。")
