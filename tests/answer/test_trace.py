"""Each figure an answer copies names the stored fact it copies: figures no sentence shape states, an indicator's
分值 on a later page, the other side of a two-sided table row."""

from __future__ import annotations

from budgetqa.answer.writing.trace import trace
from budgetqa.models import Answer, Citation, Fact, Figure, Paragraph
from budgetqa.store.facts import FactStore, facts_of


def _answer(doc, quote: str, values: list[tuple[float, str]], page: int | None, **where) -> Answer:
    cite = Citation(id=1, doc=doc.label, locator="x", page=page, quote=quote, doc_id=doc.id, **where)
    figures = tuple(Figure(value=v, unit=u, citation=1) for v, u in values)
    return Answer(question="q", status="answered", answer="a", citations=(cite,), figures=figures)


def test_every_figure_a_sentence_prints_is_a_fact(seed_doc):
    sentence = "我校2021年收支总预算490,808.40万元，其中本年收入预算390,140.45万元，上年结转81,714.17万元。"
    para = Paragraph(section=("（一）收支预算情况说明",), text=sentence, page=9, line=1)
    doc = seed_doc.model_copy(update={"paragraphs": (para,)})
    facts = [f for f in facts_of(doc) if f.source == "narrative"]
    printed = {f.value for f in facts}
    assert {490808.40, 390140.45, 81714.17} <= printed
    traced = trace(_answer(doc, sentence, [(390140.45, "万元"), (81714.17, "万元")], 9), FactStore(facts))
    assert all(f.fact_id for f in traced.figures)


def test_a_figure_the_quote_does_not_print_stays_untraced(seed_doc):
    sentence = "本年收入预算390,140.45万元。"
    para = Paragraph(section=("（一）",), text=sentence, page=9, line=1)
    doc = seed_doc.model_copy(update={"paragraphs": (para,)})
    traced = trace(_answer(doc, sentence, [(12.5, "万元")], 9), FactStore(facts_of(doc)))
    assert traced.figures[0].fact_id is None  # a computed figure has no fact of its own


def test_an_indicator_target_and_its_score_trace_on_the_indicators_own_page(swu_doc):
    perf = next(p for p in swu_doc.performance if any(i.page and i.page != p.page for i in p.indicators))
    ind = next(i for i in perf.indicators if i.page != perf.page and i.value is not None and i.score is not None)
    quote = f"{ind.level3} {ind.target} {ind.score:g}"
    store = FactStore(facts_of(swu_doc))
    traced = trace(_answer(swu_doc, quote, [(ind.value, ind.unit or ""), (ind.score, "分")], ind.page), store)
    ids = [f.fact_id for f in traced.figures]
    assert all(ids) and ids[0] != ids[1]
    assert store.by_id[ids[1]].measure == "分值"


def test_both_sides_of_a_two_sided_row_trace(seed_doc):
    line = "本年收入合计 390,140.45 本年支出合计 415,808.40"
    common = dict(
        doc_id=seed_doc.id, body="x", doc_year=2021, doc_kind="预算", level="部门", source="table", table_id="t1"
    )
    common.update(quote=line, unit="万元", measure="预算数", page=6)
    income = Fact(id="d:t1:收入r5:c0", subject="本年收入合计", value=390140.45, row_index=5, row_side="收入", **common)
    spent = Fact(id="d:t1:支出r3:c1", subject="本年支出合计", value=415808.40, row_index=3, row_side="支出", **common)
    store = FactStore([income, spent])
    # the citation points at the 收入 side's row; the 支出 figure printed on the same line still names its cell
    answer = _answer(seed_doc, line, [(390140.45, "万元"), (415808.40, "万元")], 6, table_id="t1", row_index=5)
    assert [f.fact_id for f in trace(answer, store).figures] == [income.id, spent.id]
