"""Questions the loaded documents cannot answer by their nature: another year, another body, another kind of
disclosure, a finer period than a year, this year's actual spending in a budget. Said plainly, with no figure."""

from __future__ import annotations

import re

from ..operations import rates
from ..question.asked import asks_amount
from ...models import Disclosure
from ...store.catalog import region_of
from ..question.context import Context, covered_years
from ..question.plan import Plan
from ..question.text import norm
from ..question.vocab import vocab

_NOT_A_MINISTRY = "全内局外本总干细大上下前后省"  # 全部, 内部, 局部 … are not bodies
_DISCLOSURES = {
    "部门预算": ("部门", "预算"),
    "单位预算": ("单位", "预算"),
    "部门决算": ("部门", "决算"),
    "单位决算": ("单位", "决算"),
}
_MONTH = re.compile(r"(?<!\d)(?:[1-9]|1[0-2])月(?![底初末中])|第[一二三四1-4]季度|上半年|下半年")
_AMOUNT_KINDS = ("value", "compare", "share", "arith", "rank")


# A body's name: a run of characters with none that no name holds ("的": "预算里写的西南大学" names 西南大学), ending
# in a body's suffix.
_ORG = re.compile(
    r"(?:(?![的])[\u4e00-\u9fff]){2,12}?"
    r"(?:委员会|委(?![托员])|人民政府|研究院|大学|学院|医院|公司|集团|银行|局|厅|部(?![门分署]))"
)
_YEAR = re.compile(r"\d{2,4}\s*年度?")


def outside(plan: Plan, ctx: Context) -> str | None:
    """Why the question lies outside the loaded documents (another year, another body, not budget), or None."""
    if plan.kind == "off_topic":
        return "这个问题与预算文件无关。"
    if _personal_pay(plan):
        return "预算文件只公开单位的收支，不公开个人的工资或收入。"
    blank = _blank_form(plan, ctx)
    if blank:
        return blank
    absent = (
        _absent_scope(plan, ctx) or _policy_subject(plan, ctx) or _policy_rate(plan, ctx) or _parent_body(plan, ctx)
    )
    if absent:
        return absent
    asked = set(plan.years) | {d.year + r for d in ctx.docs if d.year for r in plan.relative}
    if asked:
        covered = set().union(*(covered_years(d) for d in ctx.docs))
        missing = sorted(y for y in asked if y not in covered and not _change_stated(plan, ctx, y))
        if missing:
            return f"文件中没有{'、'.join(str(y) for y in missing)}年的数字。"
    known = "".join(norm(d.unit_name) + norm(d.title) + norm(d.source) for d in ctx.docs)
    for m in _ORG.finditer(_strip_mentions(plan)):
        body = _trim(m.group(0))
        if body.endswith("部") and len(body) >= 2 and body[-2] in _NOT_A_MINISTRY:
            continue
        if _loaded_body(body, ctx):
            continue
        if body and sum(ch in known for ch in body) / len(body) < 0.8 and not _named_inside(body, ctx):
            return f"已载入的文件不涉及“{body}”。"
    return _other_disclosure(plan, ctx) or _finer_than_documents(plan, ctx)


_FILLED: dict[str, bool] = {}


def _filled(doc: Disclosure) -> bool:
    """Whether any table of ``doc`` prints an amount other than zero (a blank form's tables print none)."""
    if doc.id not in _FILLED:
        _FILLED[doc.id] = not doc.tables or any(
            c.value not in (None, 0) for t in doc.tables for r in t.rows for c in r.cells
        )
    return _FILLED[doc.id]


def _blank_form(plan: Plan, ctx: Context) -> str | None:
    """An amount asked of documents whose tables are all unfilled (a 公开模板 whose text writes "XXX 万元"): no
    figure to give, whatever a sentence's placeholder says. Definitions and lists in it still answer."""
    if not ctx.docs or any(_filled(d) for d in ctx.docs):
        return None
    if not asks_amount(plan.question):  # "没有三公经费的部门应该怎么写说明" asks the form's own words
        return None
    names = "、".join(f"《{d.label}》" for d in ctx.docs)
    return f"{names}的表格没有填写金额（正文的金额是“XXX”一类占位符），文件中没有这个数字。"


