"""Numbering computed from level and position; dates, addressees, paragraphs."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from export_drafts import make_draft, seminar_draft
from pipeline.text.numerals import chinese_numeral
from pipeline.export.layout import (
    layout,
    marker_for,
    normalize_addressee,
    normalize_date,
    signature_indents,
    text_width,
    split_paragraphs,
    strip_marker,
    title_lines,
)
from pipeline.types import SectionDraft


def test_chinese_numerals_and_markers():
    assert [chinese_numeral(n) for n in (1, 9, 10, 11, 19, 20, 21, 99)] == ["一", "九", "十", "十一", "十九", "二十", "二十一", "九十九"]
    assert [marker_for(level, 2) for level in (1, 2, 3, 4)] == ["二、", "（二）", "2.", "（2）"]
    assert marker_for(1, 12) == "十二、"


def test_strip_marker_keeps_the_words():
    assert strip_marker("一、基本情况") == "基本情况"
    assert strip_marker("（二）加强作风建设") == "加强作风建设"
    assert strip_marker("(三)、压实责任") == "压实责任"
    assert strip_marker("3. 食品安全") == "食品安全"
    assert strip_marker("一是加强学习") == "一是加强学习"  # an enumeration, not a marker
    assert strip_marker("十九大以来的成效") == "十九大以来的成效"


def test_dates_become_arabic_without_leading_zeros():
    assert normalize_date("2024-07-01") == "2024年7月1日"
    assert normalize_date("2024年07月01日") == "2024年7月1日"
    assert normalize_date("2024/12/20") == "2024年12月20日"
    assert normalize_date("二〇二四年七月一日") == "2024年7月1日"
    assert normalize_date("二〇二四年十二月三十一日") == "2024年12月31日"
    assert normalize_date("2024年12月") == "2024年12月"  # not a full date: printed as written
    assert normalize_date(None) == "" and normalize_date("  ") == ""


def test_addressee_ends_with_full_width_colon():
    assert normalize_addressee("考核组的各位领导") == "考核组的各位领导："
    assert normalize_addressee("县委巡察组:") == "县委巡察组："
    assert normalize_addressee("") == ""


def test_paragraphs_drop_blank_lines_and_full_width_indent():
    assert split_paragraphs("\u3000\u3000第一段。\n\n  \n第二段。\n") == ["第一段。", "第二段。"]


def test_headless_parent_numbers_children_at_its_level():
    blocks = layout(seminar_draft())
    assert [(b.id, b.level, b.marker) for b in blocks] == [
        ("opening", 1, ""),
        ("points", 1, ""),
        ("points.1", 1, "一、"),
        ("points.2", 1, "二、"),
        ("points.3", 1, "三、"),
        ("closing", 1, ""),
    ]


def test_renumber_off_keeps_stored_markers():
    draft = make_draft("work_summary", [SectionDraft(id="a", heading="甲", marker="三、", text="x"), SectionDraft(id="b", heading="乙", text="y")])
    assert [b.marker for b in layout(draft, renumber=False)] == ["三、", "二、"]
    assert [b.marker for b in layout(draft)] == ["一、", "二、"]


@st.composite
def section_trees(draw):
    """Random outlines: level-1 sections (some headless) with nested sub-sections."""
    sections: list[SectionDraft] = []
    for i in range(draw(st.integers(1, 6))):
        headless = draw(st.booleans())
        sections.append(SectionDraft(id=f"s{i}", heading="" if headless else f"标题{i}", text="正文。"))
        for j in range(draw(st.integers(0, 4))):
            sections.append(SectionDraft(id=f"s{i}.{j}", heading=f"小标题{i}{j}", level=2, parent=f"s{i}", text="正文。"))
            for k in range(draw(st.integers(0, 2))):
                sections.append(SectionDraft(id=f"s{i}.{j}.{k}", heading=f"细目{k}", level=3, parent=f"s{i}.{j}", text="正文。"))
    return make_draft("work_summary", sections)


def _number(marker: str) -> int:
    core = re.sub(r"[、.（）]", "", marker)
    return int(core) if core.isdigit() else "一二三四五六七八九十".index(core) + 1 if len(core) == 1 else 10 + "一二三四五六七八九".index(core[-1]) + 1


@settings(max_examples=60, deadline=None)
@given(section_trees())
def test_numbering_never_skips_or_repeats(draft):
    blocks = layout(draft)
    last: dict[int, int] = {}
    for block in blocks:
        for deeper in [lvl for lvl in last if lvl > block.level]:
            del last[deeper]
        if not block.heading:
            assert block.marker == ""
            continue
        n = _number(block.marker)
        assert n == last.get(block.level, 0) + 1, [(b.id, b.marker) for b in blocks]
        last[block.level] = n
        assert block.marker == marker_for(block.level, n)


def test_title_lines_split_at_newline_and_subtitle():
    assert title_lines("甲单位\n年度总结") == [("甲单位", False), ("年度总结", False)]
    assert title_lines("以学铸魂 以学促干——在读书班上的研讨发言") == [("以学铸魂 以学促干", False), ("——在读书班上的研讨发言", True)]
    assert title_lines("以学铸魂——在读书班上的发言", split_subtitle=False) == [("以学铸魂——在读书班上的发言", False)]
    assert title_lines("") == [] and title_lines(None) == []


def test_signature_and_date_indents_follow_gbt9704():
    assert text_width("2024年12月20日") == 7 and text_width("青山县市场监督管理局") == 10
    # The date starts two characters right of the signature, the signature 右空二字.
    assert signature_indents("青山县市场监督管理局", "2024年12月20日") == (2, 3)
    # A date longer than that allows: the date 右空二字 and the signature moves left.
    assert signature_indents("某局", "2024年12月20日") == (2 + 7 + 2 - 2, 2)
    assert signature_indents("", "2024年7月1日") == (2, 2) and signature_indents("某局", "") == (2, 2)
