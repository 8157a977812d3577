"""The HTML fragments: everything escaped, the cited row found (per side) and its cell highlighted."""

from __future__ import annotations

import re

import pytest

from budgetqa.models import Answer, Citation, Column
from budgetqa.ui import render

from .fake import INJECTION, make_disclosure

DOC = make_disclosure()


def cite(**kw) -> Citation:
    base = {"id": 1, "doc": DOC.label, "locator": "loc", "page": 9, "quote": "q", "doc_id": DOC.id}
    return Citation(**(base | kw))


@pytest.mark.parametrize(
    "text, shown",
    [
        (INJECTION, "&lt;img src=x onerror=alert(1)&gt;"),
        ('"><script>alert(1)</script>', "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("a & b", "a &amp; b"),
        ("三公经费", "三公经费"),
    ],
)
def test_question_is_escaped(text, shown):
    assert render.question_html(text) == f'<div class="bqa-q">{shown}</div>'


def test_answer_raises_markers_and_escapes_the_rest():
    answer = Answer(question="q", status="answered", answer=f"共 34.74 万元[1]，见{INJECTION}[12]")
    out = render.answer_html(answer)
    link = '<sup class="bqa-ref"><a class="bqa-ref-link" href="#bqa-src-{0}">[{0}]</a></sup>'
    assert link.format(1) in out and link.format(12) in out
    assert "<img" not in out and "&lt;img" in out


def test_answer_is_one_html_block_so_markdown_leaves_it_alone():
    answer = Answer(question="q", status="not_found", answer="第一行\n\n*第二行* $x$")
    out = render.answer_html(answer)
    assert "\n" not in out and "bqa-not-found" in out and "*第二行* $x$" in out


@pytest.mark.parametrize(
    "table_id, row_index, column, name, marked",
    [
        ("t5", 1, "c4", "社会保险业务管理事务", "-8.99"),
        ("t6", 0, "c0", "差旅费", "34.74"),
        ("t1", 0, "c1", "一、一般公共预算拨款收入", "2,636.04"),  # income side of a two-sided table
        ("t1", 0, "c3", "一、社会保障和就业支出", "2,422.42"),  # same index, expense side
    ],
)
def test_find_row_and_highlight(table_id, row_index, column, name, marked):
    c = cite(table_id=table_id, row_index=row_index, column_key=column)
    table, row = render.find_row([DOC], c)
    assert row.name == name
    out = render.row_html(table, row, {column: 3})
    assert re.findall(r'<td class="cited"><mark>(.*?)</mark><sup class="bqa-ref">\[3\]</sup></td>', out) == [marked]
    header = re.findall(r"<th(?: [^>]*)?>(.*?)</th>", out)
    assert header[:2] == ["编码", "名称"] and table.column(column).path[-1] in header


def test_two_sided_row_shows_only_its_side_columns():
    table, row = render.find_row([DOC], cite(table_id="t1", row_index=0, column_key="c3"))
    header = re.findall(r"<th(?: [^>]*)?>(.*?)</th>", render.row_html(table, row, {"c3": 1}))
    assert header == ["编码", "名称", "项目", "预算数"]


@pytest.mark.parametrize(
    "kw",
    [
        {},  # a passage: no structured provenance
        {"table_id": "t9", "row_index": 0, "column_key": "c0"},  # stale table
        {"table_id": "t5", "row_index": 99, "column_key": "c0"},  # stale row
        {"table_id": "t5", "row_index": 0, "column_key": "c0", "doc_id": "other"},
    ],
)
def test_unlocatable_citation_falls_back_to_the_quote(kw):
    c = cite(quote=f"原文{INJECTION}", **kw)
    assert render.find_row([DOC], c) is None
    out = render.sources_html(Answer(question="q", status="answered", answer="a", citations=(c,)), [DOC])
    assert '<blockquote class="bqa-quote">原文&lt;img' in out and "<img" not in out


def _cols(*paths: tuple[str, ...]) -> list[Column]:
    return [Column(key=f"c{i}", path=p) for i, p in enumerate(paths)]


@pytest.mark.parametrize(
    "paths, rows",
    [
        ([("合计",), ("基本支出",)], ["<th>编码</th><th>名称</th><th>合计</th><th>基本支出</th>"]),
        (
            [("2022年执行数",), ("2023年预算数", "小计"), ("2023年预算数", "基本支出"), ("增减额",)],
            [
                '<th rowspan="2">编码</th><th rowspan="2">名称</th><th rowspan="2">2022年执行数</th>'
                '<th colspan="2">2023年预算数</th><th rowspan="2">增减额</th>',
                "<th>小计</th><th>基本支出</th>",
            ],
        ),
        (
            [("2022年", "合计"), ("2022年", "公务用车", "小计"), ("2022年", "公务用车", "购置费"), ("2023年", "合计")],
            [
                '<th rowspan="3">编码</th><th rowspan="3">名称</th><th colspan="3">2022年</th><th>2023年</th>',
                '<th rowspan="2">合计</th><th colspan="2">公务用车</th><th rowspan="2">合计</th>',
                "<th>小计</th><th>购置费</th>",
            ],
        ),
        (
            [("预算数",), ("预算数",)],  # equal one-level labels stay two columns
            ["<th>编码</th><th>名称</th><th>预算数</th><th>预算数</th>"],
        ),
    ],
)
def test_header_groups_wrapped_labels(paths, rows):
    assert render.header_html(_cols(*paths)) == "<thead>" + "".join(f"<tr>{r}</tr>" for r in rows) + "</thead>"


def test_cells_of_one_row_share_one_table():
    cites = (
        cite(id=1, table_id="t5", row_index=1, column_key="c4"),
        cite(id=2, table_id="t5", row_index=1, column_key="c1"),
        cite(id=3, table_id="t6", row_index=0, column_key="c0"),
    )
    out = render.sources_html(Answer(question="q", status="answered", answer="a", citations=cites), [DOC])
    assert out.count("<table") == 2 and out.count('class="bqa-src-head"') == 3
    assert '<div class="bqa-src bqa-src-1 bqa-src-2">' in out
    assert re.findall(r"<mark>(.*?)</mark><sup class=\"bqa-ref\">\[(\d)\]", out) == [
        ("781.01", "2"),
        ("-8.99", "1"),
        ("34.74", "3"),
    ]


def test_sources_name_document_locator_and_page():
    c = cite(locator="单位公开表5 › 2080107 › 增减额", page=9, table_id="t5", row_index=1, column_key="c4")
    out = render.sources_html(Answer(question="q", status="answered", answer="a", citations=(c,)), [DOC])
    assert "[1]" in out and DOC.label in out and "单位公开表5 › 2080107 › 增减额" in out and "第 9 页" in out


def test_table_marks_unresolved_rows_and_escapes_names():
    out = render.table_html(DOC.table("t5"))
    unresolved = re.findall(r'<tr class="unresolved">(.*?)</tr>', out)
    assert len(unresolved) == 1 and "未能确定这些数字各属哪一列" in unresolved[0]
    assert re.findall(r'<span class="bqa-raw-figure">(.*?)</span>', unresolved[0]) == ["1.00", "2.00"]
    assert "两个数字无法定位到列" not in out  # the parser's own reason is not for readers
    assert "其他&lt;b&gt;管理&lt;/b&gt;事务" in out and "<b>管理" not in out
    assert out.count('<tr class="total">') == 1


def test_two_sided_table_renders_each_side():
    out = render.table_html(DOC.table("t1"))
    assert "<caption>收入</caption>" in out and "<caption>支出</caption>" in out


@pytest.mark.parametrize(
    "query, terms",
    [
        ("", ["“三公”经费", "基本支出"]),
        ("三公", ["“三公”经费"]),
        ("日常工作", ["基本支出"]),  # matches the explanation too
        ("不存在的词", []),
    ],
)
def test_definitions_search(query, terms):
    out = render.definitions_html([DOC], query)
    assert [t.split(" ", 1)[1] for t in re.findall(r"<dt>(.*?)(?: <span|</dt>)", out)] == terms


def test_definitions_search_echo_is_escaped():
    assert "&lt;img" in render.definitions_html([DOC], INJECTION)
