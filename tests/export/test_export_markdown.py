"""render_markdown: title, addressee, numbered headings, body, visible placeholders."""

from __future__ import annotations

from export_drafts import duty_draft, rectification_draft
from pipeline.export.markdown import render_markdown


def test_markdown_shape(integrity):
    md = render_markdown(integrity)
    blocks = md.rstrip("\n").split("\n\n")
    assert blocks[0] == "# 青山县市场监督管理局2024年度落实党风廉政建设责任制情况汇报"
    assert blocks[1] == "考核组的各位领导："
    assert blocks[2].startswith("根据县纪委监委安排")
    headings = [b for b in blocks if b.startswith("#")]
    assert headings[1:] == [
        "## 一、基本情况",
        "## 二、主要做法和成效",
        "### （一）压紧压实主体责任",
        "### （二）持续加强作风建设",
        "## 三、存在的主要问题",
        "## 四、下步工作计划",
    ]
    assert "局党组下设党支部5个，共有党员【待补充：党员人数】名。" in blocks  # placeholder kept as written
    assert blocks[-2] == "以上汇报，请批评指正。"
    assert blocks[-1] == "青山县市场监督管理局  \n2024年12月20日"
    assert md.endswith("\n") and "\n\n\n" not in md


def test_markdown_seminar_has_no_empty_headings(seminar):
    md = render_markdown(seminar)
    lines = [line for line in md.splitlines() if line.startswith("#")]
    assert lines == ["# 在党纪学习教育专题研讨会上的发言", "## 一、坚定理想信念，筑牢思想根基", "## 二、严守纪律规矩，强化自我约束", "## 三、勇于担当作为，推动工作落实"]
    assert md.split("\n\n")[1] == "根据会议安排，结合学习体会和工作实际，我谈几点认识。"


def test_markdown_renumbers_and_marks_empty_sections():
    md = render_markdown(rectification_draft())
    assert "## 二、整改落实情况" in md and "### （一）关于理论学习不深入的问题" in md
    assert "2024年7月1日" in md
    assert "【待补充：存在的不足的内容】" in render_markdown(duty_draft())


def test_markdown_missing_title_is_a_placeholder(integrity):
    integrity.meta.title = "  "
    assert render_markdown(integrity).startswith("# 【待补充：标题】\n")
