"""Fixtures of the checks area: the demo corpus (the real-model drafts in ../shared: tests/conftest.py)."""

from __future__ import annotations

import pytest

from pipeline.resources import repo_dir


@pytest.fixture(scope="session")
def demo_corpus() -> dict[str, str]:
    """corpus/samples parsed as ingest reads them: {file name: text} (the demo store's texts)."""
    from pipeline.ingest import parse_file

    samples = sorted((repo_dir() / "corpus" / "samples").glob("*.*"))
    return {p.name: d.text for p in samples for d in parse_file(p).documents}
