"""grounding.py: ungrounded numbers, replacement text, unused facts."""

from __future__ import annotations

from pipeline.checks.grounding import (
    allowed_numbers,
    fact_strings,
    facts_as_strings,
    ground_text,
    plain_fact_strings,
    ungrounded_against,
    ungrounded_numbers,
    unused_facts,
)
from pipeline.schema.factsheet import FactSheet

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


def test_a_fact_is_used_when_its_numbers_and_key_words_appear():
    from pipeline.checks.grounding import fact_use, key_words

    fact = "组织党员干部旁听职务犯罪庭审1次，观看警示教育片3部"
    assert key_words(fact) == ["党员干部", "旁听", "职务犯罪", "庭审", "观看", "警示教育"]  # 组织 is filler
    used = fact_use(fact, "部机关组织党员干部旁听职务犯罪庭审1次，观看警示教育片3部，以案促改。")
    assert used.used(0.5) and used.missing_words == []
    # the numbers are there by coincidence, the fact is not: 1次 and 3部 said of something else
    other = fact_use(fact, "召开专题会议1次，印发学习资料3部。")
    assert other.missing_numbers == [] and not other.used(0.5)


def test_number_free_facts_need_more_of_their_words():
    from pipeline.checks.grounding import unused_facts

    facts = ["村级小微权力监督还有薄弱环节", "深化村级小微权力清单管理"]
    # 村级 and 小微权力 belong to both facts: the plan's wording does not use the problem
    assert unused_facts(["一是深化村级小微权力清单管理，加强监督。"], facts) == ["村级小微权力监督还有薄弱环节"]


def test_context_years_are_not_required():
    from pipeline.checks.grounding import context_years, fact_use

    fact = "2023年以来完成水利投资4.7亿元"
    text = "两年来累计完成水利投资4.7亿元。"
    assert fact_use(fact, text).missing_numbers == ["2023年"]
    years = context_years(["绿岭县水利局关于2023年以来工作情况的汇报", 2025])
    assert years == {2023, 2025}
    assert fact_use(fact, text, years=years).used(0.5)


def test_a_word_with_a_character_lost():
    from pipeline.checks.grounding import altered_words, fact_use

    fact = "妥善处置网络舆情19起，办结率100%"
    text = "二是善处置网络舆情19起，办结率100%。"
    (alt,) = altered_words(fact_use(fact, text), text)
    assert (alt.wrong, alt.right, text[alt.start : alt.end]) == ("善处置网络", "妥善处置网络", "善处置网络")
    # another word with the same letters is no slip: 责任清晰 for the fact's 责任清单
    fact2 = "制定《部机关2024年度全面从严治党主体责任清单》，明确责任事项3类28项"
    text2 = "形成了责任清晰的链条，明确责任事项3类28项。"
    assert altered_words(fact_use(fact2, text2), text2) == []


def test_ungrounded_against_prepared_numbers():
    text = "全年研究4次，开展23次，覆盖百分之十五的单位。"
    allowed = allowed_numbers(["研究4次", "覆盖15%"])
    assert [n.text for n in ungrounded_against(text, allowed)] == ["23次"]
    assert ungrounded_against(text, allowed) == ungrounded_numbers(text, ["研究4次", "覆盖15%"])


SHEET_DATA = {
    "genre": "integrity_report", "unit": "某县审计局", "year": 2024,
    "sections": {
        "basic_info": ["在编干部职工32人"],
        "work": [{"heading": "强化主体责任", "facts": ["研究党风廉政建设4次", "签订责任书38份"]}],
    },
}


def test_fact_strings_of_a_sheet_facts_then_headings():
    sheet = FactSheet.model_validate(SHEET_DATA)
    assert fact_strings(sheet) == ["在编干部职工32人", "研究党风廉政建设4次", "签订责任书38份", "强化主体责任"]


def test_plain_fact_strings_in_the_order_written_partial_sheets_too():
    assert plain_fact_strings(SHEET_DATA) == ["在编干部职工32人", "强化主体责任", "研究党风廉政建设4次", "签订责任书38份"]
    assert plain_fact_strings({"work": ["开展23次"]}) == ["开展23次"]  # no "sections": the mapping is them


def test_facts_as_strings_is_the_edge_for_every_form():
    sheet = FactSheet.model_validate(SHEET_DATA)
    assert facts_as_strings(sheet) == fact_strings(sheet)
    assert facts_as_strings(SHEET_DATA) == plain_fact_strings(SHEET_DATA)
    assert facts_as_strings(["研究4次", "签订38份"]) == ["研究4次", "签订38份"]
    assert facts_as_strings("研究4次") == ["研究4次"]
    assert facts_as_strings(None) == []
