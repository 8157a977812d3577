"""The arithmetic a table states about itself, read from its column paths.

合计/小计 = the other columns of its group (a sub-group counts through its own 小计; "其中" columns and percents are
not parts); 增减额 = a later figure minus an earlier one, and the 增减(%) after it = 增减额 / the earlier figure;
percents sit only in percent columns; 人员经费 / 公用经费 take only the economic codes that belong to them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .rules import label_key, rules


@dataclass(frozen=True)
class ColumnRole:
    path: tuple[str, ...]
    percent: bool
    additive: bool
    difference: bool
    codes: tuple[str, ...] = ()  # economic code prefixes this column alone may hold


@dataclass(frozen=True)
class Arithmetic:
    roles: tuple[ColumnRole, ...]
    sums: tuple[tuple[int, tuple[int, ...]], ...]  # (total column, part columns)

    def violations(self, values: Mapping[int, float], code: str | None, tol: float) -> list[str]:
        out = []
        for total, parts in self.sums:
            got = sum(values.get(p, 0.0) for p in parts)
            if abs(values.get(total, 0.0) - got) > tol * (len(parts) + 1):
                out.append(f"{_label(self.roles[total])} ≠ " + " + ".join(_label(self.roles[p]) for p in parts))
        for i, role in enumerate(self.roles):
            if role.difference and i in values and not self._difference_ok(values, i, tol):
                out.append(f"{_label(role)} is no difference of the row's figures")
            if code and i in values and values[i] and role.codes:
                owners = self._owners()
                if any(code.startswith(p) for other, prefixes in owners.items() if other != i for p in prefixes):
                    out.append(f"code {code} does not belong in {_label(role)}")
        return out

    def _owners(self) -> dict[int, tuple[str, ...]]:
        return {i: r.codes for i, r in enumerate(self.roles) if r.codes}

    def _difference_ok(self, values: Mapping[int, float], i: int, tol: float) -> bool:
        d = values[i]
        pct = values.get(i + 1) if i + 1 < len(self.roles) and self.roles[i + 1].percent else None
        earlier = [j for j in range(i) if j in values and not self.roles[j].percent and not self.roles[j].difference]
        for a in earlier:
            for b in earlier:
                if b <= a or abs(values[b] - values[a] - d) > 2 * tol:
                    continue
                if (
                    pct is None
                    or values[a] == 0
                    or abs(pct - 100 * d / values[a]) <= 0.011 + 100 * tol / abs(values[a])
                ):
                    return True
        return not earlier and d == 0

    def accepts(self, column: int, percent: bool) -> bool:
        return self.roles[column].percent == percent


def arithmetic_of(paths: Sequence[tuple[str, ...]]) -> Arithmetic:
    roles = tuple(_role(p) for p in paths)
    return Arithmetic(roles, tuple(_sums(list(paths), roles)))


def _role(path: tuple[str, ...]) -> ColumnRole:
    r = rules()
    leaf = label_key(path[-1])
    percent = any(label_key(m) in leaf for m in r["percent_labels"])
    difference = leaf in {label_key(x) for x in r["difference_labels"]}
    part_of = leaf.startswith(label_key(r["part_of_prefix"]))
    economic = {label_key(k): tuple(v) for k, v in r["economic_columns"].items()}
    return ColumnRole(
        path=path,
        percent=percent,
        additive=not percent and not part_of,
        difference=difference,
        codes=economic.get(leaf, ()),
    )


def _sums(paths: list[tuple[str, ...]], roles: tuple[ColumnRole, ...]):
    """Walk the header tree: at every node with a 合计/小计 leaf, that leaf = the node's other children."""
    totals = {label_key(x) for x in rules()["total_labels"]}

    def node(prefix: tuple[str, ...]) -> list[int]:
        return [i for i, p in enumerate(paths) if p[: len(prefix)] == prefix and len(p) > len(prefix)]

    def contribution(prefix: tuple[str, ...]) -> tuple[int, ...] | None:
        members = node(prefix)
        direct_total = [i for i in members if len(paths[i]) == len(prefix) + 1 and label_key(paths[i][-1]) in totals]
        if direct_total:
            return (direct_total[0],)
        if any(roles[i].difference or roles[i].percent for i in members):
            return None
        return tuple(i for i in members if roles[i].additive)

    out = []
    prefixes = {p[:k] for p in paths for k in range(len(p))}
    for prefix in sorted(prefixes, key=len):
        members = node(prefix)
        children = list(dict.fromkeys(paths[i][: len(prefix) + 1] for i in members))
        total = [c for c in children if label_key(c[-1]) in totals and len(c) == len(paths[members[0]][: len(c)])]
        total_cols = [i for i in members if paths[i] in total]
        if not total_cols:
            continue
        parts: list[int] = []
        ok = True
        for child in children:
            if child in total:
                continue
            if child in paths:
                i = paths.index(child)
                if roles[i].additive and not roles[i].difference:
                    parts.append(i)
                elif roles[i].difference:
                    ok = False
            else:
                sub = contribution(child)
                if sub is None:
                    ok = False
                else:
                    parts.extend(sub)
        if ok and parts:
            out.append((total_cols[0], tuple(parts)))
    return out


def _label(role: ColumnRole) -> str:
    return "/".join(role.path)
