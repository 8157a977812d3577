"""The scorer's rules, table-driven, and the seed gold set checked against the schema and the document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from budgetqa.eval import score as score_module
from budgetqa.eval.score import (
    COUNT_UNITS,
    KINDS,
    MONEY_UNITS,
    figure_matches,
    gold_docs,
    gold_problems,
    parse_figures,
    retrieval_ranks,
    score_question,
    summarize,
)

ROOT = Path(__file__).resolve().parents[2]
SEED_GOLD = ROOT / "eval" / "seed.jsonl"


# ---------------------------------------------------------------------------------------------------------------
# parse_figures


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("合计 4,534.39 万元", [(4534.39, "万元")]),
        ("减少 36.14 万元，降低 1.35%", [(36.14, "万元"), (1.35, "%")]),
        ("增减额 -36.14，增减 -1.35%", [(-36.14, None), (-1.35, "%")]),
        ("变化 −8.99 万元", [(-8.99, "万元")]),  # U+2212 minus sign
        ("单位共有车辆２辆", [(2.0, "辆")]),  # full-width digit
        ("占 ５８．１４％", [(58.14, "%")]),  # full-width digits, point and percent
        ("≥95百分比", [(95.0, "%")]),
        ("171,915,169 元", [(171915169.0, "元")]),
        ("1.2 亿元", [(1.2, "亿元")]),
        ("内设 14 个处室", [(14.0, "个")]),
        ("1,020.20 项目支出", [(1020.2, None)]),  # 项 opening 项目 is no unit
        ("1.00，6.00", [(1.0, None), (6.0, None)]),  # a full-width comma separates, never groups
        ("2080101-2080107", [(2080101.0, None), (2080107.0, None)]),  # a hyphen between numbers is no sign
        ("没有数字", []),
    ],
)
def test_parse_figures(text, expected):
    assert parse_figures(text) == expected


# ---------------------------------------------------------------------------------------------------------------
# figure_matches: TAT-QA rounding, units, signs


@pytest.mark.parametrize(
    ("gold", "candidate", "ok"),
    [
        ((781.01, "万元"), (781.01, "万元"), True),
        ((781.01, "万元"), (781.005, "万元"), True),  # half-up to 2 decimals
        ((781.01, "万元"), (781.0149, "万元"), True),
        ((781.01, "万元"), (781.004, "万元"), False),
        ((781.01, "万元"), (781.0, "万元"), False),
        ((781.01, "万元"), (781.01, "元"), False),  # scale must match
        ((4534.39, "万元"), (45343900.0, "元"), False),  # no conversion: the scale is part of the answer
        ((781.01, "万元"), (781.01, None), False),
        ((58.14, "%"), (58.14, "%"), True),
        ((58.14, "%"), (58.13, "%"), False),  # the stated share is gold, not the recomputed one
        ((58.14, "%"), (58.14, "万元"), False),
        ((95.0, "%"), (95.0, "百分比"), True),
        ((8.99, "万元"), (-8.99, "万元"), True),  # a magnitude gold accepts the signed cell
        ((-36.14, "万元"), (36.14, "万元"), False),  # a signed gold needs the sign
        ((-36.14, "万元"), (-36.14, "万元"), True),
        ((2.0, "辆"), (2.0, "辆"), True),
        ((2.0, "辆"), (2.0, None), True),  # a count compares by value when the answer has no unit
        ((2.0, "辆"), (2.0, "个"), False),
        ((2.0, "辆"), (2.0, "万元"), False),
        ((0.0, "万元"), (0.0, "万元"), True),
    ],
)
def test_figure_matches(gold, candidate, ok):
    assert figure_matches(gold, candidate) is ok


# ---------------------------------------------------------------------------------------------------------------
# score_question

ROW_QUOTE = "2080107 社会保险业务管理事务 790.00 790.00 781.01 781.01 781.01 -8.99 -1.14% -8.99 -1.14%"
ROW_LOCATOR = "单位公开表5 一般公共预算支出表 › 2080107 社会保险业务管理事务 › 增减额"
GOLD = {
    "id": "t-1",
    "kind": "comparison",
    "answerable": True,
    "gold_figures": [{"value": 8.99, "unit": "万元"}],
    "gold_text": [],
    "gold_sources": [{"type": "cell", "table": "一般公共预算支出表", "row": "2080107", "column": "增减额"}],
}


def answer(text: str, figures=(), citations=(), status: str = "answered") -> dict:
    return {"question": "q", "status": status, "answer": text, "citations": list(citations), "figures": list(figures)}


def cite(cid: int, quote: str, locator: str = ROW_LOCATOR) -> dict:
    return {"id": cid, "doc": "d", "locator": locator, "page": 1, "quote": quote}


def fig(value: float, unit: str = "万元", citation: int = 1) -> dict:
    return {"value": value, "unit": unit, "citation": citation}


def test_correct_answer_scores_every_part():
    s = score_question(GOLD, answer("比上年减少 8.99 万元。", [fig(-8.99)], [cite(1, ROW_QUOTE)]))
    assert (s.status_ok, s.numeric_ok, s.citation_ok, s.text_ok, s.unsupported, s.correct) == (
        True, True, True, None, (), True,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "figures", "ok"),
    [
        ("减少 8.99 万元", [], True),  # found in the text when the figures list lacks it
        ("减少 8.99 元", [], False),  # unit mismatch in the text
        ("减少 8.99", [], False),  # a money figure needs its unit
        ("见表", [fig(8.99, "元")], False),  # unit mismatch in the list
        ("减少 9 万元", [fig(9.0)], False),
    ],
)
def test_numeric_ok(text, figures, ok):
    assert score_question(GOLD, answer(text, figures, [cite(1, ROW_QUOTE)])).numeric_ok is ok


def test_thousands_separator_in_answer_text():
    gold = {**GOLD, "gold_figures": [{"value": 4534.39, "unit": "万元"}], "gold_sources": []}
    assert score_question(gold, answer("收支总预算为 4,534.39 万元")).numeric_ok is True


def test_gold_text_ignores_whitespace_and_width():
    gold = {**GOLD, "gold_figures": [], "gold_text": ["2022年7月31日", "因公出国（境）费"], "gold_sources": []}
    assert score_question(gold, answer("截至 2022 年 7 月 31 日；因公出国(境)费")).text_ok is True
    assert score_question(gold, answer("截至 2022 年 7 月 31 日")).text_ok is False


@pytest.mark.parametrize(
    ("locator", "quote", "ok"),
    [
        (ROW_LOCATOR, ROW_QUOTE, True),
        ("单位公开表5 一般公共预算支出表 › 2080101 行政运行 › 增减额", "2080101 行政运行 1,335.31", False),  # wrong row
        ("单位公开表3 单位支出总表 › 2080107 社会保险业务管理事务 › 合计", "2080107 959.96 959.96", False),
        ("单位公开表5　一般公共预算支出表 › 2080107 › 增减额", "", True),  # full-width space
    ],
)
def test_citation_ok(locator, quote, ok):
    s = score_question(GOLD, answer("减少 8.99 万元", [fig(-8.99)], [cite(1, quote, locator)]))
    assert s.citation_ok is ok


def test_citation_ok_needs_every_gold_source():
    gold = {**GOLD, "gold_sources": [*GOLD["gold_sources"], {"type": "paragraph", "contains": "降低1.14%"}]}
    one = [cite(1, ROW_QUOTE)]
    both = [*one, cite(2, "比 2022 年执行数减少 8.99 万元，降低 1.14%。", "五、关于一般公共预算支出表的说明")]
    assert score_question(gold, answer("8.99 万元", [fig(8.99)], one)).citation_ok is False
    assert score_question(gold, answer("8.99 万元", [fig(8.99)], both)).citation_ok is True


# ---------------------------------------------------------------------------------------------------------------
# unsupported figures

QUOTE_2022 = "2080101 行政运行 1,335.31 1,335.31 1,284.32 1,284.32 1,284.32 -50.99 -3.82% -50.99 -3.82%"
QUOTE_T3 = "2080101 行政运行 1,967.23 1,967.23"


@pytest.mark.parametrize(
    ("text", "figures", "flagged"),
    [
        ("减少 50.99 万元", [fig(-50.99)], []),  # printed in its quote
        ("减少 50.99 万元", [fig(50.99)], []),  # the magnitude of a printed value
        ("多 682.91 万元", [fig(682.91)], [682.91]),  # no support
        ("1,967.23 − 1,284.32 = 682.91 万元", [fig(682.91)], []),  # shown formula over cited operands
        ("1,967.23 万元 - 1,284.32 万元 = 682.91 万元", [fig(682.91)], []),
        ("1,967.23 − 1,284.32 = 682.90 万元", [fig(682.90)], [682.90]),  # the arithmetic is wrong
        ("1,967.23 − 1,000.00 = 967.23 万元", [fig(967.23)], [967.23]),  # an operand nobody cites
        ("1,284.32 ÷ 1,967.23 = 65.29%", [fig(65.29, "%")], []),  # a share in percent
        ("(1,284.32 − 1,335.31) ÷ 1,335.31 = −3.82%", [fig(-3.82, "%")], []),
        ("差额 1,967.23 − 1,284.32 = 682.91；682.91 ÷ 1,967.23 = 34.71%", [fig(34.71, "%")], []),  # chained
        ("1,284.32 万元", [fig(1284.32, citation=9)], [1284.32]),  # points to no citation
        ("1,967.23 万元 × 10,000 = 19,672,300 元", [fig(19672300, "元")], []),  # a unit conversion
        ("1,284.32 × 10 = 12,843.2 万元", [fig(12843.2)], [12843.2]),  # 10 is no conversion constant
    ],
)
def test_unsupported(text, figures, flagged):
    s = score_question(GOLD, answer(text, figures, [cite(1, QUOTE_2022), cite(2, QUOTE_T3)]))
    assert [v for v, _ in s.unsupported] == flagged


def test_figure_must_be_in_the_quote_it_points_to():
    # 1,967.23 is printed in citation 2, but the figure names citation 1.
    citations = [cite(1, QUOTE_2022), cite(2, QUOTE_T3)]
    s = score_question(GOLD, answer("1,967.23 万元", [fig(1967.23, citation=1)], citations))
    assert [v for v, _ in s.unsupported] == [1967.23]


def test_malformed_figure_is_unsupported():
    s = score_question(GOLD, answer("x", [{"value": "abc", "unit": "万元", "citation": 1}], [cite(1, ROW_QUOTE)]))
    assert len(s.unsupported) == 1


# ---------------------------------------------------------------------------------------------------------------
# not_found

UNANSWERABLE = {
    "id": "t-2", "kind": "unanswerable", "answerable": False, "gold_figures": [], "gold_text": [], "gold_sources": [],
}  # fmt: skip


@pytest.mark.parametrize(
    ("gold", "status", "status_ok", "correct"),
    [
        (UNANSWERABLE, "not_found", True, True),
        (UNANSWERABLE, "answered", False, False),
        (GOLD, "not_found", False, False),
        (GOLD, "answered", True, True),
    ],
)
def test_not_found_scoring(gold, status, status_ok, correct):
    s = score_question(gold, answer("减少 8.99 万元", [fig(-8.99)], [cite(1, ROW_QUOTE)], status=status))
    assert (s.status_ok, s.correct) == (status_ok, correct)


def test_not_found_answer_earns_no_partial_credit():
    s = score_question(GOLD, answer("文件中没有 8.99 万元", status="not_found"))
    assert (s.numeric_ok, s.citation_ok) == (False, False)


def test_missing_gold_key_raises_budgetqa_error():
    from budgetqa.errors import BudgetQAError

    with pytest.raises(BudgetQAError, match="gold_sources"):
        score_question({k: v for k, v in GOLD.items() if k != "gold_sources"}, answer("x"))


# ---------------------------------------------------------------------------------------------------------------
# retrieval ranks and aggregation

HITS = [
    "单位公开表3 单位支出总表 2080107 社会保险业务管理事务 合计 959.96 项目支出 959.96",
    "（十）社会保障和就业支出（类）…社会保险业务管理事务(项)：指社会保险业务管理和基金监督方面的支出。",
    "单位公开表5 一般公共预算支出表 2080107 社会保险业务管理事务 2022年执行数 790.00 …",
]


@pytest.mark.parametrize(
    ("sources", "rank"),
    [
        (GOLD["gold_sources"], 3),  # a cell source matches its row (the column is not required of a row hit)
        ([{"type": "cell", "table": "单位支出总表", "row": "2080107", "column": "合计"}], 1),
        ([{"type": "definition", "term": "社会保险业务管理事务（项）"}], 2),  # （） vs () normalised
        ([{"type": "paragraph", "contains": "过紧日子"}], None),
        ([], None),
    ],
)
def test_retrieval_ranks(sources, rank):
    assert retrieval_ranks(sources, HITS) == rank


def test_summarize():
    scores = [
        score_question(GOLD, answer("减少 8.99 万元", [fig(-8.99)], [cite(1, ROW_QUOTE)])),
        score_question({**GOLD, "id": "t-3"}, answer("减少 9 万元", [fig(9.0)], [cite(1, "无关", "别的表")])),
        score_question(UNANSWERABLE, answer("", status="not_found")),
        score_question({**UNANSWERABLE, "id": "t-4"}, answer("8.99 万元", [fig(8.99)], [cite(1, ROW_QUOTE)])),
        score_question({**GOLD, "id": "t-5"}, answer("", status="not_found")),
    ]
    summary = summarize(scores, {"t-1": 1, "t-3": 4, "t-5": None})
    o = summary.overall
    assert (o.n, o.accuracy, o.numeric_n, o.numeric_accuracy) == (5, 2 / 5, 3, 1 / 3)
    assert (o.citation_n, o.citation_accuracy) == (3, 1 / 3)
    assert (o.not_found_precision, o.not_found_recall) == (1 / 2, 1 / 2)
    assert o.unsupported == 1  # 9.0 is printed in no quote
    assert (o.retrieval_n, o.hit_at_1, o.hit_at_5) == (3, 1 / 3, 2 / 3)
    assert o.mrr == pytest.approx((1 + 1 / 4 + 0) / 3)
    assert list(summary.by_kind) == ["comparison", "unanswerable"]
    assert summary.by_kind["unanswerable"].not_found_recall == 1 / 2
    assert summary.by_kind["comparison"].hit_at_1 == 1 / 3


def test_summarize_empty_ratios_are_none():
    o = summarize([]).overall
    assert (o.n, o.accuracy, o.mrr, o.not_found_precision) == (0, None, None, None)


@pytest.mark.parametrize(
    ("patch", "problem"),
    [
        ({"kind": "trivia"}, "kind"),
        ({"gold_figures": [{"value": 1, "unit": "美元"}]}, "unit"),
        ({"gold_figures": [{"value": "1", "unit": "万元"}]}, "numeric"),
        ({"gold_sources": [{"type": "cell", "tabel": "x"}]}, "names none"),
        ({"answerable": False}, "unanswerable"),
    ],
)
def test_gold_problems(patch, problem):
    record = {"doc": "d", "question": "q", "history": [], **GOLD, **patch}
    assert any(problem in p for p in gold_problems(record))
    assert gold_problems({"doc": "d", "question": "q", "history": [], **GOLD}) == []


@pytest.mark.parametrize(
    ("where", "problem"),
    [
        ({"doc": "a", "docs": ["a", "b"]}, "either"),
        ({}, "either"),
        ({"docs": ["a"]}, "two or more"),
        ({"docs": "a, b"}, "two or more"),
        ({"docs": ["a", "a"]}, "twice"),
        ({"doc": ""}, "file name"),
    ],
)
def test_a_record_names_one_document_or_a_list_of_several(where, problem):
    record = {"question": "q", "history": [], **GOLD, **where}
    assert any(problem in p for p in gold_problems(record))


def test_gold_docs_reads_doc_or_docs():
    assert gold_docs({"question": "q", "history": [], **GOLD, "docs": ["a", "b"]}) == ("a", "b")
    assert gold_docs({"doc": "a"}) == ("a",)
    assert gold_problems({"question": "q", "history": [], **GOLD, "docs": ["a", "b"]}) == []


def test_all_is_importable():
    for name in score_module.__all__:
        assert hasattr(score_module, name), name


# ---------------------------------------------------------------------------------------------------------------
# The seed gold set

# Row codes of the seed's tables, read from the document by hand.
EXPENSE_CODES = [
    "208", "20801", "2080101", "2080102", "2080107", "20805", "2080501", "2080502", "2080505", "2080506",
    "221", "22102", "2210201", "2210202", "2210203",
]  # fmt: skip
ROW_CODES = {
    "单位支出总表": EXPENSE_CODES,
    "一般公共预算支出表": [c for c in EXPENSE_CODES if c != "2080502"],  # 2080502 has no general-budget row
    "一般公共预算基本支出表": [
        "301", "30101", "30102", "30103", "30108", "30109", "30113", "30114", "30199",
        "302", "30211", "30213", "30214", "30215", "30217", "30226", "30227", "30228", "30231", "30239", "30299",
        "303", "30302", "30309", "30399", "310", "31002", "31007",
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def seed_gold() -> list[dict]:
    with SEED_GOLD.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def test_seed_gold_follows_the_schema(seed_gold):
    problems = {r.get("id"): gold_problems(r) for r in seed_gold}
    assert {k: v for k, v in problems.items() if v} == {}
    assert all(r["kind"] in KINDS for r in seed_gold)
    units = {f["unit"] for r in seed_gold for f in r["gold_figures"]}
    assert units <= set(MONEY_UNITS) | set(COUNT_UNITS)


def test_seed_gold_size_ids_and_document(seed_gold):
    assert len(seed_gold) >= 150
    assert sum(not r["answerable"] for r in seed_gold) >= 15
    assert [r["id"] for r in seed_gold] == [f"seed-{i:03d}" for i in range(1, len(seed_gold) + 1)]
    assert {r["doc"] for r in seed_gold} == {next((ROOT / "corpus").glob("*.txt")).name}
    assert all(r["history"] for r in seed_gold if r["kind"] == "followup")


@pytest.mark.parametrize("table", list(ROW_CODES))
def test_seed_gold_covers_every_row(seed_gold, table):
    cited = {s.get("row") for r in seed_gold for s in r["gold_sources"] if s.get("table") == table}
    assert [c for c in ROW_CODES[table] if c not in cited] == []


def test_seed_gold_text_and_sources_are_in_the_document(seed_gold):
    """Every key phrase and quoted source string is copied from the document (compared whitespace-free)."""
    from budgetqa.eval.score import normalize

    doc = normalize(next((ROOT / "corpus").glob("*.txt")).read_text(encoding="utf-8"))
    strings = [t for r in seed_gold for t in r["gold_text"]] + [
        v for r in seed_gold for s in r["gold_sources"] for k, v in s.items() if k != "type"
    ]
    assert [s for s in strings if normalize(s) not in doc] == []