def _loaded_body(body: str, ctx: Context) -> bool:
    """The words read as a body hold a loaded document's own unit name ("那份预算里说西南大学"): they name that body,
    whatever words precede the name, unless they put it in another place ("北京上海市财政局": the region they start
    with is not the unit's own)."""
    for doc in ctx.docs:
        full = norm(doc.unit_name or "")
        for name in {full, re.sub(r"[（(].*?[）)]", "", full)}:
            if len(name) >= 2 and name in body:
                region = region_of(body)
                if region is None or region == region_of(name):
                    return True
    return False


def _named_inside(body: str, ctx: Context) -> bool:
    """The words read as another body are a project's or a table row's own name ("世界一流大学（学科）…专项" names a
    project, not a university): the documents do cover them. (A passage merely mentioning a body — a partner
    university — is not enough.)"""
    return any(body in norm(t.project) for d in ctx.docs for t in d.performance) or any(
        body in norm(r.name) for d in ctx.docs for t in d.tables for r in t.rows
    )


def _personal_pay(plan: Plan) -> bool:
    """The pay of a person named by title ("局长的工资", "校长的年薪"): never in a budget disclosure."""
    cues = vocab().cues
    text = plan.question.lower()
    return any(w in plan.text or w in text for w in cues["person_titles"]) and any(
        w in plan.text or w in text for w in cues["personal_pay"]
    )


_OWN_TABLE_SCOPES = ("three_public", "gov_fund_expense", "state_capital_expense")


def _absent_scope(plan: Plan, ctx: Context) -> str | None:
    """An amount asked of a scope with a table of its own (三公, 政府性基金 …) that no loaded document prints, as a
    table or in its text: the documents do not cover it."""
    if plan.kind not in _AMOUNT_KINDS or not plan.scopes or plan.scopes[0] not in _OWN_TABLE_SCOPES or plan.mentions:
        return None
    kind = plan.scopes[0]
    if any(t.kind == kind for d in ctx.docs for t in d.tables):
        return None
    words = next((sc.cues for sc in vocab().scopes if kind in sc.kinds[:1]), ())
    flat = [norm(p.text).translate(_QUOTES) for d in ctx.docs for p in d.paragraphs]
    if any(w in f for w in words if not w.isascii() for f in flat):
        return None
    name = vocab().scope_names.get(kind, kind)
    return f"已载入的文件没有{name}的表，正文也没有说明{name}的数字。"


_QUOTES = str.maketrans("", "", "“”‘’\"'")


def _change_stated(plan: Plan, ctx: Context, year: int) -> bool:
    """A change against an earlier year the narrative states ("比2024年预算减少990万元", "比上年增加…") answers a
    change or reason question about that year, though no table prints the earlier year's figure.

    The change sentence may lean on the one before it for the item ("“事业单位离退休(项)”…。比2023年预算执行数减少
    1.39%") and on its paragraph's earlier sentences for the year ("与上年相比减少…；三是…。其中：农林水支出
    减少…"); an item the question names by no table row is matched by its own words (机关运行经费支出)."""
    if plan.kind not in ("compare", "reason") and "compare" not in plan.cues and not _ASKS_CHANGE.search(plan.text):
        return False
    items = [norm(k) for m in plan.mentions for k in (*m.keys, m.text) if not k.startswith("table:")]
    items += [c for sc in vocab().scopes for c in sc.cues if not c.isascii() and c in plan.text]
    items = [k.translate(_QUOTES) for k in items if len(k) >= 2]
    if not items:
        items = _own_words(plan.text)
    for doc in ctx.docs:
        if not doc.year or year >= doc.year:
            continue
        names = (f"{year}年", *(vocab().cues["last_year"] if year == doc.year - 1 else ()))
        for para in doc.paragraphs:
            sentences = [s for s in re.split(r"[。；;]", norm(para.text).translate(_QUOTES)) if s]
            for i, sentence in enumerate(sentences):
                pair = sentences[i - 1] + "。" + sentence if i else sentence
                so_far = "。".join(sentences[: i + 1])  # "与上年相比减少…；…；其中：农林水支出减少…" names it earlier
                if (
                    any(w in sentence for w in _CHANGE_WORDS)
                    and any(k in pair for k in items)
                    and any(n in so_far for n in names)
                ):
                    return True  # the item asked about, its change against that year, in one passage
    return False


