"""Fixtures of the checks area: the real-model drafts in ../shared and the demo corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.resources import repo_dir

REAL_MODEL = Path(os.environ.get("BIGAN_SHARED", repo_dir().parent / "shared")) / "samples" / "real-model"


@pytest.fixture(scope="session")
def real_model_dir() -> Path:
    """../shared/samples/real-model: what a real small model drafted (read, never copied)."""
    if not REAL_MODEL.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"../shared/samples/real-model is missing in CI: {REAL_MODEL}")
        pytest.skip("../shared/samples/real-model not present beside the checkout")
    return REAL_MODEL


@pytest.fixture(scope="session")
def demo_corpus() -> dict[str, str]:
    """corpus/samples parsed as ingest reads them: {file name: text} (the demo store's texts)."""
    from pipeline.ingest import parse_file

    samples = sorted((repo_dir() / "corpus" / "samples").glob("*.*"))
    return {p.name: d.text for p in samples for d in parse_file(p).documents}
