"""copying.py's input edge: source_texts turns each corpus form into (source, text) pairs, copy_index
indexes pairs only, corpus_index is what check_draft and the gates call with a corpus as given."""

from __future__ import annotations

from pipeline.checks.copying import CopyIndex, copy_index, corpus_index, source_texts
from pipeline.types import Chunk

TEXT_A = "局党组把河湖长制工作与党风廉政建设同部署，建立县乡村三级河湖长巡河履职台账，对巡河发现的问题实行清单化管理。"
TEXT_B = "县委巡察办组织开展专项督查，对发现的问题建立整改台账，逐项明确责任单位和完成时限，按月调度整改进展情况。"


class _Store:
    """What a corpus store offers copying: its chunks."""

    def __init__(self, chunks: list[Chunk]):
        self.chunks = chunks

    def iter_chunks(self):
        return iter(self.chunks)


def test_source_texts_of_each_form():
    pairs = [("甲县.docx", TEXT_A), ("乙县.docx", TEXT_B)]
    assert source_texts(dict(pairs)) == pairs
    assert source_texts(pairs) == pairs
    assert source_texts([TEXT_A, TEXT_B]) == [("范文1", TEXT_A), ("范文2", TEXT_B)]
    chunks = [Chunk("c1", TEXT_A, [], {"source": "甲县.docx"}), Chunk("c2", TEXT_B, [], {"title": "乙县汇报"})]
    assert source_texts(chunks) == [("甲县.docx", TEXT_A), ("乙县汇报", TEXT_B)]
    assert source_texts(_Store(chunks)) == source_texts(chunks)
    assert source_texts(CopyIndex(pairs)) == pairs


def test_copy_index_takes_pairs_and_leaves_out_the_checked_file():
    index = copy_index([("甲县.docx", TEXT_A), ("乙县.docx", TEXT_B)], exclude="some/dir/甲县.docx", min_chars=20)
    assert [src for src, _ in index.sources] == ["乙县.docx"]
    assert index.passages("开头。" + TEXT_B) == [(3, 3 + len(TEXT_B), "乙县.docx")]
    assert copy_index([("甲县.docx", TEXT_A)], exclude="甲县.docx") is None  # nothing left: no index


def test_corpus_index_keeps_an_index_or_builds_one():
    assert corpus_index(None) is None
    plain = copy_index([("甲县.docx", TEXT_A)], min_chars=20)
    assert corpus_index(plain, min_chars=20) is plain  # the same normalisation: used as it is
    skeleton = corpus_index(plain, min_chars=20, skeleton=True)
    assert skeleton is not plain and skeleton.skeleton and skeleton.sources == plain.sources
    from_store = corpus_index(_Store([Chunk("c1", TEXT_A, [], {"source": "甲县.docx"})]), min_chars=20)
    assert from_store.sources == [("甲县.docx", TEXT_A)]
