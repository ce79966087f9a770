"""draft.json → a GB/T 9704-2012 .docx (layout rules: ../shared/reference/gongwen.md).

Every font is set on w:rFonts for ascii, hAnsi, eastAsia AND cs (and theme fonts removed), on the
styles and on each run, or Word/WPS silently falls back to another font. Written atomically.
"""

from __future__ import annotations

import io
import math
from datetime import datetime, timezone
from pathlib import Path

from docx import Document as new_document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from ..atomic import write_atomic
from ..types import GENRE_NAMES, Draft, placeholder
from ..text.placeholders import CANONICAL_RE as PLACEHOLDER_RE
from .layout import clean_text, layout, normalize_addressee, normalize_date, run_in_heading, signature_indents, split_paragraphs, title_lines
from .style import HouseStyle, load_style

OFFLINE_NOTE = "离线草稿（未使用大模型）"
_FONT_ATTRS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")

# Paragraph style names (shown in Word/WPS's style list) → outline level for the navigation pane.
STYLE_TITLE = "公文标题"
STYLE_BODY = "公文正文"
STYLE_ADDRESSEE = "主送机关"
STYLE_SIGNATURE = "落款"
STYLE_HEADINGS = {1: "一级标题", 2: "二级标题", 3: "三级标题", 4: "四级标题"}
# ASCII style ids (what w:pStyle refers to); the Chinese names are what the writer sees.
STYLE_IDS = {
    STYLE_TITLE: "GongwenTitle",
    STYLE_BODY: "GongwenBody",
    STYLE_ADDRESSEE: "GongwenAddressee",
    STYLE_SIGNATURE: "GongwenSignature",
} | {name: f"GongwenHeading{level}" for level, name in STYLE_HEADINGS.items()}


# --------------------------------------------------------------------------- low-level XML


# Schema order of the children of w:rPr and w:pPr (ECMA-376 §17.3.2, §17.3.1): Word rejects a
# file whose children are out of order, so everything added by hand is inserted in its place.
RPR_ORDER = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
    "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs "
    "em lang eastAsianLayout specVanish oMath"
).split()
PPR_ORDER = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
    "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd "
    "snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
).split()
_ORDERS = {qn("w:rPr"): RPR_ORDER, qn("w:pPr"): PPR_ORDER}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _insert_ordered(parent, child) -> None:
    """Insert ``child`` before the first sibling that the schema puts after it."""
    order = _ORDERS.get(parent.tag)
    name = _local(child.tag)
    if order is None or name not in order:
        parent.append(child)
        return
    rank = order.index(name)
    for sibling in parent:
        other = _local(sibling.tag)
        if other in order and order.index(other) > rank:
            sibling.addprevious(child)
            return
    parent.append(child)


def _rpr(owner):
    """The w:rPr of a run, style or w:rPrDefault, created in its schema place when missing."""
    if hasattr(owner, "get_or_add_rPr"):
        return owner.get_or_add_rPr()
    rpr = owner.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        owner.append(rpr)  # w:rPrDefault has no other child
    return rpr


def _get_or_add(parent, tag: str):
    """The child ``tag`` of a w:rPr or w:pPr, created in schema order when missing."""
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        _insert_ordered(parent, child)
    return child


def set_rfonts(rpr_parent, font: str) -> None:
    """Set one font for all four scripts on an element's w:rPr/w:rFonts; drop theme fonts."""
    rfonts = _get_or_add(_rpr(rpr_parent), "w:rFonts")
    for attr in _THEME_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    for attr in _FONT_ATTRS:
        rfonts.set(qn(attr), font)


def _set_lang(rpr_parent) -> None:
    lang = _get_or_add(_rpr(rpr_parent), "w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _set_child(parent, tag: str, **attrs: str):
    """Replace ``tag`` under ``parent`` with one carrying ``attrs`` (w: namespace), in schema order."""
    old = parent.find(qn(tag))
    if old is not None:
        parent.remove(old)
    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), value)
    _insert_ordered(parent, el)
    return el


def _pt_twips(pt: float) -> str:
    return str(round(pt * 20))


