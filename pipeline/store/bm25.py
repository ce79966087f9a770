"""BM25 over Chinese words: bm25s scoring, jieba tokens (bm25s' own splitter keeps a run of Chinese
as one token, so "理论学习中心组集中学习" would only ever match itself).

The index is a cache of the Chroma collection: it is saved in a folder with the collection's
revision and size, and rebuilt when either changed (see ``Bm25Index.is_current``).
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import threading
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# Words of the trade jieba's dictionary splits badly; kept whole (search mode adds the parts too).
TERMS = (
    "理论学习中心组", "中心组", "意识形态", "意识形态工作责任制", "全面从严治党", "主体责任", "监督责任",
    "一岗双责", "三会一课", "民主生活会", "组织生活会", "党风廉政建设", "中央八项规定", "四风",
    "形式主义", "官僚主义", "巡察", "巡察整改", "述职述廉", "廉政谈话", "谈心谈话", "主题教育",
    "党史学习教育", "党纪学习教育", "两个维护", "两个确立", "四个意识", "四个自信", "基层党组织",
)
STOPWORDS = frozenset(
    "的 了 和 与 及 是 在 对 把 将 为 以 等 中 上 下 有 也 并 又 或 被 从 于 其 之 这 那 一 个 我们 进一步 工作".split()
)
_WORDY = re.compile(r"[\w\u4e00-\u9fff]")
_init_lock = threading.Lock()
_ready = False


def _jieba():
    global _ready
    import jieba

    with _init_lock:
        if not _ready:
            jieba.setLogLevel(logging.WARNING)
            for term in TERMS:
                jieba.add_word(term, freq=200000)
            _ready = True
    return jieba


def tokenize(text: str) -> list[str]:
    """jieba search-mode words (compounds and their parts), lower-cased, no punctuation or stop words."""
    jieba = _jieba()
    freq = jieba.dt.FREQ
    out: list[str] = []
    for word in jieba.lcut_for_search(text):
        word = word.strip()
        if not word or not _WORDY.search(word) or word in STOPWORDS:
            continue
        out.append(word.lower())
        # search mode adds the 2- and 3-character parts of a long word; add the 4-character ones
        # too ("意识形态" inside "意识形态工作责任制").
        if len(word) > 4:
            out.extend(word[i : i + 4] for i in range(len(word) - 3) if freq.get(word[i : i + 4]))
    return out


class TextScorer:
    """BM25 of a query against a handful of short texts held in memory (outline covers, a report's
    headings): no index on disk, no store."""

    def __init__(self, texts: list[str]) -> None:
        import bm25s
        from bm25s.tokenization import Tokenized

        self._tokenize = tokenize
        self.vocab: dict[str, int] = {}
        ids = [[self.vocab.setdefault(t, len(self.vocab)) for t in tokenize(x)] or [self.vocab.setdefault("\x00", len(self.vocab))] for x in texts]
        self.n = len(texts)
        self.retriever = bm25s.BM25()
        self.retriever.index(Tokenized(ids=ids, vocab=self.vocab), show_progress=False)

    def scores(self, query: str) -> list[float]:
        tokens = [self.vocab[t] for t in self._tokenize(query) if t in self.vocab]
        if not tokens:
            return [0.0] * self.n
        return [float(x) for x in self.retriever.get_scores(tokens)]

    def best(self, query: str) -> tuple[int, float]:
        s = self.scores(query)
        i = max(range(self.n), key=lambda k: (s[k], -k))
        return i, s[i]


TOKEN_CACHE = "tokens.npz"


def _save_token_cache(folder: Path, ids: list[str], corpus_ids: list[list[int]], vocab: dict[str, int]) -> None:
    lengths = np.fromiter((len(c) for c in corpus_ids), dtype=np.int64, count=len(corpus_ids))
    flat = np.fromiter((t for c in corpus_ids for t in c), dtype=np.int32, count=int(lengths.sum()))
    words = sorted(vocab, key=vocab.__getitem__)
    np.savez(folder / TOKEN_CACHE, ids=np.array(ids), lengths=lengths, flat=flat, vocab=np.array(words))


def _load_token_cache(folder: Path) -> tuple[dict[str, int], dict[str, np.ndarray]]:
    """(vocab, chunk id -> token ids) of the last build; empty when there is none."""
    try:
        with np.load(folder / TOKEN_CACHE, allow_pickle=False) as data:
            words = data["vocab"].tolist()
            ids = data["ids"].tolist()
            offsets = np.concatenate([[0], np.cumsum(data["lengths"])])
            flat = data["flat"]
    except (OSError, ValueError, KeyError):
        return {}, {}
    vocab = {word: i for i, word in enumerate(words)}
    return vocab, {chunk_id: flat[offsets[i] : offsets[i + 1]] for i, chunk_id in enumerate(ids)}


@dataclass
class Bm25Meta:
    revision: str  # the collection's revision when the index was built
    count: int
    ids: list[str]
    fields: dict[str, list]  # per chunk, aligned with ids: source, genre, role, year (None when unknown)


FILTER_FIELDS = ("source", "genre", "role", "year")


class Bm25Index:
    def __init__(self, folder: Path, retriever, meta: Bm25Meta) -> None:
        self.folder = folder
        self._retriever = retriever
        self.meta = meta
        self._columns = {k: np.array(v, dtype=object) for k, v in meta.fields.items()}

    # ------------------------------------------------------------------ build / load

    @classmethod
    def build(cls, folder: Path, revision: str, rows: Iterable[tuple[str, str, dict]]) -> Bm25Index:
        """Index ``rows`` = (id, context text, metadata) and save atomically into ``folder``.

        Rows are streamed and tokens turned into integer ids at once, so a 100k-chunk corpus never
        holds all its texts or token strings in memory together.
        """
        import bm25s
        from bm25s.tokenization import Tokenized

        ids: list[str] = []
        fields: dict[str, list] = {k: [] for k in FILTER_FIELDS}
        # Chunk ids change with the text, so tokens cached by id from the last build stay valid:
        # only new chunks go through jieba (the slow part: ~100-300k characters a second).
        vocab, cached = _load_token_cache(folder)
        corpus_ids: list[list[int]] = []
        for chunk_id, text, metadata in rows:
            ids.append(chunk_id)
            for key in FILTER_FIELDS:
                fields[key].append(metadata.get(key))
            known = cached.get(chunk_id)
            if known is not None:
                corpus_ids.append(known.tolist())
            else:
                corpus_ids.append([vocab.setdefault(t, len(vocab)) for t in (tokenize(text) or ["∅"])])
        del cached
        retriever = None
        if ids:
            retriever = bm25s.BM25()
            retriever.index(Tokenized(ids=corpus_ids, vocab=vocab), show_progress=False)
        meta = Bm25Meta(revision=revision, count=len(ids), ids=ids, fields=fields)
        folder.parent.mkdir(parents=True, exist_ok=True)
        # unique names: two processes may rebuild at once; the last rename wins, both are valid
        tmp = folder.with_name(f"{folder.name}.{uuid.uuid4().hex[:8]}.tmp")
        tmp.mkdir(parents=True)
        if retriever is not None:
            retriever.save(str(tmp / "index"), show_progress=False)
            _save_token_cache(tmp, ids, corpus_ids, vocab)
        del corpus_ids
        (tmp / "meta.json").write_text(json.dumps(meta.__dict__, ensure_ascii=False), encoding="utf-8")
        old = folder.with_name(f"{folder.name}.{uuid.uuid4().hex[:8]}.old")
        try:
            folder.rename(old)
        except OSError:
            pass  # first build, or another process moved it
        try:
            tmp.rename(folder)
        except OSError:  # another process put its fresh index there first
            shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
        return cls(folder, retriever, meta)

    @classmethod
    def load(cls, folder: Path) -> Bm25Index | None:
        """The saved index, or None when missing or unreadable (then it is rebuilt)."""
        try:
            meta = Bm25Meta(**json.loads((folder / "meta.json").read_text(encoding="utf-8")))
            retriever = None
            if meta.count:
                import bm25s

                retriever = bm25s.BM25.load(str(folder / "index"), show_progress=False)
            return cls(folder, retriever, meta)
        except (OSError, ValueError, TypeError, KeyError):
            return None

    def is_current(self, revision: str, count: int) -> bool:
        return self.meta.revision == revision and self.meta.count == count

    # ------------------------------------------------------------------ search

    def mask(self, genre=None, role=None, year=None, exclude_sources=()) -> np.ndarray | None:
        """1.0 for chunks that pass the filters, else 0.0; None when nothing is filtered."""
        if not (genre or role or year or exclude_sources):
            return None
        keep = np.ones(self.meta.count, dtype=bool)
        if genre:
            keep &= self._columns["genre"] == genre
        if role:
            keep &= self._columns["role"] == role
        if year:
            keep &= self._columns["year"] == int(year)
        if exclude_sources:
            keep &= ~np.isin(self._columns["source"], list(exclude_sources))
        return keep.astype(np.float32)

    def search(self, query: str, k: int, **filters) -> list[tuple[str, float]]:
        """Up to ``k`` (id, bm25 score) pairs, best first, only chunks that match a query word."""
        if self._retriever is None or k <= 0:
            return []
        tokens = tokenize(query)
        if not tokens:
            return []
        mask = self.mask(**filters)
        if mask is not None and not mask.any():
            return []
        k = min(k, self.meta.count)
        docs, scores = self._retriever.retrieve(
            [tokens], k=k, show_progress=False, weight_mask=mask, n_threads=1
        )
        return [(self.meta.ids[int(i)], float(s)) for i, s in zip(docs[0], scores[0]) if s > 0]
