import pytest

import budgetqa
from budgetqa.config import Settings, describe
from budgetqa.errors import SettingError


def test_defaults_env_and_overrides(monkeypatch, tmp_path):
    monkeypatch.setenv("BUDGETQA_PORT", "8001")
    monkeypatch.setenv("BUDGETQA_INDEX", str(tmp_path / "idx"))
    s = Settings.from_env()
    assert s.port == 8001 and s.index_dir == tmp_path / "idx"
    s = Settings.from_env(index_dir=str(tmp_path / "other"), port=None)
    assert s.index_dir == tmp_path / "other" and s.port == 8001


def test_bad_value_names_key_and_value(monkeypatch):
    monkeypatch.setenv("BUDGETQA_PORT", "eighty")
    with pytest.raises(SettingError, match="BUDGETQA_PORT='eighty'"):
        Settings.from_env()


def test_unknown_override_is_refused():
    with pytest.raises(SettingError, match="unknown setting"):
        Settings.from_env(colour="red")


def test_describe_lists_every_setting():
    names = [row[0] for row in describe()]
    assert names[:8] == ["index_dir", "corpus_dir", "model", "cache_dir", "vector_store", "qdrant_url", "host", "port"]
    assert {"api_key", "max_question_chars", "max_body_bytes", "answer_seconds", "parse_memory_mb"} <= set(names)


def test_float_settings_read_from_env(monkeypatch):
    monkeypatch.setenv("BUDGETQA_ANSWER_SECONDS", "2.5")
    assert Settings.from_env().answer_seconds == 2.5
    monkeypatch.setenv("BUDGETQA_ANSWER_SECONDS", "soon")
    with pytest.raises(SettingError, match="BUDGETQA_ANSWER_SECONDS='soon'"):
        Settings.from_env()


def test_vector_store_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("BUDGETQA_VECTOR_STORE", "qdrant")
    monkeypatch.setenv("BUDGETQA_QDRANT_URL", "http://qdrant:6333")
    s = Settings.from_env()
    assert (s.vector_store, s.qdrant_url) == ("qdrant", "http://qdrant:6333")
    assert Settings().vector_store == "faiss"


def test_public_api_imports():
    for name in budgetqa.__all__:
        assert getattr(budgetqa, name) is not None
