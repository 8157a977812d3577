"""English question forms read as the Chinese question they stand for ("What share of income comes from the
general public budget?" → "一般公共预算拨款占总收入的比例"), so that one set of Chinese rules answers both.

Only whole-question templates are rewritten (data: ``question_english.json``); any other English question is read
word by word through the English cues as before. A slot's words go into Chinese through the template file's own
words, then the lexicon's English keys, then the scope and measure cues; words with no Chinese stay as they are."""

from __future__ import annotations

import re
from functools import cache

from .text import norm_spaced
from .vocab import vocab
from ...parse._text import load_data


@cache
def _data() -> dict:
    return load_data("question_english.json")


@cache
def _glossary() -> tuple[tuple[str, str], ...]:
    """(English phrase, Chinese), longest phrase first."""
    v = vocab()
    words: dict[str, str] = {}
    for m in v.measures:
        words.update({c: m.name for c in m.cues if c.isascii()})
    for word, terms in v.lexicon:
        if word.isascii() and terms:
            words[word] = terms[0]
    words.update({k.lower(): w for k, w in _data()["words"].items()})
    return tuple(sorted(words.items(), key=lambda kv: len(kv[0]), reverse=True))


def rewrite(question: str) -> str | None:
    """The Chinese question an English template stands for, or None when no template fits."""
    text = norm_spaced(question).strip()
    for t in _data()["templates"]:
        m = re.match(t["pattern"], text)
        if m is not None:
            return t["to"].format(**{k: _chinese(v) for k, v in m.groupdict().items()})
    return None


def _chinese(phrase: str) -> str:
    out = f" {phrase} "
    for en, zh in _glossary():
        out = re.sub(rf"(?<![a-z]){re.escape(en)}(?![a-z])", f" {zh} ", out)
    for w in sorted(_data()["drop"], key=len, reverse=True):
        out = re.sub(rf"(?<![a-z']){re.escape(w)}(?![a-z])", " ", out)
    out = re.sub(r"(?<!\d)((?:19|20)\d{2})(?![\d年])", r"\1年", out)  # "2022 actual spending" → 2022年执行数
    return " ".join(out.split())
