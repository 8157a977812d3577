"""Score budgetqa answers against gold questions: TAT-QA-style figures, key phrases, citations and support.

Pure functions over the gold record (one line of ``eval/*.jsonl``) and the answer JSON (``Answer.to_json()``);
the runner does the I/O. The rules, in one place:

- Numbers: NFKC first (full-width digits, ``％``), thousands separators dropped, ``-`` / ``−`` minus signs kept.
  Both sides are rounded to 2 decimals half-up (781.005 → 781.01) and compared exactly, like TAT-QA.
- Units: money and percent units (万元, 元, 亿元, %) must match exactly (4,534.39 万元 is not 45,343,900 元, the
  scale is part of the answer). Count units (个, 辆, 人, 项 …) must match when both sides carry one; a bare number
  in the answer text may stand for a count.
- Signs: a gold figure ≥ 0 is a magnitude and matches an answer figure of either sign (the document prints a
  decrease as "减少 36.14 万元" in prose and "-36.14" in a cell); a negative gold figure (a signed 增减 cell) needs
  the sign too.
- A gold figure is found when the answer's ``figures`` list holds it, or failing that, the answer text does.
- Text, citations and retrieval hits are compared after NFKC with all whitespace removed, so a hard wrap, a
  "2023 年" spacing or ``（）`` versus ``()`` never decides a score.
- A gold source matches a citation when every string field other than ``type`` occurs in the citation's
  ``locator + " " + quote``; a field the source leaves out does not constrain. For retrieval a ``cell`` source
  matches on table and row only, since the indexed unit is the row.
- An answer figure is supported when its value (by magnitude) is printed in the quote of the citation it points
  to, or is the result of a formula shown in the answer text ("a − b = c", "a + b + c = d", "a ÷ b = c%",
  parentheses allowed) whose arithmetic holds and whose operands are each printed in some citation quote or are
  results of other such formulas.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from ..errors import BudgetQAError
from ..parse._text import number, squash

__all__ = [
    "COUNT_UNITS",
    "KINDS",
    "MONEY_UNITS",
    "SOURCE_FIELDS",
    "EvalSummary",
    "GoldError",
    "Metrics",
    "QuestionScore",
    "figure_matches",
    "formula_results",
    "gold_docs",
    "gold_problems",
    "normalize",
    "parse_figures",
    "retrieval_ranks",
    "round2",
    "score_question",
    "source_matches",
    "summarize",
]

KINDS: tuple[str, ...] = (
    "value", "comparison", "reason", "share", "ranking", "arithmetic", "list", "definition", "narrative", "org",
    "performance", "existence", "ambiguous", "followup", "colloquial", "english", "unanswerable",
)  # fmt: skip
MONEY_UNITS: tuple[str, ...] = ("万元", "元", "亿元", "%")
COUNT_UNITS: tuple[str, ...] = ("个", "辆", "人", "项", "份", "小时", "分", "次", "名", "家", "条", "台", "套")
SOURCE_FIELDS: Mapping[str, tuple[str, ...]] = {
    "cell": ("table", "row", "column"),
    "row": ("table", "row"),
    "definition": ("term",),
    "paragraph": ("contains",),
    "indicator": ("project", "contains"),
    "org": ("contains",),
}
Figure = tuple[float, str | None]

# Longest first so 万元 wins over 元 and 百分比 over 分; a count unit that opens a longer word is no unit
# ("1,020.20 项目支出", "3 人员经费", "5 分类").
_UNIT_WORDS = sorted(("万元", "元", "亿元", "%", "百分比", *COUNT_UNITS), key=len, reverse=True)
_NOT_A_UNIT = {"项": "目", "人": "员民社", "分": "类配之钟", "个": "人", "名": "称单", "条": "例件"}
_UNIT_RE = "|".join(re.escape(u) + (f"(?![{_NOT_A_UNIT[u]}])" if u in _NOT_A_UNIT else "") for u in _UNIT_WORDS)
_UNIT_ALIAS = {"百分比": "%"}
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"
_MINUS = "-−–"
_FIGURE_RE = re.compile(
    rf"(?:(?<![0-9A-Za-z)])(?P<sign>[{_MINUS}]))?(?P<pct>百分之)?(?P<num>{_NUMBER})"
    rf"\s*(?P<unit>{_UNIT_RE})?"
)
_CENT = Decimal("0.01")


class GoldError(BudgetQAError):
    """A gold record lacks what the scorer needs."""

    code = "gold_error"


def normalize(text: str) -> str:
    """NFKC with all whitespace removed: the form every substring comparison uses."""
    return squash(text or "")


def round2(value: float) -> Decimal:
    """Round half-up to 2 decimals, on the printed decimal value rather than the binary float."""
    try:
        return Decimal(repr(float(value))).quantize(_CENT, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError) as exc:
        raise GoldError(f"{value!r} is not a number; give figures as JSON numbers") from exc


def _numeric_text(text: str) -> str:
    # A full-width comma separates clauses, never thousands; keep it from gluing two numbers together.
    return unicodedata.normalize("NFKC", (text or "").replace("，", "；"))


def parse_figures(text: str) -> list[Figure]:
    """Every number in ``text`` with its unit (万元, 元, 亿元, %, a count unit, or None), in order."""
    figures: list[Figure] = []
    for m in _FIGURE_RE.finditer(_numeric_text(text)):
        value = number(m["num"])
        if m["sign"]:
            value = -value
        unit = _UNIT_ALIAS.get(m["unit"], m["unit"]) if m["unit"] else None
        if m["pct"]:
            unit = "%"
        figures.append((value, unit))
    return figures


def _unit(unit: str | None) -> str | None:
    if not unit:
        return None
    unit = unicodedata.normalize("NFKC", unit).strip()
    return _UNIT_ALIAS.get(unit, unit) or None


def figure_matches(gold: Figure, candidate: Figure) -> bool:
    """The TAT-QA rule with this project's unit and sign conventions (see the module docstring)."""
    gold_value, gold_unit = gold[0], _unit(gold[1])
    value, unit = candidate[0], _unit(candidate[1])
    if gold_unit in COUNT_UNITS:
        if unit is not None and unit != gold_unit:
            return False
    elif unit != gold_unit:
        return False
    if gold_value >= 0:
        return round2(abs(value)) == round2(gold_value)
    return round2(value) == round2(gold_value)


