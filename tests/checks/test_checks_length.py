"""LENGTH_OUT_OF_RANGE: a report's sections against the outline, one section against its range."""

from __future__ import annotations

from pathlib import Path

from pipeline.checks.length import check_lengths, check_section_length
from pipeline.checks.structure import Node
from pipeline.schema.outline import load_outline

OUTLINE = Path(__file__).resolve().parent / "data" / "outline_small.yaml"


def _seen(findings):
    return [(f.code, f.severity, f.location, f.message, f.section_id) for f in findings]


def test_section_length_counts_characters_but_whitespace():
    assert check_section_length("一二 三\n四\u3000五", (5, 5), "一、基本情况", "basic_info") == []
    assert _seen(check_section_length("一二", (3, 5), "一、基本情况", "basic_info")) == [
        ("LENGTH_OUT_OF_RANGE", "warning", "一、基本情况", "篇幅偏短：正文2字，要求3–5字", "basic_info")
    ]
    assert _seen(check_section_length("一二三四五六", (3, 5), "", None)) == [
        ("LENGTH_OUT_OF_RANGE", "warning", "", "篇幅偏长：正文6字，要求3–5字", None)
    ]


def test_lengths_against_the_outline_count_sub_sections():
    outline = load_outline(str(OUTLINE))
    child = Node(2, "（一）", "强化责任", ["落实" * 40], section_id="work.1", label="二、主要做法和成效 › （一）强化责任")
    nodes = [
        Node(1, "一、", "基本情况", ["本局" * 10], section_id="basic_info", label="一、基本情况"),  # 20 < 40
        Node(1, "二、", "主要做法和成效", ["全年" * 20], [child], section_id="work", label="二、主要做法和成效"),  # 40 + 80
        Node(1, "三、", "存在的主要问题", ["问题" * 20], section_id="problems", label="三、存在的主要问题"),
    ]
    assert _seen(check_lengths(nodes, outline)) == [
        ("LENGTH_OUT_OF_RANGE", "warning", "一、基本情况", "篇幅偏短：正文20字，提纲要求40–200字", "basic_info"),
        ("LENGTH_OUT_OF_RANGE", "warning", "二、主要做法和成效", "篇幅偏短：正文120字，提纲要求150–600字", "work"),
    ]