def _first_line_chars(pformat_element, chars: float, char_pt: float) -> None:
    """Two-character indent both ways: firstLine (twips, what python-docx reads) and
    firstLineChars (hundredths of a character, what Word/WPS prefer and keep on font changes)."""
    ind = pformat_element.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLine"), _pt_twips(chars * char_pt))
    ind.set(qn("w:firstLineChars"), str(round(chars * 100)))


# --------------------------------------------------------------------------- styles and page


def _exact_spacing(pformat, pt: float) -> None:
    pformat.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pformat.line_spacing = Pt(pt)
    pformat.space_before = Pt(0)
    pformat.space_after = Pt(0)


def _paragraph_style(doc: DocxDocument, name: str, font: str, size: float, line_pt: float, *, bold=False, outline=None):
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.style_id = STYLE_IDS.get(name, style.style_id)
    style.base_style = styles["Normal"]
    style.quick_style = True
    style.font.size = Pt(size)
    style.font.bold = bold
    set_rfonts(style.element, font)
    _exact_spacing(style.paragraph_format, line_pt)
    if outline is not None:
        _set_child(style.element.get_or_add_pPr(), "w:outlineLvl", val=str(outline))
    return style


def _setup_styles(doc: DocxDocument, st: HouseStyle) -> None:
    # Document defaults and Normal: the body font everywhere, theme fonts removed.
    rpr_default = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    set_rfonts(rpr_default, st.body.font)
    _set_lang(rpr_default)
    # Defaults = body size and the condensed spacing that fits 28 characters a line, so text
    # outside bigan's styles (typed in later by the writer) still sits on the grid.
    rpr = _rpr(rpr_default)
    for tag in ("w:sz", "w:szCs"):
        _get_or_add(rpr, tag).set(qn("w:val"), str(round(st.body.size_pt * 2)))
    spacing = condense_twips(st)
    if spacing:
        _get_or_add(rpr, "w:spacing").set(qn("w:val"), str(spacing))
    normal = doc.styles["Normal"]
    normal.font.size = Pt(st.body.size_pt)
    set_rfonts(normal.element, st.body.font)
    _set_lang(normal.element)
    _exact_spacing(normal.paragraph_format, st.body.line_spacing_pt)

    title = _paragraph_style(doc, STYLE_TITLE, st.title.font, st.title.size_pt, st.title.line_spacing_pt)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # Off the line grid, or a 22 pt title line takes two grid lines (LibreOffice, WPS).
    _set_child(title.element.get_or_add_pPr(), "w:snapToGrid", val="0")
    body = _paragraph_style(doc, STYLE_BODY, st.body.font, st.body.size_pt, st.body.line_spacing_pt)
    _first_line_chars(body.element, st.body.first_line_chars, st.body_char_pt)
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _paragraph_style(doc, STYLE_ADDRESSEE, st.body.font, st.body.size_pt, st.body.line_spacing_pt)
    signature = _paragraph_style(doc, STYLE_SIGNATURE, st.body.font, st.body.size_pt, st.body.line_spacing_pt)
    signature.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    # No automatic space between the date's digits and 年月日, so the date's measured width (and
    # its GB/T 9704 position under the signature) is what prints.
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
        _set_child(signature.element.get_or_add_pPr(), tag, val="0")
    for level, name in STYLE_HEADINGS.items():
        h = st.heading(level)
        style = _paragraph_style(doc, name, h.font, st.body.size_pt, st.body.line_spacing_pt, bold=h.bold, outline=level - 1)
        _first_line_chars(style.element, st.body.first_line_chars, st.body_char_pt)
        style.paragraph_format.keep_with_next = True


def _setup_page(doc: DocxDocument, st: HouseStyle) -> None:
    p = st.page
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(p.width_mm), Mm(p.height_mm)
    section.top_margin, section.bottom_margin = Mm(p.margin_top_mm), Mm(p.margin_bottom_mm)
    section.left_margin, section.right_margin = Mm(p.margin_left_mm), Mm(p.margin_right_mm)
    section.footer_distance = Mm(p.footer_distance_mm)
    section.header_distance = Mm(15)
    section.gutter = Mm(0)
    # Line grid only (22 lines). A character grid (linesAndChars + a negative charSpace) gives 28
    # characters in Word but makes LibreOffice put every character in two cells; the 28
    # characters a line come from condensed character spacing instead (see _setup_styles).
    _set_child(section._sectPr, "w:docGrid", type="lines", linePitch=_pt_twips(st.body.line_spacing_pt))


