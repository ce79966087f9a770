"""Fixtures for the extract tests: the fictional departments' materials, built in a temporary folder."""

from __future__ import annotations

import pytest

from extract_support import HELDOUT, build_materials, spec  # noqa: E402


@pytest.fixture
def materials(tmp_path):
    """(folder, spec) of the 2024 materials of 中共岚溪县委宣传部 (work_summary)."""
    data = spec()
    return build_materials(tmp_path / "材料", data), data


@pytest.fixture
def heldout(tmp_path):
    """(folder, spec) of the held-out set written after the rules (岚溪县市场监督管理局)."""
    data = spec(HELDOUT)
    return build_materials(tmp_path / "留出材料", data), data
