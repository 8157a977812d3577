"""Which 项目绩效目标表 a question is about, and the answers read from its 项目资金 block and 年度总体目标.

A question names a project by its full name or by a distinctive run of it ("远程教育项目"); a follow-up keeps the
project of the question before it. Fund figures are copied from the block; a share of funds shows its formula."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from ...models import Answer, Disclosure, Paragraph, PerformanceTable
from ..writing.compose import Builder, funds_citation, paragraph_citation
from ..question.context import Context
from ..question.text import plain
from .narrative import sentences
from ..question.plan import Plan
from ..question.text import fmt, norm
from ...parse._text import load_data

MIN_RUN = 4  # characters of a project's name a question must share, right before 项目, to name it
MIN_SHARE_OF_NAME = 0.6  # or this share of the whole name (without 项目)


@dataclass(frozen=True)
class ProjectHit:
    doc: Disclosure
    table: PerformanceTable
    start: int  # span of the name in the text it was found in
    end: int


@cache
def _cues() -> dict[str, dict[str, list[str]]]:
    return load_data("question_projects.json")


def named_project(plan: Plan, ctx: Context) -> ProjectHit | None:
    """The project the question names, or for a follow-up the one the question before it named (a follow-up's
    plan carries the earlier question's text)."""
    found = find_project(asked_text(plan), ctx.docs)
    if found is None and plan.followup:
        found = find_project(plan.text, ctx.docs)
        return None if found is None else ProjectHit(found.doc, found.table, -1, -1)
    return found


def asked_text(plan: Plan) -> str:
    """The question's own words, normalised (a follow-up's ``plan.text`` is the earlier question's)."""
    return norm(plan.question)


def find_project(text: str, docs: tuple[Disclosure, ...]) -> ProjectHit | None:
    """The project sharing the longest run of its name with ``text``, when that run names it unambiguously."""
    best: tuple[int, ProjectHit] | None = None
    runs: list[tuple[int, str]] = []
    for doc in docs:
        for p in doc.performance:
            # a leading budget code ("236 中央高校…专项", "236-中央高校…") is no part of the name people use
            name = re.sub(r"^\d+[-\s]*", "", norm(p.project)).removesuffix("项目")
            length, start = _longest_run(text, name)
            runs.append((length, text[start : start + length] if start >= 0 else ""))
            if length < MIN_RUN:
                continue
            before_project = text[start + length : start + length + 2] == "项目"
            own = name.rsplit("-", 1)[-1]  # "…专项-基础设施改造项目（中学）": the last part is the project's own name
            if not (before_project or length / min(len(name), len(own)) >= MIN_SHARE_OF_NAME):
                continue
            # the name whose own part the question covers most wins ("房屋修缮项目": 房屋修缮, not 房屋修缮项目（小学）)
            rank = (min(length / len(own), 1.0), length)
            if best is None or rank > best[0]:
                end = start + length + (2 if before_project else 0)  # "…项目" belongs to the name, not the question
                best = (rank, ProjectHit(doc, p, start, end))
    if best is None:
        return None
    run = text[best[1].start : best[1].start + best[0][1]]
    shared = sum(1 for length, other in runs if other == run) > 1 and best[0][1] < len(norm(best[1].table.project))
    return None if shared else best[1]


def candidates(text: str, docs: tuple[Disclosure, ...]) -> list[tuple[Disclosure, PerformanceTable]]:
    """The projects sharing the question's longest run of a project name (≥ MIN_RUN characters), when two or more
    do ("改善基本办学条件专项" names seven): the question names a group, not one project."""
    if not any(w in text for w in _cues()["project_words"]["words"]):
        return []
    runs = []
    for doc in docs:
        for p in doc.performance:
            name = re.sub(r"^\d+[-\s]*", "", norm(p.project))
            length, start = _longest_run(text, name)
            if length >= MIN_RUN:
                runs.append((length, text[start : start + length], doc, p))
    if not runs:
        return []
    top = max(r[0] for r in runs)
    best = [r for r in runs if r[0] == top]
    return [(d, p) for _, run, d, p in best if run == best[0][1]] if len(best) >= 2 else []


def candidate_funds(plan: Plan, ctx: Context) -> Answer | None:
    """Several projects fit the name asked: each with its 年度资金总额, cited, instead of a refusal."""
    found = candidates(asked_text(plan), ctx.docs)
    if len(found) < 2 or not (asks_funds(asked_text(plan)) or asked_funds(asked_text(plan), found[0][1])):
        return None
    b = Builder(plan.question, "performance")
    listed = [_listed(b, d, p) for d, p in found]
    b.say(f"问题所说的名称对应 {len(found)} 个项目，各项目资金如下：{'；'.join(listed)}。请说明具体是哪一个项目。")
    return b.answer()


def _longest_run(text: str, name: str) -> tuple[int, int]:
    """The longest piece of ``name`` found in ``text`` (its length, where it starts in ``text``); a piece is grown
    one character at a time from each start only while it is found (a piece not found has no longer piece found)."""
    best, where = 0, -1
    for i in range(len(name)):
        j = i + best + 1
        while j <= len(name):
            pos = text.find(name[i:j])
            if pos < 0:
                break
            best, where = j - i, pos
            j += 1
    return best, where


def asked_funds(text: str, table: PerformanceTable) -> tuple[str, ...]:
    """The 项目资金 lines the question asks for, in the block's order ("年度资金总额", "财政拨款" …)."""
    wanted = [key for key, words in _cues()["funds"].items() if _any(words, text)]
    return tuple(k for k in table.funds if k in wanted)


def asks_funds(text: str) -> bool:
    return _any(_cues()["funds_any"]["words"], text)


def asks_score(text: str) -> bool:
    return _any(_cues()["score"]["words"], text)


def strip_score_words(text: str) -> str:
    for w in sorted(_cues()["score"]["words"], key=len, reverse=True):
        text = text.replace(norm(w), "，")
    return text


def _any(words: list[str], text: str) -> bool:
    return any(norm(w) in text for w in words)


def funds(plan: Plan, ctx: Context, hit: ProjectHit | None = None) -> Answer | None:
    """The fund lines the question asks for (with the total beside a part), or the whole block."""
    hit = hit or named_project(plan, ctx)
    if hit is None or not hit.table.funds:
        return None
    text = _outside_name(asked_text(plan), hit)
    keys = asked_funds(text, hit.table)
    if not keys and not asks_funds(text):
        return None
    p, b = hit.table, Builder(plan.question, "performance")
    cid = funds_citation(b, hit.doc, p)
    keys = keys or tuple(p.funds)
    total = next(iter(p.funds))
    shown = [f"{k}为 {b.figure(plain(p.funds[k]), p.fund_unit, cid, p.funds[k])}" for k in keys]
    b.say(f"{_named(p.project)}的项目资金中，{'，'.join(shown)}[{cid}]")
    if total not in keys:
        b.say(f"（{total} {b.figure(plain(p.funds[total]), p.fund_unit, cid, p.funds[total])}）")
    elif len(keys) == 1 and len(p.funds) > 1:
        rest = [f"{k} {b.figure(plain(v), p.fund_unit, cid, v)}" for k, v in p.funds.items() if k != total]
        b.say(f"，其中{'、'.join(rest)}")
    b.say("。")
    return b.answer()


def fund_share(plan: Plan, ctx: Context) -> Answer | None:
    """A fund line's share of the project's 年度资金总额: "781.01 ÷ 959.96 = 81.36%"."""
    hit = named_project(plan, ctx)
    if hit is None or len(hit.table.funds) < 2:
        return None
    p = hit.table
    total = next(iter(p.funds))
    keys = [k for k in asked_funds(_outside_name(asked_text(plan), hit), p) if k != total]
    if not keys or not p.funds[total]:
        return None
    b = Builder(plan.question, "share")
    cid = funds_citation(b, hit.doc, p)
    part, whole = Decimal(str(p.funds[keys[0]])), Decimal(str(p.funds[total]))
    pct = part / whole * 100
    b.say(
        f"{_named(p.project)}的{keys[0]} {b.figure(f'{part}', '万元', cid)}占{total} "
        f"{b.figure(f'{whole}', '万元', cid)}的 {part} ÷ {whole} = {b.figure(fmt(pct, 2, False), '%', cid, pct)}"
        f"[{cid}]（按项目资金计算，文件未直接说明该比例）。"
    )
    return b.answer()


def project_list(plan: Plan, ctx: Context) -> Answer | None:
    """Which projects have a 绩效目标表: their names, and the narrative's sentence naming them, quoted."""
    text = asked_text(plan)
    tables = [(d, p) for d in ctx.docs for p in d.performance]
    if not tables or not asks_list(text):
        return None
    b = Builder(plan.question, "performance")
    names = [_listed(b, d, p) for d, p in tables]
    stated = _naming_sentence(tables)
    count = str(len(tables))
    if stated is not None:
        doc, para, sentence = stated
        cid = paragraph_citation(b, doc, para, sentence)
        shown = b.figure(count, "个", cid) if re.search(rf"(?<!\d){count}\s*个", norm(sentence)) else f"{count} 个"
        b.say(f"共 {shown}项目绩效目标表：{'；'.join(names)}。文件说明：{sentence}[{cid}]")
    else:
        b.say(f"共 {count} 个项目绩效目标表：{'；'.join(names)}。")
    return b.answer()


def asks_list(text: str) -> bool:
    """ "有哪些项目" / "哪几个项目": which projects there are (normalised question text)."""
    return _any(_cues()["list"]["words"], text) and any(w in text for w in ("项目", "绩效", "专项", "project"))


def _listed(b: Builder, doc: Disclosure, p: PerformanceTable) -> str:
    """A project's name, cited to its table, with the block's first fund line (年度资金总额) beside it."""
    if not p.funds:
        return f"{p.project}[{b.cite(doc, f'{p.project}项目绩效目标表', p.page, p.project)}]"
    cid = funds_citation(b, doc, p)
    total, value = next(iter(p.funds.items()))
    return f"{p.project}（{total} {b.figure(plain(value), p.fund_unit, cid, value)}）[{cid}]"


def _naming_sentence(tables: list[tuple[Disclosure, PerformanceTable]]) -> tuple[Disclosure, Paragraph, str] | None:
    """The narrative sentence naming at least two of the projects (or the only one)."""
    need = min(2, len(tables))
    for doc in {id(d): d for d, _ in tables}.values():
        keys = [norm(p.project) for d, p in tables if d is doc]
        for para in doc.paragraphs:
            for sentence in sentences(para.text):
                flat = norm(sentence)
                if sum(1 for k in keys if k in flat) >= need:
                    return doc, para, sentence
    return None


def goals(plan: Plan, ctx: Context, hit: ProjectHit | None) -> Answer | None:
    """年度总体目标: the goal lines (and how many there are) of the named project, quoted."""
    if hit is None or not hit.table.goals or not _any(_cues()["goals"]["words"], _outside_name(asked_text(plan), hit)):
        return None
    p, b = hit.table, Builder(plan.question, "performance")
    quote = "".join(p.goals)
    cid = b.cite(hit.doc, f"{p.project}项目绩效目标表 › 年度总体目标", p.page, quote)
    numbered = [g for g in p.goals if re.match(r"目标\s*\d+", g)]
    if len(numbered) >= 2:
        b.say(
            f"{_named(p.project)}的年度总体目标共 {b.figure(str(len(numbered)), '个', cid)}"
            f"（目标1至目标{len(numbered)}）[{cid}]："
        )
    else:
        b.say(f"{_named(p.project)}的年度总体目标[{cid}]：")
    b.say(b.quoted("".join(p.goals), cid))
    return b.answer()


def _outside_name(text: str, hit: ProjectHit) -> str:
    """The question without the project's name (its words say which project, not what is asked)."""
    if hit.start < 0:
        return text
    return text[: hit.start] + "\u3000" + text[hit.end :]


def _named(project: str) -> str:
    """ "X项目" as a noun phrase, without doubling a name that already ends in 项目."""
    return project if project.endswith("项目") else f"{project}项目"