_ASKS_CHANGE = re.compile(r"比.{0,12}?(?:增加|减少|增长|下降|降低|上升)")
_OWN_WORD_BREAKS = re.compile(
    r"[\d\s?？!！,，。、；;:：()（）“”\"']+|比上年|比去年|上年|去年|为什么|多少|是否|是|比|年度|年"
)


def _own_words(text: str) -> list[str]:
    """The question's own words of four characters or more, its years, change and question words cut out: what
    names an item no table row holds (机关运行经费支出)."""
    for word in _CHANGE_WORDS:
        text = text.replace(word, " ")
    chunks = [c for c in _OWN_WORD_BREAKS.split(text) if len(c) >= 4]
    return [c[i : i + 4] for c in chunks for i in range(len(c) - 3)]


_CHANGE_WORDS = ("增加", "减少", "增长", "下降", "降低", "持平", "上升")


def _strip_mentions(plan: Plan) -> str:
    """The question without its table items and its years: what is left may name another body ("2021年预算里的
    西南大学": the 年 of the year is no part of a name)."""
    text = plan.text
    for m in plan.mentions:
        if m.start >= 0:
            text = text[: m.start] + " " * (m.end - m.start) + text[m.end :]
    return _YEAR.sub(lambda y: " " * len(y.group(0)), text)


def _trim(body: str) -> str:
    for word in sorted(vocab().cues["stopwords"] + vocab().cues["followup_starts"], key=len, reverse=True):
        if len(word) > 1 and body.startswith(word):
            return body[len(word) :]
    return body


def _other_disclosure(plan: Plan, ctx: Context) -> str | None:
    """The question asks figures of a kind of disclosure (部门预算, 单位决算 …) that no loaded document is ("按什么原则
    纳入部门预算管理" names one as a concept and asks no figure)."""
    if plan.kind not in _AMOUNT_KINDS and not asks_amount(plan.question):
        return None
    loaded = {(d.scope, d.kind) for d in ctx.docs if d.scope and d.kind}
    if any(word in plan.text and pair in loaded for word, pair in _DISCLOSURES.items()):
        return None  # "部门预算和单位预算里…各是多少": the loaded one answers its part
    for word, (scope, kind) in _DISCLOSURES.items():
        if word in plan.text and not any(d.scope == scope and d.kind == kind for d in ctx.docs if d.scope and d.kind):
            if any(d.scope and d.kind for d in ctx.docs):
                have = "、".join(f"{d.scope}{d.kind}" for d in ctx.docs if d.scope and d.kind)
                return f"问题问的是{word}，已载入的是{have}，文件中没有{word}的数字。"
    return None


def _finer_than_documents(plan: Plan, ctx: Context) -> str | None:
    """A month or quarter, or this year's actual spending asked of a budget: the documents hold neither."""
    amount = plan.kind in _AMOUNT_KINDS or asks_amount(plan.question)  # "12月支出了多少" reads as explain
    if amount and _MONTH.search(plan.text):
        return "文件只有全年的数字，没有按月或按季度的数字。"
    if plan.kind not in _AMOUNT_KINDS:
        return None
    budgets = [d for d in ctx.docs if d.kind == "预算" and d.year]
    if (
        "执行数" in plan.measures
        and "预算数" not in plan.measures
        and _strictly_actual(plan)
        and budgets
        and all(set(plan.years) == {d.year} or (0 in plan.relative and not plan.years) for d in budgets)
    ):
        # "2022年执行数和2023年预算比": an earlier year's 执行数 is in the budget
        return "预算文件只列出本年的预算数，本年的实际执行（支出）数要等决算公开。"
    return None


