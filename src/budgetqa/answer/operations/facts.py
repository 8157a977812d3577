"""Operations that answer from the fact store, each declaring what it claims.

``OPERATIONS`` are the first entries of the pipeline's one registry (``answer/registry.py``): an operation whose
``claims(plan, ctx)`` holds answers (or returns None and the next entry tries). Adding a kind of question = its
vocabulary in data/ + one operation here (or in its own module) + tests.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from ...models import Answer, Disclosure, Fact, Paragraph
from ...store.facts import paragraph_index
from . import counted, defined, indicator, overview, projecttext, rates, statedrank, structure, textual
from ..finding import project
from ..question import frames
from ..writing.compose import Builder, paragraph_citation
from ..question.context import Context
from ..question.frames import MISSING
from ..finding.narrative import (
    item_text,
    opens_with_reason,
    reason_with_continuation,
    sentences,
    states_figure,
    written,
)
from ..question.plan import Plan, item_measures
from ..question.text import name_key, norm
from ..question.units import asked_unit
from ..question.vocab import vocab
from ...parse._text import load_data


@dataclass(frozen=True)
class Operation:
    name: str
    claims: Callable[[Plan, Context], bool]  # cheap: reads the plan, not the documents
    answer: Callable[[Plan, Context], Answer | None]


@cache
def _details() -> dict[str, tuple[str, ...]]:
    data = load_data("question_cues.json")
    return {norm(k): tuple(v) for k, v in data["definition_details"].items()}


def _subjects(plan: Plan) -> list[str]:
    """What the question is about: its item mentions (as written and as the names they mean), longest first."""
    out: list[str] = []
    for m in plan.mentions:
        for s in (m.text, *m.keys):
            s = name_key(s)
            if s and not s.startswith("table:") and s not in out:
                out.append(s)
    return sorted(out, key=len, reverse=True)


def _said(subject: str, text: str) -> int:
    """How much of a fact's subject the question writes (narrative.written), counted when all of it or a run of ≥ 4
    characters: words written beat names a lexicon guessed for a shorter word."""
    said = written(subject, text)
    return said if said >= 4 else 0


def _cite_fact(b: Builder, ctx: Context, fact: Fact) -> int:
    doc = next(d for d in ctx.docs if d.id == fact.doc_id)
    return b.cite(doc, fact.locator, fact.page, _shown(fact))


def _shown(fact: Fact) -> str:
    """The fact's sentence as the answers show printed text (the spaces PDF extraction adds dropped)."""
    return "".join(sentences(fact.quote)) if fact.source == "narrative" else fact.quote


# ---------------------------------------------------------------------------------------------------------------
# purpose: "其他用车主要用来干什么" / "人员经费主要用在哪" → the narrative's 主要用于 / 主要包括 for that item


def claims_purpose(plan: Plan, ctx: Context) -> bool:
    return any(w in plan.text for w in vocab().cues["purpose_asks"])


def purpose(plan: Plan, ctx: Context) -> Answer | None:
    store = ctx.library.fact_store()
    facts = [f for d in ctx.docs for f in store.of_doc(d.id) if f.measure in ("用途", "构成") and f.text]
    subjects = _subjects(plan) or [plan.text]
    best: tuple[int, int, int, int, Fact] | None = None
    for f in facts:
        subject = name_key(f.subject)
        # the fact's subject named by the question (or the question's item inside the subject's name)
        hit = next((len(s) for s in subjects if s and (subject in s or s in subject) and len(subject) >= 2), 0)
        if not hit and subject in plan.text:
            hit = len(subject)
        said = _said(subject, name_key(plan.text))
        hit = max(hit, said)
        if hit:
            # of two items with one name (行政运行 under two 款), the one whose heading names more of the question
            item = _item_of(ctx, f)
            path = (
                sum(1 for s in subjects if len(s) >= 2 and s not in subject and s in name_key(item[2])) if item else 0
            )
            rank = (hit, said, path, 1 if f.measure == "用途" else 0)
            if best is None or rank > best[:4]:
                best = (*rank, f)
    if best is None:
        return _project_purpose(plan, ctx)
    fact = best[4]
    b = Builder(plan.question, "purpose")
    item = _item_of(ctx, fact)
    if item is not None:  # the whole numbered item: its heading, amount, purpose and execution
        doc, para, text = item
        cid = paragraph_citation(b, doc, para, text)
        b.say(f"文件说明：{b.quoted(text, cid)}[{cid}]")
        return b.answer()
    cid = _cite_fact(b, ctx, fact)
    b.say(f"文件说明：{b.quoted(_shown(fact), cid)}[{cid}]")  # the whole sentence: the item's amount and its use
    return b.answer()


