"""Column paths of a plain-text table: match its wrapped header text against the standard layouts.

Plain text keeps the header words but not where they stood, so a multi-line header ("2023年预算数比 / 2022年执行数",
"扣除中央基建 / 投资后执行数") cannot be rebuilt from geometry. The standard tables have standard layouts (data in
table_layouts.json); the layout whose every label occurs in the header text, and which explains most of it, wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .._text import load_data
from .rules import label_key

_VAR = re.compile(r"\{([A-Z])\}")


@dataclass(frozen=True)
class ColumnSpec:
    path: tuple[str, ...]
    side: str | None = None


def text_columns(kind: str | None, header_text: str) -> list[ColumnSpec]:
    """The best-matching layout for the kind, with its years filled from the header; [] when none matches."""
    if kind is None:
        return []
    header = label_key(header_text)
    best: tuple[int, list[ColumnSpec]] = (-1, [])
    for layout in load_data("table_layouts.json")["layouts"].get(kind, []):
        bound = _bind(layout, header)
        if bound is not None and bound[0] > best[0]:
            best = bound
    return best[1]


def _bind(layout: list[dict], header: str) -> tuple[int, list[ColumnSpec]] | None:
    """Fill {A}/{B} with years so that every label occurs in the header; (covered length, columns) or None."""
    years: dict[str, str] = {}
    used: set[str] = set()
    labels = list(dict.fromkeys(label for col in layout for label in col["path"]))
    for label in labels:
        if not _bind_label(label, header, years, used):
            return None
    covered = sum(len(label_key(_fill(label, years))) for label in labels)
    columns = [ColumnSpec(tuple(_fill(p, years) for p in col["path"]), col.get("side")) for col in layout]
    return covered, columns


def _bind_label(label: str, header: str, years: dict[str, str], used: set[str]) -> bool:
    if label in ("收入", "支出"):  # side names of a two-sided table are printed spaced out or not at all
        return True
    pattern = re.escape(label_key(label))
    names = _VAR.findall(label)
    fresh = [n for n in names if n not in years]
    for name in dict.fromkeys(names):
        token = re.escape("{" + name + "}")
        pattern = pattern.replace(token, years.get(name, f"(?P<{name}>\\d{{4}})"), 1).replace(
            token, years.get(name, f"(?P={name})")
        )
    for m in re.finditer(pattern, header):
        if m.group(0) in used and fresh:
            continue
        for name in names:
            if name not in years:
                years[name] = m.group(name)
        used.add(m.group(0))
        return True
    return False


def _fill(label: str, years: dict[str, str]) -> str:
    return _VAR.sub(lambda m: years.get(m.group(1), m.group(0)), label)
