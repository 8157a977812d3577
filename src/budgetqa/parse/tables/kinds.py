"""Which standard table a title names: longest title alias wins, header markers decide when no alias matches."""

from __future__ import annotations

import re

from .._text import load_data
from .rules import label_key

_YEAR = re.compile(r"\d{4}年(?:度)?")


def kind_of(title: str, header_text: str = "") -> str | None:
    """The TableKind of a title, or None when neither the title nor the header looks like a budget table."""
    key = _YEAR.sub("", label_key(title))
    best, best_len = None, 0
    for kind, spec in load_data("table_kinds.json")["kinds"].items():
        for alias in spec["aliases"]:
            a = label_key(alias)
            if a in key and len(a) > best_len:
                best, best_len = kind, len(a)
    if best is not None:
        return best
    header = label_key(header_text)
    for kind, spec in load_data("table_kinds.json")["kinds"].items():
        if spec.get("markers") and all(label_key(m) in header for m in spec["markers"]):
            return kind
    return None


def is_two_sided(kind: str) -> bool:
    return bool(load_data("table_kinds.json")["kinds"].get(kind, {}).get("two_sided"))


def classification_of(kind: str, codes: list[str]) -> str | None:
    """function / economic from the kind, else from the codes (经济分类 类 codes start with 3)."""
    spec = load_data("table_kinds.json")["kinds"].get(kind, {})
    if spec.get("classification"):
        return spec["classification"]
    if not codes:
        return None
    return "economic" if all(c.startswith("3") and len(c) in (3, 5) for c in codes) else "function"