def _item_of(ctx: Context, fact: Fact) -> tuple[Disclosure, Paragraph, str] | None:
    """The numbered 说明 item a narrative fact was read from, and its text (see narrative.item_text)."""
    at = paragraph_index(fact) if fact.source == "narrative" else None
    doc = next((d for d in ctx.docs if d.id == fact.doc_id), None)
    if at is None or doc is None or at >= len(doc.paragraphs):
        return None
    text = item_text(doc.paragraphs[at])
    return (doc, doc.paragraphs[at], text) if text else None


def _project_purpose(plan: Plan, ctx: Context) -> Answer | None:
    """What a project named in the question is for: its 绩效目标表's 年度目标 and its funds (no narrative sentence
    states the use of a project; its goals do)."""
    text = name_key(plan.text)
    cue = next((w for w in vocab().cues["purpose_asks"] if w in text), "")
    asked = re.sub(r"[（(][^）)]*[）)]", "", text[: text.index(cue)] if cue else text)
    asked = re.sub(r"(?:主要|是|的|都|到底|究竟|钱|资金|经费|这笔|这个|这项)+$", "", asked)  # "…拨款的钱主要"
    store = ctx.library.fact_store()
    best: tuple[int, list[Fact]] | None = None
    for d in ctx.docs:
        projects: dict[str, list[Fact]] = {}
        for f in store.of_doc(d.id):
            if f.topic == "绩效目标" and f.source in ("project", "performance") and f.measure in ("目标", "预算数"):
                projects.setdefault(f.subject, []).append(f)
        for name, facts in projects.items():
            own = name_key(name)
            hit = len(own) if len(own) >= 4 and own in text else len(asked) if len(asked) >= 4 and asked in own else 0
            if hit and any(f.measure == "目标" for f in facts) and (best is None or hit > best[0]):
                best = (hit, facts)
    if best is None:
        return None
    facts = best[1]
    b = Builder(plan.question, "purpose")
    goals = [f for f in facts if f.measure == "目标"][:3]
    shown = []
    for goal in goals:
        cid = _cite_fact(b, ctx, goal)
        shown.append(f"{b.quoted(goal.text.rstrip('。；; '), cid)}[{cid}]")
    b.say(f"按项目绩效目标表，{goals[0].subject}的年度目标：" + "；".join(shown))
    total = next((f for f in facts if f.measure == "预算数" and f.part and "总额" in f.part), None)
    if total is not None and total.value is not None:
        cid = _cite_fact(b, ctx, total)
        b.say(f"。{total.part} {b.figure(total.text, total.unit, cid, total.value)}[{cid}]")
    b.say("。")
    return b.answer()


# ---------------------------------------------------------------------------------------------------------------
# definition detail: "住房公积金的缴存比例是多少" → the words of its 名词解释 that state the 比例


def _asked_detail(plan: Plan) -> tuple[str, ...]:
    words: list[str] = []
    for asked, used in _details().items():
        if asked in plan.text:
            words.extend(w for w in used if w not in words)
    return tuple(words)


def claims_definition_detail(plan: Plan, ctx: Context) -> bool:
    # "X占总支出的比例" is a share of a figure, not a detail of X's definition
    return bool(_asked_detail(plan)) and bool(plan.mentions) and "占" not in plan.text


