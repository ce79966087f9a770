"""Fixtures of the store area: documents built by hand, settings for a tmp store."""

from __future__ import annotations

import pytest

from pipeline.config import load_settings
from pipeline.types import Document, Section


def make_doc(title="某县某局2022年度工作总结", genre="work_summary", year=2022, org_level="县", sections=None,
             preamble=("根据工作安排，现将有关情况报告如下。",)) -> Document:
    return Document(title=title, genre=genre, year=year, org_level=org_level, text="", preamble=list(preamble),
                    sections=list(sections or []))


def sec(level, marker, heading, paragraphs=(), children=(), role=None) -> Section:
    return Section(level=level, marker=marker, heading=heading, role=role, paragraphs=list(paragraphs),
                   children=list(children))


@pytest.fixture
def hash_settings(tmp_path):
    """A tmp embedded store with the instant, model-free hash embedder (store mechanics tests)."""
    return load_settings(store=tmp_path / "store", embedding="hash:64")


@pytest.fixture
def use_settings(tmp_path):
    """A tmp embedded store with the default (bundled USE) embedder."""
    return load_settings(store=tmp_path / "store")