def source_matches(source: Mapping[str, object], text: str, *, retrieval: bool = False) -> bool:
    """True when every string field of ``source`` other than ``type`` occurs in ``text`` (both normalised)."""
    haystack = normalize(text)
    skip = {"type", "column"} if retrieval and source.get("type") == "cell" else {"type"}
    needles = [v for k, v in source.items() if k not in skip and isinstance(v, str)]
    return all(normalize(n) in haystack for n in needles)


# ---------------------------------------------------------------------------------------------------------------
# Formulas shown in an answer: "a − b = c", "(a − b) ÷ b = c%".

_FORMULA_CHARS = set("0123456789.,+-−–×x*÷/()% 万元亿")
_TOKEN_RE = re.compile(rf"(?P<num>{_NUMBER})\s*(?P<unit>万元|亿元|元|%)?|(?P<op>[-−–+×x*÷/()])")
_RESULT_RE = re.compile(rf"\s*(?P<sign>[{_MINUS}])?\s*(?P<num>{_NUMBER})\s*(?P<unit>万元|亿元|元|%)?")
_OPS = {"-": "-", "−": "-", "–": "-", "+": "+", "×": "*", "x": "*", "*": "*", "÷": "/", "/": "/", "(": "(", ")": ")"}


_Token = tuple[str, object, str | None]  # ("num", 12.5, "%") or ("op", "+", None)


@dataclass(frozen=True)
class _Formula:
    operands: tuple[float, ...]
    result: float