def definition_detail(plan: Plan, ctx: Context) -> Answer | None:
    words = _asked_detail(plan)
    subjects = _subjects(plan)
    store = ctx.library.fact_store()
    for d in ctx.docs:
        for f in store.of_doc(d.id):
            if f.source != "definition":
                continue
            term, _ = defined.term_key(f.subject)  # "住房公积金（ 2210201 ）" → 住房公积金
            full = name_key(f.subject)
            if not any(s and s in (term, full) for s in subjects):
                continue
            said = [s for s in re.split(r"(?<=[。；;])", f.text) if any(w in s for w in words)]
            if not said:
                continue
            b = Builder(plan.question, "definition")
            cid = _cite_fact(b, ctx, f)
            b.say(f"按名词解释，{term}：{''.join(s.strip() for s in said)}[{cid}]")
            return b.answer()
    return None


# ---------------------------------------------------------------------------------------------------------------
# stated subject: "收支总预算是多少" / "…比上年增加多少" where only the 说明 states it — a narrative fact whose subject
# the question names word for word, and nothing else but filler


_AMOUNTS = ("预算数", "决算数", "执行数", "年初预算", "调整预算", "数量")
_CHANGES = ("增减额", "增减率")
_YEARS = re.compile(r"(?:19|20)\d{2}年?度?")


def claims_stated_subject(plan: Plan, ctx: Context) -> bool:
    """No table item is named (by code, name, everyday word or a column such as 公用经费)."""
    return (
        plan.kind in ("value", "compare", "explain")
        and not any(m.via in ("code", "name", "lexicon") for m in plan.mentions)
        and not [m for m in item_measures(plan) if m != "合计"]
    )


def _residue(text: str, subject: str, change: bool = False) -> str:
    v = vocab()
    rest = _YEARS.sub("", text.replace(subject, " "))
    words = {*v.cues["value_cues"], *v.cues["this_year"], *v.cues["stopwords"]}
    if change:  # "…比上年增长了多少": the change words are what is asked, not another subject
        words |= {*v.kinds["compare"], *v.cues["last_year"], "增加", "减少", "增长", "下降", "降低", "了", "比", "较"}
    for w in sorted(words, key=len, reverse=True):
        if not w.isascii():
            rest = rest.replace(w, "")
    return re.sub(r"[^\u4e00-\u9fff]", "", rest)


def stated_subject(plan: Plan, ctx: Context) -> Answer | None:
    store = ctx.library.fact_store()
    change = bool(set(_CHANGES) & set(plan.measures)) or "compare" in plan.cues
    wanted = _CHANGES if change else _AMOUNTS
    unit = asked_unit(plan.question)
    best: Fact | None = None
    for d in ctx.docs:
        units = [norm(d.unit_name)] if d.unit_name else []
        text = plan.text
        for u in units:
            text = text.replace(u, "")
        for f in store.of_doc(d.id):
            if f.source != "narrative" or f.measure not in wanted or f.value is None:
                continue
            subject = norm(f.subject)
            if len(subject) < 4 or subject not in text or (plan.years and f.year not in plan.years):
                continue
            if unit and f.unit != unit:
                continue  # "…多少元": the table prints 元, the sentence another unit
            if len(_residue(text, subject, change)) > 1:
                continue  # the question asks something beside the stated subject
            if best is None or len(subject) > len(norm(best.subject)):
                best = f
    if best is None:
        return None
    b = Builder(plan.question, "compare" if change else "value")
    cid = _cite_fact(b, ctx, best)
    b.say(f"文件说明：{b.quoted(_shown(best), cid)}[{cid}]")
    return b.answer()


# ---------------------------------------------------------------------------------------------------------------
# breakdown items: "其中货物、工程、服务各多少" — the parts one narrative sentence states; an item it does not state is
# said to be missing, never answered from another passage


