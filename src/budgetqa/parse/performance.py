"""项目绩效目标表 (in 附件): project, 主管部门, 实施单位, funds, goals and the indicator grid of each table.

A table starts at its title ("…项目绩效目标表", "（2023年度）") before a "项目名称" line and runs to the next
table; its lines are claimed so the paragraph reader does not read the grid as prose.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..models import Line, PerformanceTable
from ._indicators import is_score_line, read_indicators, vertical_runs
from ._text import ends_sentence, fold, join_text, load_data, marker, tidy
from ._text import number

_TITLE_END = "绩效目标表"
_YEAR_LINE = re.compile(r"^[（(]\s*\d{4}\s*年度?\s*[）)]$")
_GOAL_MARKERS = (re.compile(r"目标\s*(\d{1,2})\s*[：:]"), re.compile(r"(?<![\d.])(\d{1,2})\s*[.．、](?!\d)"))
_FUND_NOISE = {"执行率", "分值", "（10）", "(10)", "项目资金", "（万元）", "(万元)", "分值（10）", "其中："}
_DEPARTMENT_LABELS = ("主管部门及代码", "主管部门及代", "主管部门")


@dataclass(frozen=True)
class PerformanceRead:
    tables: list[PerformanceTable]
    claimed: frozenset[int]  # Line.number of every line that belongs to a table


def read_performance(lines: Sequence[Line]) -> PerformanceRead:
    """Every 项目绩效目标表 of the document, with the lines it was read from."""
    starts = [i for i, line in enumerate(lines) if tidy(line.text).startswith("项目名称")]
    tables: list[PerformanceTable] = []
    claimed: set[int] = set()
    bounds = [_title_start(lines, i, starts[k - 1] if k else -1) for k, i in enumerate(starts)] + [len(lines)]
    for k, start in enumerate(starts):
        table, used = _read_table(lines[bounds[k] : bounds[k + 1]], start - bounds[k], f"p{k + 1}")
        if table is not None:
            tables.append(table)
            claimed.update(line.number for line in used)
    return PerformanceRead(tables=tables, claimed=frozenset(claimed))


def _title_start(lines: Sequence[Line], name_at: int, previous: int) -> int:
    """Back from "项目名称" over the year line, the "…绩效目标表" line and one wrapped line before it."""
    i = name_at
    while i - 1 > previous and _YEAR_LINE.match(fold(tidy(lines[i - 1].text))):
        i -= 1
    if i - 1 > previous and tidy(lines[i - 1].text).endswith(_TITLE_END):
        i -= 1
        before = lines[i - 1] if i - 1 > previous else None
        wraps = before is not None and not (marker(before.text) or ends_sentence(before.text) or is_score_line(before))
        if wraps and not tidy(lines[i].text).startswith(tidy(before.text)[:4]):
            i -= 1
    return i


def _read_table(lines: Sequence[Line], name_at: int, table_id: str) -> tuple[PerformanceTable | None, list[Line]]:
    header = next((i for i in range(name_at, len(lines)) if _is_grid_header(lines[i])), None)
    if header is None:
        return None, []
    funds_end = _funds_end(lines, name_at, header)
    header_words = set(load_data("performance.json")["header_words"])
    while header - 1 > funds_end and all(t in header_words or len(t) == 1 for t in lines[header - 1].text.split()):
        header -= 1
    grid_end = _grid_end(lines, header)
    top = lines[name_at : funds_end + 1]
    department, implementer = _department(top)
    table = PerformanceTable(
        id=table_id,
        project=tidy(tidy(lines[name_at].text)[len("项目名称") :]),
        department=department,
        implementer=implementer,
        funds=_funds(top),
        fund_unit=_fund_unit(top),
        goals=_goals(lines[funds_end + 1 : header]),
        indicators=tuple(read_indicators(lines[header:grid_end])),
        page=lines[name_at].page,
        line=lines[name_at].number,
    )
    return table, list(lines[:grid_end])


def _is_grid_header(line: Line) -> bool:
    text = tidy(line.text).replace(" ", "")
    return "二级指标" in text or "一级指标" in text


def _grid_end(lines: Sequence[Line], header: int) -> int:
    """After the last 分值 line, keep only the stray label characters ("标") of the grid."""
    last = max((i for i in range(header, len(lines)) if is_score_line(lines[i])), default=header)
    end = last + 1
    while end < len(lines) and all(len(t) <= 2 and not any(c.isdigit() for c in t) for t in lines[end].text.split()):
        end += 1
    return end


def _funds_end(lines: Sequence[Line], name_at: int, header: int) -> int:
    """The last line of the 项目资金 block (a fund figure or its labels: 执行率, 分值（10）, （万元）)."""
    patterns = [re.compile(p) for p in load_data("performance.json")["funds"].values()]
    end = name_at
    for i in range(name_at, header):
        text = fold(tidy(lines[i].text))
        tokens = lines[i].text.split()
        if any(p.search(text) for p in patterns) or (tokens and all(t in _FUND_NOISE for t in tokens)):
            end = i
    return end


def _funds(lines: Sequence[Line]) -> dict[str, float]:
    text = fold(" ".join(tidy(line.text) for line in lines))
    funds: dict[str, float] = {}
    for key, pattern in load_data("performance.json")["funds"].items():
        found = re.search(pattern, text)
        if found:
            funds[key] = number(found["value"])
    return funds


def _fund_unit(lines: Sequence[Line]) -> str:
    """The unit the 项目资金 block prints: （元） / 单位：元 where it says so, else 万元."""
    text = fold(" ".join(tidy(line.text) for line in lines)).replace(" ", "")
    if re.search(r"\(元\)|单位[:：]元(?!\w)|金额单位[:：]元", text) and not re.search(r"\(万元\)|单位[:：]万元", text):
        return "元"
    return "万元"


def _department(lines: Sequence[Line]) -> tuple[str | None, str | None]:
    """主管部门及代码 … 实施单位 …: the label may wrap ("主管部门及代" / "码") and so may the unit's name."""
    start = next((i for i, line in enumerate(lines) if tidy(line.text).startswith("主管部门")), None)
    if start is None:
        return None, None
    parts: list[str] = []
    for line in lines[start:]:
        text = tidy(line.text)
        if any(p.search(fold(text)) for p in map(re.compile, load_data("performance.json")["funds"].values())):
            break
        if text in ("码", "项目资金", "（万元）", "(万元)"):
            continue
        for label in _DEPARTMENT_LABELS:
            if text.startswith(label):
                text = text[len(label) :].strip()
                break
        parts.append(text)
    joined = "\n".join(parts)
    if "实施单位" not in joined:
        return tidy(joined.replace("\n", "")) or None, None
    before, after = joined.split("实施单位", 1)
    return tidy(before.replace("\n", " ")) or None, join_text(after.split("\n")) or None


