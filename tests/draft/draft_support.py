"""Constants and helpers for the draft tests (a unique module name: `conftest` is ambiguous
across areas, so tests import from here, never from conftest)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
DATA = Path(__file__).resolve().parent / "data"
API_KEY = "sk-test-DO-NOT-LEAK-4242"


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