def condense_twips(st: HouseStyle) -> int:
    """Character spacing (1/20 pt, ≤ 0) that fits ``chars_per_line`` body characters a line."""
    p = st.page
    text_width_pt = (p.width_mm - p.margin_left_mm - p.margin_right_mm) / 25.4 * 72
    return min(0, math.floor((text_width_pt / p.chars_per_line - st.body.size_pt) * 20))


def _page_number_field(paragraph: Paragraph, st: HouseStyle) -> None:
    """"— N —" with a live PAGE field, in the page-number font on all four scripts."""
    before, after = st.page_number.format.split("{page}")

    def run(text: str | None = None):
        r = paragraph.add_run(text or "")
        r.font.size = Pt(st.page_number.size_pt)
        set_rfonts(r._r, st.page_number.font)
        return r

    if before:
        run(before)
    run()._r.append(_fld_char("begin"))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run()._r.append(instr)
    run()._r.append(_fld_char("separate"))
    run("1")
    run()._r.append(_fld_char("end"))
    if after:
        run(after)


def _fld_char(kind: str):
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), kind)
    return el


def _setup_footers(doc: DocxDocument, st: HouseStyle) -> None:
    """Odd pages right, even pages left, one character in (w:evenAndOddHeaders in settings)."""
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    indent = Pt(st.page_number.indent_chars * st.body_char_pt)
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        footer.is_linked_to_previous = False
        par = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        for r in list(par._p.iter(qn("w:r"))):
            r.getparent().remove(r)
        fmt = par.paragraph_format
        fmt.alignment = align
        fmt.first_line_indent = Pt(0)
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            fmt.right_indent = indent
        else:
            fmt.left_indent = indent
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        _page_number_field(par, st)


# --------------------------------------------------------------------------- text


def _add_run(par: Paragraph, text: str, font: str, size: float, *, bold: bool = False, highlight: str | None = None):
    run = par.add_run(clean_text(text))
    run.font.size = Pt(size)
    set_rfonts(run._r, font)
    if bold:
        run.font.bold = True
    if highlight and highlight != "none":
        run.font.highlight_color = getattr(WD_COLOR_INDEX, highlight.upper())
    return run


def _add_text(par: Paragraph, text: str, st: HouseStyle, font: str | None = None, bold: bool = False) -> None:
    """Body text, with every 【待补充：…】 highlighted so the writer finds it."""
    font = font or st.body.font
    pos = 0
    for m in PLACEHOLDER_RE.finditer(text):
        if m.start() > pos:
            _add_run(par, text[pos : m.start()], font, st.body.size_pt, bold=bold)
        _add_run(
            par,
            m.group(0),
            font,
            st.body.size_pt,
            bold=bold or st.placeholder.bold,
            highlight=st.placeholder.highlight,
        )
        pos = m.end()
    if pos < len(text):
        _add_run(par, text[pos:], font, st.body.size_pt, bold=bold)


def _body_paragraph(doc: DocxDocument, text: str, st: HouseStyle) -> Paragraph:
    par = doc.add_paragraph(style=STYLE_BODY)
    _add_text(par, text, st)
    return par


def _blank(doc: DocxDocument) -> Paragraph:
    return doc.add_paragraph(style=STYLE_ADDRESSEE)


