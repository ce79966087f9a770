"""The visual check: LibreOffice renders the .docx; the PDF shows the GB/T 9704 grid.

Needs soffice and pdftoppm (Debian: libreoffice-writer-nogui, poppler-utils, CJK fonts); skipped
without them.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from export_drafts import long_draft
from pipeline.draftio import save_draft
from pipeline.export.preview import render_preview

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftoppm")), reason="LibreOffice/poppler not installed"),
]


def test_preview_pages_grid_and_fonts(tmp_path):
    draft = tmp_path / "long.json"
    save_draft(long_draft(), draft)
    pages = render_preview(draft, tmp_path / "preview", dpi=40)
    assert len(pages) >= 2 and all(p.stat().st_size > 1000 for p in pages)
    pdf = tmp_path / "preview" / "long.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    page_texts = text.split("\f")
    assert "— 1 —" in page_texts[0].replace("—1—", "— 1 —")
    assert re.search(r"—\s*2\s*—", page_texts[1])
    # 28 characters a line: full continuation lines of body text hold 28 characters (digits
    # count half); 22 lines a page: a full page carries 21-22 text lines besides the page number.
    full_pages = [page for page in page_texts if page.strip()][1:-1]  # not the title page, not the last
    assert full_pages
    for page in full_pages:
        body_lines = [re.sub(r"\s", "", line) for line in page.splitlines() if line.strip() and "—" not in line]
        widths = [sum(1 if ord(c) > 0x2E80 else 0.5 for c in line) for line in body_lines]
        assert 27.5 <= max(widths) <= 29, body_lines  # 29: a hanging 。 at the line end
        assert 21 <= len(body_lines) <= 22, body_lines
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    # Each level reached LibreOffice as its own face (no silent fallback to one font).
    assert "UKai" in fonts and "UMing" in fonts and "Sans" in fonts and "Serif" in fonts
