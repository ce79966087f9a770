"""render_docx: the file read back with python-docx must follow GB/T 9704 and the house style."""

from __future__ import annotations

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from export_drafts import ALL_DRAFTS, duty_draft, rectification_draft, summary_draft
from pipeline.export.docx import OFFLINE_NOTE, STYLE_HEADINGS, build_docx, render_docx

FOUR = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")


def rfonts(element) -> dict[str, str]:
    """The w:rFonts attributes of a run, style or rPrDefault element."""
    rpr = element if element.tag == qn("w:rPr") else element.find(qn("w:rPr"))
    rf = rpr.find(qn("w:rFonts")) if rpr is not None else None
    return {} if rf is None else {a: rf.get(qn(a)) for a in FOUR + ("w:asciiTheme", "w:eastAsiaTheme")}


def assert_font(element, font: str) -> None:
    got = rfonts(element)
    assert all(got[a] == font for a in FOUR), got
    assert got["w:asciiTheme"] is None and got["w:eastAsiaTheme"] is None  # a theme font would win


def pformat(par, attr: str):
    """A paragraph property as Word resolves it: the paragraph, then its style chain."""
    value = getattr(par.paragraph_format, attr)
    style = par.style
    while value is None and style is not None:
        value = getattr(style.paragraph_format, attr)
        style = style.base_style
    return value


def body_pars(doc):
    return [p for p in doc.paragraphs if p.style.name == "公文正文"]


def find(doc, start: str):
    return next(p for p in doc.paragraphs if p.text.startswith(start))


def near(length, mm: float) -> bool:
    return abs(length - Mm(mm)) <= Mm(1)


def test_page_size_and_margins(integrity, read_back):
    section = read_back(integrity).sections[0]
    assert near(section.page_width, 210) and near(section.page_height, 297)
    assert near(section.top_margin, 37) and near(section.bottom_margin, 35)
    assert near(section.left_margin, 28) and near(section.right_margin, 26)
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"  # 28.95 pt: 22 lines a page


def test_fonts_on_all_four_scripts_styles_and_defaults(integrity, read_back):
    doc = read_back(integrity)
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    assert_font(defaults, "仿宋_GB2312")
    assert_font(doc.styles["Normal"].element, "仿宋_GB2312")
    assert doc.styles["Normal"].font.size == Pt(16)
    for par in doc.paragraphs:
        for run in par.runs:
            assert run.font.size is not None, par.text
            assert len(set(rfonts(run._r)[a] for a in FOUR)) == 1, (par.text, run.text)
    for run in body_pars(doc)[0].runs:
        assert_font(run._r, "仿宋_GB2312")
        assert run.font.size == Pt(16)


def test_title_centred_22pt_then_blank_line_and_addressee(integrity, read_back):
    doc = read_back(integrity)
    pars = doc.paragraphs
    # The title has two lines (split at "\n"), both centred in 方正小标宋简体 22 pt.
    assert [p.text for p in pars[:2]] == ["青山县市场监督管理局2024年度", "落实党风廉政建设责任制情况汇报"]
    for p in pars[:2]:
        assert pformat(p, "alignment") == WD_ALIGN_PARAGRAPH.CENTER
        assert all(r.font.size == Pt(22) for r in p.runs)
        assert_font(p.runs[0]._r, "方正小标宋简体")
    assert pars[2].text == ""  # one blank line under the title
    assert pars[3].text == "考核组的各位领导："
    assert not pformat(pars[3], "first_line_indent")  # flush left
    assert pars[4].text.startswith("根据县纪委监委安排")  # the opening is a body paragraph


def test_body_indent_and_exact_line_spacing(integrity, read_back):
    doc = read_back(integrity)
    pars = body_pars(doc)
    assert len(pars) >= 8
    for par in pars:
        assert pformat(par, "first_line_indent") == Pt(32)
        assert pformat(par, "line_spacing_rule") == WD_LINE_SPACING.EXACTLY
        assert abs(pformat(par, "line_spacing").pt - 28.95) < 0.05
    ind = doc.styles["公文正文"].element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"  # "two characters" for Word/WPS
    assert pars[-1].text == "以上汇报，请批评指正。"  # the closing formula is a body paragraph


def test_heading_fonts_per_level(integrity, read_back):
    doc = read_back(integrity)
    h1 = find(doc, "一、基本情况")
    h2 = find(doc, "（一）压紧压实主体责任")
    assert h1.text == "一、基本情况" and h1.style.name == STYLE_HEADINGS[1]
    assert_font(h1.runs[0]._r, "黑体")
    assert_font(h2.runs[0]._r, "楷体_GB2312")
    assert pformat(h1, "first_line_indent") == Pt(32)
    # Outline levels, so the navigation pane of Word/WPS lists the headings.
    assert h1.style.element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == "0"
    assert h2.style.element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == "1"
    assert [p.text[:2] for p in doc.paragraphs if p.style.name == STYLE_HEADINGS[1]] == ["一、", "二、", "三、", "四、"]


