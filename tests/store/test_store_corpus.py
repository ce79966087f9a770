"""The corpus store on a real embedded Chroma in a tmp folder."""

from __future__ import annotations

import threading
import time

import pytest
from store_support import TOPICS, make_doc, report_text, sec

from pipeline.config import load_settings
from pipeline.errors import InputError, StoreError
from pipeline.store.chunk import chunk_document
from pipeline.store.corpus import open_store
from pipeline.store.lock import write_lock




def test_ingest_is_idempotent_and_incremental(hash_settings, reports):
    store = open_store(hash_settings)
    first = store.ingest([reports])
    assert first.summary()["added"] == 3 and first.summary()["failed"] == 0
    count = store.count()
    assert count == first.chunks_written > 3

    again = open_store(hash_settings).ingest([reports])
    assert again.summary() == {"added": 0, "unchanged": 3, "replaced": 0, "failed": 0, "chunks": 0}
    assert open_store(hash_settings).count() == count

    changed = reports / "report_1.txt"
    old_ids = {c.id for c in store.iter_chunks(where={"source": str(changed.resolve())})}
    changed.write_text(report_text("某县第2局", 2021, "巡察整改落实"), encoding="utf-8")
    (reports / "report_new.txt").write_text(report_text("某县第9局", 2023, TOPICS[4]), encoding="utf-8")
    third = open_store(hash_settings).ingest([reports])
    assert third.summary()["replaced"] == 1 and third.summary()["added"] == 1 and third.summary()["unchanged"] == 2
    store = open_store(hash_settings)
    new_ids = {c.id for c in store.iter_chunks(where={"source": str(changed.resolve())})}
    assert new_ids and old_ids != new_ids  # unchanged paragraphs keep their stable ids
    texts = "".join(c.text for c in store.iter_chunks(where={"source": str(changed.resolve())}))
    assert "巡察整改落实" in texts and TOPICS[1] not in texts  # old chunks are gone
    assert len(store.list_sources()) == 4
    assert store.count() == sum(s["chunks"] for s in store.list_sources())


def test_all_bad_inputs_fail_and_leave_the_store_untouched(hash_settings, tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("", encoding="utf-8")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 40)
    with pytest.raises(InputError) as err:
        open_store(hash_settings).ingest([bad])
    assert "empty.txt" in err.value.one_line() or "binary.txt" in err.value.one_line()
    assert not hash_settings.store.exists()
    with pytest.raises(InputError):
        open_store(hash_settings).ingest([tmp_path / "nope.txt"])
    assert not hash_settings.store.exists()


def test_a_bad_file_among_good_ones_is_reported_and_skipped(hash_settings, reports):
    (reports / "empty.txt").write_text("  \n", encoding="utf-8")
    report = open_store(hash_settings).ingest([reports])
    [failed] = report.by_status("failed")
    assert failed.source.endswith("empty.txt") and failed.message
    assert report.summary()["added"] == 3


def test_list_stats_remove(hash_settings, reports):
    store = open_store(hash_settings)
    store.ingest([reports])
    sources = store.list_sources()
    assert [s["source"].rsplit("/", 1)[-1] for s in sources] == ["report_0.txt", "report_1.txt", "report_2.txt"]
    assert all(len(s["file_hash"]) == 64 and s["chunks"] > 0 for s in sources)
    stats = store.stats()
    assert stats["files"] == 3 and stats["chunks"] == store.count()
    assert stats["embedding_model"] == "hash-64" and stats["embedding_dim"] == 64
    assert sum(stats["by_genre"].values()) == stats["chunks"] == sum(stats["by_year"].values())
    removed = store.remove("report_1.txt")  # a unique file name is enough
    assert removed == sources[1]["chunks"]
    assert store.count() == stats["chunks"] - removed
    assert len(store.list_sources()) == 2
    assert all("report_1" not in h.metadata["source"] for h in store.search("主要工作", k=10))
    with pytest.raises(InputError):
        store.remove("report_1.txt")


def test_a_different_embedding_model_is_refused(tmp_path, reports):
    open_store(load_settings(store=tmp_path / "s", embedding="hash:64")).ingest([reports])
    other = open_store(load_settings(store=tmp_path / "s", embedding="hash:32"))
    with pytest.raises(StoreError, match="hash-64") as err:
        other.ingest([reports])
    assert "hash-32" in err.value.message
    with pytest.raises(StoreError, match="hash-64"):
        other.search("理论学习")
    assert other.stats()["embedding_model"] == "hash-64"  # reading what is there is still allowed


def test_search_on_an_empty_store_says_so(hash_settings):
    with pytest.raises(StoreError, match="ingest"):
        open_store(hash_settings).search("理论学习")
    assert not hash_settings.store.exists()


