"""Long passages copied from exemplars or corpus documents (another unit's text pasted in).

Exemplars are indexed by k-character shingles at a stride of k (k = min_chars // 2), so any common
passage of at least min_chars characters contains one indexed shingle; each hit is then extended
both ways to the maximal common passage. Whitespace is ignored on both sides; with
``skeleton=True`` numbers and 【…】 are ignored too, so that an exemplar pasted in with its figures
grounded to 【待补充：…】 (or changed) is still one passage.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Union

from ..store.protocol import Corpus
from ..types import Chunk, SearchHit

# A corpus in the forms it comes in: a store, {source: text}, or texts, (source, text) pairs, chunks, hits.
Exemplars = Union[Corpus, Mapping[str, str], Iterable[Union[str, tuple[str, str], Chunk, SearchHit]]]
COPY_MIN_CHARS = 50  # shorter shared passages are mostly the common political formulas


_NUMBER_CHARS = frozenset("0123456789０１２３４５６７８９.,%％")
_MAGNITUDE = "余多万亿千百"


def _skip_number(text: str, i: int) -> int:
    """End of a number at ``i`` with what belongs to it: 3.2万人次, 14个, 76.5%."""
    from ..text.numbers import UNITS

    while i < len(text) and text[i] in _NUMBER_CHARS:
        i += 1
    while i < len(text) and text[i] in _MAGNITUDE:
        i += 1
    for unit in UNITS:  # longest first
        if text.startswith(unit, i):
            return i + len(unit)
    return i


def _normalise(text: str, skeleton: bool = False) -> tuple[str, list[int]]:
    """Text without whitespace (and, for a skeleton, without numbers with their units and without
    【…】), and for each kept character its offset in the original."""
    chars: list[str] = []
    index: list[int] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if skeleton and ch == "【":
            close = text.find("】", i)
            if close > 0:
                i = close + 1
                continue
        if skeleton and ch in _NUMBER_CHARS and ch not in ".,":
            i = _skip_number(text, i)
            continue
        if not ch.isspace():
            chars.append(ch)
            index.append(i)
        i += 1
    return "".join(chars), index


def source_texts(exemplars: Exemplars) -> list[tuple[str, str]]:
    """(source, text) pairs from the forms a corpus comes in: {source: text}, pairs, plain texts
    (named 范文1, 范文2 …), chunks or search hits (named by their metadata's source or title), a
    store (its ``iter_chunks()``) or a CopyIndex (the texts it was built from)."""
    if isinstance(exemplars, CopyIndex):
        return list(exemplars.sources)
    if hasattr(exemplars, "iter_chunks"):
        exemplars = exemplars.iter_chunks()
    if isinstance(exemplars, Mapping):
        return [(str(k), str(v)) for k, v in exemplars.items()]
    pairs: list[tuple[str, str]] = []
    for i, ex in enumerate(exemplars):
        if isinstance(ex, str):
            pairs.append((f"范文{i + 1}", ex))
        elif isinstance(ex, tuple) and len(ex) == 2:
            pairs.append((str(ex[0]), str(ex[1])))
        elif hasattr(ex, "text"):
            meta = getattr(ex, "metadata", {}) or {}
            name = meta.get("source") or meta.get("title") or getattr(ex, "id", f"范文{i + 1}")
            pairs.append((str(name), ex.text))
        else:
            pairs.append((f"范文{i + 1}", str(ex)))
    return pairs


class CopyIndex:
    """Exemplars indexed once; ``passages(text)`` finds what a text shares with them."""

    def __init__(self, texts: Iterable[tuple[str, str]], min_chars: int = 30, *, skeleton: bool = False):
        self.min_chars = min_chars
        self.skeleton = skeleton
        self.k = max(4, min_chars // 2)
        self.sources = list(texts)  # (source, text) as given
        self.pairs = [(src, _normalise(t, skeleton)[0]) for src, t in self.sources]
        self.shingles: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for e, (_, ex) in enumerate(self.pairs):
            for j in range(0, len(ex) - self.k + 1, self.k):
                self.shingles[ex[j : j + self.k]].append((e, j))

    def __bool__(self) -> bool:
        return bool(self.shingles)

    def passages(self, text: str) -> list[tuple[int, int, str]]:
        norm, index = _normalise(text, self.skeleton)
        k, min_chars = self.k, self.min_chars
        if len(norm) < min_chars or not self.shingles:
            return []
        found: list[tuple[int, int, int]] = []
        seen: set[tuple[int, int, int]] = set()
        diagonal: dict[tuple[int, int], int] = {}  # (exemplar, offset) → end of the match found on it
        for i in range(len(norm) - k + 1):
            hits = self.shingles.get(norm[i : i + k])
            if not hits:
                continue
            for e, j in hits:
                if diagonal.get((e, i - j), -1) >= i + k:
                    continue  # inside a match already found
                ex = self.pairs[e][1]
                a, b = i, j
                while a > 0 and b > 0 and norm[a - 1] == ex[b - 1]:
                    a, b = a - 1, b - 1
                end, jj = i + k, j + k
                while end < len(norm) and jj < len(ex) and norm[end] == ex[jj]:
                    end, jj = end + 1, jj + 1
                diagonal[(e, i - j)] = end
                if end - a >= min_chars and (a, end, e) not in seen:
                    seen.add((a, end, e))
                    found.append((a, end, e))
        if not found:
            return []
        found.sort()
        merged: list[list[int]] = []
        for a, b, e in found:
            if merged and a <= merged[-1][1]:
                if b - a > merged[-1][1] - merged[-1][0]:
                    merged[-1][2] = e  # name the source of the longest piece
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b, e])
        return [(index[a], index[b - 1] + 1, self.pairs[e][0]) for a, b, e in merged]


def copy_index(
    texts: Iterable[tuple[str, str]], exclude: str | None = None, min_chars: int = COPY_MIN_CHARS, *,
    skeleton: bool = False,
) -> CopyIndex | None:
    """(source, text) pairs indexed for copy detection (``source_texts`` makes them from a store,
    chunks, hits, texts or a dict); ``exclude``: a file whose own texts are left out. None when
    empty. ``skeleton``: numbers and 【…】 ignored (the gates' copy check; see above)."""
    items = list(texts)
    if exclude:
        name = Path(exclude).name  # checking a corpus document against itself finds everything
        items = [(src, text) for src, text in items if Path(src).name != name]
    index = CopyIndex(items, min_chars, skeleton=skeleton)
    return index if index else None


def corpus_index(
    corpus: CorpusInput, exclude: str | None = None, min_chars: int = COPY_MIN_CHARS, *, skeleton: bool = False
) -> CopyIndex | None:
    """The copy index for a corpus as check_draft, check_section and the gates take it: a CopyIndex
    with this normalisation as it is; anything else (another index, a store, chunks, hits, texts,
    pairs, a dict) through ``source_texts`` and ``copy_index``. None for no corpus or an empty one."""
    if corpus is None:
        return None
    if isinstance(corpus, CopyIndex) and corpus.skeleton == skeleton:
        return corpus
    return copy_index(source_texts(corpus), exclude, min_chars, skeleton=skeleton)


# What the checks' corpus= takes: a ready CopyIndex, or any form of Exemplars.
CorpusInput = Union["CopyIndex", Exemplars, None]


def copied_passages(text: str, exemplar_texts: Exemplars, min_chars: int = 30) -> list[tuple[int, int, str]]:
    """(start, end, source) of every passage of ``text`` of at least ``min_chars`` characters
    (whitespace not counted) that also occurs in an exemplar; overlapping passages are merged."""
    return CopyIndex(source_texts(exemplar_texts), min_chars).passages(text)


def copy_ratio(text: str, exemplar_texts: Exemplars, min_chars: int = 30) -> float:
    """Share of the text's characters (whitespace not counted) inside copied passages."""
    total = sum(1 for ch in text if not ch.isspace())
    if not total:
        return 0.0
    copied = sum(
        sum(1 for ch in text[s:e] if not ch.isspace()) for s, e, _ in copied_passages(text, exemplar_texts, min_chars)
    )
    return copied / total
