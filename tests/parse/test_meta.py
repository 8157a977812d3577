"""Document metadata: unit, year, kind, scope from labels, the cover and the file name."""

from __future__ import annotations

import pytest

from budgetqa.models import Line
from budgetqa.parse.meta import read_meta


def _lines(*texts: str) -> list[Line]:
    return [Line(number=i, page=1, text=t) for i, t in enumerate(texts, start=1)]


def test_seed_meta(seed_raw):
    meta = read_meta(seed_raw.lines, seed_raw.source)
    assert meta.unit_name == "人力资源和社会保障部社会保险事业管理中心"
    assert (meta.year, meta.kind, meta.scope) == (2023, "预算", "单位")
    assert meta.currency_unit == "万元"
    assert meta.looks_like_budget


@pytest.mark.parametrize(
    ("texts", "source", "unit", "year", "kind", "scope"),
    [
        (("西南大学", "2023 年度部门预算", "2023 年 4 月"), "x.pdf", "西南大学", 2023, "预算", "部门"),
        (("上海市2025年市级单位预算", "预算单位：上海市财政局"), "x.pdf", "上海市财政局", 2025, "预算", "单位"),
        (("编制单位：某某局 单位：元", "2024年部门决算"), "x.pdf", "某某局", 2024, "决算", "部门"),
        (("第一部分 概况",), "某中心_2022_单位决算.txt", "某中心", 2022, "决算", "单位"),
    ],
)
def test_meta_sources(texts, source, unit, year, kind, scope):
    meta = read_meta(_lines(*texts), source)
    assert (meta.unit_name, meta.year, meta.kind, meta.scope) == (unit, year, kind, scope)


def test_narrative_unit_follows_the_prose():
    meta = read_meta(_lines("2024年部门预算", "收入预算 1,200 元，支出预算 1,200 元。", "单位：万元"), "x.txt")
    assert meta.currency_unit == "元"


def test_pdf_meta(swu_raw, sh_raw):
    swu = read_meta(swu_raw.lines, swu_raw.source)
    sh = read_meta(sh_raw.lines, sh_raw.source)
    assert (swu.unit_name, swu.year, swu.scope) == ("西南大学", 2023, "部门")
    assert (sh.unit_name, sh.year, sh.scope) == ("上海市财政局", 2025, "单位")
    assert sh.currency_unit == "万元"  # its tables are in 元, its prose in 万元


def test_year_is_the_one_on_the_cover_not_the_prior_years_mentioned():
    """A 2025 budget compares with 2024 on most pages: the cover says which year it is for."""
    texts = (
        "上海市普陀区2025年区级部门预算",
        "预算主管部门：上海市普陀区人民政府办公室",
        *("与2024年部门预算相比，2024年执行数为100万元。" for _ in range(5)),
        "2024年部门预算执行情况",
        "2024年部门预算调整",
    )
    meta = read_meta(_lines(*texts), "x.pdf")
    assert (meta.unit_name, meta.year, meta.kind, meta.scope) == ("上海市普陀区人民政府办公室", 2025, "预算", "部门")
