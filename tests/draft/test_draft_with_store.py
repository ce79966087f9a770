"""Drafting with a real corpus store (hash embeddings: no model files): sources recorded, nothing copied."""

from __future__ import annotations

import re

import pytest
from draft_support import EXAMPLES, REPO

from pipeline.checks.grounding import ungrounded_numbers
from pipeline.config import load_settings
from pipeline.schema.factsheet_io import load_factsheet
from pipeline.draft.runner import run_draft
from pipeline.draft.whole import grounding_facts
from pipeline.testing.openai_server import OpenAIStubServer

SAMPLES = REPO / "corpus" / "samples"


@pytest.fixture
def filled_store(tmp_path):
    samples = sorted(p for p in SAMPLES.glob("integrity_report_*") if p.is_file())
    if not samples:
        pytest.skip("corpus/samples has no integrity reports yet")
    from pipeline.store.corpus import open_store

    settings = load_settings(store=tmp_path / "store", embedding="hash")
    open_store(settings).ingest(samples)
    return settings


@pytest.mark.slow
def test_offline_draft_records_sources_and_copies_no_numbers(filled_store):
    facts = EXAMPLES / "integrity_report.yaml"
    draft = run_draft(facts, filled_store)
    drafted = [s for s in draft.sections if s.text]
    assert drafted and all(s.sources for s in drafted)
    assert all(src.id and src.source for s in drafted for src in s.sources)
    allowed = grounding_facts(load_factsheet(facts))
    for s in drafted:
        assert not ungrounded_numbers(s.text, allowed), s.id


@pytest.mark.slow
@pytest.mark.server
def test_model_prompt_carries_exemplars(filled_store, small_sheet):
    settings = filled_store.model_copy(update={"model": "stub", "no_cache": True, "exemplars": 1})
    with OpenAIStubServer(default_reply="扎实推进各项工作。") as srv:
        settings = settings.model_copy(update={"base_url": srv.base_url})
        draft = run_draft(small_sheet, settings)
    prompts = [r["json"]["messages"][-1]["content"] for r in srv.chat_requests]
    assert all("写法参考1" in p for p in prompts)
    assert all(re.search(r"只学句式", p) for p in prompts)
    assert all(s.sources for s in draft.sections if s.text)
