"""The request bodies the API accepts."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict


class HistoryMessage(BaseModel):
    """An earlier chat message, as chat clients keep them; only the user's questions count as history."""

    model_config = ConfigDict(extra="ignore")
    role: Literal["user", "assistant", "system"]
    content: str


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str
    history: list[str | HistoryMessage] = []
    doc: str | None = None

    def questions(self) -> list[str]:
        """Earlier user questions, oldest first."""
        out = []
        for item in self.history:
            text = item if isinstance(item, str) else item.content if item.role == "user" else ""
            if text.strip():
                out.append(text.strip())
        return out