def breakdown_items(items: list[str], ctx: Context, within: str | None = None) -> Answer | None:
    """Each item's figure from the one sentence that states most of them (a total's parts after 其中); ``within``:
    only parts of a total whose name holds it ("基本支出里…": 一般公共预算财政拨款基本支出)."""
    store = ctx.library.fact_store()
    lexicon = dict(vocab().lexicon)
    words = [re.sub(r"(是)?(多少|几|哪些|什么).*$", "", norm(i)) for i in items]
    groups: dict[tuple[str, str], list[Fact]] = {}
    for d in ctx.docs:
        for f in store.of_doc(d.id):
            if f.source == "narrative" and f.parent and f.measure in _AMOUNTS and f.value is not None:
                if within is None or within in name_key(f.parent):
                    groups.setdefault((f.doc_id, f.quote), []).append(f)
    best: tuple[int, dict[int, Fact]] | None = None
    for facts in groups.values():
        hits: dict[int, Fact] = {}
        for i, w in enumerate(words):
            names = (w, *lexicon.get(w, ()))
            hit = next((f for f in facts if any(n and n in norm(f.subject) for n in names)), None)
            if hit is not None:
                hits[i] = hit
        if len(hits) >= 2 and (best is None or len(hits) > best[0]):
            best = (len(hits), hits)
    if best is None:
        return None
    b = Builder("、".join(items), "value")
    shown = []
    for i, w in enumerate(words):
        f = best[1].get(i)
        if f is None:
            shown.append(f"{w}：{MISSING}")
            continue
        cid = _cite_fact(b, ctx, f)
        shown.append(f"{f.subject} {b.figure(f.text.replace(f.unit, '').strip(), f.unit, cid, f.value)}[{cid}]")
    b.say("；".join(shown) + "。")
    return b.answer()


# ---------------------------------------------------------------------------------------------------------------
# parts of a named whole: "基本支出里人员经费和公用经费各是多少" → the sentence that breaks that whole down (其中：人员经费
# N 万元…；公用经费 M 万元…), each part with its figure; not a definition of the whole


_CONTAINER = re.compile(
    r"^(?:其中)?(?P<whole>[\u4e00-\u9fff]{2,12}?)(?:里面|当中|之中|里|中)(?P<first>[\u4e00-\u9fff]{2,}.*)$"
)


def _parts_of_whole(question: str) -> tuple[str, list[str]] | None:
    items = frames.list_items(question)
    m = _CONTAINER.match(norm(items[0])) if len(items) >= 2 else None
    return (m.group("whole"), [m.group("first"), *items[1:]]) if m else None


def claims_parts_of_whole(plan: Plan, ctx: Context) -> bool:
    return plan.kind == "value" and not plan.mentions and _parts_of_whole(plan.question) is not None


def parts_of_whole(plan: Plan, ctx: Context) -> Answer | None:
    found = _parts_of_whole(plan.question)
    if found is None:
        return None
    whole, items = found
    stated = breakdown_items(items, ctx, within=name_key(whole))
    return stated.model_copy(update={"question": plan.question}) if stated is not None else None


# ---------------------------------------------------------------------------------------------------------------
# execution: "行政运行全年预算多少，实际支出多少，完成了多少" / "三公经费年初预算多少…完成率" → the 决算 说明's sentence
# for that item (年初/全年预算, 支出决算, 完成 P%), and asked why, the sentence of its 主要原因


_EXECUTION = ("年初预算", "全年预算", "调整预算", "完成率", "执行数")  # [:3]: the budgets a 决算 is set against


def _asked_text(plan: Plan) -> str:
    return plan.text + norm(plan.question)  # a follow-up ("那完成率呢") carries its own words in ``question``


def claims_execution(plan: Plan, ctx: Context) -> bool:
    text = _asked_text(plan)
    return any(w in text for w in vocab().cues["execution_asks"])


def _named_items(plan: Plan) -> list[str]:
    """The items the question names: table mentions, else the narrative subjects its scope words name (三公经费)."""
    items = _subjects(plan)
    if not items:
        text = _asked_text(plan)
        items = [name_key(c) for sc in vocab().scopes for c in sc.cues if not c.isascii() and c in text]
    return [i for i in items if len(i) >= 2]


