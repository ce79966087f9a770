"""BM25 over jieba tokens; RRF fusion and diversity across sources."""

from __future__ import annotations

import bm25s

from pipeline.store.bm25 import Bm25Index, tokenize
from pipeline.store.retrieve import diversify, hybrid_search, rrf_fuse
from pipeline.types import SearchHit


def test_chinese_is_split_into_words_not_one_token_per_run():
    text = "县委理论学习中心组集中学习，落实意识形态工作责任制"
    tokens = tokenize(text)
    # bm25s' own splitter keeps the whole run as one token: useless for Chinese
    assert len(bm25s.tokenize([text], stopwords=None, return_ids=False)[0]) <= 2
    for word in ("理论学习中心组", "中心组", "学习", "意识形态", "责任制"):
        assert word in tokens, word
    assert "，" not in tokens and "的" not in tokenize("学习的效果")


def test_index_ranks_filters_and_round_trips(tmp_path):
    rows = [
        ("a", "理论学习中心组集中学习12次", {"source": "s1", "genre": "work_summary", "role": "work", "year": 2022}),
        ("b", "意识形态工作责任制落实不够到位", {"source": "s2", "genre": "inspection_report", "role": "problems", "year": 2021}),
        ("c", "下步将持续加强理论学习", {"source": "s2", "genre": "inspection_report", "role": "plans", "year": 2021}),
        ("d", "基本情况：全局共有干部XX名", {"source": "s3", "role": "basic_info"}),
    ]
    index = Bm25Index.build(tmp_path / "bm25", "rev1", rows)
    assert index.search("理论学习中心组", 5)[0][0] == "a"
    assert {i for i, _ in index.search("理论学习", 5)} == {"a", "c"}  # only chunks sharing a word
    assert [i for i, _ in index.search("理论学习", 5, role="plans")] == ["c"]
    assert [i for i, _ in index.search("理论学习", 5, year=2022)] == ["a"]
    assert [i for i, _ in index.search("理论学习", 5, exclude_sources=("s1",))] == ["c"]
    assert index.search("理论学习", 5, genre="duty_report") == []
    assert index.search("，。", 5) == []
    loaded = Bm25Index.load(tmp_path / "bm25")
    assert loaded.is_current("rev1", 4) and not loaded.is_current("rev2", 4)
    assert loaded.search("意识形态", 5)[0][0] == "b"
    assert Bm25Index.load(tmp_path / "missing") is None
    empty = Bm25Index.build(tmp_path / "empty", "r", [])
    assert empty.search("学习", 3) == []


def test_rrf_prefers_what_both_rankings_like():
    fused = rrf_fuse([["a", "b", "c"], ["d", "b", "e"]])
    ids = [i for i, _ in fused]
    assert ids[0] == "b"  # 2nd in both beats 1st in one
    assert set(ids) == {"a", "b", "c", "d", "e"}
    assert all(x[1] >= y[1] for x, y in zip(fused, fused[1:]))


def _hit(i, source):
    return SearchHit(id=i, text=i, score=0.0, metadata={"source": source})


def test_diversity_caps_hits_per_source_unless_short():
    ranked = [_hit("a1", "A"), _hit("a2", "A"), _hit("a3", "A"), _hit("b1", "B"), _hit("a4", "A"), _hit("c1", "C")]
    assert [h.id for h in diversify(ranked, 4)] == ["a1", "a2", "b1", "c1"]
    # not enough other sources: fill with the best of the rest, in fused order
    assert [h.id for h in diversify(ranked, 5)] == ["a1", "a2", "a3", "b1", "c1"]
    assert [h.id for h in diversify(ranked[:3], 3)] == ["a1", "a2", "a3"]


def test_hybrid_search_fuses_fetches_scores_and_diversifies():
    docs = {i: _hit(i, i[0].upper()) for i in ("a1", "a2", "a3", "b1", "c1")}
    hits = hybrid_search(
        "问题", 3,
        dense=lambda n: ["a1", "a2", "a3", "b1"][:n],
        lexical=lambda n: ["a3", "a1", "c1"][:n],
        fetch=lambda ids: [docs[i] for i in ids if i in docs],
    )
    # fused: a1, a3, a2, c1, b1 -> a2 is a third hit from source A, so c1 takes its place
    assert [h.id for h in hits] == ["a1", "a3", "c1"]
    assert hits[0].score > hits[-1].score > 0
    assert hybrid_search("  ", 3, dense=lambda n: ["a1"], lexical=lambda n: [], fetch=lambda ids: []) == []


def test_rebuild_reuses_cached_tokens_and_matches_a_fresh_build(tmp_path, monkeypatch):
    rows = [(f"c{i}", f"第{i}项：理论学习中心组集中学习，落实意识形态工作责任制", {"source": f"s{i % 3}"}) for i in range(30)]
    Bm25Index.build(tmp_path / "ix", "r1", rows)
    more = rows[5:] + [("new", "巡察整改落实情况", {"source": "s9"})]
    calls = []
    import pipeline.store.bm25 as bm25_module

    real = bm25_module.tokenize
    monkeypatch.setattr(bm25_module, "tokenize", lambda text: calls.append(text) or real(text))
    rebuilt = Bm25Index.build(tmp_path / "ix", "r2", more)
    assert calls == ["巡察整改落实情况"]  # only the new chunk was tokenised
    fresh = Bm25Index.build(tmp_path / "fresh", "r2", more)
    for query in ("理论学习中心组", "巡察整改", "第7项"):
        assert rebuilt.search(query, 10) == fresh.search(query, 10)
    assert "c0" not in {i for i, _ in rebuilt.search("理论学习", 40)}