def test_run_in_headings_levels_3_and_4(read_back):
    doc = read_back(summary_draft())
    l3 = find(doc, "1.食品安全。")
    assert l3.style.name == "公文正文"  # heading and first paragraph share one line
    assert l3.runs[0].text == "1.食品安全。" and l3.runs[0].font.bold
    assert_font(l3.runs[0]._r, "仿宋_GB2312")
    assert l3.runs[1].text.startswith("完成食品抽检1260批次") and not l3.runs[1].font.bold
    l4 = find(doc, "（1）校园食品。")
    assert l4.runs[0].font.bold is None and l4.text.endswith("检查学校食堂45家")
    empty = find(doc, "2.特种设备。")  # nothing drafted: a visible placeholder follows the heading
    assert "【待补充：特种设备的内容】" in empty.text
    assert find(doc, "（一）市场秩序持续向好").style.name == STYLE_HEADINGS[2]
    assert find(doc, "2024年1月5日")  # leading zeros dropped


def test_footer_page_field_odd_right_even_left(integrity, read_back):
    doc = read_back(integrity)
    assert doc.settings.odd_and_even_pages_header_footer
    section = doc.sections[0]
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        assert not footer.is_linked_to_previous
        par = footer.paragraphs[0]
        xml = par._p.xml
        assert "PAGE" in "".join(t.text for t in par._p.iter(qn("w:instrText")))
        assert [f.get(qn("w:fldCharType")) for f in par._p.iter(qn("w:fldChar"))] == ["begin", "separate", "end"]
        assert par.text == "— 1 —", xml
        assert par.paragraph_format.alignment == align
        indent = par.paragraph_format.right_indent if align == WD_ALIGN_PARAGRAPH.RIGHT else par.paragraph_format.left_indent
        assert indent == Pt(16)  # one character in
        for run in par.runs:
            assert run.font.size == Pt(14)
            assert_font(run._r, "宋体")


def test_placeholders_highlighted_and_nothing_else(integrity, read_back):
    doc = read_back(integrity)
    marked = [r for p in doc.paragraphs for r in p.runs if r.font.highlight_color is not None]
    assert [r.text for r in marked] == ["【待补充：党员人数】", "【待补充：廉政谈话人次】"]
    assert all(r.font.highlight_color == WD_COLOR_INDEX.YELLOW and r.font.bold for r in marked)
    par = find(doc, "局党组下设党支部5个")
    assert par.text == "局党组下设党支部5个，共有党员【待补充：党员人数】名。"  # text kept whole around it


def test_document_properties(integrity, seminar, read_back):
    props = read_back(integrity).core_properties
    assert props.title == "青山县市场监督管理局2024年度落实党风廉政建设责任制情况汇报"
    assert props.author == "青山县市场监督管理局"
    assert OFFLINE_NOTE in props.subject and OFFLINE_NOTE in props.comments
    assert "prompt_version=p-3f2a9c" in props.keywords and "model=offline" in props.keywords
    assert props.category == "党风廉政建设责任制落实情况汇报"
    online = read_back(seminar, name="seminar.docx").core_properties
    assert OFFLINE_NOTE not in (online.subject + online.comments)
    assert "model=qwen2.5-72b-instruct" in online.keywords


def test_seminar_speech_headless_sections(seminar, read_back):
    doc = read_back(seminar)
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "在党纪学习教育专题研讨会上的发言"
    assert texts[2].startswith("根据会议安排")  # no addressee: the opening follows the blank line
    headings = [p for p in doc.paragraphs if p.style.name in STYLE_HEADINGS.values()]
    # points.1..3 are level 2 under a headless parent: printed at level 1, 一、二、三、 in 黑体.
    assert [p.text for p in headings] == ["一、坚定理想信念，筑牢思想根基", "二、严守纪律规矩，强化自我约束", "三、勇于担当作为，推动工作落实"]
    assert all(p.style.name == STYLE_HEADINGS[1] for p in headings)
    assert_font(headings[0].runs[0]._r, "黑体")
    assert texts[-1] == "以上发言，不当之处请批评指正。"
    assert not any("【待补充" in t for t in texts)  # a headless section with no text adds nothing