def execution(plan: Plan, ctx: Context) -> Answer | None:
    store = ctx.library.fact_store()
    items = _named_items(plan)
    best: tuple[int, int, int, Fact] | None = None
    for d in ctx.docs:
        for f in store.of_doc(d.id):
            if f.source != "narrative" or f.measure not in _EXECUTION or f.parent:
                continue
            subject = name_key(f.subject)
            hit = max((len(i) for i in items if i in subject or (subject in i and len(subject) >= 2)), default=0)
            if f.subject_code and f.subject_code in items:
                hit = max(hit, len(subject))  # "行政运行（2013901）": the code names the sentence's item
            elif not hit and len(subject) >= 4 and subject in name_key(plan.text):
                hit = len(subject)
            said = _said(subject, name_key(plan.text))
            hit = max(hit, said)
            if hit and (best is None or (hit, said, -len(subject)) > best[:3]):
                best = (hit, said, -len(subject), f)
    if best is None:
        return None
    fact = best[3]
    b = Builder(plan.question, "value")
    cid = _cite_fact(b, ctx, fact)
    b.say(f"文件说明（{fact.subject}）：{b.quoted(_shown(fact), cid)}[{cid}]")
    facts = store.of_doc(fact.doc_id)
    if "arith_diff" in plan.cues or any(
        w in _asked_text(plan) for w in vocab().cues["execution_diff"]
    ):  # "全年预算和决算差了多少": the sentence's budget less its 决算
        same = [f for f in facts if f.quote == fact.quote and f.value is not None and f.unit == "万元"]
        planned = next((f for f in same if f.measure in _EXECUTION[:3]), None)
        spent = next((f for f in same if f.measure == "决算数"), None)
        if planned is not None and spent is not None:
            diff = round(planned.value - spent.value, 2)
            b.say(
                f"{planned.measure}与决算数相差 {abs(diff):,.2f} 万元（{planned.value:,.2f} − {spent.value:,.2f} = "
                f"{b.figure(f'{diff:,.2f}', '万元', cid, diff)}，按文件数字计算）。"
            )
    if any(w in _asked_text(plan) for w in vocab().cues["execution_why"]):
        named = {name_key(f.subject) for f in facts if f.quote == fact.quote}  # the sentence's subjects
        whys = [f for f in facts if f.measure == "原因" and name_key(f.subject) in named]
        whys.sort(key=lambda f: paragraph_index(f) != paragraph_index(fact))  # the item's own reason first
        why = whys[0] if whys else None
        if why is not None:
            wid = _cite_fact(b, ctx, why)
            b.say(f"{b.quoted(_shown(why), wid)}[{wid}]")
    return b.answer()


# ---------------------------------------------------------------------------------------------------------------
# reason: "财政拨款为啥减少了" / "事业收入和其他收入为什么变化较大" → the 原因 fact of the subject the question names, quoted
# with the change it explains and the sentences that carry the reason on; a numbered item is quoted whole. Asked
# against the budget ("没花完", "决算数为什么小于预算数"), its 决算-vs-预算 reason is preferred over a year-on-year one


_CONTRAST = re.compile(r"(?:决算|支出)数?(?:小于|大于|低于|高于|少于|多于|超过|超出|未达到)(?:全年|年初|调整)?预算")


def claims_reason(plan: Plan, ctx: Context) -> bool:
    return plan.kind == "reason" or any(w in plan.text for w in vocab().cues["reason_content_asks"])


def _subject_hit(subject: str, text: str, subjects: list[str]) -> int:
    """How much of a fact's subject the question names: all of it (best), an item of the question inside it or it
    inside the item, else a run of ≥ 4 of its characters ("财政拨款" of 财政拨款收入支出)."""
    said = _said(subject, text)
    if said >= 100:
        return said
    inside = max((len(s) for s in subjects if len(s) >= 2 and (s in subject or subject in s)), default=0)
    return 50 + inside if inside else said