def _render(draft: Draft, st: HouseStyle) -> DocxDocument:
    doc = new_document()
    # The template's empty first paragraph would print a blank line above the title.
    for p in list(doc.paragraphs):
        p._element.getparent().remove(p._element)
    _setup_styles(doc, st)
    _setup_page(doc, st)
    _setup_footers(doc, st)
    meta = draft.meta

    for line, is_subtitle in title_lines(meta.title, st.title.split_subtitle) or [(placeholder("标题"), False)]:
        par = doc.add_paragraph(style=STYLE_TITLE)
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        font, size = (st.title.subtitle_font, st.title.subtitle_size_pt) if is_subtitle else (st.title.font, st.title.size_pt)
        _add_text(par, line, st, font=font)
        for run in par.runs:
            run.font.size = Pt(size)
    _blank(doc)  # one blank line under the title

    addressee = normalize_addressee(meta.addressee)
    if addressee:
        _add_text(doc.add_paragraph(style=STYLE_ADDRESSEE), addressee, st)

    for text in split_paragraphs(meta.opening):
        _body_paragraph(doc, text, st)

    for block in layout(draft, renumber=st.renumber):
        paragraphs = list(block.paragraphs)
        if block.heading:
            h = st.heading(block.level)
            if h.run_in and paragraphs:
                par = doc.add_paragraph(style=STYLE_BODY)
                _add_text(par, block.marker + run_in_heading(block.heading), st, font=h.font, bold=h.bold)
                _add_text(par, paragraphs.pop(0), st)
            else:
                par = doc.add_paragraph(style=STYLE_HEADINGS[block.level])
                _add_text(par, block.numbered_heading, st, font=h.font, bold=h.bold)
        for text in paragraphs:
            _body_paragraph(doc, text, st)

    for text in split_paragraphs(meta.closing):
        _body_paragraph(doc, text, st)

    date = normalize_date(meta.date)
    signature = clean_text(meta.signature or "").strip()
    if signature or date:
        for _ in range(st.signature.blank_lines_before):
            _blank(doc)
        indents = signature_indents(signature, date, st.signature.right_indent_chars, st.signature.date_shift_chars)
        for text, indent in zip((signature, date), indents):
            if text:
                par = doc.add_paragraph(style=STYLE_SIGNATURE)
                par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                par.paragraph_format.right_indent = Pt(indent * st.body_char_pt)
                _add_text(par, text, st)

    if draft.extra.get("changes"):  # a draft written on last year's report: its 对照表 follows
        from .changes import add_changes

        add_changes(doc, draft, st.body.font)
    _set_properties(doc, draft)
    return doc


def _set_properties(doc: DocxDocument, draft: Draft) -> None:
    meta = draft.meta
    props = doc.core_properties
    props.title = (meta.title or "").replace("\n", "")
    props.author = meta.unit or ""
    props.last_modified_by = "bigan"
    props.category = GENRE_NAMES.get(meta.genre, meta.genre or "")
    props.keywords = "; ".join(
        f"{k}={v}" for k, v in (("prompt_version", meta.prompt_version), ("model", meta.model or ("offline" if meta.offline else ""))) if v
    )
    note = OFFLINE_NOTE if meta.offline else (f"由 bigan 使用模型 {meta.model} 起草" if meta.model else "由 bigan 起草")
    fallbacks = [s.marker + s.heading if s.heading else s.id for s in draft.sections if s.extra.get("fallback")]
    if fallbacks and not meta.offline:
        # A section the model failed twice was written offline: the reader of the file must know.
        note += f"；其中 {len(fallbacks)} 节改用离线起草（{'、'.join(fallbacks)}）"
        props.keywords += f"; fallback_sections={len(fallbacks)}"
    props.subject = note
    props.comments = note + "；请核对全部【待补充：…】处。"
    now = datetime.now(timezone.utc).replace(microsecond=0, tzinfo=None)
    props.created = props.modified = now
    props.revision = max(1, int(meta.revision or 0))


def build_docx(draft: Draft, style: HouseStyle | None = None) -> bytes:
    """The .docx as bytes (nothing written)."""
    buf = io.BytesIO()
    _render(draft, style or load_style()).save(buf)
    return buf.getvalue()


def render_docx(draft: Draft, path: str | Path, style: HouseStyle | str | Path | None = None, *,
                prompts: str | Path | None = None) -> Path:
    """Render ``draft`` to ``path``; ``style`` is a HouseStyle, a style file, or None (house style:
    ``prompts``/style.yaml).

    Built fully in memory and renamed into place, so a failure never leaves half a file.
    """
    st = style if isinstance(style, HouseStyle) else load_style(style, prompts=prompts)
    data = build_docx(draft, st)
    path = Path(path)
    write_atomic(path, data)
    return path
