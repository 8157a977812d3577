"""科目编码 lookup: a code in the question (2080107, 30211, or split "208 01 07") finds its rows exactly.

Exact matches come first (score 1), then the code's descendants (score 0.5, in code order): "208" finds the 类 row
and its 款 and 项 rows. Only codes that exist in the index match, so ordinary numbers in a question rarely do.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Mapping, Sequence

from .base import BaseRetriever, Hit, Node

# 3, 5 or 7 digits standing alone (not part of a longer number or a decimal), or 类/款/项 parts split by spaces
_SPLIT = re.compile(r"(?<![\d.])(\d{3})[ \t]+(\d{2})(?:[ \t]+(\d{2}))?(?![\d.])")
_WHOLE = re.compile(r"(?<![\d.])(\d{7}|\d{5}|\d{3})(?![\d.%])")


def codes_in(query: str) -> list[str]:
    """Candidate codes in the order they appear (split forms joined), without duplicates."""
    text = unicodedata.normalize("NFKC", query)
    found: list[tuple[int, str]] = [(m.start(), "".join(g for g in m.groups() if g)) for m in _SPLIT.finditer(text)]
    rest = _SPLIT.sub(lambda m: " " * len(m.group(0)), text)
    found += [(m.start(), m.group(1)) for m in _WHOLE.finditer(rest)]
    return list(dict.fromkeys(code for _, code in sorted(found)))


class CodeRetriever(BaseRetriever):
    def __init__(self, nodes: Sequence[Node], codes: Mapping[str, str]):
        """``codes`` maps row node ids to their 科目编码 (see nodes.row_codes)."""
        by_id = {n.id: n for n in nodes}
        self._rows: dict[str, list[Node]] = defaultdict(list)
        for node_id, code in sorted(codes.items(), key=lambda item: (item[1], item[0])):
            if node_id in by_id:
                self._rows[code].append(by_id[node_id])

    def _retrieve(self, query: str, top_k: int, doc_ids: frozenset[str] | None) -> list[Hit]:
        hits: list[Hit] = []
        seen: set[str] = set()
        for code in codes_in(query):
            exact = self._rows.get(code, [])
            below = [n for c, rows in self._rows.items() if c != code and c.startswith(code) for n in rows]
            for score, group in ((1.0, exact), (0.5, below)):
                for node in group:
                    if node.id not in seen and (doc_ids is None or node.doc_id in doc_ids):
                        seen.add(node.id)
                        hits.append(Hit(node=node, score=score, rank=0))
        hits.sort(key=lambda h: -h.score)  # stable: exact matches of every code before any descendant
        return hits[:top_k]
