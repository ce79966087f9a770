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