class _Expr:
    """A tiny recursive-descent evaluator over number/operator tokens (no eval)."""

    def __init__(self, tokens: list[_Token]):
        self.tokens, self.i, self.value = tokens, 0, 0.0
        self.operands: list[float] = []
        self.percent = False  # an operand is itself a percentage

    def peek(self) -> _Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> _Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def expr(self) -> float:
        value = self.term()
        while (tok := self.peek()) and tok[0] == "op" and tok[1] in "+-":
            op = self.take()[1]
            value = value + self.term() if op == "+" else value - self.term()
        return value

    def term(self) -> float:
        value = self.atom()
        while (tok := self.peek()) and tok[0] == "op" and tok[1] in "*/":
            op = self.take()[1]
            right = self.atom()
            value = value * right if op == "*" else value / right
        return value

    def atom(self) -> float:
        kind, val, unit = self.take()
        if kind == "num":
            self.operands.append(float(val))
            self.percent |= unit == "%"
            return float(val)
        if val == "-":
            return -self.atom()
        if val == "(":
            value = self.expr()
            if self.take()[:2] != ("op", ")"):
                raise ValueError("unbalanced parenthesis")
            return value
        raise ValueError(f"unexpected {val!r}")


def _left_side(text: str, end: int) -> str:
    start = end
    while start > 0 and text[start - 1] in _FORMULA_CHARS:
        start -= 1
    return text[start:end]


def _evaluate(tokens: list[_Token]) -> _Expr | None:
    """The parse of the longest token suffix that is a whole expression of ≥ 2 numbers, evaluated into ``value``."""
    for start in range(len(tokens)):
        parser = _Expr(tokens[start:])
        try:
            parser.value = parser.expr()
        except (ValueError, IndexError, ZeroDivisionError):
            continue
        if parser.i == len(parser.tokens) and len(parser.operands) >= 2:
            return parser
    return None


def _formulas(text: str) -> list[_Formula]:
    """Formulas in ``text`` whose arithmetic holds to 2 decimals (a ÷ b = c% compares a ÷ b × 100 with c)."""
    text = _numeric_text(text)
    found: list[_Formula] = []
    for eq in re.finditer("=", text):
        right = _RESULT_RE.match(text, eq.end())
        if right is None:
            continue
        tokens: list[_Token] = [
            ("num", number(m["num"]), m["unit"]) if m["num"] else ("op", _OPS[m["op"]], None)
            for m in _TOKEN_RE.finditer(_left_side(text, eq.start()))
        ]
        parsed = _evaluate(tokens)
        if parsed is None:
            continue
        computed = parsed.value * (100 if right["unit"] == "%" and not parsed.percent else 1)
        result = number(right["num"]) * (-1 if right["sign"] else 1)
        if round2(abs(computed)) == round2(abs(result)):
            found.append(_Formula(tuple(parsed.operands), result))
    return found


def _printed(quote: str) -> set[Decimal]:
    return {round2(abs(v)) for v, _ in parse_figures(quote)}


# Unit conversions are not figures of the document: 万元 ↔ 元 and a ratio ↔ a percent.
CONVERSION_CONSTANTS = frozenset({round2(100), round2(10_000)})


def formula_results(answer_text: str, quotes: Iterable[str]) -> set[Decimal]:
    """Results of the formulas shown in an answer whose operands are printed in a quote, are earlier results, or
    are unit-conversion constants (100, 10,000)."""
    known = set(CONVERSION_CONSTANTS).union(*(_printed(q) for q in quotes))
    results: set[Decimal] = set()
    pending = _formulas(answer_text)
    while grounded := [f for f in pending if all(round2(abs(v)) in known for v in f.operands)]:
        for f in grounded:
            pending.remove(f)
            known.add(round2(abs(f.result)))
            results.add(round2(abs(f.result)))
    return results


# ---------------------------------------------------------------------------------------------------------------
# One question.


