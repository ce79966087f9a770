"""End to end: every example fact sheet, drafted offline by `bigan draft`, exported by
`bigan export`, and the .docx read back."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from pipeline.draftio import load_draft

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))


@pytest.mark.slow
@pytest.mark.parametrize("facts", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_drafted_offline_exports_to_gbt9704(facts, cli, tmp_path):
    draft_json = tmp_path / "draft.json"
    code, _, err = cli("draft", facts, "--json", draft_json)
    if code != 0 or not draft_json.is_file():
        pytest.skip(f"bigan draft could not draft {facts.name} here: {err.strip()[:200]}")
    code, out, err = cli("export", draft_json, "-o", tmp_path / "out.docx", "--md", tmp_path / "out.md")
    assert code == 0, err
    draft = load_draft(draft_json)
    doc = open_docx(str(tmp_path / "out.docx"))
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) <= Mm(1) and abs(section.top_margin - Mm(37)) <= Mm(1)
    assert abs(section.left_margin - Mm(28)) <= Mm(1) and abs(section.right_margin - Mm(26)) <= Mm(1)
    printed = [p.text for p in doc.paragraphs]
    for sec in draft.sections:
        if sec.heading:
            assert any(sec.heading in t for t in printed), sec.heading
        for line in sec.text.split("\n"):
            if line.strip():
                assert any(line.strip() in t for t in printed), (sec.id, line[:40])
    body = [p for p in doc.paragraphs if p.style.name == "公文正文"]
    assert body
    for par in body:
        assert par.style.paragraph_format.first_line_indent == Pt(32)
        assert par.style.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
        for run in par.runs:
            rf = run._r.rPr.find(qn("w:rFonts"))
            assert len({rf.get(qn(a)) for a in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")}) == 1
            assert run.font.size == Pt(16)
    assert doc.core_properties.title == draft.meta.title.replace("\n", "")
    if draft.meta.offline:
        assert "离线草稿（未使用大模型）" in doc.core_properties.comments
    md = (tmp_path / "out.md").read_text(encoding="utf-8")
    assert md.startswith("# ")
