"""Constants and helpers for the draft tests (a unique module name: `conftest` is ambiguous
across areas, so tests import from here, never from conftest)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
DATA = Path(__file__).resolve().parent / "data"
API_KEY = "sk-test-DO-NOT-LEAK-4242"


def section_task(**over):
    """A work sub-section of an integrity report with two facts; ``over`` replaces any field."""
    from pipeline.draft.task import SectionTask

    values = dict(genre="integrity_report", genre_name="党风廉政建设责任制落实情况汇报", unit="中共示例县委办公室", year=2024,
                  title="标题", section_id="work.1", heading="压实主体责任", role="work", parent_id="work",
                  facts=["召开专题会议4次。", "签订责任书26份；覆盖全部股室"])
    values.update(over)
    return SectionTask(**values)


def example_sheets() -> list[Path]:
    """examples/<genre>.yaml (the content area's), else our own fixtures."""
    found = sorted(EXAMPLES.glob("*.yaml"))
    return found or sorted(DATA.glob("*.yaml"))


def generate_at_once(model, messages, n: int) -> float:
    """``n`` threads ask ``model`` the same thing at once; returns the seconds until all are answered."""
    import threading
    import time

    threads = [threading.Thread(target=model.generate, args=(messages,)) for _ in range(n)]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.monotonic() - start


class RecordedEvents:
    """A drafting run's events listener that keeps every event, in order, as
    (method name, section id, the other arguments)."""

    def __init__(self) -> None:
        import threading

        self.log: list[tuple[str, str, dict]] = []
        self._lock = threading.Lock()

    def _add(self, name: str, section_id: str, **data) -> None:
        with self._lock:
            self.log.append((name, section_id, data))

    def section_started(self, section_id: str, heading: str) -> None:
        self._add("section_started", section_id, heading=heading)

    def section_token(self, section_id: str, text: str) -> None:
        self._add("section_token", section_id, text=text)

    def section_retry(self, section_id: str, attempt: int, reason: str) -> None:
        self._add("section_retry", section_id, attempt=attempt, reason=reason)

    def section_done(self, section_id: str, *, seconds: float, chars: int, fallback: str | None = None,
                     problems=()) -> None:
        self._add("section_done", section_id, seconds=seconds, chars=chars, fallback=fallback, problems=problems)

    def section_failed(self, section_id: str, error: str) -> None:
        self._add("section_failed", section_id, error=error)

    def section_skipped(self, section_id: str, heading: str) -> None:
        self._add("section_skipped", section_id, heading=heading)

    def warning(self, message: str, section_id: str = "") -> None:
        self._add("warning", section_id, message=message)


class FakeModel:
    """A ChatModel (``draft.model.ChatModel``) that answers from a list and records what it was asked."""

    name = "fake"
    offline = False

    def __init__(self, *replies: str) -> None:
        import threading

        self.replies = list(replies)
        self.calls: list[list[dict]] = []
        self.lock = threading.Lock()

    def generate(self, messages, *, on_token=None, task=None, on_retry=None, max_tokens=None, max_chars=None):
        from pipeline.draft.chat import Reply

        with self.lock:
            self.calls.append(messages)
            text = self.replies.pop(0) if self.replies else "好。"
        if on_token:
            on_token(text)
        return Reply(text=text, model=self.name, tokens_in=10, tokens_out=5, finish_reason="stop", seconds=0.01)


class LengthCutModel(FakeModel):
    """Every reply stops at max_tokens (finish reason "length")."""

    def generate(self, messages, *, on_token=None, task=None, on_retry=None, max_tokens=None, max_chars=None):
        reply = super().generate(messages, on_token=on_token, task=task, max_tokens=max_tokens, max_chars=max_chars)
        reply.finish_reason = "length"
        return reply


class FakeStore:
    """A corpus (``store.protocol.Corpus``) holding ``hits``; every search returns the first ``k``
    not from ``exclude_sources`` and is recorded as (query, k, genre, role)."""

    def __init__(self, hits) -> None:
        self.hits = hits
        self.queries: list[tuple] = []

    def search(self, query, k=5, genre=None, role=None, year=None, exclude_sources=()):
        self.queries.append((query, k, genre, role))
        left_out = set(exclude_sources)
        return [h for h in self.hits if (h.metadata or {}).get("source") not in left_out][:k]

    def iter_chunks(self):
        from pipeline.types import Chunk

        for hit in self.hits:
            yield Chunk(id=hit.id, text=hit.text, heading_path=[], metadata=dict(hit.metadata or {}))

    def count(self) -> int:
        return len(self.hits)


class BrokenStore(FakeStore):
    """A corpus whose server is down: every call fails."""

    def __init__(self) -> None:
        super().__init__([])

    def search(self, query, k=5, genre=None, role=None, year=None, exclude_sources=()):
        raise RuntimeError("chroma is down")

    def iter_chunks(self):
        raise RuntimeError("chroma is down")

    def count(self) -> int:
        raise RuntimeError("chroma is down")
