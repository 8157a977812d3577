"""A tiny hand-built disclosure and a keyword fake embedder whose rankings are known in advance."""

from __future__ import annotations

import numpy as np
import pytest

from budgetqa.models import (
    Cell,
    Column,
    Definition,
    Disclosure,
    Indicator,
    OrgFact,
    Paragraph,
    PerformanceTable,
    Row,
    Table,
)

KEYWORDS = ("社会保险", "公积金", "差旅", "三公", "车辆", "办公", "培训", "无数据")


class KeywordEmbedder:
    """One dimension per keyword (plus a constant one): texts sharing keywords are close; counts what it embeds."""

    name = "fake-keywords"
    dim = len(KEYWORDS) + 1

    def __init__(self):
        self.passages: list[str] = []
        self.queries: list[str] = []

    def _vec(self, text: str) -> np.ndarray:
        v = np.array([float(k in text) for k in KEYWORDS] + [0.1], np.float32)
        return v / np.linalg.norm(v)

    def embed_queries(self, texts):
        self.queries += list(texts)
        return np.vstack([self._vec(t) for t in texts])

    def embed_passages(self, texts, progress=None):
        self.passages += list(texts)
        if progress:
            progress(1.0)
        return np.vstack([self._vec(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)


def _cells(*pairs: tuple[str, str]) -> tuple[Cell, ...]:
    return tuple(Cell(column=k, value=float(t.replace(",", "")), text=t, unit="万元") for k, t in pairs)


def _row(i: int, code: str | None, name: str, *pairs, parent: str | None = None, total: bool = False) -> Row:
    level = {3: "类", 5: "款", 7: "项"}.get(len(code)) if code else None
    return Row(index=i, code=code, name=name, level=level, parent=parent, is_total=total, cells=_cells(*pairs), page=5)


def make_doc(doc_id: str = "doc1", unit_name: str = "测试单位") -> Disclosure:
    expense = Table(
        id="t3",
        number="单位公开表3",
        title="单位支出总表",
        kind="expense",
        unit="万元",
        page=5,
        classification="function",
        columns=(
            Column(key="c0", path=("合计",)),
            Column(key="c1", path=("基本支出",)),
            Column(key="c2", path=("项目支出",)),
        ),
        rows=(
            _row(0, None, "合计", ("c0", "4,534.39"), total=True),
            _row(1, "208", "社会保障和就业支出", ("c0", "2,927.19")),
            _row(2, "20801", "人力资源和社会保障管理事务", ("c0", "2,927.19"), parent="208"),
            _row(3, "2080101", "行政运行", ("c0", "1,967.23"), ("c1", "1,967.23"), parent="20801"),
            _row(4, "2080107", "社会保险业务管理事务", ("c0", "959.96"), ("c2", "959.96"), parent="20801"),
            _row(5, "221", "住房保障支出", ("c0", "169.17")),
            _row(6, "22102", "住房改革支出", ("c0", "169.17"), parent="221"),
            _row(7, "2210201", "住房公积金", ("c0", "169.17"), ("c1", "169.17"), parent="22102"),
        ),
    )
    basic = Table(
        id="t5",
        number="单位公开表5",
        title="一般公共预算基本支出表",
        kind="general_basic_expense",
        unit="万元",
        page=7,
        classification="economic",
        columns=(Column(key="c0", path=("合计",)),),
        rows=(
            _row(0, "302", "商品和服务支出", ("c0", "300.00")),
            _row(1, "30201", "办公费", ("c0", "20.00"), parent="302"),
            _row(2, "30211", "差旅费", ("c0", "35.50"), parent="302"),
        ),
    )
    fund = Table(
        id="t6",
        number="单位公开表6",
        title="政府性基金预算支出表",
        kind="gov_fund_expense",
        unit="万元",
        page=8,
        columns=(),
        rows=(),
        note="注：本单位无政府性基金预算，故本表无数据。",
        empty=True,
    )
    return Disclosure(
        id=doc_id,
        title=f"{unit_name}2023年单位预算",
        unit_name=unit_name,
        year=2023,
        kind="预算",
        scope="单位",
        source=f"{doc_id}.txt",
        sha256=doc_id * 4,
        page_count=20,
        paragraphs=(
            Paragraph(
                section=("第二部分 2023年单位预算情况说明", "七、关于车辆的说明"),
                text="截至2022年底，本单位共有车辆2辆，其中一般公务用车1辆。",
                page=12,
                line=300,
            ),
            Paragraph(
                section=("第二部分 2023年单位预算情况说明",),
                text="本单位2023年收支总预算4,534.39万元。",
                page=10,
                line=250,
            ),
        ),
        definitions=(
            Definition(
                number="（七）",
                term="“三公”经费",
                text="指用财政拨款安排的因公出国（境）费、公务用车购置及运行费和公务接待费。",
                page=15,
                line=400,
            ),
        ),
        org_facts=(
            OrgFact(
                key="车辆数",
                value=2,
                unit="辆",
                quote="本单位共有车辆2辆",
                section=("七、关于车辆的说明",),
                page=12,
                line=300,
            ),
        ),
        tables=(expense, basic, fund),
        performance=(
            PerformanceTable(
                id="p1",
                project="社会保险经办培训项目",
                funds={"年度资金总额": 120.0},
                indicators=(
                    Indicator(
                        level1="产出指标",
                        level2="数量指标",
                        level3="培训人次",
                        target="≥500人次",
                        operator="≥",
                        value=500,
                        unit="人次",
                        score=20,
                        page=18,
                    ),
                ),
                page=18,
            ),
        ),
    )


@pytest.fixture
def doc() -> Disclosure:
    return make_doc()


@pytest.fixture
def other_doc() -> Disclosure:
    return make_doc("doc2", "另一单位")


@pytest.fixture
def fake_embedder() -> KeywordEmbedder:
    return KeywordEmbedder()


@pytest.fixture(scope="session")
def model_settings(tmp_path_factory):
    """Settings for the real default model, converted once per session into a temporary cache."""
    from budgetqa.config import Settings

    return Settings(cache_dir=tmp_path_factory.mktemp("model-cache"))
