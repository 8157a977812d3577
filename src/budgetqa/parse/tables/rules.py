"""The table parser's rules (src/budgetqa/data/table_rules.json, read through the one data loader) and label keys."""

from __future__ import annotations

from typing import Any

from .._text import load_data
from .cells import squeeze


def rules() -> dict[str, Any]:
    return load_data("table_rules.json")


def label_key(text: str) -> str:
    """How labels are compared: NFKC, no spaces, no quotes."""
    return squeeze(text).translate(str.maketrans("", "", "“”\"'‘’"))


def in_vocab(label: str, name: str) -> bool:
    return label_key(label) in {label_key(x) for x in rules()[name]}
