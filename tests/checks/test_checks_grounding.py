"""grounding.py: ungrounded numbers, replacement text, unused facts."""

from __future__ import annotations

from pipeline.checks.grounding import ground_text, ungrounded_numbers, unused_facts

FACTS = ["召开部务会专题研究党风廉政建设4次", "在编干部职工32人，其中党员27人", "全年培训干部1.2万人次"]


def test_ungrounded_after_normalisation():
    text = "研究党风廉政建设四次，32名干部，培训12000人次，另开展23次"
    assert [n.text for n in ungrounded_numbers(text, FACTS)] == ["23次"]


def test_also_allowed_year():
    assert ungrounded_numbers("2024年共研究4次", FACTS) != []
    assert ungrounded_numbers("2024年共研究4次", FACTS, also_allowed=[2024]) == []


def test_ground_text_replacement():
    text, findings = ground_text("共开展23次，增长15%，投入5万元，参加300余人。", FACTS)
    assert text == "共开展【待补充：次数】，增长【待补充：比例】，投入【待补充：金额】，参加【待补充：人数】。"
    assert [f.code for f in findings] == ["GROUNDING_UNKNOWN_NUMBER"] * 4
    assert "23次" in findings[0].message
    s, e = findings[0].span
    assert text[s:e] == "【待补充：次数】"


def test_ground_text_legacy_placeholders():
    text, findings = ground_text("20XX年以来，学习X次，XXX同志带队赴XX市调研。", FACTS)
    assert text == "【待补充：年份】以来，学习【待补充：次数】，【待补充：姓名】同志带队赴【待补充：地名】市调研。"
    assert {f.code for f in findings} == {"PLACEHOLDER_LEGACY"}


def test_grounded_text_unchanged():
    text = "召开部务会专题研究4次，党员27人。"
    assert ground_text(text, FACTS) == (text, [])


def test_unused_facts():
    used = ["召开部务会4次，干部职工32人、党员27人"]
    assert unused_facts(used, FACTS) == ["全年培训干部1.2万人次"]
    # number-free facts: used when enough of their wording appears
    facts = ["建立健全廉政风险防控机制", "开展警示教育"]
    assert unused_facts(["我们建立健全了廉政风险防控机制。"], facts) == ["开展警示教育"]


def test_lone_one_in_a_fact_allows_1():
    assert ungrounded_numbers("组织集中述职述廉1次", ["组织集中述职述廉一次"]) == []
    assert [n.text for n in ungrounded_numbers("组织集中述职述廉1次", ["组织集中述职述廉两次"])] == ["1次"]
