"""The `budgetqa` command's exit codes, defined once so scripts (and every command) can rely on them."""

from __future__ import annotations

from enum import IntEnum

from .errors import BudgetQAError, IndexNotReady, IngestError, ModelUnavailable, SettingError, UnknownDocument


class ExitCode(IntEnum):
    """What a script sees in ``$?``."""

    OK = 0  # answered / done
    NOT_FOUND = 1  # `ask --strict`: a question was not answered (the document does not hold it, or it was refused)
    USAGE = 2  # click's own: unknown option, missing argument, bad option value
    INPUT = 3  # the input cannot be used: missing or empty index, unknown --doc, unreadable file, bad setting
    UNAVAILABLE = 4  # the embedding model cannot be loaded or materialised


_BY_ERROR: tuple[tuple[type[BudgetQAError], ExitCode], ...] = (
    (IngestError, ExitCode.INPUT),
    (IndexNotReady, ExitCode.INPUT),
    (UnknownDocument, ExitCode.INPUT),
    (SettingError, ExitCode.INPUT),
    (ModelUnavailable, ExitCode.UNAVAILABLE),
)


def exit_code_for(error: BudgetQAError) -> ExitCode:
    """The exit code of a BudgetQAError; any other one is about the input given."""
    return next((code for kind, code in _BY_ERROR if isinstance(error, kind)), ExitCode.INPUT)


def describe() -> list[tuple[int, str, str]]:
    """(code, name, meaning) rows, for ``budgetqa --help`` and the README."""
    meanings = {
        ExitCode.OK: "answered / done",
        ExitCode.NOT_FOUND: "not answered (`ask --strict` only)",
        ExitCode.USAGE: "usage error (unknown option, missing argument)",
        ExitCode.INPUT: "input error (missing or empty index, unknown --doc, unreadable file, bad setting)",
        ExitCode.UNAVAILABLE: "the embedding model cannot be loaded",
    }
    return [(int(code), code.name, meanings[code]) for code in ExitCode]
