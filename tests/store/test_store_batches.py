"""Ingest writes files to Chroma in batches: the same store as one file at a time, and a batch is
recorded in the manifest only after its chunks are written."""

from __future__ import annotations

import pytest
from store_support import TOPICS, report_text

from pipeline.config import load_settings
from pipeline.errors import StoreError
from pipeline.store import corpus as corpus_module
from pipeline.store.corpus import open_store, write_batches


def _reports(folder, n):
    folder.mkdir()
    for i in range(n):
        text = report_text(f"某县第{i + 1}局", 2018 + i, TOPICS[i % len(TOPICS)])
        (folder / f"report_{i}.txt").write_text(text, encoding="utf-8")
    return folder


def _stored(settings):
    store = open_store(settings)
    chunks = {c.id: (c.text, c.metadata) for c in store.iter_chunks()}
    manifest = {s["source"]: {k: v for k, v in s.items() if k != "ingested_at"} for s in store.list_sources()}
    return chunks, manifest


def test_batches_are_capped_by_files_and_by_chunks_but_never_split_a_file():
    items = [(f"f{i}", [None] * n) for i, n in enumerate([3, 3, 3, 10, 1, 1])]
    assert [[s for s, _ in b] for b in write_batches(items, 2, 100)] == [["f0", "f1"], ["f2", "f3"], ["f4", "f5"]]
    assert [[s for s, _ in b] for b in write_batches(items, 10, 7)] == [["f0", "f1"], ["f2"], ["f3"], ["f4", "f5"]]
    assert list(write_batches([], 4, 4)) == []


def test_batched_ingest_stores_exactly_what_one_file_at_a_time_stores(tmp_path):
    folder = _reports(tmp_path / "reports", 5)
    results = {}
    for batch in (1, 2, 32):
        settings = load_settings(store=tmp_path / f"store{batch}", embedding="hash:64", ingest_batch=batch)
        calls = []
        report = open_store(settings).ingest([folder], progress=lambda *a: calls.append(a))
        assert report.summary()["added"] == 5
        assert [c[0] for c in calls] == [1, 2, 3, 4, 5] and {c[3] for c in calls} == {"added"}
        results[batch] = _stored(settings)
        chunks, manifest = results[batch]
        assert len(chunks) == sum(m["chunks"] for m in manifest.values()) == report.chunks_written
    assert results[1] == results[2] == results[32]


def test_a_batch_that_fails_before_its_manifest_write_is_redone_without_leftovers(tmp_path, monkeypatch):
    folder = _reports(tmp_path / "reports", 5)
    settings = load_settings(store=tmp_path / "store", embedding="hash:64", ingest_batch=2)
    real = corpus_module.CorpusStore.write_chunks
    calls = []

    def crash_after_second_batch(cols, chunks, vectors):
        real(cols, chunks, vectors)  # the chunks are written, then the process "dies"
        calls.append(len(chunks))
        if len(calls) == 2:
            raise RuntimeError("disk gone")

    monkeypatch.setattr(corpus_module.CorpusStore, "write_chunks", staticmethod(crash_after_second_batch))
    with pytest.raises(StoreError) as err:
        open_store(settings).ingest([folder])
    assert "write failed" in err.value.one_line() and "\n" not in err.value.one_line()

    store = open_store(settings)
    recorded = store.list_sources()
    assert [s["source"].rsplit("/", 1)[-1] for s in recorded] == ["report_0.txt", "report_1.txt"]
    assert store.count() > sum(s["chunks"] for s in recorded)  # the second batch's chunks, unrecorded

    monkeypatch.setattr(corpus_module.CorpusStore, "write_chunks", staticmethod(real))
    rerun = open_store(settings).ingest([folder])
    assert rerun.summary() | {"chunks": 0} == {"added": 3, "unchanged": 2, "replaced": 0, "failed": 0, "chunks": 0}
    store = open_store(settings)
    assert store.count() == sum(s["chunks"] for s in store.list_sources())  # no leftovers

    fresh = load_settings(store=tmp_path / "fresh", embedding="hash:64")
    open_store(fresh).ingest([folder])
    assert _stored(settings) == _stored(fresh)
