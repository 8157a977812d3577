"""Chinese word tokens for BM25: jieba's search-mode cut over NFKC text, with the documents' own terms as words.

jieba's module-level dictionary is process-wide, so each tokenizer owns a ``jieba.Tokenizer`` instance: the terms
of one index never leak into another's tokens.
"""

from __future__ import annotations

import functools
import logging
import threading
import unicodedata
from collections.abc import Iterable, Mapping

_QUOTES = str.maketrans("", "", "“”‘’\"'「」『』")  # “三公”经费 and 三公经费 must tokenise alike


class ChineseTokenizer:
    """``tokens(text)``: lower-cased jieba search tokens, punctuation and spaces dropped."""

    def __init__(self, words: Iterable[str] = (), overlay: bool = False, freqs: Mapping[str, int] | None = None):
        """``overlay``: the stock dictionary shared, not copied (a few KB instead of ~30 ms and tens of MB; lookups
        a little slower — for the short texts of questions, one tokenizer per set of documents searched).
        ``freqs``: the words' frequencies as an earlier tokenizer of the same words set them (``frequencies``), so
        they are not computed again (jieba cuts each word to suggest one)."""
        self.words = tuple(sorted({w for w in words if w}))
        self.overlay = overlay
        self.freqs = dict(freqs or {})
        self._jieba = None  # made on the first text: a loaded index that never tokenises costs no dictionary copy
        self._lock = threading.Lock()

    def tokens(self, text: str) -> list[str]:
        text = _normal(text)
        return [t for t in (t.strip() for t in self._cutter().lcut_for_search(text, HMM=True)) if t and _is_word(t)]

    def _cutter(self):
        with self._lock:
            if self._jieba is None:
                tk = _fresh_jieba(self.overlay)
                for word in self.words:
                    tk.add_word(_normal(word), self.freqs.get(_normal(word)))
                self._jieba = tk
            return self._jieba

    def frequencies(self) -> dict[str, int]:
        """The frequency jieba gave each word (normalised) once all were added."""
        cutter = self._cutter()
        return {w: int(cutter.FREQ[w]) for w in (_normal(w) for w in self.words) if w in cutter.FREQ}


@functools.lru_cache(maxsize=1)
def _base_jieba():
    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)  # its own logger: the "Building prefix dict" chatter
    base = jieba.Tokenizer()
    base.initialize()
    return base


def _fresh_jieba(overlay: bool = False):
    """A jieba.Tokenizer with the stock dictionary, copied from a loaded one (loading takes ~0.8 s, a copy ~30 ms), or
    laid over it: words added go to the overlay (jieba only reads, ``in``, ``[]`` and ``get``, and writes FREQ)."""
    import jieba

    base = _base_jieba()
    tk = jieba.Tokenizer()
    tk.FREQ = _Overlay(base.FREQ) if overlay else dict(base.FREQ)
    tk.total, tk.initialized = base.total, True
    return tk


_MISSING = object()


class _Overlay(dict):
    """Words added here, every other lookup answered by the shared stock dictionary (never written)."""

    def __init__(self, base: dict):
        super().__init__()
        self.base = base

    def __missing__(self, key):
        return self.base[key]

    def __contains__(self, key) -> bool:
        return dict.__contains__(self, key) or key in self.base

    def get(self, key, default=None):
        found = dict.get(self, key, _MISSING)
        return self.base.get(key, default) if found is _MISSING else found


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower().translate(_QUOTES)


def _is_word(token: str) -> bool:
    return any(ch.isalnum() for ch in token)
