"""A hand-built disclosure shaped like the seed (tables, narrative, glossary, 概况, performance), and Libraries
over it and over the real parsed documents, without a retrieval index (fast)."""

from __future__ import annotations

import pytest

from budgetqa.config import Settings
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
from budgetqa.store.library import Library

UNIT = "人力资源和社会保障部社会保险事业管理中心"


def _row(i: int, code: str | None, name: str, values: dict[str, str], keys: list[str], **kw) -> Row:
    cells = tuple(
        Cell(column=k, value=float(v.replace(",", "").rstrip("%")), text=v, unit="%" if v.endswith("%") else "万元")
        for k, v in values.items()
    )
    parent = code[:-2] if code and len(code) > 3 else None
    raw = " ".join(x for x in (code or "", name, *values.values()) if x)
    return Row(index=i, code=code, name=name, parent=parent, cells=cells, raw=raw, page=3, line=100 + i, **kw)


def _table(tid, number, title, kind, paths, rows, **kw) -> Table:
    columns = tuple(Column(key=f"c{i}", path=p) for i, p in enumerate(paths))
    built = []
    for i, (code, name, vals) in enumerate(rows):
        keys = [f"c{j}" for j in range(len(paths))]
        built.append(_row(i, code, name, {keys[j]: v for j, v in vals.items()}, keys, is_total=name in ("合计", UNIT)))
    return Table(
        id=tid, number=number, title=title, kind=kind, unit="万元", page=3, columns=columns, rows=tuple(built), **kw
    )


