"""The marker patterns of single callers in pipeline.text.markers: what each matches and what not.

Each pattern is one caller's on purpose; these cases pin where they differ from each other.
"""

from __future__ import annotations

import pytest

from pipeline.text.markers import (
    ENUMERATION_PREFIX,
    ENUMERATION_WORD,
    FIRST_CHILD_MARKER,
    FORM_NAME_MARKER,
    HEADING_OWN_MARKER,
    MARKER_AT_LINE_START,
    MARKER_IN_TEXT,
    TOP_MARKER_AFTER_SENTENCE,
    TOP_MARKER_AT_LINE_START,
    WRITTEN_ARABIC_MARKER,
    WRITTEN_CN_MARKER,
    WRITTEN_PAREN_MARKER,
)


def stripped(pattern, line: str) -> str:
    return pattern.sub("", line, count=1)


@pytest.mark.parametrize(
    ("line", "rest"),
    [
        ("一、基本情况", "基本情况"),
        ("  二．主要做法", "主要做法"),
        ("（三）、强化监督", "强化监督"),
        ("(四) 强化监督", "强化监督"),
        ("12. 开展培训", "开展培训"),
        ("3、开展培训", "开展培训"),
        ("（5）开展培训", "开展培训"),
        ("1.5万元用于培训", "1.5万元用于培训"),  # a decimal, not a marker
        ("123. 开展培训", "123. 开展培训"),  # three digits: not a marker
        ("一百、其他", "一百、其他"),  # 百 is not among its numerals
        ("一是加强学习", "一是加强学习"),
    ],
)
def test_marker_at_line_start(line, rest):
    assert stripped(MARKER_AT_LINE_START, line) == rest


def test_marker_in_text_finds_markers_inside_running_text():
    found = [m.group() for m in MARKER_IN_TEXT.finditer("工作如下。一、基本情况（一）组织领导1.成立小组（2）落实")]
    assert found == ["一、", "（一）", "1.", "（2）"]
    # at most three Chinese numerals, two digits, never a decimal
    assert [m.group() for m in MARKER_IN_TEXT.finditer("资金1.5万元")] == []
    assert MARKER_IN_TEXT.search("一二三四、").group() == "二三四、"
    assert MARKER_AT_LINE_START.match("一二三四、").group() == "一二三四、"  # unbounded at a line start


@pytest.mark.parametrize(
    ("heading", "rest"),
    [
        ("一、基本情况", "基本情况"),
        ("一百、其他", "其他"),  # 百 counts here
        ("123. 开展培训", "开展培训"),  # any number of digits
        ("1.5万元", "5万元"),  # and the "1." of a decimal: a heading never starts with one
        ("（一）、主要做法", "主要做法"),
        ("基本情况", "基本情况"),
    ],
)
def test_heading_own_marker_is_looser(heading, rest):
    assert stripped(HEADING_OWN_MARKER, heading) == rest


def test_top_marker_at_line_start_only_levels_one_and_two():
    assert stripped(TOP_MARKER_AT_LINE_START, "一、 基本情况") == " 基本情况"  # spaces after stay
    assert stripped(TOP_MARKER_AT_LINE_START, "（二）主要做法") == "主要做法"
    for line in ("(二)主要做法", "一．基本情况", "1. 开展培训", "（1）开展培训"):
        assert TOP_MARKER_AT_LINE_START.match(line) is None, line


def test_form_name_marker():
    assert stripped(FORM_NAME_MARKER, " 一、 基本情况") == "基本情况"
    assert stripped(FORM_NAME_MARKER, "（二）主要做法") == "主要做法"
    assert stripped(FORM_NAME_MARKER, "3．存在问题") == "存在问题"
    for name in ("(二)主要做法", "一．基本情况", "（1）开展培训", "一是加强学习"):
        assert FORM_NAME_MARKER.match(name) is None, name


def test_top_marker_after_sentence():
    assert TOP_MARKER_AFTER_SENTENCE.search("取得成效。　二、存在问题")
    assert TOP_MARKER_AFTER_SENTENCE.search("取得成效！(三)加强领导")
    assert TOP_MARKER_AFTER_SENTENCE.search("取得成效，二、存在问题") is None  # not after a comma
    assert TOP_MARKER_AFTER_SENTENCE.search("取得成效。2、存在问题") is None  # levels 1 and 2 only
    assert TOP_MARKER_AFTER_SENTENCE.search("取得成效。二．存在问题") is None


def test_first_child_marker():
    assert [m.group() for m in FIRST_CHILD_MARKER.finditer("一、总体（一）组织(1)落实1、成立")] == ["（一）", "(1)", "1、"]
    for text in ("（二）组织", "21.落实", "1.5万元", "2、成立"):
        assert FIRST_CHILD_MARKER.search(text) is None, text


@pytest.mark.parametrize(
    ("fact", "rest"),
    [
        ("一是，加强理论学习", "加强理论学习"),
        ("第二、开展培训", "开展培训"),
        ("（3）开展培训", "开展培训"),
        ("12．开展培训", "开展培训"),
        ("4. 开展培训", "开展培训"),
        ("四、开展培训", "开展培训"),
        ("1.5万元用于培训", "1.5万元用于培训"),
        ("一．开展培训", "一．开展培训"),  # 一． is not an enumeration here
    ],
)
def test_enumeration_prefix(fact, rest):
    assert stripped(ENUMERATION_PREFIX, fact) == rest


def test_enumeration_word_inside_a_paragraph():
    found = [m.group() for m in ENUMERATION_WORD.finditer("我们一是加强学习；二是强化监督；十一是总结。")]
    assert found == ["一是", "二是", "十一是"]
    assert ENUMERATION_WORD.search("这是一项工作") is None
    assert ENUMERATION_WORD.search("第一、二季度") is None


def test_written_markers_keep_number_and_punctuation_apart():
    assert WRITTEN_CN_MARKER.match("二十、").groups() == ("二十", "、")
    assert WRITTEN_CN_MARKER.match("两 ：").groups() == ("两", "：")
    assert WRITTEN_CN_MARKER.match("一、基本情况") is None  # a marker alone, not a heading
    assert WRITTEN_PAREN_MARKER.match("(一）、").groups() == ("(", "一", "）", "、")
    assert WRITTEN_PAREN_MARKER.match("（12）").groups() == ("（", "12", "）", "")
    assert WRITTEN_PAREN_MARKER.match("（一）：") is None
    assert WRITTEN_ARABIC_MARKER.match("3，").groups() == ("3", "，")
    assert WRITTEN_ARABIC_MARKER.match("3：") is None
