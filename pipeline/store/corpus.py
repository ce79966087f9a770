"""The corpus store: incremental ingest, hybrid search, listing and removal.

    store = open_store(settings)
    report = store.ingest(["corpus/samples"], progress=callback)
    hits = store.search("理论学习中心组", k=5, role="work")

Ingest is idempotent and incremental, keyed by the file's resolved path and the sha256 of its
bytes: an unchanged file is skipped without parsing, a changed one has its chunks replaced. The
manifest also records the parser and chunker versions; a file stored by another version counts
as changed (re-parsed, chunks replaced, reason 解析器已更新). Files are written in batches
(settings.ingest_batch files, a few Chroma calls each); a batch's files are recorded in the
manifest only after all their chunks are written, so a killed ingest leaves a usable store and
the next run completes it. Files are parsed before the store is
touched: when every input is bad, nothing is created or changed.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Settings, redact_url
from ..errors import BiganError, InputError, StoreError
from ..types import Chunk, Document, SearchHit
from . import chroma
from .bm25 import Bm25Index
from .chunk import chunk_document, context_text, heading_path_of
from .embeddings import Embedder, get_embedder, spec_name
from .lock import write_lock
from .retrieve import PER_SOURCE, hybrid_search

Progress = Callable[[int, int, str, str], None]  # (done, total, source, status)
EMBED_BATCH = 64
# Files per Chroma write (settings.ingest_batch) are also capped by chunks, which bounds the
# embeddings held at once and the work a killed ingest loses.
BATCH_CHUNKS = 2000
PARSER_UPDATED = "解析器已更新"


@dataclass
class FileOutcome:
    source: str
    status: str  # added | unchanged | replaced | failed
    chunks: int = 0
    message: str = ""  # why it failed, or why an unchanged file was replaced (PARSER_UPDATED)


@dataclass
class IngestReport:
    files: list[FileOutcome] = field(default_factory=list)
    seconds: float = 0.0

    def by_status(self, status: str) -> list[FileOutcome]:
        return [f for f in self.files if f.status == status]

    @property
    def chunks_written(self) -> int:
        return sum(f.chunks for f in self.files if f.status in ("added", "replaced"))

    @property
    def reparsed(self) -> list[FileOutcome]:
        """Files replaced only because the parser or chunker changed (same bytes)."""
        return [f for f in self.files if f.status == "replaced" and f.message == PARSER_UPDATED]

    def summary(self) -> dict[str, int]:
        counts = Counter(f.status for f in self.files)
        return {s: counts.get(s, 0) for s in ("added", "unchanged", "replaced", "failed")} | {
            "chunks": self.chunks_written
        }

    def to_dict(self) -> dict:
        return {
            "summary": self.summary(),
            "seconds": round(self.seconds, 3),
            "files": [f.__dict__ for f in self.files],
        }


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def source_key(path: Path) -> str:
    return str(path.resolve())


def current_versions() -> dict[str, str]:
    """The parser and chunker versions a manifest record must carry to count as up to date
    (read at call time, so a bumped constant takes effect without re-importing this module)."""
    from .. import ingest
    from . import chunk

    return {"parser_version": str(ingest.PARSER_VERSION), "chunker_version": str(chunk.CHUNKER_VERSION)}


def stale_reason(record: dict | None, fhash: str, embedder_name: str, versions: dict[str, str]) -> str | None:
    """None when the recorded file is up to date; otherwise why it must be (re)ingested.
    Records from before versions were stored lack them and count as stale."""
    if not record:
        return "new"
    if record.get("file_hash") != fhash or record.get("embedding_model") != embedder_name:
        return "changed"
    if any(str(record.get(key, "")) != value for key, value in versions.items()):
        return PARSER_UPDATED
    return None


def _parse_file(path: Path):
    from ..ingest import parse_file

    return parse_file(path)


def _iter_input_files(paths: Iterable[str | Path]) -> list[Path]:
    from ..ingest import iter_input_files

    return list(iter_input_files([Path(p) for p in paths]))


def chunks_of(documents: list[Document], source: str, extra: dict | None = None) -> list[Chunk]:
    chunks: list[Chunk] = []
    for doc_index, doc in enumerate(documents):
        for chunk in chunk_document(doc, source, doc_index=doc_index):
            chunk.metadata.update(extra or {})
            chunks.append(chunk)
    return chunks


def manifest_record(
    fhash: str, chunks: list[Chunk], n_docs: int, embedder_name: str, versions: dict[str, str], ingested_at: str
) -> dict:
    first = chunks[0].metadata
    return {
        "file_hash": fhash,
        "chunks": len(chunks),
        "documents": n_docs,
        "embedding_model": embedder_name,
        "ingested_at": ingested_at,
    } | versions | {k: first[k] for k in ("title", "genre", "year", "org_level") if k in first}


def write_batches(items: list, max_files: int, max_chunks: int) -> Iterator[list]:
    """Consecutive runs of at most ``max_files`` files and, unless one file alone is larger,
    ``max_chunks`` chunks (items are tuples whose second element is the file's chunks)."""
    batch: list = []
    n_chunks = 0
    for item in items:
        if batch and (len(batch) >= max_files or n_chunks + len(item[1]) > max_chunks):
            yield batch
            batch, n_chunks = [], 0
        batch.append(item)
        n_chunks += len(item[1])
    if batch:
        yield batch


class CorpusStore:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.where = redact_url(settings.chroma_url) or str(settings.store)  # for messages: no credentials
        self._client = None
        self._cols: chroma.Collections | None = None
        self._embedder: Embedder | None = None
        self._bm25: Bm25Index | None = None
        self._bm25_lock = threading.Lock()  # drafting searches from several threads at once

    # ------------------------------------------------------------------ plumbing

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = get_embedder(self.settings)
        return self._embedder

    @property
    def is_server(self) -> bool:
        return bool(self.settings.chroma_url)

    def exists(self) -> bool:
        """Whether there is anything to read (an embedded store folder, or any server)."""
        return self.is_server or (self.settings.store / "chroma.sqlite3").exists()

    def _collections(self, create: bool = False) -> chroma.Collections | None:
        if self._cols is None:
            if not create and not self.exists():
                return None
            self._client = chroma.open_client(self.settings)
            self._cols = chroma.Collections(
                self._client, self.settings.collection, spec_name(self.settings.embedding), self.where
            )
        return self._cols

    def _require(self) -> chroma.Collections:
        cols = self._collections()
        if cols is None or cols.chunks is None:
            raise StoreError("语料库为空，请先运行 bigan ingest (store is empty; run bigan ingest first)", path=self.where)
        return cols

    def _lock_dir(self) -> Path:
        if self.is_server:
            key = hashlib.sha1(f"{self.settings.chroma_url}|{self.settings.collection}".encode()).hexdigest()[:16]
            return self.settings.cache_dir / "chroma-server" / key
        return self.settings.store

    def _bm25_dir(self) -> Path:
        if self.is_server:
            return self._lock_dir() / "bm25"
        return self.settings.store / "bm25" / self.settings.collection

    # ------------------------------------------------------------------ ingest

    def ingest(self, paths: Iterable[str | Path], progress: Progress | None = None) -> IngestReport:
        started = time.perf_counter()
        files = _iter_input_files(paths)  # InputError: missing path, no supported files
        report = IngestReport()
        sources = [source_key(p) for p in files]
        hashes: dict[str, str] = {}
        for path, source in zip(files, sources):
            try:
                hashes[source] = file_hash(path)
            except OSError as exc:
                report.files.append(FileOutcome(source, "failed", message=f"无法读取：{exc.strerror or exc}"))

        known = self._manifest(sources) if self.exists() else {}
        versions = current_versions()
        todo: list[tuple[Path, str]] = []
        for path, source in zip(files, sources):
            if source not in hashes:
                continue
            record = known.get(source)
            if stale_reason(record, hashes[source], spec_name(self.settings.embedding), versions) is None:
                report.files.append(FileOutcome(source, "unchanged", chunks=int(record.get("chunks", 0))))
            else:
                todo.append((path, source))

        # Parse everything still to do before touching the store.
        parsed: list[tuple[str, list[Chunk], int]] = []
        for path, source in todo:
            try:
                result = _parse_file(path)
                chunks = chunks_of(result.documents, source, {"file_hash": hashes[source][:16]})
                if not chunks:
                    raise InputError("文件中没有可入库的正文 (no text to store)", path=path)
                parsed.append((source, chunks, len(result.documents)))
            except BiganError as exc:
                report.files.append(FileOutcome(source, "failed", message=exc.one_line()))
            except Exception as exc:  # noqa: BLE001 - one unreadable file must not abort a folder
                report.files.append(FileOutcome(source, "failed", message=f"{path}: 内部错误 {type(exc).__name__}: {exc}"))
        failed = report.by_status("failed")
        if failed and len(failed) == len(files):
            detail = "；".join(f.message for f in failed[:3]) + ("……" if len(failed) > 3 else "")
            raise InputError(f"没有可入库的文件，语料库未改动 (no usable input; store untouched): {detail}")

        done = 0
        total = len(files)
        for outcome in report.files:  # decided without writing: unchanged or failed
            done += 1
            if progress:
                progress(done, total, outcome.source, outcome.status)
        if parsed:
            with write_lock(self._lock_dir()):
                cols = self._collections(create=True)
                cols.check_model(cols.embedder_name)  # refuse a mixed model before any write
                # Another writer may have stored some of these files while we waited for the lock.
                known = self._manifest([source for source, _, _ in parsed])
                pending: list[tuple[str, list[Chunk], int, str]] = []  # (source, chunks, n_docs, reason)
                for source, chunks, n_docs in parsed:
                    record = known.get(source)
                    reason = stale_reason(record, hashes[source], cols.embedder_name, versions)
                    if reason is None:
                        report.files.append(FileOutcome(source, "unchanged", chunks=int(record.get("chunks", 0))))
                        done += 1
                        if progress:
                            progress(done, total, source, "unchanged")
                    else:
                        pending.append((source, chunks, n_docs, reason))
                # A new revision before the first write and after the last: a BM25 cache built
                # from the old corpus, or during this run, is rebuilt even if this run is killed.
                bumped = False
                try:
                    for batch in write_batches(pending, self.settings.ingest_batch, BATCH_CHUNKS):
                        self._write_batch(cols, batch, hashes, versions)
                        if not bumped:
                            cols.bump_revision()
                            bumped = True
                        for source, chunks, _, reason in batch:  # recorded: now they count as stored
                            status = "replaced" if source in known else "added"
                            message = PARSER_UPDATED if reason == PARSER_UPDATED else ""
                            report.files.append(FileOutcome(source, status, chunks=len(chunks), message=message))
                            done += 1
                            if progress:
                                progress(done, total, source, status)
                finally:
                    if bumped:
                        cols.bump_revision()
        order = {source: i for i, source in enumerate(sources)}
        report.files.sort(key=lambda f: order.get(f.source, 0))
        report.seconds = time.perf_counter() - started
        return report

    def embed_chunks(self, chunks: list[Chunk]) -> list[list[float]]:
        texts = [context_text(c.heading_path, c.text) for c in chunks]
        vectors: list[list[float]] = []
        for i in range(0, len(texts), EMBED_BATCH):
            vectors.extend(self.embedder.embed_documents(texts[i : i + EMBED_BATCH]))
        return vectors

    def _write_batch(
        self, cols: chroma.Collections, batch: list[tuple[str, list[Chunk], int, str]], hashes: dict[str, str],
        versions: dict[str, str],
    ) -> None:
        """Replace a batch of files in a few Chroma calls. The manifest is the record of what is
        stored, so the batch's records are forgotten first and written last: a crash in between
        leaves these files unrecorded (redone, their leftover chunks deleted, by the next run)."""
        chunks = [chunk for _, file_chunks, _, _ in batch for chunk in file_chunks]
        vectors = self.embed_chunks(chunks)
        cols.ensure(len(vectors[0]) if vectors else 0)
        sources = [source for source, _, _, _ in batch]
        try:
            cols.files.delete(ids=sources)
            cols.chunks.delete(where={"source": {"$in": sources}})
            self.write_chunks(cols, chunks, vectors)
            ingested_at = time.strftime("%Y-%m-%dT%H:%M:%S")
            records = [
                manifest_record(hashes[source], file_chunks, n_docs, cols.embedder_name, versions, ingested_at)
                for source, file_chunks, n_docs, _ in batch
            ]
            cols.files.upsert(ids=sources, embeddings=[[1.0]] * len(sources), documents=sources, metadatas=records)
        except BiganError:
            raise
        except Exception as exc:  # noqa: BLE001
            where = sources[0] if len(sources) == 1 else f"{sources[0]} …（共 {len(sources)} 个文件）"
            raise StoreError(f"写入语料库失败 (write failed): {exc}", path=where) from None

    @staticmethod
    def write_chunks(cols: chroma.Collections, chunks: list[Chunk], vectors: list[list[float]]) -> None:
        size = cols.max_batch
        for i in range(0, len(chunks), size):
            part = chunks[i : i + size]
            cols.chunks.upsert(
                ids=[c.id for c in part],
                embeddings=vectors[i : i + size],
                documents=[c.text for c in part],
                metadatas=[c.metadata for c in part],
            )

    def add_chunks(self, chunks: list[Chunk], vectors: list[list[float]] | None = None) -> None:
        """Write ready-made chunks (benchmarks, tests); not recorded in the manifest."""
        vectors = vectors if vectors is not None else self.embed_chunks(chunks)
        with write_lock(self._lock_dir()):
            cols = self._collections(create=True)
            cols.ensure(len(vectors[0]) if len(vectors) else 0)
            self.write_chunks(cols, chunks, vectors)
            cols.bump_revision()

    def _manifest(self, ids: list[str] | None = None) -> dict[str, dict]:
        cols = self._collections()
        if cols is None or cols.files is None:
            return {}
        got = cols.files.get(ids=ids, include=["metadatas"]) if ids is not None else cols.files.get(include=["metadatas"])
        return dict(zip(got["ids"], got["metadatas"] or []))

    # ------------------------------------------------------------------ read

    def count(self) -> int:
        cols = self._collections()
        return cols.count() if cols is not None else 0

    def iter_chunks(self, batch: int = 2000, where: dict | None = None, texts: bool = True) -> Iterator[Chunk]:
        """Every stored chunk (optionally only those matching ``where``); ``texts=False`` skips the
        texts (``Chunk.text`` is then empty) when only metadata is needed."""
        cols = self._collections()
        if cols is None or cols.chunks is None:
            return
        include = ["documents", "metadatas"] if texts else ["metadatas"]
        offset = 0
        while True:
            got = cols.chunks.get(where=where, limit=batch, offset=offset, include=include)
            if not got["ids"]:
                return
            documents = got.get("documents") or [""] * len(got["ids"])
            for chunk_id, text, meta in zip(got["ids"], documents, got["metadatas"]):
                meta = dict(meta or {})
                yield Chunk(id=chunk_id, text=text or "", heading_path=heading_path_of(meta), metadata=meta)
            offset += len(got["ids"])

    def bm25(self) -> Bm25Index:
        """The BM25 index, rebuilt from the collection when it changed since it was saved."""
        cols = self._require()
        with self._bm25_lock:
            cols.chunks = cols.client.get_collection(cols.name, embedding_function=None)  # fresh revision
            revision, count = cols.revision, cols.count()
            if self._bm25 is not None and self._bm25.is_current(revision, count):
                return self._bm25
            folder = self._bm25_dir()
            index = Bm25Index.load(folder)
            if index is None or not index.is_current(revision, count):
                rows = ((c.id, context_text(c.heading_path, c.text), c.metadata) for c in self.iter_chunks())
                index = Bm25Index.build(folder, revision, rows)
            self._bm25 = index
            return index

    def search(
        self,
        query: str,
        k: int = 5,
        genre: str | None = None,
        role: str | None = None,
        year: int | None = None,
        exclude_sources: Iterable[str] = (),
        per_source: int = PER_SOURCE,
    ) -> list[SearchHit]:
        cols = self._require()
        cols.check_model(self.embedder.name)
        exclude = tuple(exclude_sources)
        where = chroma.where_clause(genre=genre, role=role, year=int(year) if year else None)
        if exclude:
            cond = {"source": {"$nin": list(exclude)}}
            where = cond if where is None else {"$and": [*(where.get("$and") or [where]), cond]}
        index = self.bm25()

        def dense(n: int) -> list[str]:
            n = min(n, cols.count())
            if n <= 0:
                return []
            vector = self.embedder.embed_query(query)
            try:
                got = cols.chunks.query(query_embeddings=[vector], n_results=n, where=where, include=[])
            except Exception as exc:  # noqa: BLE001
                raise StoreError(f"检索失败 (query failed): {exc}", path=self.where) from None
            return list(got["ids"][0])

        def lexical(n: int) -> list[str]:
            return [i for i, _ in index.search(query, n, genre=genre, role=role, year=year, exclude_sources=exclude)]

        def fetch(ids: list[str]) -> list[SearchHit]:
            got = cols.chunks.get(ids=ids, include=["documents", "metadatas"])
            return [
                SearchHit(id=i, text=t or "", score=0.0, metadata=dict(m or {}))
                for i, t, m in zip(got["ids"], got["documents"], got["metadatas"])
            ]

        return hybrid_search(query, k, dense=dense, lexical=lexical, fetch=fetch, per_source=per_source)

    def list_sources(self) -> list[dict]:
        """One entry per ingested file: source, file_hash, chunks, documents, title, genre, year …,
        and ``missing`` (the source file is no longer on this machine's disk)."""
        return [{"source": s} | meta | {"missing": not Path(s).exists()} for s, meta in sorted(self._manifest().items())]

    def stats(self) -> dict:
        cols = self._collections()
        by_genre: Counter = Counter()
        by_role: Counter = Counter()
        by_year: Counter = Counter()
        chunks = 0
        for chunk in self.iter_chunks(texts=False):
            chunks += 1
            by_genre[chunk.metadata.get("genre") or "unknown"] += 1
            by_role[chunk.metadata.get("role") or "unknown"] += 1
            by_year[str(chunk.metadata.get("year") or "unknown")] += 1
        sources = self._manifest()
        return {
            "store": self.where,
            "collection": self.settings.collection,
            "files": len(sources),
            "documents": sum(int(m.get("documents", 1)) for m in sources.values()),
            "chunks": chunks,
            "by_genre": dict(by_genre.most_common()),
            "by_role": dict(by_role.most_common()),
            "by_year": dict(sorted(by_year.items())),
            "embedding_model": cols.model if cols is not None else None,
            "embedding_dim": cols.dim if cols is not None else None,
        }

    def resolve_source(self, name: str) -> str:
        """The stored source for ``name``: exact, as a path, or a unique file-name match."""
        sources = list(self._manifest())
        if name in sources:
            return name
        as_path = source_key(Path(name))
        if as_path in sources:
            return as_path
        matches = [s for s in sources if Path(s).name == name]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise InputError(f"有多个同名文件，请写全路径 (ambiguous): {', '.join(matches)}", path=name)
        raise InputError("语料库中没有这个文件 (not in the store)", path=name)

    def remove(self, source: str) -> int:
        """Remove a file's chunks and its manifest record; returns how many chunks went."""
        cols = self._require()
        source = self.resolve_source(source)
        with write_lock(self._lock_dir()):
            got = cols.chunks.get(where={"source": source}, include=[])
            cols.chunks.delete(where={"source": source})
            cols.files.delete(ids=[source])
            cols.bump_revision()
        return len(got["ids"])


    def missing_sources(self) -> dict[str, int]:
        """Stored sources whose file no longer exists on disk -> their chunk count. Besides the
        manifest, chunks of a file whose ingest was killed (written, never recorded) count too."""
        cols = self._collections()
        if cols is None or cols.chunks is None:
            return {}
        manifest = self._manifest()
        missing = {s: int(m.get("chunks", 0)) for s, m in manifest.items() if not Path(s).exists()}
        unrecorded: Counter = Counter()
        for chunk in self.iter_chunks(texts=False):
            source = str(chunk.metadata.get("source") or "")
            if source and source not in manifest:
                unrecorded[source] += 1
        missing |= {s: n for s, n in unrecorded.items() if not Path(s).exists()}
        return dict(sorted(missing.items()))

    def prune(self, dry_run: bool = False) -> dict[str, int]:
        """Remove every stored file whose source is gone from disk; returns source -> chunks removed
        (with ``dry_run``: what would be removed, nothing is changed)."""
        if dry_run:
            return self.missing_sources()
        cols = self._collections()
        if cols is None or cols.chunks is None:
            return {}
        removed: dict[str, int] = {}
        with write_lock(self._lock_dir()):
            try:
                for source in self.missing_sources():  # decided under the lock: no writer in between
                    got = cols.chunks.get(where={"source": source}, include=[])
                    cols.chunks.delete(where={"source": source})
                    if cols.files is not None:
                        cols.files.delete(ids=[source])
                    removed[source] = len(got["ids"])
            finally:
                if removed:
                    cols.bump_revision()  # the BM25 cache is rebuilt on the next search
        return removed


def open_store(settings: Settings) -> CorpusStore:
    """The store for these settings (nothing is created until the first write)."""
    return CorpusStore(settings)
