"""The answer stage's vocabularies, read once from ``budgetqa/data``: lexicon, cues, measures, scopes."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .text import norm, norm_spaced
from ...parse._text import load_data


@dataclass(frozen=True)
class Measure:
    name: str
    cues: tuple[str, ...]
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Scope:
    cues: tuple[str, ...]
    kinds: tuple[str, ...]


@dataclass(frozen=True)
class Vocab:
    lexicon: tuple[tuple[str, tuple[str, ...]], ...]  # (everyday word, budget terms), longest word first
    kinds: dict[str, tuple[str, ...]]
    cues: dict[str, tuple[str, ...]]  # value_cues, followup_starts, rank_min, this_year, … (flat lists)
    levels: dict[str, tuple[str, ...]]
    measures: tuple[Measure, ...]
    total_labels: tuple[str, ...]
    excluded_labels: tuple[str, ...]
    scopes: tuple[Scope, ...]
    broadness: tuple[str, ...]
    scope_names: dict[str, str]
    org_facts: tuple[tuple[str, tuple[str, ...]], ...]


def _load(name: str) -> dict:
    return load_data(name)


def _key(word: str) -> str:
    """Chinese cues compare without spaces; English ones keep single spaces."""
    return norm_spaced(word) if word.isascii() else norm(word)


def _words(items: list[str]) -> tuple[str, ...]:
    """Longest first, then in text order: the same order in every process (a set's own order varies by hash seed)."""
    return tuple(sorted({_key(w) for w in items}, key=lambda w: (-len(w), w)))


@cache
def vocab() -> Vocab:
    lex = {k: v for k, v in _load("lexicon.json").items() if not k.startswith("_")}
    cues = _load("question_cues.json")
    meas = _load("question_measures.json")
    scopes = _load("question_scopes.json")
    flat = {k: _words(v) for k, v in cues.items() if isinstance(v, list)}
    orgs = {k: v for k, v in scopes["org_facts"].items() if not k.startswith("_")}
    return Vocab(
        lexicon=tuple(
            sorted(
                ((_key(k), tuple(norm(t) for t in v)) for k, v in lex.items()), key=lambda kv: len(kv[0]), reverse=True
            )
        ),
        kinds={k: _words(v) for k, v in cues["kinds"].items()},
        cues=flat,
        levels={k: _words(v) for k, v in cues["levels"].items()},
        measures=tuple(
            Measure(n, _words(m["cues"]), tuple(norm(x) for x in m["labels"])) for n, m in meas["measures"].items()
        ),
        total_labels=tuple(norm(x) for x in meas["total_labels"]),
        excluded_labels=tuple(norm(x) for x in meas["excluded_labels"]),
        scopes=tuple(Scope(_words(s["cues"]), tuple(s["kinds"])) for s in scopes["scopes"]),
        broadness=tuple(scopes["broadness"]),
        scope_names=dict(scopes["scope_names"]),
        org_facts=tuple(
            sorted(((_key(k), tuple(v)) for k, v in orgs.items()), key=lambda kv: len(kv[0]), reverse=True)
        ),
    )