def _goals(lines: Sequence[Line]) -> tuple[str, ...]:
    """年度总体目标: split into 目标1…/1.… when numbered in sequence, else one goal."""
    vertical = vertical_runs(lines)
    pieces = [_drop_vertical(line) for i, line in enumerate(lines) if i not in vertical]
    text = join_text([p for p in pieces if p])
    if not text:
        return ()
    for pattern in _GOAL_MARKERS:
        cuts, expected = [], 1
        for found in pattern.finditer(text):
            if int(found.group(1)) == expected:
                cuts.append(found.start())
                expected += 1
        if len(cuts) >= 2:
            cuts.append(len(text))
            head = text[: cuts[0]].strip()
            goals = [text[a:b].strip() for a, b in zip(cuts, cuts[1:])]
            return tuple(([head] if head else []) + goals)
    return (text,)


def _drop_vertical(line: Line) -> str:
    """A goal line without the stacked label ("年/度/总/体/目/标") printed in the left margin."""
    if line.words:
        words = list(line.words)
        while len(words) > 1 and len(words[0].text) == 1 and words[1].x0 - words[0].x1 > 5:
            words.pop(0)
        if len(words) == 1 and len(words[0].text) == 1:
            return ""
        return join_text([w.text for w in words])
    return tidy(line.text)
