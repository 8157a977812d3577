"""名词解释: every entry with its term and explanation, flat (seed, Shanghai) or nested (西南大学)."""

from __future__ import annotations

from budgetqa.models import Line
from budgetqa.parse.glossary import read_definitions

SEED_TERMS = [
    ("（一）", "一般公共预算拨款收入", "指中央财政当年拨付的资金。"),
    ("（二）", "其他收入", "主要是按规定动用的售房收入、存款利息收入等"),
    ("（三）", "上年结转", "结转到本年仍按原规定用途继续使用的资金"),
    ("（四）", "结转下年", "需延迟到以后年度按原规定用途继续使用的资金"),
    ("（五）", "基本支出", "完成日常工作任务而发生的人员支出和公用支出"),
    ("（六）", "项目支出", "在基本支出之外为完成特定工作任务"),
    ("（七）", "“三公”经费", "纳入中央财政预决算管理的“三公”经费，是指中央部门用财政拨款安排的因公出国（境）费"),
    ("（八）", "社会保障和就业支出（类）人力资源和社会保障管理事务（款）行政运行（项）", "的基本支出"),
    (
        "（九）",
        "社会保障和就业支出（类）人力资源和社会保障管理事务（款）一般行政管理事务(项)",
        "未单独设置项级科目的其他项目支出",
    ),
    (
        "（十）",
        "社会保障和就业支出（类）人力资源和社会保障管理事务（款）社会保险业务管理事务(项)",
        "基金监督方面的支出",
    ),
    ("（十一）", "社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）", "开支的离退休经费"),
    (
        "（十二）",
        "社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）",
        "由单位缴纳的基本养老保险费支出",
    ),
    (
        "（十三）",
        "社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）",
        "由单位实际缴纳的职业年金支出",
    ),
    ("（十四）", "住房保障支出（类）住房改革支出（款）住房公积金（项）", "缴存比例最低不低于5%，最高不超过12%"),
    ("（十五）", "住房保障支出（类）住房改革支出（款）提租补贴（项）", "人均月补贴90元。"),
    (
        "（十六）",
        "住房保障支出（类）住房改革支出（款）购房补贴（项）",
        "京外中央单位按照所在地人民政府住房分配货币化改革的政策规定和标准执行。",
    ),
]


def test_seed_has_exactly_the_sixteen_definitions(seed_raw):
    definitions = read_definitions(seed_raw.lines)
    assert [(d.number, d.term) for d in definitions] == [(n, t) for n, t, _ in SEED_TERMS]
    for definition, (_, _, fragment) in zip(definitions, SEED_TERMS):
        assert fragment in definition.text, definition.term
        assert "\n" not in definition.text and " " not in definition.term


def test_seed_definitions_keep_where_they_start(seed_raw):
    first, last = read_definitions(seed_raw.lines)[0], read_definitions(seed_raw.lines)[-1]
    assert (first.page, first.line) == (19, 685)
    assert last.text.startswith("指根据《国务院关于进一步深化城镇住房制度改革加快住房建设的通知》")


def test_nested_entries_and_their_groups():
    lines = [
        Line(number=i, page=1, text=t)
        for i, t in enumerate(
            [
                "四、名词解释",
                "（一）收入科目",
                "1.财政拨款收入：指中央财政当年通过部门预算拨付的",
                "资金。",
                "（二）支出科目",
                "1.教育支出",
                "（1）高等教育：反映高校的日常运行支出。",
                "2.农林水支出",
                "技术推广：反映技术推广方面的支出。",
                "五、项目绩效目标表",
                "（一）不是名词：这里不是名词解释。",
            ],
            start=1,
        )
    ]
    got = [(d.number, d.term, d.text, d.group) for d in read_definitions(lines)]
    assert got == [
        ("1.", "财政拨款收入", "指中央财政当年通过部门预算拨付的资金。", ("（一）收入科目",)),
        ("（1）", "高等教育", "反映高校的日常运行支出。", ("（二）支出科目", "1.教育支出")),
        ("", "技术推广", "反映技术推广方面的支出。", ("（二）支出科目", "2.农林水支出")),
    ]


def test_swu_definitions(swu_raw):
    definitions = {d.term: d for d in read_definitions(swu_raw.lines)}
    assert len(definitions) == 18
    assert definitions["高等教育"].group == ("（二）支出科目", "1.教育支出")
    assert definitions["使用非财政拨款结余"].text.endswith("弥补本年度收支缺口的资金。")
    assert "技术推广" in definitions


def test_shanghai_definitions(sh_raw):
    definitions = read_definitions(sh_raw.lines)
    assert [d.term for d in definitions] == [
        "财政拨款收入",
        "事业收入",
        "事业单位经营收入",
        "其他收入",
        "基本支出预算",
        "项目支出预算",
        "“三公”经费",
        "机关运行经费",
    ]
    assert definitions[0].text.endswith("政府性基金预算财政拨款和国有资本经营预算财政拨款。")
