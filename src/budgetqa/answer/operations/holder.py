"""Who holds a post, when the document's 概况 says so ("现任党委书记李旭锋教授、校长张卫国教授"): the sentence that
names someone in the post asked, quoted with its citation. A budget usually names no one; then nothing answers and
the question is refused."""

from __future__ import annotations

import re
from functools import cache

from ...models import Answer, Disclosure, Paragraph
from ...parse._text import load_data
from ..writing.compose import Builder, paragraph_citation
from ..question.context import Context
from .overview import overview
from ..question.plan import Plan
from ..question.text import norm
from ..question.vocab import vocab

_SENTENCE = re.compile(r"[^。；;！!？?]+[。；;！!？?]?")
_END = r"(?=[，。、；,;:：\s（(）)]|$)"


@cache
def _people() -> dict:
    return load_data("people.json")


@cache
def _name() -> str:
    """A person's name: a surname and one or two characters, an honorific after it kept out of the name."""
    data = _people()
    surname = "|".join([*map(re.escape, data["compound_surnames"]), f"[{data['surnames']}]"])
    return rf"(?:{surname})[\u4e00-\u9fff]{{1,2}}"


def asked_titles(text: str) -> tuple[str, ...]:
    """The post titles the question names, a title inside a longer one asked dropped (副校长 asks no 校长)."""
    titles = [t for t in vocab().cues["person_titles"] if not t.isascii() and t in text]
    return tuple(t for t in titles if not any(t != u and t in u for u in titles))


def holders(title: str, sentence: str) -> tuple[str, ...]:
    """The names ``sentence`` gives for ``title`` ("校长张卫国教授" → 张卫国; "王五同志任局长" → 王五); a longer title
    containing it (副校长 for 校长) is another post."""
    data = _people()
    honor = "|".join(map(re.escape, sorted(data["honorifics"], key=len, reverse=True)))
    verbs = "|".join(map(re.escape, sorted(data["holder_verbs"], key=len, reverse=True)))
    seps = "|".join(map(re.escape, data["separators"]))
    longer = [u for u in vocab().cues["person_titles"] if title in u and u != title and not u.isascii()]
    t = re.escape(title)
    after = re.compile(rf"{t}(?:{seps})?(?P<name>{_name()})(?:{honor})?(?:{_END}|(?={verbs}))")
    before = re.compile(rf"(?P<name>{_name()})(?:{honor})?(?:{verbs}){t}{_END}")
    found = []
    for pattern in (after, before):
        for m in pattern.finditer(sentence):
            start = m.start() if pattern is after else m.end() - len(title)
            if any(_covers(sentence, u, start, len(title)) for u in longer):
                continue  # 副校长王某 is no 校长
            name = m.group("name")
            if not any(w in name for w in (*data["not_names"], *vocab().cues["person_titles"])):
                found.append(name)
    return tuple(dict.fromkeys(found))


def stated_holder(plan: Plan, ctx: Context) -> Answer | None:
    """The 概况 sentence naming who holds the post asked, quoted and cited; None when no sentence names anyone."""
    titles = asked_titles(plan.text + norm(plan.question))
    if not titles:
        return None
    for doc in ctx.docs:
        for para, sentence in _sentences(doc):
            for title in titles:
                names = holders(title, norm(sentence))
                if names:
                    b = Builder(plan.question, "person")
                    cid = paragraph_citation(b, doc, para, sentence)
                    b.say(f"文件写明{title}：{'、'.join(names)}。原文：“{b.quoted(sentence, cid)}”[{cid}]")
                    return b.answer()
    return None


def _covers(text: str, longer: str, start: int, length: int) -> bool:
    """``longer`` is printed over ``text[start:start + length]`` (副校长 over the 校长 found)."""
    lo = max(0, start + length - len(longer))
    return any(text.startswith(longer, i) for i in range(lo, start + 1))


def _sentences(doc: Disclosure) -> list[tuple[Paragraph, str]]:
    """The sentences of ``doc``'s 概况, as printed."""
    return [(p, s.strip()) for p in overview(doc).paragraphs for s in _SENTENCE.findall(p.text) if s.strip()]