def seedlike() -> Disclosure:
    expense = _table(
        "t3",
        "单位公开表3",
        "单位支出总表",
        "expense",
        [("合计",), ("基本支出",), ("项目支出",)],
        [
            (None, UNIT, {0: "4,534.39", 1: "3,514.19", 2: "1,020.20"}),
            ("208", "社会保障和就业支出", {0: "4,214.95", 1: "3,194.75", 2: "1,020.20"}),
            ("20801", "人力资源和社会保障管理事务", {0: "2,987.43", 1: "1,967.23", 2: "1,020.20"}),
            ("2080101", "行政运行", {0: "1,967.23", 1: "1,967.23"}),
            ("2080102", "一般行政管理事务", {0: "60.24", 2: "60.24"}),
            ("2080107", "社会保险业务管理事务", {0: "959.96", 2: "959.96"}),
            ("221", "住房保障支出", {0: "319.44", 1: "319.44"}),
            ("22102", "住房改革支出", {0: "319.44", 1: "319.44"}),
            ("2210201", "住房公积金", {0: "169.17", 1: "169.17"}),
            ("2210202", "提租补贴", {0: "13.97", 1: "13.97"}),
            ("2210203", "购房补贴", {0: "136.30", 1: "136.30"}),
        ],
    )
    general = _table(
        "t5",
        "单位公开表5",
        "一般公共预算支出表",
        "general_expense",
        [
            ("2022年执行数", "执行数"),
            ("2023年预算数", "小计"),
            ("2023年预算数", "基本支出"),
            ("2023年预算数", "项目支出"),
            ("2023年预算数比2022年执行数", "增减额"),
            ("2023年预算数比2022年执行数", "增减(%)"),
        ],
        [
            (None, UNIT, {0: "2,672.18", 1: "2,636.04", 2: "1,809.03", 3: "827.01", 4: "-36.14", 5: "-1.35%"}),
            (
                "208",
                "社会保障和就业支出",
                {0: "2,457.04", 1: "2,422.42", 2: "1,595.41", 3: "827.01", 4: "-34.62", 5: "-1.41%"},
            ),
            (
                "20801",
                "人力资源和社会保障管理事务",
                {0: "2,171.31", 1: "2,111.33", 2: "1,284.32", 3: "827.01", 4: "-59.98", 5: "-2.76%"},
            ),
            ("2080101", "行政运行", {0: "1,335.31", 1: "1,284.32", 2: "1,284.32", 4: "-50.99", 5: "-3.82%"}),
            ("2080107", "社会保险业务管理事务", {0: "790.00", 1: "781.01", 3: "781.01", 4: "-8.99", 5: "-1.14%"}),
            ("221", "住房保障支出", {0: "215.14", 1: "213.62", 2: "213.62", 4: "-1.52", 5: "-0.71%"}),
            ("22102", "住房改革支出", {0: "215.14", 1: "213.62", 2: "213.62", 4: "-1.52", 5: "-0.71%"}),
            ("2210201", "住房公积金", {0: "112.82", 1: "112.82", 2: "112.82", 4: "0.00", 5: "0.00%"}),
        ],
    )
    basic = _table(
        "t6",
        "单位公开表6",
        "一般公共预算基本支出表",
        "general_basic_expense",
        [("2023年基本支出", "合计"), ("2023年基本支出", "人员经费"), ("2023年基本支出", "公用经费")],
        [
            (None, UNIT, {0: "1,809.03", 1: "1,496.02", 2: "313.01"}),
            ("301", "工资福利支出", {0: "1,410.82", 1: "1,410.82"}),
            ("30101", "基本工资", {0: "100.00", 1: "100.00"}),
            ("30102", "津贴补贴", {0: "826.41", 1: "826.41"}),
            ("30113", "住房公积金", {0: "112.82", 1: "112.82"}),
            ("302", "商品和服务支出", {0: "306.01", 2: "306.01"}),
            ("30211", "差旅费", {0: "34.74", 2: "34.74"}),
            ("30214", "租赁费", {}),
            ("30215", "会议费", {0: "30.00", 2: "30.00"}),
            ("30239", "其他交通费用", {0: "95.00", 2: "95.00"}),
            ("303", "对个人和家庭的补助", {0: "85.20", 1: "85.20"}),
            ("30302", "退休费", {0: "83.10", 1: "83.10"}),
            ("310", "资本性支出", {0: "7.00", 2: "7.00"}),
            ("31002", "办公设备购置", {0: "1.00", 2: "1.00"}),
        ],
    )
    fund = Table(
        id="t7",
        number="单位公开表7",
        title="政府性基金预算支出表",
        kind="gov_fund_expense",
        unit="万元",
        page=5,
        columns=(Column(key="c0", path=("合计",)),),
        rows=(),
        note=f"注：{UNIT}2023年无政府性基金预算，故表中无数据。",
        empty=True,
    )
    three = _table(
        "t9",
        "单位公开表9",
        "财政拨款预算“三公”经费支出表",
        "three_public",
        [
            ("2022年预算数", "合计"),
            ("2022年预算数", "因公出国（境）费"),
            ("2022年预算数", "公务用车购置及运行费", "小计"),
            ("2022年预算数", "公务接待费"),
            ("2023年预算数", "合计"),
            ("2023年预算数", "因公出国（境）费"),
            ("2023年预算数", "公务用车购置及运行费", "小计"),
            ("2023年预算数", "公务接待费"),
        ],
        [
            (None, "合计", {0: "7.16", 1: "3.71", 2: "2.77", 3: "0.68", 4: "3.45", 6: "2.77", 7: "0.68"}),
        ],
    )
    third = ("第三部分 2023年单位预算情况说明",)
    paragraphs = (
        Paragraph(
            section=(*third, "二、关于2023年单位收入总表的说明"),
            page=6,
            line=473,
            text="2023 年收入预算 4,534.39 万元，其中：上年结转 1,834.35 万元，占 40.45%；一般公共预算拨款收入 "
            "2,636.04 万元，占 58.14%；其他收入 64 万元，占 1.41%。",
        ),
        Paragraph(
            section=(*third, "三、关于2023年单位支出总表的说明"),
            page=6,
            line=481,
            text="2023 年支出预算 4,534.39 万元，其中：基本支出 3,514.19 万元，占 77.50%；项目支出 1,020.20 万元，"
            "占 22.50%。",
        ),
        Paragraph(
            section=(*third, "五、关于2023年一般公共预算支出表的说明", "（三）一般公共预算当年拨款具体使用情况"),
            page=7,
            line=529,
            text="1.社会保障和就业支出（类）人力资源和社会保障管理事务（款）行政运行（项）：2023 年预算数为 1,284.32 "
            "万元，比 2022 年执行数减少 50.99 万元,降低 3.82%。主要是统筹使用结转资金，当年预算有所减少。",
        ),
        Paragraph(
            section=(*third, "十、其他重要事项情况说明", "(二)政府采购情况"),
            page=8,
            line=643,
            text="2023 年政府采购预算总额 73.00 万元，其中：政府采购货物预算 7.00 万元、政府采购服务预算 66.00 万元。",
        ),
    )
    definitions = (
        Definition(
            number="（七）",
            term="“三公”经费",
            page=9,
            line=713,
            text="纳入中央财政预决算管理的“三公”经费，是指中央部门用财政拨款安排的因公出国（境）费、公务用车购置及运行费和公务接待费。",
        ),
        Definition(
            number="（八）",
            term="社会保障和就业支出（类）人力资源和社会保障管理事务（款）行政运行（项）",
            page=9,
            line=719,
            text="指行政单位（包括实行公务员管理的事业单位）的基本支出。",
        ),
    )
    org = (
        OrgFact(
            key="内设机构数",
            value=14,
            unit="个",
            items=("综合处", "人事行政处（党委办公室）"),
            quote="内设 14 个处室：综合处、人事行政处（党委办公室）……",
            section=("第一部分", "二、机构设置"),
            page=1,
        ),
        OrgFact(
            key="车辆数",
            value=2,
            unit="辆",
            quote="单位共有车辆２辆",
            section=("第三部分", "（三）国有资产占有使用情况"),
            page=8,
        ),
    )
    perf = (
        PerformanceTable(
            id="p1",
            project="社会保险经办管理服务与业务指导",
            funds={"年度资金总额": 959.96, "财政拨款": 781.01},
            indicators=(
                Indicator(
                    level1="产出指标",
                    level2="数量指标",
                    level3="举办社会保险经办机构能力提升等培训班培训人数",
                    target="420人",
                    operator="=",
                    value=420,
                    unit="人",
                    score=4,
                    page=10,
                ),
                Indicator(
                    level1="产出指标",
                    level2="质量指标",
                    level3="社会保险经办机构能力提升等培训班学员合格率",
                    target="≥95百分比",
                    operator="≥",
                    value=95,
                    unit="%",
                    score=4,
                    page=11,
                ),
            ),
            page=10,
        ),
    )
    return Disclosure(
        id="seedlike0001",
        title="2023年单位预算",
        unit_name=UNIT,
        year=2023,
        kind="预算",
        scope="单位",
        source="seed.txt",
        sha256="0" * 64,
        page_count=12,
        paragraphs=paragraphs,
        definitions=definitions,
        org_facts=org,
        tables=(expense, general, basic, fund, three),
        performance=perf,
    )


def library_of(*docs: Disclosure) -> Library:
    return Library(Settings(), None, tuple(docs))


@pytest.fixture(scope="session")
def fake_doc() -> Disclosure:
    return seedlike()


@pytest.fixture(scope="session")
def fake_lib(fake_doc) -> Library:
    return library_of(fake_doc)


@pytest.fixture(scope="session")
def seed(seed_doc) -> Library:
    return library_of(seed_doc)


@pytest.fixture(scope="session")
def swu(swu_doc) -> Library:
    return library_of(swu_doc)


@pytest.fixture(scope="session")
def sh(sh_doc) -> Library:
    return library_of(sh_doc)


def ask(lib: Library, q: str, history=()):
    from budgetqa.answer import answer_question

    return answer_question(q, lib, tuple(history))
