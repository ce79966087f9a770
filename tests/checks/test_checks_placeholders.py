"""placeholders.py: legacy blanks found, no false hits."""

from __future__ import annotations

import pytest

from pipeline.text.placeholders import find_canonical, find_legacy


@pytest.mark.parametrize(
    "text, expected",
    [
        ("学习X次", ["X"]),
        ("XX市委", ["XX"]),
        ("XXX同志", ["XXX"]),
        ("赴x村开展活动x余次", ["x", "x余"]),
        ("20XX年以来", ["20XX"]),
        ("20X年以来", ["20X"]),
        ("学习*次，谈话**人次，采用***条", ["*", "**", "***"]),
        ("××县××月", ["××", "××"]),
        ("〇〇县", ["〇〇"]),
        ("ＸＸ省", ["ＸＸ"]),
    ],
)
def test_legacy_found(text, expected):
    assert [p.text for p in find_legacy(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "二〇二四年十二月",
        "组织X光检查，X射线",
        "版心尺寸为156×225毫米，156 × 225",
        "使用Excel和XML，邮箱box@example.com",
        "网址https://x.example.com/XX/",
        "* 项目一\n* 项目二",
        "要**加强学习**，**严格管理**。",
        "3x4的表格",
        "【待补充：次数】",
    ],
)
def test_no_false_hits(text):
    assert find_legacy(text) == []


def test_canonical():
    text = "共开展【待补充：次数】，参加【待补充:人数】"
    found = find_canonical(text)
    assert [p.text for p in found] == ["【待补充：次数】", "【待补充:人数】"]
    assert text[found[0].start : found[0].end] == "【待补充：次数】"
