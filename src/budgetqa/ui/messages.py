"""What the page says when something fails: in Chinese, without server paths or internal details.

The library's errors are written for the command line (English, with paths and fixes); the page shows each as a
Chinese sentence chosen by the kind of error and, for unreadable files, by the reason the reader gave. A reason not
listed here gets a general sentence rather than the English text. The full error goes to the server log.
"""

from __future__ import annotations

import re

from ..api.limits import AnswerTimeout, LimitError
from ..errors import BudgetQAError, IndexNotReady, IngestError, ModelUnavailable, UnknownDocument

# (start of the reader's reason, what the page says); the first match wins.
INGEST_REASONS: tuple[tuple[str, str], ...] = (
    ("no such file", "找不到这个文件，请重新上传"),
    ("this is a directory", "这是一个文件夹，请逐个上传其中的 PDF 或 TXT 文件"),
    ("the file cannot be read", "文件无法读取，请重新上传"),
    ("the file is empty", "文件是空的"),
    ("the file holds no text", "文件中没有文字"),
    ("the file is not text", "文件不是 UTF-8 或 GB18030 编码的文本（是否是扩展名写错的 PDF？）"),
    ("this is ", "这不是 PDF 或文本文件（可能是 Word、Excel 或压缩包）：请将公开文件另存为 PDF 后再导入"),
    ("unsupported file type", "不支持这种文件类型：只能导入 PDF 或 TXT 文件"),
    ("this is not a PDF", "这不是 PDF 文件（文件开头没有 PDF 标记）"),
    ("the PDF is truncated", "PDF 文件不完整（缺少结束标记），请重新下载"),
    ("the PDF has no pages", "PDF 中没有页面（页面结构缺失或损坏），请重新下载或导出"),
    ("the PDF has", "这个 PDF 没有文字层（可能是扫描件）。本工具不做文字识别，请先用 OCR 工具处理，或提供文本版"),
    ("the PDF's fonts", "这个 PDF 的字体无法转换为文字。请先用 OCR 工具处理，或提供文本版"),
    ("the PDF is encrypted", "PDF 设有密码，请另存一份没有密码的副本再导入"),
    ("the PDF is damaged", "PDF 已损坏，无法读取，请重新下载或导出"),
    ("this does not look like a budget", "这看起来不是预算/决算公开文件（没有找到预算/决算表格或名词解释）"),
    ("nothing to ingest", "没有可导入的文件"),
)
INGEST_OTHER = "无法作为预算/决算公开文件读取"
_ORDERED = sorted(INGEST_REASONS, key=lambda pair: -len(pair[0]))  # "this is not a PDF" before "this is "


def ingest_failure(name: str, error: BudgetQAError) -> str:
    """导入失败 message for an upload named ``name`` (its file name only, never the server's path)."""
    reason = error.reason if isinstance(error, IngestError) else ""
    said = next((zh for start, zh in _ORDERED if reason.startswith(start)), INGEST_OTHER)
    if isinstance(error, IndexNotReady):
        said = "索引无法写入或读取，请联系管理员"
    return f"导入失败：{name}：{said}。"


def ask_failure(error: Exception) -> str:
    """The answer bubble's text when asking failed."""
    if isinstance(error, UnknownDocument):
        return "所选文档已不在索引中，请重新选择文档。"
    if isinstance(error, IndexNotReady):
        return "索引暂时无法读取，请稍后再试或联系管理员。"
    if isinstance(error, ModelUnavailable):
        return "检索模型无法加载，请联系管理员。"
    if isinstance(error, AnswerTimeout):
        return "这个问题用时太长，已停止回答。请把问题问得更具体一些（例如指明科目或年份）。"
    if isinstance(error, LimitError):
        return error.zh
    return "内部错误：这个问题没能回答，详细信息已记入服务器日志。"


def has_latin_words(text: str) -> bool:
    """Whether ``text`` has Latin-script words other than format names (PDF, TXT, OCR, UTF-8, …)."""
    return bool(re.search(r"[A-Za-z]{2,}", re.sub(r"\b(?:PDF|TXT|OCR|UTF-8|GB18030|Word|Excel)\b", "", text)))