def _strictly_actual(plan: Plan) -> bool:
    """Whether the question names the executed figure itself (执行数, 实际, 决算), not just everyday spending
    (花了, spent), which a budget's planned amount answers."""
    everyday = set(vocab().cues.get("colloquial_actual", ()))
    actual = next(m for m in vocab().measures if m.name == "执行数")
    return any(c in plan.text for c in actual.cues if c not in everyday)


def _doc_text(doc: Disclosure) -> str:
    """Everything ``doc`` states in words: its paragraphs, definitions, table rows and indicators (normalised)."""
    if doc.id not in _TEXT:
        parts = [p.text for p in doc.paragraphs] + [f"{d.term}{d.text}" for d in doc.definitions]
        parts += [r.name for t in doc.tables for r in t.rows]
        parts += [f"{p.project}{i.level3}{i.target}" for p in doc.performance for i in p.indicators]
        _TEXT[doc.id] = norm("".join(parts))
    return _TEXT[doc.id]


_TEXT: dict[str, str] = {}


def _policy_subject(plan: Plan, ctx: Context) -> str | None:
    """A policy parameter or change (养老金上调, 缴费基数上限, 最低工资, 收费标准) that no loaded document states:
    a budget discloses a body's money, not the rates it applies, so the nearest table row is no answer."""
    asked = [w for w in vocab().cues["policy_subjects"] if w in plan.text]
    if not asked or not ctx.docs or any(w in _doc_text(d) for d in ctx.docs for w in asked):
        return None
    return f"已载入的预算文件没有“{asked[0]}”这类政策标准或调整的数字（预算公开的是单位的收支、机构和绩效目标）。"


def _policy_rate(plan: Plan, ctx: Context) -> str | None:
    """A rate an item is paid at (住房公积金的缴存比例, 工伤保险费率) that no sentence or 名词解释 states for that
    item: a budget prints the item's amount, and the amount's share of a total is not that rate ("X占总支出的比例"
    asks the share, and is answered)."""
    asked = rates.asked_rates(plan)
    if not asked or not ctx.docs or rates.stated(plan, ctx.docs) is not None:
        return None
    item = plan.mentions[0].text if plan.mentions else ""
    return f"已载入的文件没有写明{item}的{asked[0]}（预算文件列出的是{item or '各项支出'}的金额，不是它的{asked[0]}）。"


_BODY_END = re.compile(r"(?:委员会|人民政府|部|局|厅|委)")


def _parent_body(plan: Plan, ctx: Context) -> str | None:
    """The body a document's unit belongs to (人社部 for 人社部社会保险事业管理中心), asked for its own figures
    ("机关本级", "整个部门"): the unit's document does not state them."""
    if not any(w in plan.text for w in vocab().cues["parent_markers"]):
        return None
    for doc in ctx.docs:
        name = norm(doc.unit_name or "")
        m = _BODY_END.search(name)
        if m is None or len(name) - m.end() < 4:
            continue  # the unit is the body itself
        parent, own = name[: m.end()], name[m.end() :]
        if own in plan.text or any(own[i : i + 4] in plan.text for i in range(len(own) - 3)):
            continue  # the question names the unit itself
        for found in _ORG.finditer(plan.text):
            body = _trim(found.group(0))
            if body and body[-1] == parent[-1] and _subsequence(body, parent):
                return f"已载入的是{doc.unit_name}（{parent}的下属单位）的文件，文件中没有{parent}本身的数字。"
    return None


def _subsequence(short: str, long: str) -> bool:
    """``short`` is an abbreviation of ``long`` (人社部 of 人力资源和社会保障部): its characters in order."""
    it = iter(long)
    return all(ch in it for ch in short)