def stated_reason(plan: Plan, ctx: Context) -> Answer | None:
    store = ctx.library.fact_store()
    text = name_key(plan.text)
    subjects = _subjects(plan)
    contrast = any(w in _asked_text(plan) for w in vocab().cues["budget_contrast"])
    best: tuple[int, int, Fact] | None = None
    for d in ctx.docs:
        for f in store.of_doc(d.id):
            if f.source != "narrative" or f.measure != "原因" or not f.text:
                continue
            hit = _subject_hit(name_key(f.subject), text, subjects)
            if hit < 4:
                continue
            said_contrast = _CONTRAST.search(norm(f.quote)) is not None
            rank = (hit, 1 if said_contrast == contrast else 0)
            if best is None or rank > best[:2]:
                best = (*rank, f)
    if best is None:
        return None
    fact = best[2]
    doc = next(d for d in ctx.docs if d.id == fact.doc_id)
    at = paragraph_index(fact)
    para = doc.paragraphs[at] if at is not None and at < len(doc.paragraphs) else None
    shown = (item_text(para) or _reason_chain(para.text, fact.quote)) if para is not None else None
    b = Builder(plan.question, "reason")
    if not shown:
        cid = _cite_fact(b, ctx, fact)
        b.say(f"文件说明：{b.quoted(_shown(fact), cid)}[{cid}]")
        return b.answer()
    cid = paragraph_citation(b, doc, para, shown)
    b.say(f"文件说明：{b.quoted(shown, cid)}[{cid}]")
    return b.answer()


def _reason_chain(paragraph: str, quote: str) -> str | None:
    """The reason sentence of ``paragraph`` with the sentences that carry it on and, when it opens with its cue
    ("主要原因：…") or states no figure, the sentence before it (the change it explains)."""
    sents = [s.strip() for s in re.split(r"(?<=[。！？])", "".join(sentences(paragraph))) if s.strip()]
    flat = norm(quote)
    at = next((i for i, s in enumerate(sents) if flat and (flat in norm(s) or norm(s) in flat)), None)
    if at is None:
        return None
    chain = reason_with_continuation(sents, at)
    if at > 0 and (opens_with_reason(sents[at]) or not states_figure(sents[at])) and states_figure(sents[at - 1]):
        chain = sents[at - 1] + chain
    return chain


# ---------------------------------------------------------------------------------------------------------------
# project list: "有哪些项目，各多少钱" → the 绩效目标表 projects and their funds


def claims_project_list(plan: Plan, ctx: Context) -> bool:
    """ "有哪些项目" with no table item named (项目支出 itself aside) and no one project named."""
    items = set(item_measures(plan)) - {"项目支出", "合计"}
    return (
        not plan.mentions
        and not items
        and project.asks_list(project.asked_text(plan))
        and not textual.names_project(plan, ctx)
    )


OPERATIONS: tuple[Operation, ...] = (
    Operation("definition_detail", claims_definition_detail, definition_detail),
    Operation("policy_rate", rates.claims, rates.answer),  # 缴存比例 stated in a sentence: not a share
    Operation("overview", overview.claims, overview.answer),  # 概况: units in scope, duties, offices, relations
    Operation("indicator", indicator.claims, indicator.answer),  # a named project's indicator by the asked measure
    Operation("project_text", projecttext.claims, projecttext.answer),  # a part of a project's own 说明
    Operation("table_list", structure.claims_table_list, structure.table_list),  # the tables a document holds
    Operation("categories", structure.claims_categories, structure.categories),  # the 类 a total splits into
    Operation("purpose", claims_purpose, purpose),
    Operation("definition_words", defined.claims_definition_words, defined.definition_words),
    Operation("execution", claims_execution, execution),
    Operation("stated_reason", claims_reason, stated_reason),
    Operation("stated_count", counted.claims, counted.answer),
    Operation("parts_of_whole", claims_parts_of_whole, parts_of_whole),
    Operation("stated_subject", claims_stated_subject, stated_subject),
    Operation("stated_rank", statedrank.claims_stated_rank, statedrank.stated_rank),
    Operation("project_list", claims_project_list, project.project_list),  # after the others, as it came in the chain
)
