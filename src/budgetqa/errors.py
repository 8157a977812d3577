"""One error base class: every failure a user can cause or fix is a BudgetQAError with a message that says why."""


class BudgetQAError(Exception):
    """Base of all errors budgetqa raises on purpose; the CLI, UI and API show its message as is."""

    code = "error"


class IngestError(BudgetQAError):
    """A file could not be read as a budget disclosure (empty, broken, image-only, not a budget)."""

    code = "ingest_error"

    def __init__(self, source: str, reason: str):
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class ModelUnavailable(BudgetQAError):
    """The embedding model cannot be loaded or materialised."""

    code = "model_unavailable"


class IndexNotReady(BudgetQAError):
    """The index directory is missing, empty or unreadable."""

    code = "index_error"


class SettingError(BudgetQAError):
    """A setting has a bad value."""

    code = "setting_error"


class UnknownDocument(BudgetQAError):
    """A question was restricted to a document the index does not hold."""

    code = "unknown_document"