@dataclass(frozen=True)
class QuestionScore:
    id: str
    kind: str
    answerable: bool
    status_ok: bool
    numeric_ok: bool | None  # None: the gold has no figure
    text_ok: bool | None  # None: the gold has no key phrase
    citation_ok: bool | None  # None: the gold has no source
    unsupported: tuple[Figure, ...]  # answer figures printed in no cited quote and shown by no formula
    correct: bool
    answered: bool  # the answer's status was "answered"
    copied: int = 0  # figures printed in their cited quote (copied, not computed)
    traced: int = 0  # of those, the ones carrying the id of the stored fact they copy


def _require(gold: Mapping[str, object], key: str) -> object:
    if key not in gold:
        raise GoldError(f"gold record {gold.get('id', '?')!r} has no {key!r}; see the gold schema")
    return gold[key]


def _gold_figures(gold: Mapping[str, object]) -> list[Figure]:
    figures = _require(gold, "gold_figures")
    try:
        return [(float(f["value"]), f.get("unit")) for f in figures]  # type: ignore[union-attr]
    except (TypeError, KeyError, ValueError) as exc:
        raise GoldError(f"gold record {gold.get('id')!r}: gold_figures must be [{{value, unit}}]") from exc


def _answer_figures(answer: Mapping[str, object]) -> list[tuple[float | None, str | None, object]]:
    """(value, unit, citation id) of each listed figure; value None where the entry is malformed."""
    out: list[tuple[float | None, str | None, object]] = []
    for f in answer.get("figures") or ():
        try:
            out.append((float(f["value"]), f.get("unit"), f.get("citation")))
        except (TypeError, KeyError, ValueError):
            out.append((None, None, None))
    return out


def _numeric_ok(gold_figures: list[Figure], answer: Mapping[str, object]) -> bool | None:
    if not gold_figures:
        return None
    listed = [(v, u) for v, u, _ in _answer_figures(answer) if v is not None]
    in_text = parse_figures(str(answer.get("answer") or ""))
    return all(
        any(figure_matches(g, c) for c in listed) or any(figure_matches(g, c) for c in in_text) for g in gold_figures
    )


def _unsupported(answer: Mapping[str, object]) -> tuple[Figure, ...]:
    citations = {c.get("id"): c for c in answer.get("citations") or () if isinstance(c, Mapping)}
    shown = formula_results(str(answer.get("answer") or ""), (str(c.get("quote") or "") for c in citations.values()))
    missing: list[Figure] = []
    for value, unit, cid in _answer_figures(answer):
        cited = citations.get(cid)
        printed = _printed(str(cited.get("quote") or "")) if cited else set()
        if value is None or round2(abs(value)) not in printed | shown:
            missing.append((float("nan") if value is None else value, unit))
    return tuple(missing)


def _traced(answer: Mapping[str, object]) -> tuple[int, int]:
    """(copied, traced): the figures printed in their cited quote, and how many of them name their fact."""
    citations = {c.get("id"): c for c in answer.get("citations") or () if isinstance(c, Mapping)}
    copied = traced = 0
    for f in answer.get("figures") or ():
        cited = citations.get(f.get("citation")) if isinstance(f, Mapping) else None
        try:
            value = round2(abs(float(f["value"])))
        except (TypeError, KeyError, ValueError):
            continue
        if cited and value in _printed(str(cited.get("quote") or "")):
            copied += 1
            traced += bool(f.get("fact_id"))
    return copied, traced


