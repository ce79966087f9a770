"""Fixtures of the store area: documents built by hand, settings for a tmp store."""

from __future__ import annotations

import pytest

from pipeline.config import load_settings
from store_support import TOPICS, report_text


@pytest.fixture
def hash_settings(tmp_path):
    """A tmp embedded store with the instant, model-free hash embedder (store mechanics tests)."""
    return load_settings(store=tmp_path / "store", embedding="hash:64")


@pytest.fixture
def use_settings(tmp_path):
    """A tmp embedded store with the default (bundled USE) embedder."""
    return load_settings(store=tmp_path / "store")


@pytest.fixture
def reports(tmp_path):
    """Three small reports on disk for ingest tests."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for i, topic in enumerate(TOPICS[:3]):
        (folder / f"report_{i}.txt").write_text(report_text(f"某县第{i + 1}局", 2020 + i, topic), encoding="utf-8")
    return folder
