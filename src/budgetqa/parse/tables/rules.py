"""The table parser's data files (src/budgetqa/data/table_*.json), read once."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from .cells import squeeze


@cache
def load(name: str) -> dict[str, Any]:
    return json.loads(resources.files("budgetqa").joinpath("data", name).read_text(encoding="utf-8"))


def rules() -> dict[str, Any]:
    return load("table_rules.json")


def label_key(text: str) -> str:
    """How labels are compared: NFKC, no spaces, no quotes."""
    return squeeze(text).translate(str.maketrans("", "", "“”\"'‘’"))


def in_vocab(label: str, name: str) -> bool:
    return label_key(label) in {label_key(x) for x in rules()[name]}
