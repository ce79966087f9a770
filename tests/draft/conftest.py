"""Fixtures for the draft area: example fact sheets, settings pointing at the local test server."""

from __future__ import annotations

from pathlib import Path

import pytest

from draft_support import API_KEY  # noqa: E402


@pytest.fixture
def stub_settings(tmp_path):
    """Settings for an OpenAI-compatible endpoint at ``base_url`` (a started OpenAIStubServer)."""
    from pipeline.config import load_settings

    def make(base_url: str, **over):
        values = dict(model="stub-model", base_url=base_url, api_key=API_KEY, timeout=2.0, max_retries=3,
                      concurrency=4, cache_dir=tmp_path / "cache", no_cache=True)
        values.update(over)
        return load_settings(**values)

    return make


@pytest.fixture
def small_sheet(tmp_path) -> Path:
    """A small integrity-report fact sheet with two sub-sections."""
    path = tmp_path / "small.yaml"
    path.write_text(
        "genre: integrity_report\n"
        "unit: 中共示例县委办公室\n"
        "year: 2024\n"
        "addressee: 考核组的各位领导\n"
        "signature: 中共示例县委办公室\n"
        "date: 2024-12-20\n"
        "sections:\n"
        "  basic_info:\n"
        "    - 内设股室5个，在编干部职工28人，其中党员23人\n"
        "  work:\n"
        "    - heading: 压实主体责任\n"
        "      facts:\n"
        "        - 召开专题会议研究党风廉政建设4次\n"
        "        - 签订党风廉政建设责任书26份\n"
        "    - heading: 加强纪律教育\n"
        "      facts:\n"
        "        - 开展警示教育3次，参学干部112人次\n"
        "  problems:\n"
        "    - 廉政风险点排查不够深入\n"
        "  plans:\n"
        "    - 每季度开展1次廉政警示教育\n",
        encoding="utf-8",
    )
    return path
