"""Fixtures of the export tests: drafts of every genre's shape (see export_drafts.py)."""

from __future__ import annotations

import pytest
from docx import Document as open_docx

from export_drafts import integrity_draft, seminar_draft


@pytest.fixture
def integrity():
    return integrity_draft()


@pytest.fixture
def seminar():
    return seminar_draft()


@pytest.fixture
def read_back(tmp_path):
    """Render a draft with render_docx and open the file again with python-docx."""
    from pipeline.export.docx import render_docx

    def run(draft, style=None, name="out.docx"):
        path = render_docx(draft, tmp_path / name, style)
        return open_docx(str(path))

    return run
