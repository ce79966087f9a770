"""Parser/chunker versions in the manifest (re-parse after an upgrade) and `bigan corpus prune`."""

from __future__ import annotations

import json

import pytest

import pipeline.ingest
import pipeline.store.chunk
from pipeline.store import corpus as corpus_module
from pipeline.store.chunk import chunk_document
from pipeline.store.corpus import PARSER_UPDATED, open_store
from pipeline.types import Chunk
from store_support import TOPICS



def _ids_and_titles(store) -> tuple[set[str], set[str]]:
    chunks = list(store.iter_chunks(texts=False))
    return {c.id for c in chunks}, {c.metadata.get("title", "") for c in chunks}


def test_manifest_records_versions_and_unchanged_versions_add_nothing(hash_settings, reports):
    store = open_store(hash_settings)
    assert store.ingest([reports]).summary()["added"] == 3
    for record in store.list_sources():
        assert record["parser_version"] == pipeline.ingest.PARSER_VERSION
        assert record["chunker_version"] == pipeline.store.chunk.CHUNKER_VERSION
    count = store.count()
    again = open_store(hash_settings).ingest([reports])
    assert again.summary() == {"added": 0, "unchanged": 3, "replaced": 0, "failed": 0, "chunks": 0}
    assert again.reparsed == [] and open_store(hash_settings).count() == count


@pytest.mark.parametrize("module, name", [(pipeline.ingest, "PARSER_VERSION"), (pipeline.store.chunk, "CHUNKER_VERSION")])
def test_version_bump_reparses_and_replaces_chunks(hash_settings, reports, monkeypatch, module, name):
    store = open_store(hash_settings)
    store.ingest([reports])
    old_ids, old_titles = _ids_and_titles(store)
    count = store.count()

    # The "improved parser": same files, but every document now gets a better title.
    real_parse = corpus_module._parse_file
    parsed: list[str] = []

    def improved(path):
        parsed.append(path.name)
        result = real_parse(path)
        for doc in result.documents:
            doc.title = "新解析器：" + doc.title
        return result

    monkeypatch.setattr(corpus_module, "_parse_file", improved)
    monkeypatch.setattr(module, name, getattr(module, name) + ".next")

    report = open_store(hash_settings).ingest([reports])
    assert sorted(parsed) == ["report_0.txt", "report_1.txt", "report_2.txt"]  # re-parsed, bytes unchanged
    assert report.summary() == {"added": 0, "unchanged": 0, "replaced": 3, "failed": 0, "chunks": count}
    assert {f.message for f in report.files} == {PARSER_UPDATED} and len(report.reparsed) == 3

    store = open_store(hash_settings)
    new_ids, new_titles = _ids_and_titles(store)
    assert store.count() == count  # replaced, not duplicated
    assert all(t.startswith("新解析器：") for t in new_titles) and not (new_titles & old_titles)
    assert new_ids == old_ids  # same text, same stable ids: the rows were overwritten, not added
    assert {r[name.lower()] for r in store.list_sources()} == {getattr(module, name)}
    hits = store.search("理论学习中心组", k=3)
    assert hits and hits[0].metadata["title"].startswith("新解析器：")

    parsed.clear()
    third = open_store(hash_settings).ingest([reports])  # the new version is now recorded
    assert third.summary()["unchanged"] == 3 and parsed == []


def test_record_without_versions_counts_as_changed(hash_settings, reports, cli):
    store = open_store(hash_settings)
    store.ingest([reports])
    # A store written before versions were recorded: strip them from one manifest record.
    cols = store._collections()
    source = str((reports / "report_1.txt").resolve())
    got = cols.files.get(ids=[source], include=["metadatas"])
    old = {k: v for k, v in got["metadatas"][0].items() if k not in ("parser_version", "chunker_version")}
    cols.files.delete(ids=[source])  # (an upsert would merge the old keys back in)
    cols.files.add(ids=[source], embeddings=[[1.0]], documents=[source], metadatas=[old])
    assert "parser_version" not in open_store(hash_settings)._manifest([source])[source]

    code, out, err = cli("ingest", str(reports), "--store", str(hash_settings.store), "--embedding", "hash:64")
    assert code == 0, err
    assert "替换 1（1 个因解析器已更新）" in err and "未变 2" in err
    record = open_store(hash_settings)._manifest([source])[source]
    assert record["parser_version"] == pipeline.ingest.PARSER_VERSION


def test_prune_removes_only_missing_files_and_keeps_the_rest_searchable(hash_settings, reports, cli):
    store = open_store(hash_settings)
    store.ingest([reports])
    before = {s["source"]: s["chunks"] for s in store.list_sources()}
    gone = reports / "report_1.txt"
    gone.unlink()
    gone_key = str(gone.resolve())
    args = ("--store", str(hash_settings.store))  # neither command needs the embedder

    code, out, err = cli("corpus", "list", *args, "--json")
    assert code == 0, err
    listed = {s["source"]: s["missing"] for s in json.loads(out)["sources"]}
    assert listed == {s: s == gone_key for s in before}
    code, out, _ = cli("corpus", "list", *args)
    assert code == 0 and "缺失" in out and "bigan corpus prune" in out

    # dry run: lists, changes nothing
    revision = open_store(hash_settings)._collections().revision
    code, _, err = cli("corpus", "prune", *args, "--dry-run")
    assert code == 0 and "将删除" in err and "report_1.txt" in err and "未改动" in err
    store = open_store(hash_settings)
    assert store.count() == sum(before.values()) and len(store.list_sources()) == 3
    assert store._collections().revision == revision

    code, out, _ = cli("corpus", "prune", *args, "--json")
    assert code == 0 and json.loads(out) == {"dry_run": False, "removed": {gone_key: before[gone_key]}}
    store = open_store(hash_settings)
    assert {s["source"] for s in store.list_sources()} == set(before) - {gone_key}
    assert store.count() == sum(n for s, n in before.items() if s != gone_key)
    assert not list(store.iter_chunks(where={"source": gone_key}))
    hits = store.search("意识形态工作责任制", k=5)  # TOPICS[1] lived only in the pruned file
    assert hits and all(h.metadata["source"] != gone_key for h in hits)
    assert any(TOPICS[0] in h.text or TOPICS[2] in h.text for h in store.search("理论学习中心组", k=5))

    code, _, err = cli("corpus", "prune", *args)
    assert code == 0 and "没有缺失的源文件" in err


def test_prune_also_removes_unrecorded_chunks_of_a_missing_file(hash_settings, reports, tmp_path):
    store = open_store(hash_settings)
    store.ingest([reports])
    # chunks written without a manifest record (an ingest killed mid-file), then the file deleted
    from store_support import make_doc, sec

    doc = make_doc(sections=[sec(1, "一、", "主要工作", ["抓好巡察整改落实。"], role="work")])
    ghost = str(tmp_path / "deleted_meanwhile.txt")
    orphans: list[Chunk] = chunk_document(doc, ghost)
    store.add_chunks(orphans)
    count = store.count()
    assert open_store(hash_settings).prune(dry_run=True) == {ghost: len(orphans)}
    assert open_store(hash_settings).count() == count
    assert open_store(hash_settings).prune() == {ghost: len(orphans)}
    assert open_store(hash_settings).count() == count - len(orphans)
    assert len(open_store(hash_settings).list_sources()) == 3


def test_prune_on_a_store_that_does_not_exist_creates_nothing(hash_settings):
    assert open_store(hash_settings).prune() == {}
    assert not hash_settings.store.exists()
