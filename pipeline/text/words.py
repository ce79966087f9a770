"""Words of a Chinese text (jieba), for the gates: a fact's key words, names, claims.

The gates use their own jieba tokenizer, so that words other stages add to jieba's global
dictionary (the BM25 index adds its terms) never change what a check finds. Words jieba splits
badly are added from prompts/gates.yaml (``words``).
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from typing import Any

_HAN_WORD = re.compile(r"[\u4e00-\u9fff]{2,}")
HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_lock = threading.Lock()
_tokenizers: dict[tuple[str, ...], Any] = {}


@dataclass(frozen=True)
class Token:
    word: str
    flag: str  # jieba part of speech: n, v, ns (place), nr (person), nt (organisation) …
    start: int
    end: int


def _tokenizer(extra_words: tuple[str, ...]) -> Any:
    """A private jieba POS tokenizer with ``extra_words`` added, built once per word list."""
    with _lock:
        tok = _tokenizers.get(extra_words)
        if tok is None:
            import jieba
            import jieba.posseg

            jieba.setLogLevel(logging.WARNING)
            base = jieba.Tokenizer()
            for w in extra_words:
                base.add_word(w, freq=200000)
            tok = jieba.posseg.POSTokenizer(base)
            tok.lcut("预热")  # load the dictionary now, under the lock
            _tokenizers[extra_words] = tok
        return tok


def tokens(text: str, extra_words: tuple[str, ...] = ()) -> list[Token]:
    """jieba's words with part of speech and offsets into ``text``."""
    out: list[Token] = []
    pos = 0
    for pair in _tokenizer(tuple(extra_words)).lcut(text, HMM=True):
        word, flag = pair.word, pair.flag
        start = text.find(word, pos)
        if start < 0:  # jieba never drops characters, but be safe about offsets
            start = pos
        out.append(Token(word, flag, start, start + len(word)))
        pos = start + len(word)
    return out


NOUNISH = ("n", "vn", "j", "l")  # nouns (n, nr, ns, nt, nz …), verbal nouns, abbreviations, set phrases


def content_words(
    text: str,
    stop: frozenset[str] | set[str] = frozenset(),
    extra_words: tuple[str, ...] = (),
    flags: tuple[str, ...] | None = None,
) -> list[str]:
    """The distinct words of two or more Chinese characters that are not ``stop`` words, in order;
    ``flags``: only words whose part of speech starts with one of these (e.g. NOUNISH)."""
    out: list[str] = []
    for t in tokens(text, extra_words):
        if flags is not None and not t.flag.startswith(flags):
            continue
        if _HAN_WORD.fullmatch(t.word) and t.word not in stop and t.word not in out:
            out.append(t.word)
    return out


def compact(text: str) -> str:
    """Text without whitespace and punctuation: what comparisons of wording look at."""
    return "".join(ch for ch in text if ch.isalnum())


_SENTENCE_END = "。！？；!?;\n"


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: up to and including 。！？； or a line end; blank ones left out."""
    spans: list[tuple[int, int]] = []
    start = 0
    for i, ch in enumerate(text):
        if ch in _SENTENCE_END:
            if text[start : i + 1].strip():
                spans.append((start, i + 1 if ch != "\n" else i))
            start = i + 1
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def char_bigrams(text: str, runs: re.Pattern[str] = HAN_RUN) -> set[str]:
    """Every two adjacent characters inside a run that ``runs`` matches (by default a run of Chinese
    characters): a wording's fingerprint that needs no tokenizer. No pair spans a run's edge."""
    grams: set[str] = set()
    for run in runs.findall(text):
        grams.update(run[i : i + 2] for i in range(len(run) - 1))
    return grams


def dice(a: set[str], b: set[str]) -> float:
    """How much two sets overlap (Dice): 1.0 the same, 0.0 nothing shared or either empty."""
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def first_sentence_end(text: str, stops: str = "。！？") -> int:
    """Index of the first sentence end outside quotes and brackets, or -1."""
    depth = 0
    for i, c in enumerate(text):
        if c in "“《（(「『":
            depth += 1
        elif c in "”》）)」』":
            depth = max(0, depth - 1)
        elif c in stops and depth == 0:
            return i
    return -1