def test_markers_recomputed_and_signature_right_aligned(read_back):
    doc = read_back(rectification_draft())
    heads = [p.text for p in doc.paragraphs if p.style.name in STYLE_HEADINGS.values()]
    # draft.json carried 一、 twice and （二） first: the printed numbering cannot slip.
    assert heads == ["一、整改组织落实情况", "二、整改落实情况", "（一）关于理论学习不深入的问题", "（二）关于财务管理不规范的问题", "三、巩固整改成果的下步打算"]
    sig, date = doc.paragraphs[-2], doc.paragraphs[-1]
    assert sig.text == "中共青山县市场监督管理局党组" and date.text == "2024年7月1日"  # Arabic numerals
    for p in (sig, date):
        assert pformat(p, "alignment") == WD_ALIGN_PARAGRAPH.RIGHT
    # GB/T 9704 7.3.5.2: signature 右空二字 (14 characters wide); the date (6 wide) starts two
    # characters right of the signature: 2 + 14 − 2 − 6 = 8 characters from the right edge.
    assert sig.paragraph_format.right_indent == Pt(32)
    assert date.paragraph_format.right_indent == Pt(8 * 16)
    assert doc.paragraphs[-3].text == ""  # one blank line between the closing and the signature
    assert doc.paragraphs[-4].text == "特此报告。"


def test_failed_section_gets_visible_placeholder(read_back):
    doc = read_back(duty_draft())
    par = find(doc, "【待补充：存在的不足的内容】")
    assert par.runs[0].font.highlight_color == WD_COLOR_INDEX.YELLOW


@pytest.mark.parametrize("genre", sorted(ALL_DRAFTS))
def test_every_genre_shape_renders_all_text(genre, read_back):
    draft = ALL_DRAFTS[genre]()
    doc = read_back(draft)
    printed = "\n".join(p.text for p in doc.paragraphs)
    for section in draft.sections:
        for line in section.text.split("\n"):
            if line.strip():
                assert line.strip() in printed, (section.id, line)
        if section.heading:
            assert section.heading in printed
    assert near(doc.sections[0].left_margin, 28)


def test_written_atomically(integrity, tmp_path, monkeypatch):
    target = tmp_path / "report.docx"
    target.write_bytes(b"previous version")
    import pipeline.export.docx as docx_mod

    def broken(*args, **kwargs):
        raise RuntimeError("disk full halfway")

    monkeypatch.setattr(docx_mod, "_set_properties", broken)
    with pytest.raises(RuntimeError):
        render_docx(integrity, target)
    assert target.read_bytes() == b"previous version"
    assert [p.name for p in tmp_path.iterdir()] == ["report.docx"]  # no temp file left behind


def test_build_docx_is_a_zip_with_the_parts(integrity):
    data = build_docx(integrity)
    assert data[:2] == b"PK"
    import io
    import zipfile

    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "word/document.xml" in names and "word/settings.xml" in names
    assert sum(1 for n in names if n.startswith("word/footer")) == 2


def test_subtitle_after_dash_gets_its_own_line(seminar, read_back):
    seminar.meta.title = "以学铸魂 以学促干——在党纪学习教育读书班上的研讨发言"
    doc = read_back(seminar)
    main, sub = doc.paragraphs[0], doc.paragraphs[1]
    assert main.text == "以学铸魂 以学促干" and main.runs[0].font.size == Pt(22)
    assert sub.text == "——在党纪学习教育读书班上的研讨发言" and sub.runs[0].font.size == Pt(16)
    assert_font(sub.runs[0]._r, "楷体_GB2312")
    assert pformat(sub, "alignment") == WD_ALIGN_PARAGRAPH.CENTER
    assert doc.paragraphs[2].text == ""
    assert doc.core_properties.title == "以学铸魂 以学促干——在党纪学习教育读书班上的研讨发言"


@pytest.mark.parametrize("genre", sorted(ALL_DRAFTS))
def test_xml_children_in_schema_order(genre):
    """Word refuses a file whose w:pPr / w:rPr children are out of schema order."""
    import io
    import zipfile

    from lxml import etree

    from pipeline.export.docx import PPR_ORDER, RPR_ORDER

    data = build_docx(ALL_DRAFTS[genre]())
    parts = zipfile.ZipFile(io.BytesIO(data))
    checked = 0
    for name in parts.namelist():
        if not (name.startswith("word/") and name.endswith(".xml")):
            continue
        root = etree.fromstring(parts.read(name))
        for tag, order in ((qn("w:pPr"), PPR_ORDER), (qn("w:rPr"), RPR_ORDER)):
            for el in root.iter(tag):
                names = [etree.QName(c).localname for c in el if etree.QName(c).localname in order]
                ranks = [order.index(n) for n in names]
                assert ranks == sorted(ranks), (name, names)
                checked += 1
    assert checked > 50


def test_control_characters_and_missing_title(integrity, read_back):
    integrity.meta.title = ""
    integrity.sections[0].text = "局机关\x0b内设科室8个。\r\n第二段\x07。"
    doc = read_back(integrity)  # python-docx would refuse the control characters
    assert doc.paragraphs[0].text == "【待补充：标题】"
    assert doc.paragraphs[0].runs[0].font.highlight_color == WD_COLOR_INDEX.YELLOW
    assert find(doc, "局机关内设科室8个。") and find(doc, "第二段。")
