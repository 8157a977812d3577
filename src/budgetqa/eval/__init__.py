"""Evaluation: gold question sets scored against budgetqa's answers (see ``score`` for the rules)."""

from .score import EvalSummary, Metrics, QuestionScore, parse_figures, retrieval_ranks, score_question, summarize

__all__ = ["EvalSummary", "Metrics", "QuestionScore", "parse_figures", "retrieval_ranks", "score_question", "summarize"]
