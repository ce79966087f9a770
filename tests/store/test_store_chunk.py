"""Chunks follow sections, carry their heading path and flat metadata, and have stable ids."""

from __future__ import annotations

from store_support import make_doc, sec

from pipeline.store.chunk import (
    MAX_TOKENS, PATH_SEP, chunk_document, context_text, count_placeholders, heading_path_of, split_paragraphs,
)
from pipeline.store.tokens import count_tokens

LONG_PARA = "坚持把学习贯彻习近平新时代中国特色社会主义思想作为首要政治任务，理论学习中心组集中学习不断深化。" * 6


def sample_doc():
    doc = make_doc(sections=[
        sec(1, "一、", "主要工作及成效", role="work", paragraphs=["一年来，我局坚持稳中求进。"], children=[
            sec(2, "（一）", "加强理论武装", paragraphs=[LONG_PARA] * 8),
            sec(2, "（二）", "压实主体责任", paragraphs=["签订责任书XX份。", "开展廉政谈话***人次。"]),
        ]),
        sec(1, "二、", "存在的问题", role="problems", paragraphs=["一是学习不够深入。", "二是作风有待改进。"]),
    ])
    doc.closing = ["特此报告。", "某县某局", "2022年12月20日"]
    return doc


def test_chunks_follow_sections_with_heading_paths_and_cover_every_paragraph():
    doc = sample_doc()
    chunks = chunk_document(doc, "/x/a.txt")
    paths = [c.heading_path for c in chunks]
    assert paths[0] == []  # the opening paragraphs
    assert ["一、主要工作及成效"] in paths  # a parent's own lead-in text
    assert ["一、主要工作及成效", "（二）压实主体责任"] in paths
    long_runs = [c for c in chunks if c.heading_path[-1:] == ["（一）加强理论武装"]]
    assert len(long_runs) > 1  # a long section becomes several runs of its paragraphs
    assert all(count_tokens(c.text) <= MAX_TOKENS for c in chunks)
    # nothing lost, nothing duplicated: every paragraph's text is in exactly the chunks' text
    joined = "".join(c.text.replace("\n", "") for c in chunks)
    expected = "".join(doc.preamble) + "".join("".join(s.paragraphs) for s in doc.walk()) + "".join(doc.closing)
    assert joined == expected
    assert [c.metadata["part"] for c in chunks][0] == "opening" and chunks[-1].metadata["part"] == "closing"
    assert chunks[-1].heading_path == [] and chunks[-1].metadata["role"] == "other"


def test_metadata_is_flat_and_complete():
    chunks = chunk_document(sample_doc(), "/x/a.txt", doc_index=1)
    for i, c in enumerate(chunks):
        m = c.metadata
        assert all(isinstance(v, (str, int, float, bool)) for v in m.values())
        for key in ("source", "title", "genre", "year", "org_level", "role", "heading_path", "level",
                    "placeholders", "content_hash", "doc_index", "chunk_index"):
            assert key in m, key
        assert m["chunk_index"] == i and m["doc_index"] == 1
        assert heading_path_of(m) == c.heading_path
        assert m["heading_path"] == PATH_SEP.join(c.heading_path)
    by_path = {c.metadata["heading_path"]: c for c in chunks}
    sub = by_path["一、主要工作及成效 › （二）压实主体责任"]
    assert sub.metadata["role"] == "work"  # inherited from the level-1 section
    assert sub.metadata["level"] == 2
    assert sub.metadata["placeholders"] == 2  # XX and ***
    assert by_path["二、存在的问题"].metadata["role"] == "problems"
    opening = chunks[0]
    assert opening.metadata["role"] == "other" and opening.metadata["level"] == 0 and opening.heading_path == []


def test_ids_are_stable_and_unique():
    a = chunk_document(sample_doc(), "/x/a.txt")
    b = chunk_document(sample_doc(), "/x/a.txt")
    assert [c.id for c in a] == [c.id for c in b]
    assert len({c.id for c in a}) == len(a)  # identical paragraphs under one heading still unique
    other = chunk_document(sample_doc(), "/x/b.txt")
    assert not {c.id for c in a} & {c.id for c in other}


def test_one_huge_paragraph_without_punctuation_is_cut_by_tokens():
    runs = split_paragraphs(["理论学习" * 400], budget=100)
    assert len(runs) > 5
    assert all(count_tokens(r) <= 100 for r in runs)
    assert "".join(runs) == "理论学习" * 400


def test_unknown_values_are_left_out_and_context_includes_the_path():
    doc = make_doc(genre=None, year=None, org_level=None, sections=[sec(1, "一、", "基本情况", ["全局共有干部XX名。"])])
    [opening, body] = chunk_document(doc, "s")
    assert "genre" not in body.metadata and "year" not in body.metadata and "role" not in body.metadata
    assert context_text(body.heading_path, body.text) == "一、基本情况\n全局共有干部XX名。"


def test_legacy_placeholders_counted_but_not_look_alikes():
    assert count_placeholders("20XX年，开展X次检查，x余次，涉及***人") >= 4
    assert count_placeholders("拍摄X光片，规格156×225毫米，二〇二四年") == 0