def _handmade_chunks():
    chunks = []
    for n, (genre, year) in enumerate([("work_summary", 2022), ("work_summary", 2023), ("inspection_report", 2022)]):
        for d in range(2):  # two documents per source would still count as one source
            doc = make_doc(genre=genre, year=year, sections=[
                sec(1, "一、", "主要工作", role="work", children=[
                    sec(2, f"（{'一二三'[i]}）", f"理论学习第{i}项", [f"理论学习中心组第{n}{d}{i}次集中学习，深化理论武装。"])
                    for i in range(3)
                ]),
                sec(1, "二、", "存在的问题", role="problems", paragraphs=["理论学习不够深入，学用结合不紧。"]),
            ])
            chunks += chunk_document(doc, f"/src/{n}.txt", doc_index=d)
    return chunks


def test_hybrid_search_filters_and_diversity(hash_settings):
    store = open_store(hash_settings)
    store.add_chunks(_handmade_chunks())
    hits = store.search("理论学习中心组集中学习", k=6)
    assert len(hits) == 6
    per_source = {}
    for h in hits:
        per_source[h.metadata["source"]] = per_source.get(h.metadata["source"], 0) + 1
        assert h.metadata["heading_path"] and h.score > 0
    assert max(per_source.values()) <= 2 and len(per_source) == 3
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)

    assert {h.metadata["role"] for h in store.search("理论学习", k=6, role="problems")} == {"problems"}
    assert {h.metadata["genre"] for h in store.search("理论学习", k=6, genre="inspection_report")} == {"inspection_report"}
    hits = store.search("理论学习", k=6, year=2023, role="work")
    assert hits and all(h.metadata["year"] == 2023 and h.metadata["role"] == "work" for h in hits)
    hits = store.search("理论学习", k=6, exclude_sources=["/src/0.txt", "/src/1.txt"])
    assert hits and {h.metadata["source"] for h in hits} == {"/src/2.txt"}
    assert store.search("理论学习", k=3, genre="duty_report") == []
    # too few sources for the cap: the rest fills in
    assert len(store.search("理论学习", k=5, exclude_sources=["/src/0.txt", "/src/1.txt"])) == 5


def test_bm25_index_is_rebuilt_when_the_corpus_changes(hash_settings, reports):
    store = open_store(hash_settings)
    store.ingest([reports])
    assert all("巡察整改落实" not in h.text for h in store.search("巡察整改落实", k=3))
    (reports / "report_x.txt").write_text(report_text("某县第7局", 2024, "巡察整改落实"), encoding="utf-8")
    open_store(hash_settings).ingest([reports])  # another process's write, as far as `store` knows
    assert "巡察整改落实" in store.search("巡察整改落实", k=3)[0].text


def test_a_second_writer_waits_then_fails_clearly(hash_settings, reports, monkeypatch):
    open_store(hash_settings).ingest([reports])
    (reports / "report_y.txt").write_text(report_text("某县第8局", 2024, TOPICS[3]), encoding="utf-8")
    monkeypatch.setenv("BIGAN_LOCK_TIMEOUT", "0.5")
    with write_lock(hash_settings.store):  # another writer holds the store
        started = time.monotonic()
        with pytest.raises(StoreError, match="locked") as err:
            open_store(hash_settings).ingest([reports])
        assert time.monotonic() - started >= 0.5
        assert str(hash_settings.store) in err.value.one_line()
    # the blocked writer changed nothing; once free, a writer that waits gets through
    monkeypatch.setenv("BIGAN_LOCK_TIMEOUT", "20")
    holder_done = threading.Event()

    def hold():
        with write_lock(hash_settings.store):
            time.sleep(0.5)
        holder_done.set()

    thread = threading.Thread(target=hold)
    thread.start()
    time.sleep(0.1)
    report = open_store(hash_settings).ingest([reports])
    thread.join()
    assert holder_done.is_set()
    assert report.summary()["added"] == 1 and report.summary()["unchanged"] == 3


def test_searches_from_many_threads_agree(hash_settings):
    from concurrent.futures import ThreadPoolExecutor

    store = open_store(hash_settings)
    store.add_chunks(_handmade_chunks())
    queries = ["理论学习中心组", "存在的问题", "集中学习"] * 6
    expected = {q: [h.id for h in open_store(hash_settings).search(q, k=4)] for q in set(queries)}
    fresh = open_store(hash_settings)  # its BM25 cache is loaded by whichever thread comes first
    with ThreadPoolExecutor(6) as pool:
        got = list(pool.map(lambda q: (q, [h.id for h in fresh.search(q, k=4)]), queries))
    assert all(ids == expected[q] for q, ids in got)


def test_two_concurrent_ingests_of_the_same_files_store_them_once(hash_settings, reports, monkeypatch):
    from concurrent.futures import ThreadPoolExecutor

    monkeypatch.setenv("BIGAN_LOCK_TIMEOUT", "60")
    with ThreadPoolExecutor(2) as pool:
        a, b = pool.map(lambda _: open_store(hash_settings).ingest([reports]), range(2))
    statuses = sorted(f.status for f in a.files + b.files)
    assert statuses == ["added"] * 3 + ["unchanged"] * 3  # the waiting writer found them stored
    store = open_store(hash_settings)
    assert store.count() == sum(s["chunks"] for s in store.list_sources()) == a.chunks_written + b.chunks_written