def score_question(gold: Mapping[str, object], answer_json: Mapping[str, object]) -> QuestionScore:
    """Score one answer (``Answer.to_json()``) against one gold record."""
    answerable = bool(_require(gold, "answerable"))
    answered = answer_json.get("status") == "answered"
    status_ok = answered == answerable
    gold_text = [str(t) for t in _require(gold, "gold_text")]  # type: ignore[union-attr]
    sources = list(_require(gold, "gold_sources"))  # type: ignore[call-overload]
    answer_text = normalize(str(answer_json.get("answer") or ""))
    text_ok = all(normalize(t) in answer_text for t in gold_text) if gold_text else None
    numeric_ok = _numeric_ok(_gold_figures(gold), answer_json)
    cited = [f"{c.get('locator', '')} {c.get('quote', '')}" for c in answer_json.get("citations") or ()]
    citation_ok = all(any(source_matches(s, c) for c in cited) for s in sources) if sources else None
    if not answered:  # a not-found answer holds no figure, phrase or citation to credit
        numeric_ok = False if numeric_ok is not None else None
        text_ok = False if text_ok is not None else None
        citation_ok = False if citation_ok is not None else None
    correct = status_ok and numeric_ok is not False and text_ok is not False
    return QuestionScore(
        id=str(_require(gold, "id")),
        kind=str(_require(gold, "kind")),
        answerable=answerable,
        status_ok=status_ok,
        numeric_ok=numeric_ok,
        text_ok=text_ok,
        citation_ok=citation_ok,
        unsupported=_unsupported(answer_json),
        correct=correct,
        answered=answered,
        copied=(traced := _traced(answer_json))[0],
        traced=traced[1],
    )


def retrieval_ranks(gold_sources: Sequence[Mapping[str, object]], hits_texts: Sequence[str]) -> int | None:
    """1-based rank of the first hit (its title + text) that matches any gold source; None when none does."""
    if not gold_sources:
        return None
    for rank, text in enumerate(hits_texts, start=1):
        if any(source_matches(s, text, retrieval=True) for s in gold_sources):
            return rank
    return None


# ---------------------------------------------------------------------------------------------------------------
# Aggregation.


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


@dataclass(frozen=True)
class Metrics:
    """Scores of a group of questions; a ratio is None when its denominator is 0."""

    n: int
    accuracy: float | None
    numeric_n: int  # questions with gold figures
    numeric_accuracy: float | None
    text_accuracy: float | None
    citation_n: int
    citation_accuracy: float | None
    not_found_precision: float | None  # of the not_found answers, how many were unanswerable questions
    not_found_recall: float | None  # of the unanswerable questions, how many got not_found
    unsupported: int  # figures without support, summed
    retrieval_n: int
    figures_traced: float | None  # of the figures copied from a cited quote, the share naming their stored fact
    hit_at_1: float | None
    hit_at_5: float | None
    mrr: float | None


@dataclass(frozen=True)
class EvalSummary:
    overall: Metrics
    by_kind: Mapping[str, Metrics] = field(default_factory=dict)


def _metrics(scores: Sequence[QuestionScore], ranks: Mapping[str, int | None]) -> Metrics:
    numeric = [s.numeric_ok for s in scores if s.numeric_ok is not None]
    text = [s.text_ok for s in scores if s.text_ok is not None]
    cites = [s.citation_ok for s in scores if s.citation_ok is not None]
    not_found = [s for s in scores if not s.answered]
    unanswerable = [s for s in scores if not s.answerable]
    rs = [ranks[s.id] for s in scores if s.id in ranks]
    return Metrics(
        n=len(scores),
        accuracy=_ratio(sum(s.correct for s in scores), len(scores)),
        numeric_n=len(numeric),
        numeric_accuracy=_ratio(sum(numeric), len(numeric)),
        text_accuracy=_ratio(sum(text), len(text)),
        citation_n=len(cites),
        citation_accuracy=_ratio(sum(cites), len(cites)),
        not_found_precision=_ratio(sum(not s.answerable for s in not_found), len(not_found)),
        not_found_recall=_ratio(sum(not s.answered for s in unanswerable), len(unanswerable)),
        unsupported=sum(len(s.unsupported) for s in scores),
        retrieval_n=len(rs),
        hit_at_1=_ratio(sum(r == 1 for r in rs), len(rs)),
        hit_at_5=_ratio(sum(r is not None and r <= 5 for r in rs), len(rs)),
        mrr=sum(1 / r for r in rs if r) / len(rs) if rs else None,
        figures_traced=_ratio(sum(s.traced for s in scores), sum(s.copied for s in scores)),
    )


