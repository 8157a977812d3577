"""budgetqa: answers questions over Chinese government budget disclosures with the document's own figures, cited."""

from .assistant import Assistant
from .config import Settings
from .errors import BudgetQAError, IngestError, ModelUnavailable
from .models import Answer, Citation, Disclosure, Fact, Figure, Table

__all__ = [
    "Answer",
    "Assistant",
    "BudgetQAError",
    "Citation",
    "Disclosure",
    "Fact",
    "Figure",
    "IngestError",
    "ModelUnavailable",
    "Settings",
    "Table",
]
