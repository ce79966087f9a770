"""Helpers for the revise tests (a unique module name: tests import from here, never from conftest)."""

from __future__ import annotations

import json


def sse_events(text: str) -> list[tuple[str, object]]:
    """A server-sent-events body as [(event, data)]."""
    out = []
    for frame in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in frame.split("\n"))
        out.append((lines["event"], json.loads(lines["data"])))
    return out
