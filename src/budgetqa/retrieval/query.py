"""What a question is searched as: NFKC, without the question's own scaffolding, plus the budget terms of its everyday
words (出差 → 差旅费, "travel expenses" → 差旅费) from ``budgetqa/data/lexicon.json``.

The words asked with ("是多少", "为什么", "请问") carry no topic: BM25 gives them weight wherever a paragraph happens to
use them, and they pull the query vector towards other questions instead of towards the passage. The everyday words
are kept and their printed terms appended, so a question in people's words still meets the document's words.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping, Sequence

from ..parse._text import load_data
from .base import BaseRetriever, Hit

# Longest first, so "是多少" goes before "多少"; only phrases that never name a budget item.
QUESTION_WORDS: tuple[str, ...] = tuple(
    sorted(
        (
            "请问",
            "请告诉我",
            "告诉我",
            "我想知道",
            "想知道",
            "能否",
            "可以",
            "是多少",
            "有多少",
            "为多少",
            "多少钱",
            "多少",
            "是什么",
            "指什么",
            "什么是",
            "什么",
            "为什么",
            "为何",
            "怎么样",
            "怎么",
            "如何",
            "哪些",
            "哪个",
            "哪一项",
            "哪项",
            "哪里",
            "是否",
            "有没有",
            "有吗",
            "吗",
            "呢",
            "呀",
            "啊",
            "一共",
            "总共",
            "分别",
        ),
        key=len,
        reverse=True,
    )
)
_QUESTION_RE = re.compile("|".join(map(re.escape, QUESTION_WORDS)))
_PUNCT_RE = re.compile(r"[?？!！。，,、；;：:\s]+")


@functools.cache
def lexicon() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(everyday word, printed terms) pairs, longest word first; keys starting with "_" are comments."""
    data = load_data("lexicon.json")
    pairs = ((_normal(k), tuple(v)) for k, v in data.items() if not k.startswith("_"))
    return tuple(sorted(pairs, key=lambda kv: len(kv[0]), reverse=True))


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def strip_question(query: str) -> str:
    """ "2023年差旅费是多少？" → "2023年差旅费"; a query that is nothing but question words is kept as it was."""
    text = unicodedata.normalize("NFKC", query)
    stripped = _PUNCT_RE.sub(" ", _QUESTION_RE.sub(" ", text)).strip()
    return " ".join(stripped.split()) or " ".join(text.split())


def expand(query: str, pairs: Sequence[tuple[str, Sequence[str]]] | None = None) -> str:
    """Append the printed terms of each everyday word in ``query``, unless the query already speaks the document's
    language there: a printed term it contains is masked first (购房补贴 does not fire 补贴), and a word that is
    part of a longer stretch of one of its terms (财政拨款 against 财政拨款收入) does not fire either."""
    pairs = lexicon() if pairs is None else pairs
    text = _normal(query)
    for term in sorted({_normal(t) for _, terms in pairs for t in terms}, key=lambda t: (-len(t), t)):
        text = text.replace(term, "\0" * len(term))
    added: list[str] = []
    for word, terms in pairs:
        start = text.find(word)
        while start >= 0 and _extends(text, start, word, [_normal(t) for t in terms]):
            start = text.find(word, start + 1)
        if start < 0:
            continue
        added += [t for t in terms if t not in added]
        text = text.replace(word, "\0" * len(word))  # "公务用车运行" must not also fire "用车"
    return f"{query} {' '.join(added)}" if added else query


def _extends(text: str, start: int, word: str, terms: Sequence[str]) -> bool:
    """True when ``word`` at ``start`` continues, on either side, the way one of ``terms`` does around it."""
    end = start + len(word)
    for term in terms:
        at = term.find(word)
        while at >= 0:
            before = at > 0 and start > 0 and term[at - 1] == text[start - 1]
            after = at + len(word) < len(term) and end < len(text) and term[at + len(word)] == text[end]
            if before or after:
                return True
            at = term.find(word, at + 1)
    return False


def rewrite(query: str) -> str:
    """The search form of a question: stripped, then expanded."""
    return expand(strip_question(query))


class RewritingRetriever(BaseRetriever):
    """Searches ``inner`` with ``rewrite(query)``: wrapping, so each component can be measured with or without it."""

    def __init__(self, inner: BaseRetriever, rewrite_query=rewrite):
        self.inner = inner
        self.rewrite_query = rewrite_query

    def _retrieve(self, query: str, top_k: int, doc_ids: frozenset[str] | None) -> list[Hit]:
        return self.inner.retrieve(self.rewrite_query(query), top_k, doc_ids)


def rewritten(components: Mapping[str, BaseRetriever], names: Sequence[str]) -> dict[str, BaseRetriever]:
    """``components`` with those named in ``names`` wrapped in a RewritingRetriever."""
    return {name: RewritingRetriever(r) if name in names else r for name, r in components.items()}
