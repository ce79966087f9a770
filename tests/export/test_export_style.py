"""The house style file: defaults, override files (partial, merged), BIGAN_STYLE, clear errors."""

from __future__ import annotations

import pytest
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from export_drafts import summary_draft
from pipeline.errors import InputError
from pipeline.export.style import HouseStyle, load_style


def test_house_file_matches_the_built_in_defaults(repo):
    # prompts/style.yaml and the pydantic defaults must say the same thing (GB/T 9704).
    assert (repo / "prompts" / "style.yaml").is_file()
    assert load_style() == HouseStyle()
    st = load_style()
    assert (st.page.margin_top_mm, st.page.margin_bottom_mm, st.page.margin_left_mm, st.page.margin_right_mm) == (37, 35, 28, 26)
    assert st.title.font == "方正小标宋简体" and st.title.size_pt == 22
    assert st.body.font == "仿宋_GB2312" and st.body.size_pt == 16 and st.body.line_spacing_pt == 28.95
    assert [st.heading(n).font for n in (1, 2, 3, 4)] == ["黑体", "楷体_GB2312", "仿宋_GB2312", "仿宋_GB2312"]
    assert st.heading(3).bold and not st.heading(4).bold


def test_partial_override_file_is_merged(tmp_path, read_back):
    f = tmp_path / "mine.yaml"
    f.write_text(
        "body:\n  size_pt: 15\npage:\n  margin_left_mm: 30\nheadings:\n  - {level: 3, bold: false, run_in: false}\nplaceholder:\n  highlight: bright_green\n",
        encoding="utf-8",
    )
    st = load_style(f)
    assert st.body.size_pt == 15 and st.body.font == "仿宋_GB2312"  # untouched keys keep the house value
    assert st.page.margin_left_mm == 30 and st.page.margin_top_mm == 37
    assert st.heading(3).font == "仿宋_GB2312" and not st.heading(3).bold and not st.heading(3).run_in
    doc = read_back(summary_draft(), f)
    assert abs(doc.sections[0].left_margin - Mm(30)) <= Mm(0.5)
    l3 = next(p for p in doc.paragraphs if p.text.startswith("1.食品安全"))
    assert l3.text == "1.食品安全" and l3.style.name == "三级标题"  # no longer run in
    assert not l3.runs[0].font.bold and l3.runs[0].font.size == Pt(15)
    marked = [r for p in doc.paragraphs for r in p.runs if r.font.highlight_color is not None]
    assert marked and all(r.font.highlight_color.name == "BRIGHT_GREEN" for r in marked)
    body = next(p for p in doc.paragraphs if p.style.name == "公文正文")
    assert body.runs[0].font.size == Pt(15)


def test_bigan_style_env(tmp_path, monkeypatch):
    f = tmp_path / "env.yaml"
    f.write_text("title:\n  font: 华文中宋\n", encoding="utf-8")
    monkeypatch.setenv("BIGAN_STYLE", str(f))
    assert load_style().title.font == "华文中宋"
    other = tmp_path / "opt.yaml"
    other.write_text("title:\n  font: 宋体\n", encoding="utf-8")
    assert load_style(other).title.font == "宋体"  # an explicit file beats the environment


def test_title_font_from_style_reaches_the_runs(tmp_path, integrity, read_back):
    f = tmp_path / "t.yaml"
    f.write_text("title:\n  font: 华文中宋\n  size_pt: 20\n", encoding="utf-8")
    doc = read_back(integrity, f)
    run = doc.paragraphs[0].runs[0]
    assert run.font.size == Pt(20)
    rf = run._r.rPr.find(qn("w:rFonts"))
    assert {rf.get(qn(a)) for a in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")} == {"华文中宋"}


@pytest.mark.parametrize(
    "text, field, line",
    [
        ("body:\n  font_size: 16\n", "body.font_size", 2),  # a typo is named, not ignored
        ("page:\n  margin_top_mm: abc\n", "page.margin_top_mm", 2),
        ("page:\n  margin_left_mm: 150\n  margin_right_mm: 70\n", "page", 1),
        ("placeholder:\n  highlight: purple\n", "placeholder.highlight", 2),
        ("page_number:\n  format: 第页\n", "page_number.format", 2),
        ("headings:\n  - {level: 1, run_in: true}\n", "headings.0.run_in", None),
    ],
)
def test_bad_style_file_is_an_input_error_naming_the_field(tmp_path, text, field, line):
    f = tmp_path / "bad.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_style(f)
    err = info.value
    assert err.path == str(f) and err.field == field
    if line is not None:
        assert err.line == line
    assert "样式设置有误" in err.message


def test_unreadable_style_files(tmp_path):
    with pytest.raises(InputError, match="不存在"):
        load_style(tmp_path / "missing.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("body:\n  size_pt: [16\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_style(broken)
    assert "YAML" in info.value.message and info.value.line is not None
    listing = tmp_path / "list.yaml"
    listing.write_text("- 1\n- 2\n", encoding="utf-8")
    with pytest.raises(InputError, match="映射"):
        load_style(listing)
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(InputError):
        load_style(binary)


def test_empty_override_file_means_house_style(tmp_path):
    f = tmp_path / "empty.yaml"
    f.write_text("# nothing to change\n", encoding="utf-8")
    assert load_style(f) == load_style()


def test_28_characters_a_line_by_condensed_spacing(tmp_path, integrity, read_back):
    # 156 mm = 442.2 pt of text: 28 characters need at most 15.79 pt each, i.e. −0.25 pt spacing.
    def default_spacing(doc):
        rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        el = rpr.find(qn("w:spacing"))
        return None if el is None else int(el.get(qn("w:val")))

    assert default_spacing(read_back(integrity)) == -5
    assert 28 * (16 - 5 / 20) <= 442.2 < 29 * (16 - 5 / 20)
    f = tmp_path / "wide.yaml"
    f.write_text("page:\n  chars_per_line: 27\n", encoding="utf-8")
    assert default_spacing(read_back(integrity, f, name="wide.docx")) is None  # 27 fit without condensing


def test_the_house_style_comes_from_the_prompts_folder_given(tmp_path, integrity):
    import shutil

    from docx import Document as open_docx

    from pipeline.export.docx import render_docx
    from pipeline.resources import shipped_prompts

    folder = tmp_path / "prompts"
    shutil.copytree(shipped_prompts(), folder)
    house = (folder / "style.yaml").read_text(encoding="utf-8")
    (folder / "style.yaml").write_text(house.replace("  font: 方正小标宋简体\n  size_pt: 22", "  font: 华文中宋\n  size_pt: 20"),
                                       encoding="utf-8")
    assert load_style(prompts=folder).title.font == "华文中宋" and load_style().title.font == "方正小标宋简体"
    run = open_docx(str(render_docx(integrity, tmp_path / "a.docx", prompts=folder))).paragraphs[0].runs[0]
    assert run.font.size == Pt(20)
    assert open_docx(str(render_docx(integrity, tmp_path / "b.docx"))).paragraphs[0].runs[0].font.size == Pt(22)
