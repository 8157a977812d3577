"""The catalog: body, year, kind, level and region of each loaded document, read from the parsed record."""

from __future__ import annotations

import pytest

from budgetqa.models import Disclosure
from budgetqa.store.catalog import catalog, region_of, select


@pytest.mark.parametrize(
    "body, region",
    [
        ("上海市普陀区人民政府办公室", "上海市普陀区"),
        ("中共上海市普陀区委社会工作部", "上海市普陀区"),
        ("上海市财政局", "上海市"),
        ("西南大学", None),
        ("人力资源和社会保障部社会保险事业管理中心", None),
    ],
)
def test_region_is_the_administrative_divisions_the_body_name_starts_with(body, region):
    assert region_of(body) == region


def _doc(id_: str, unit: str, year: int, kind: str, scope: str) -> Disclosure:
    return Disclosure(
        id=id_,
        title="t",
        unit_name=unit,
        year=year,
        kind=kind,
        scope=scope,
        source=f"{id_}.pdf",
        sha256=id_,
        page_count=3,
    )


def test_catalog_orders_by_body_then_year_and_filters_by_body_and_year():
    docs = (
        _doc("b", "西南大学", 2024, "决算", "部门"),
        _doc("a", "西南大学", 2021, "预算", "部门"),
        _doc("c", "上海市普陀区人民政府办公室", 2025, "预算", "单位"),
    )
    entries = catalog(docs, {"c": "upload"})
    assert [e.id for e in entries] == ["c", "a", "b"]
    c = entries[0]
    assert (c.body, c.year, c.kind, c.level, c.region, c.origin) == (
        "上海市普陀区人民政府办公室",
        2025,
        "预算",
        "单位",
        "上海市普陀区",
        "upload",
    )
    assert [e.id for e in select(entries, body="西南", year=2024)] == ["b"]
    assert set(entries[1].to_json()) >= {"id", "body", "year", "kind", "level", "region", "source"}
