"""Question answering over parsed disclosures: question → plan → resolved cells/passages → cited answer."""

from .pipeline import answer_question

__all__ = ["answer_question"]
