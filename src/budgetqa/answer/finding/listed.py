"""A lead sentence that announces a list ("…主要内容如下：") and the numbered paragraphs that make up the list."""

from __future__ import annotations

import re

from ...models import Disclosure, Paragraph
from ..question.text import norm

# Words that close a sentence announcing the paragraphs after it (the colon is required).
LEAD_ENDINGS = ("如下", "包括", "包含", "主要有", "分别是", "分别为", "具体是", "具体为", "有以下几项", "以下几个方面")
_LEAD = re.compile(rf"(?:{'|'.join(LEAD_ENDINGS)})[:：]$")
# How a list item is numbered: "1." "1、" "1．" "（1）" "(1)" "（一）" "①".
_ITEM = re.compile(r"^(?:\d{1,2}[.．、](?!\d)|[（(](?:\d{1,2}|[一二三四五六七八九十]{1,3})[)）]|[①-⑳])")
MAX_ITEMS = 30


def is_lead(text: str) -> bool:
    """The quoted text ends by announcing a list ("财政拨款支出主要内容如下：")."""
    return bool(_LEAD.search(norm(text)))


def items_after(doc: Disclosure, para: Paragraph, text: str) -> list[Paragraph]:
    """The numbered paragraphs that follow ``para`` in its own section when ``text`` (the quoted part of ``para``)
    is the lead that ends it; empty otherwise, so a lead quoted alone is the caller's fallback."""
    if not is_lead(text) or not norm(para.text).endswith(norm(text)):
        return []
    start = next((i for i, p in enumerate(doc.paragraphs) if p is para), None)
    if start is None:
        start = next((i for i, p in enumerate(doc.paragraphs) if p == para), None)
    if start is None:
        return []
    out: list[Paragraph] = []
    for p in doc.paragraphs[start + 1 : start + 1 + MAX_ITEMS]:
        if p.section != para.section or not (_ITEM.match(p.text.strip()) or _ITEM.match(norm(p.text))):
            break
        out.append(p)
    return out
