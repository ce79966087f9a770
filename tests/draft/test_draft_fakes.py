"""The test fakes implement the protocols they stand in for, fully: every method, every parameter
of the same kind and default (so production code never grows a path around a fake)."""

from __future__ import annotations

import pytest
from draft_support import BrokenStore, FakeModel, FakeStore, LengthCutModel, RecordedEvents

from pipeline.draft.events import DraftEvents, NullEvents
from pipeline.draft.chat import ChatModel
from pipeline.draft.model import OpenAIChatModel
from pipeline.draft.offline import OfflineComposer
from pipeline.store.corpus import CorpusStore
from pipeline.store.protocol import Corpus
from pipeline.testing.protocols import protocol_gaps

FAKES = [
    (FakeModel("好。"), ChatModel),
    (LengthCutModel("好。"), ChatModel),
    (FakeStore([]), Corpus),
    (BrokenStore(), Corpus),
    (RecordedEvents(), DraftEvents),
    (NullEvents(), DraftEvents),
]


@pytest.mark.parametrize("fake, protocol", FAKES, ids=lambda x: type(x).__name__ if not isinstance(x, type) else x.__name__)
def test_each_fake_implements_its_protocol(fake, protocol):
    assert isinstance(fake, protocol)
    assert protocol_gaps(fake, protocol) == []


def test_the_real_ones_implement_it_too():
    from pipeline.config import load_settings

    endpoint = OpenAIChatModel(load_settings(model="stub-model", base_url="http://127.0.0.1:9/v1"))  # never called
    assert protocol_gaps(endpoint, ChatModel) == []
    assert protocol_gaps(OfflineComposer(), ChatModel) == []
    assert protocol_gaps(CorpusStore, Corpus) == []


def test_the_local_bench_recorder_passes_every_argument_on():
    import importlib.util

    from draft_support import REPO

    spec = importlib.util.spec_from_file_location("draft_local", REPO / "bench" / "draft_local.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    recorder = bench.Recorder(FakeModel("好。"))
    assert protocol_gaps(recorder, ChatModel) == []
    got: list[str] = []
    assert recorder.generate([{"role": "user", "content": "写"}], on_token=got.append, max_chars=10).text == "好。"
    assert got == ["好。"] and len(recorder.calls) == 1 and recorder.calls[0]["finish"] == "stop"


def test_revisions_store_without_some_sources_is_a_corpus_too():
    from pipeline.revise.bridge import ExcludingStore
    from pipeline.types import SearchHit

    hits = [SearchHit(id=f"c{i}", text="正文", score=1.0, metadata={"source": f"{i}.docx"}) for i in range(4)]
    store = ExcludingStore(FakeStore(hits), ("0.docx",), exclude_ids=("c1",))
    assert protocol_gaps(store, Corpus) == [] and isinstance(store, Corpus)
    assert [h.id for h in store.search("正文", k=2, genre="work_summary")] == ["c2", "c3"]  # 0.docx and c1 left out
    assert store.store.queries == [("正文", 3, "work_summary", None)]  # one more asked for: the id is dropped here
    assert store.count() == 4


def test_a_fake_short_of_the_protocol_is_caught():
    class Lax:
        name = "lax"

        def generate(self, messages, **kw):
            return None

    class Strict(FakeModel):
        def generate(self, messages, on_token, *, task=None, on_retry=None, max_tokens=None, max_chars=1):
            return None

    assert protocol_gaps(Lax, ChatModel) == ["lacks attribute offline"] + [
        f"generate() lacks parameter {p}" for p in ("on_token", "task", "on_retry", "max_tokens", "max_chars")]
    assert protocol_gaps(Strict, ChatModel) == ["generate() requires on_token, which the protocol makes optional",
                                                "generate() defaults max_chars to 1, not None"]

    class Short:
        def search(self, query, k=5, genre=None, role=None, **_):
            return []

        def count(self, where) -> int:
            return 0

    assert protocol_gaps(Short(), Corpus) == [
        "count() requires where, which the protocol does not pass",
        "lacks method iter_chunks()",
        "search() lacks parameter year",
        "search() lacks parameter exclude_sources",
    ]
