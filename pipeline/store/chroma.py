"""Chroma clients and collections: embedded (PersistentClient in settings.store) or a server
(HttpClient for settings.chroma_url). Telemetry is always off.

Two collections per store:
  <name>          the chunks, with their embeddings; collection metadata records the embedding
                  model and dimension (a different model is refused) and a revision that changes
                  on every write (the BM25 cache compares it).
  <name>__files   the ingest manifest: one record per source file (id = source) whose metadata
                  holds the file hash and chunk count. Files are written in batches; a batch is
                  recorded only after all its chunks are written, so an interrupted ingest is
                  completed by the next run.
"""

from __future__ import annotations

import os
import uuid
from urllib.parse import urlparse

from ..config import Settings, redact_url
from ..errors import ConfigError, StoreError

SPACE = "cosine"
FILES_SUFFIX = "__files"
BATCH = 5000  # rows per Chroma call at most (also capped by the client's max batch size)


def _chroma_settings():
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


def parse_url(url: str) -> tuple[str, int, bool]:
    parsed = urlparse(url if "://" in url else f"http://{url}")
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise ConfigError(f"Chroma 服务器地址无效 (invalid Chroma URL): {redact_url(url)}", field="chroma_url")
    ssl = parsed.scheme == "https"
    return parsed.hostname, parsed.port or (443 if ssl else 8000), ssl


def open_client(settings: Settings):
    """A Chroma client for the settings; StoreError when the store cannot be opened."""
    os.environ["ANONYMIZED_TELEMETRY"] = "False"  # also for chromadb code paths that read the env
    import chromadb

    if settings.chroma_url:
        host, port, ssl = parse_url(settings.chroma_url)
        try:
            client = chromadb.HttpClient(host=host, port=port, ssl=ssl, settings=_chroma_settings())
            client.heartbeat()
        except Exception as exc:  # noqa: BLE001 - any failure to reach the server is one message
            raise StoreError(f"无法连接 Chroma 服务器 (cannot reach Chroma server): {exc}", path=redact_url(settings.chroma_url)) from None
        return client
    store = settings.store
    if store.exists() and not store.is_dir():
        raise StoreError("语料库路径不是目录 (store path is not a folder)", path=store)
    try:
        store.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(store), settings=_chroma_settings())
    except Exception as exc:  # noqa: BLE001
        raise StoreError(f"无法打开语料库 (cannot open store): {exc}", path=store) from None


def where_clause(**equals) -> dict | None:
    """Chroma's where: {"k": v} for one condition, {"$and": [...]} for several; None for none."""
    conditions = [{k: v} for k, v in equals.items() if v is not None and v != ""]
    if not conditions:
        return None
    return conditions[0] if len(conditions) == 1 else {"$and": conditions}


def new_revision() -> str:
    return uuid.uuid4().hex[:12]


class Collections:
    """The chunk collection and its manifest, checked against the embedder."""

    def __init__(self, client, name: str, embedder_name: str, where: str) -> None:
        self.client = client
        self.name = name
        self.where = where  # the store path or URL, for messages
        self.embedder_name = embedder_name
        self.chunks = self._get(name)
        self.files = self._get(name + FILES_SUFFIX)
        self._max_batch: int | None = None

    def _get(self, name: str):
        try:
            return self.client.get_collection(name, embedding_function=None)
        except Exception:  # noqa: BLE001 - missing: created on first write
            return None

    @property
    def model(self) -> str | None:
        return (self.chunks.metadata or {}).get("embedding_model") if self.chunks is not None else None

    @property
    def dim(self) -> int | None:
        return (self.chunks.metadata or {}).get("embedding_dim") if self.chunks is not None else None

    @property
    def revision(self) -> str:
        return str((self.chunks.metadata or {}).get("revision", "")) if self.chunks is not None else ""

    def check_model(self, embedder_name: str) -> None:
        model = self.model
        if model and model != embedder_name:
            raise StoreError(
                f"语料库使用嵌入模型 {model}，当前配置为 {embedder_name}；不能混用。请改用 --embedding {model} "
                f"或换一个语料库目录 (collection was built with {model}, refusing {embedder_name})",
                path=self.where,
                field="embedding",
            )

    def ensure(self, dim: int) -> None:
        """Create both collections on first write, recording the model and its dimension."""
        self.check_model(self.embedder_name)
        try:
            if self.chunks is None:
                self.chunks = self.client.get_or_create_collection(
                    self.name,
                    metadata={"embedding_model": self.embedder_name, "embedding_dim": dim,
                              "revision": new_revision(), "hnsw:space": SPACE},
                    embedding_function=None,
                )
                self.check_model(self.embedder_name)
            if self.files is None:
                self.files = self.client.get_or_create_collection(
                    self.name + FILES_SUFFIX, metadata={"hnsw:space": SPACE}, embedding_function=None
                )
        except StoreError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise StoreError(f"无法创建集合 (cannot create collection): {exc}", path=self.where) from None
        if self.dim and dim and self.dim != dim:
            raise StoreError(
                f"嵌入维度不符：集合为 {self.dim}，模型给出 {dim} (embedding dimension mismatch)",
                path=self.where, field="embedding",
            )

    @property
    def max_batch(self) -> int:
        """Rows per upsert: BATCH, or less when the client (or server) takes fewer at once."""
        if self._max_batch is None:
            try:
                self._max_batch = max(1, min(BATCH, int(self.client.get_max_batch_size())))
            except Exception:  # noqa: BLE001 - an older server without the endpoint
                self._max_batch = 1000
        return self._max_batch

    def bump_revision(self) -> None:
        meta = {k: v for k, v in (self.chunks.metadata or {}).items() if not k.startswith("hnsw:")}
        meta["revision"] = new_revision()
        self.chunks.modify(metadata=meta)
        self.chunks = self.client.get_collection(self.name, embedding_function=None)

    def count(self) -> int:
        return self.chunks.count() if self.chunks is not None else 0
