"""structure.py: markers, numbering slips, level skips, long headings, outline sections."""

from __future__ import annotations

import pytest

from pipeline.checks import check_draft
from pipeline.checks.structure import check_numbering, nodes_from_sections, parse_marker
from pipeline.ingest import parse_text


@pytest.mark.parametrize(
    "marker, level, number, correct",
    [
        ("一、", 1, 1, True),
        ("十二、", 1, 12, True),
        ("一.", 1, 1, False),
        ("（三）", 2, 3, True),
        ("（三）、", 2, 3, False),
        ("(三)", 2, 3, False),
        ("1.", 3, 1, True),
        ("1．", 3, 1, True),
        ("1、", 3, 1, False),
        ("（2）", 4, 2, True),
        ("(2)", 4, 2, False),
    ],
)
def test_parse_marker(marker, level, number, correct):
    m = parse_marker(marker)
    assert (m.level, m.number, m.correct) == (level, number, correct)


def _codes(text: str) -> list[str]:
    (doc,) = parse_text(text).documents
    return sorted(f.code for f in check_numbering(nodes_from_sections(doc.sections)))


def test_repeated_then_continued_is_one_finding():
    assert _codes("一、甲\n正文。\n二、乙\n正文。\n二、丙\n正文。\n四、丁\n正文。") == ["STRUCTURE_NUMBER_REPEATED"]


def test_skipped_and_restarted():
    assert _codes("一、甲\n（一）子\n正文。\n（三）子\n正文。") == ["STRUCTURE_NUMBER_SKIPPED"]
    assert _codes("一、甲\n（一）子\n1.条\n正文。\n2.条\n正文。\n1.条\n正文。") == ["STRUCTURE_NUMBER_RESTARTED"]


def test_misused_markers_and_level_skip():
    codes = _codes("一、甲\n1、直接三级\n正文。\n二、乙\n（一）、子\n正文。\n(二)子\n正文。")
    assert codes == ["STRUCTURE_LEVEL_SKIPPED", "STRUCTURE_MARKER_MISUSED", "STRUCTURE_MARKER_MISUSED", "STRUCTURE_MARKER_MISUSED"]


def test_long_heading():
    long = "全面加强机关党的政治建设思想建设组织建设作风建设纪律建设并把制度建设贯穿其中深入推进反腐败斗争"
    assert _codes(f"一、{long}\n正文。") == ["STRUCTURE_HEADING_TOO_LONG"]
    assert _codes("一、加强政治建设。正文很长很长，但标题只到第一个句号为止，不算过长。") == []


def test_clean_numbering_raises_nothing():
    text = "一、甲\n（一）子\n1.条\n（1）款\n正文。\n（2）款\n正文。\n2.条\n正文。\n（二）子\n正文。\n二、乙\n正文。"
    assert _codes(text) == []


def test_parser_keeps_markers_as_written():
    (doc,) = parse_text("标题\n一、甲\n（一）、子。正文。\n1、条\n二、乙").documents
    sections = doc.sections
    assert doc.title == "标题" and doc.preamble == []
    assert [s.marker for s in sections] == ["一、", "二、"]
    assert sections[0].children[0].marker == "（一）、" and sections[0].children[0].paragraphs == ["正文。"]
    assert sections[0].children[0].children[0].marker == "1、"


def test_outline_missing_extra_order():
    text = "一、基本情况\n正文。\n二、下步工作计划\n正文。\n三、主要做法和成效\n正文。\n四、经费情况\n正文。"
    (doc,) = parse_text(text).documents
    codes = sorted(f.code for f in check_draft(doc, outline="integrity_report") if f.code.startswith("STRUCTURE_SECTION"))
    assert codes == ["STRUCTURE_SECTION_EXTRA", "STRUCTURE_SECTION_MISSING", "STRUCTURE_SECTION_ORDER"]
