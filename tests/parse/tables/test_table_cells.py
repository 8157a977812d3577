"""Printed figures → numbers: one table of cases."""

import pytest

from budgetqa.parse.tables.cells import join_spaced, normalize, parse_number, squeeze

CASES = [
    ("1,967.23", 1967.23, False),
    ("4,534.39", 4534.39, False),
    ("-36.14", -36.14, False),
    ("-1.35%", -1.35, True),
    ("0.00%", 0.0, True),
    ("45.80%", 45.8, True),
    ("１２", 12.0, False),  # full-width digits
    ("２.７７", 2.77, False),
    ("８．８８％", 8.88, True),  # full-width point and percent
    ("171,915,169", 171915169.0, False),
    ("(36.14)", -36.14, False),
    ("－1.52", -1.52, False),  # full-width minus
    ("−0.96", -0.96, False),  # minus sign
    ("64.00", 64.0, False),
    ("0", 0.0, False),
    (".5", 0.5, False),
]


@pytest.mark.parametrize("text,value,percent", CASES)
def test_numbers(text, value, percent):
    number = parse_number(text)
    assert number is not None
    assert number.value == pytest.approx(value)
    assert number.percent is percent
    assert number.text == text


@pytest.mark.parametrize(
    "text", ["", "合计", "1,96", "2023年", "≥95百分比", "≤30万元", "12a", "1.2.3", "--5", "%", "9月底前"]
)
def test_not_numbers(text):
    assert parse_number(text) is None


@pytest.mark.parametrize(
    "raw,expected",
    [("收    入    总    计", "收入总计"), ("合  计", "合计"), ("一般公共预算 2,636.04", "一般公共预算 2,636.04")],
)
def test_join_spaced(raw, expected):
    assert join_spaced(raw) == expected


def test_normalize_and_squeeze():
    assert normalize("（境）：％") == "(境):%"
    assert squeeze("其中: 教育\u3000收费") == "其中:教育收费"