def summarize(scores: Sequence[QuestionScore], ranks: Mapping[str, int | None] | None = None) -> EvalSummary:
    """Overall and per-kind metrics; ``ranks`` maps question id → retrieval rank (None: no gold source was hit)."""
    ranks = ranks or {}
    kinds = sorted({s.kind for s in scores}, key=lambda k: KINDS.index(k) if k in KINDS else len(KINDS))
    return EvalSummary(
        overall=_metrics(scores, ranks),
        by_kind={k: _metrics([s for s in scores if s.kind == k], ranks) for k in kinds},
    )


# ---------------------------------------------------------------------------------------------------------------
# Gold validation (the runner calls it before scoring; the tests call it on every line).

_REQUIRED = ("id", "question", "history", "kind", "answerable", "gold_figures", "gold_text", "gold_sources")


def gold_docs(record: Mapping[str, object]) -> tuple[str, ...]:
    """The document file names a question is asked of: ``doc`` (one picked document) or ``docs`` (a library of
    several, no document picked: questions across years or bodies)."""
    docs = record.get("docs")
    if docs is not None:
        return tuple(str(d) for d in docs)  # type: ignore[union-attr]
    return (str(_require(record, "doc")),)


def _docs_problems(record: Mapping[str, object]) -> list[str]:
    has_doc, docs = "doc" in record, record.get("docs")
    if has_doc == ("docs" in record):
        return ["give either 'doc' (one document) or 'docs' (a list of several), not both or neither"]
    if has_doc:
        return [] if isinstance(record["doc"], str) and record["doc"] else ["'doc' must be a file name"]
    if not isinstance(docs, list) or len(docs) < 2 or not all(isinstance(d, str) and d for d in docs):
        return ["'docs' must list two or more file names (one document goes in 'doc')"]
    return ["'docs' names a document twice"] if len(set(docs)) < len(docs) else []


def gold_problems(record: Mapping[str, object]) -> list[str]:
    """What is wrong with one gold record, as messages; empty when it follows the schema."""
    problems = [f"missing key {k!r}" for k in _REQUIRED if k not in record] + _docs_problems(record)
    if problems:
        return problems
    if record["kind"] not in KINDS:
        problems.append(f"kind {record['kind']!r} is not one of {', '.join(KINDS)}")
    if not isinstance(record["history"], list) or not all(isinstance(h, str) for h in record["history"]):
        problems.append("history must be a list of earlier questions")
    for f in record["gold_figures"]:  # type: ignore[union-attr]
        if not isinstance(f, Mapping) or not isinstance(f.get("value"), int | float):
            problems.append(f"gold figure {f!r} needs a numeric value")
        elif f.get("unit") not in (*MONEY_UNITS, *COUNT_UNITS):
            problems.append(f"gold figure unit {f.get('unit')!r} is not one of {MONEY_UNITS + COUNT_UNITS}")
    for t in record["gold_text"]:  # type: ignore[union-attr]
        if not isinstance(t, str) or not t.strip():
            problems.append(f"gold_text entry {t!r} must be a non-empty string")
    for s in record["gold_sources"]:  # type: ignore[union-attr]
        fields = SOURCE_FIELDS.get(s.get("type")) if isinstance(s, Mapping) else None
        if fields is None:
            problems.append(f"gold source {s!r} has no known type ({', '.join(SOURCE_FIELDS)})")
        elif not any(isinstance(s.get(k), str) and s.get(k) for k in fields):
            problems.append(f"gold source {s!r} names none of {fields}")
        elif extra := set(s) - {"type", *fields}:
            problems.append(f"gold source {s!r} has unknown fields {sorted(extra)}")
    answerable = record["answerable"]
    if (record["kind"] == "unanswerable") == bool(answerable):
        problems.append("kind 'unanswerable' goes with answerable false, and only with it")
    if not answerable and (record["gold_figures"] or record["gold_sources"]):
        problems.append("an unanswerable question has no gold figures or sources")
    return problems
