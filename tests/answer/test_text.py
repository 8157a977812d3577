"""Number notation and name normalisation."""

from decimal import Decimal

import pytest

from budgetqa.answer.question.text import decimals_of, fmt, name_key, norm, to_decimal


@pytest.mark.parametrize(
    "value, decimals, commas, shown",
    [
        (Decimal("1007.27"), 2, True, "1,007.27"),
        (Decimal("-3.705"), 2, True, "-3.71"),
        (Decimal("503.305"), 2, False, "503.31"),
        (Decimal("-0.001"), 2, True, "0.00"),
        (Decimal("171915169"), 0, True, "171,915,169"),
    ],
)
def test_fmt(value, decimals, commas, shown):
    assert fmt(value, decimals, commas) == shown


@pytest.mark.parametrize(
    "text, value, decimals",
    [
        ("1,967.23", Decimal("1967.23"), 2),
        ("-1.35%", Decimal("-1.35"), 2),
        ("64.00", Decimal("64.00"), 2),
        ("２", Decimal("2"), 0),
        ("无", None, 0),
    ],
)
def test_numbers(text, value, decimals):
    assert to_decimal(text) == value
    assert decimals_of(text) == decimals


@pytest.mark.parametrize(
    "name, key",
    [
        ("（一）一般公共预算拨款", "一般公共预算拨款"),
        ("一、社会保障和就业支出", "社会保障和就业支出"),
        ("“三公”经费", "三公经费"),
        ("维修（护）费", "维修(护)费"),
        ("收    入    总    计", "收入总计"),
        ("1、一般公共预算资金", "一般公共预算资金"),
    ],
)
def test_name_key(name, key):
    assert name_key(name) == key


def test_norm_full_width():
    assert norm("单位共有车辆２辆 ") == "单位共有车辆2辆"
