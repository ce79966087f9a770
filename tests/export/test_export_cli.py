"""`bigan export DRAFT.json [-o out.docx] [--md out.md] [--style FILE]`."""

from __future__ import annotations

from docx import Document as open_docx

from export_drafts import rectification_draft
from pipeline.draftio import save_draft


def test_export_docx_and_markdown(cli, tmp_path, integrity):
    draft = tmp_path / "draft.json"
    save_draft(integrity, draft)
    code, out, err = cli("export", draft, "-o", tmp_path / "out" / "报告.docx", "--md", tmp_path / "out" / "报告.md")
    assert code == 0, err
    doc = open_docx(str(tmp_path / "out" / "报告.docx"))
    assert doc.paragraphs[0].text == "青山县市场监督管理局2024年度"
    md = (tmp_path / "out" / "报告.md").read_text(encoding="utf-8")
    assert md.startswith("# 青山县市场监督管理局2024年度落实党风廉政建设责任制情况汇报\n")
    assert "2 处【待补充" in out and "离线草稿" in out


def test_default_output_beside_the_draft(cli, tmp_path):
    draft = tmp_path / "rect.json"
    save_draft(rectification_draft(), draft)
    code, out, err = cli("export", draft)
    assert code == 0, err
    assert (tmp_path / "rect.docx").is_file() and not (tmp_path / "rect.md").exists()
    code, _, err = cli("export", draft, "--md", tmp_path / "only.md")
    assert code == 0, err
    assert (tmp_path / "only.md").is_file()


def test_style_option(cli, tmp_path, integrity):
    draft = tmp_path / "draft.json"
    save_draft(integrity, draft)
    style = tmp_path / "style.yaml"
    style.write_text("body:\n  size_pt: 15\n", encoding="utf-8")
    code, _, err = cli("export", draft, "-o", tmp_path / "a.docx", "--style", style)
    assert code == 0, err
    body = next(p for p in open_docx(str(tmp_path / "a.docx")).paragraphs if p.style.name == "公文正文")
    assert body.runs[0].font.size.pt == 15


def test_bad_style_one_line_error_and_no_output(cli, tmp_path, integrity):
    draft = tmp_path / "draft.json"
    save_draft(integrity, draft)
    style = tmp_path / "bad.yaml"
    style.write_text("body:\n  size_pt: -3\n", encoding="utf-8")
    code, out, err = cli("export", draft, "-o", tmp_path / "a.docx", "--md", tmp_path / "a.md")
    assert code == 0
    (tmp_path / "a.docx").unlink()
    (tmp_path / "a.md").unlink()
    code, out, err = cli("export", draft, "-o", tmp_path / "a.docx", "--md", tmp_path / "a.md", "--style", style)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "bad.yaml:2" in lines[0] and "body.size_pt" in lines[0]
    assert "Traceback" not in err
    assert not (tmp_path / "a.docx").exists() and not (tmp_path / "a.md").exists()


def test_bad_inputs(cli, tmp_path, integrity):
    code, _, err = cli("export", tmp_path / "missing.json")
    assert code == 2 and "missing.json" in err and len(err.strip().splitlines()) == 1
    junk = tmp_path / "junk.json"
    junk.write_text("{not json", encoding="utf-8")
    code, _, err = cli("export", junk)
    assert code == 2 and "junk.json" in err
    assert not (tmp_path / "junk.docx").exists()
    draft = tmp_path / "draft.json"
    save_draft(integrity, draft)
    code, _, err = cli("export", draft, "-o", tmp_path / "out.pdf")
    assert code == 2 and ".docx" in err
