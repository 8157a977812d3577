"""The 目录: which tables a document says it contains, with numbers, dot leaders and page numbers stripped."""

from __future__ import annotations

from budgetqa.models import Line
from budgetqa.parse.contents import read_contents


def _lines(*pages: tuple[str, ...]) -> list[Line]:
    out, n = [], 0
    for page, texts in enumerate(pages, start=1):
        for text in texts:
            n += 1
            out.append(Line(number=n, page=page, text=text))
    return out


def test_tables_listed_under_any_numbering():
    lines = _lines(
        ("某局", "2024 年度部门决算"),
        (
            "目 录",
            "第一部分 某局概况",
            "第二部分 某局 2024 年度部门决算表",
            "一、收入支出决算总表",
            "二、收入决算表 ...................... 6",
            "表 3：高等学校支出决算表.............9",
            "4．2025年部门“三公”经费和机关运行经费预算表",
            "第三部分 情况说明",
            "五、项目绩效目标表 ........ 16",
        ),
        ("第一部分 某局概况", "一、主要职能"),
    )
    assert read_contents(lines) == (
        "收入支出决算总表",
        "收入决算表",
        "高等学校支出决算表",
        "2025年部门“三公”经费和机关运行经费预算表",
    )


def test_contents_running_over_a_page_stop_at_the_body():
    lines = _lines(
        ("封面",),
        ("目录", "一、收入决算表", "二、支出决算表"),
        ("三、财政拨款收入支出决算总表", "四、名词解释"),
        ("一、收入决算表", "本表反映部门本年度取得的各项收入情况。", "五、一般公共预算财政拨款支出决算表"),
    )
    assert read_contents(lines) == ("收入决算表", "支出决算表", "财政拨款收入支出决算总表")


def test_no_contents_lists_nothing():
    assert read_contents(_lines(("西南大学", "2023 年度部门预算"))) == ()
