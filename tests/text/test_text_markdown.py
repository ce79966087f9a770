"""The Markdown patterns of pipeline.text.markdown: what each matches and what not, where variants differ."""

from __future__ import annotations

from pipeline.text.markdown import (
    BOLD,
    BULLET,
    BULLET_OR_DOT,
    BULLET_OR_NUMBER,
    EMPHASIS_MARK,
    FENCE,
    FENCE_LINES,
    HEADING_LINE,
    HEADING_LINES,
    HEADING_MARK,
    INDENTED_QUOTE,
    QUOTE,
    SHORT_BOLD,
    TABLE_ROW,
    TABLE_RULE,
    THEMATIC_BREAK,
)


def test_heading_mark_and_line():
    assert HEADING_MARK.sub("", "## 基本情况") == "基本情况"
    assert HEADING_MARK.sub("", "   #基本情况") == "基本情况"  # no space needed
    assert HEADING_MARK.match("    # 缩进四格是代码") is None
    assert HEADING_MARK.sub("", "####### 七个") == "# 七个"  # six #s at most
    assert HEADING_LINE.match("## 基本情况 ##").group(1) == "基本情况"
    assert HEADING_LINE.match("#").group(1) == ""


def test_heading_lines_need_a_space_and_take_the_whole_line():
    text = "前言\n## 基本情况\n#1号楼\n正文"
    assert HEADING_LINES.sub("", text) == "前言\n\n#1号楼\n正文"


def test_bullets():
    assert BULLET.sub("", "- 开展培训") == "开展培训"
    assert BULLET.sub("", "* 开展培训") == "开展培训"
    assert BULLET.match("• 开展培训") is None  # ingest: Markdown's own marks only
    assert BULLET.match("-") is None  # text must follow
    assert BULLET_OR_DOT.sub("", "• 开展培训") == "开展培训"
    assert BULLET_OR_DOT.sub("", "·开展培训") == "·开展培训"  # a space must follow
    assert BULLET_OR_DOT.match("*强调*") is None  # emphasis, not a bullet
    assert BULLET_OR_DOT.match("1. 开展培训") is None
    assert BULLET_OR_NUMBER.sub("", "1. 开展培训") == "开展培训"
    assert BULLET_OR_NUMBER.sub("", "2)开展培训") == "开展培训"
    assert BULLET_OR_NUMBER.sub("", "· 开展培训") == "开展培训"
    assert BULLET_OR_NUMBER.match("1.5万元") is None
    assert BULLET_OR_NUMBER.match("123. 开展培训") is None


def test_emphasis():
    assert BOLD.sub(r"\2", "**重点** 与 __难点__") == "重点 与 难点"
    assert BOLD.sub(r"\2", "** 不是 **") == "** 不是 **"  # spaces inside: not emphasis
    assert BOLD.sub(r"\2", "**含*星号**") == "含*星号"
    assert SHORT_BOLD.search("**含*星号**") is None  # no * or _ inside
    assert SHORT_BOLD.search("**" + "字" * 61 + "**") is None  # at most 60 characters
    assert SHORT_BOLD.search("**重点**").group(2) == "重点"
    assert EMPHASIS_MARK.sub("", "**重点**、*斜体*、`代码`、```块```") == "重点、斜体、代码、块"


def test_blocks():
    assert QUOTE.sub("", "> 引文") == "引文"
    assert QUOTE.match("    > 缩进四格") is None
    assert INDENTED_QUOTE.sub("", "    > 缩进四格") == "缩进四格"
    assert FENCE.match("  ```python") and FENCE.match("~~~")
    assert FENCE.match("``单引号") is None
    assert FENCE_LINES.sub("", "```json\n正文\n```") == "\n正文\n"
    assert FENCE_LINES.sub("", "  ```") == "  ```"  # no indent
    assert TABLE_ROW.match("| 项目 | 数量 |")
    assert TABLE_ROW.match("| 只有一边") is None
    assert TABLE_RULE.match("|---|:---:|") and TABLE_RULE.match("--- | ---")
    assert TABLE_RULE.match("|---|:--:|") is None  # three dashes a column
    assert THEMATIC_BREAK.match("* * *") and THEMATIC_BREAK.match("___")
    assert THEMATIC_BREAK.match("-*-") is None  # one mark repeated
