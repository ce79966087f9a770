"""gates.py: the per-section gates as drafting calls them (repair, fail, problems) and as
`bigan check` sees a draft (nothing repaired)."""

from __future__ import annotations

from pipeline.checks.gates import GATE_CODES, GateContext, gate_section

FACTS = ["召开部务会专题研究党风廉政建设工作4次，研究解决具体问题11个", "部长与班子成员层层签订责任书38份"]
SHEET = FACTS + ["设机关党支部1个，下设党小组3个", "扛牢管党治党政治责任", "2024年"]
EXEMPLAR = (
    "镇党委把党风廉政建设纳入全镇经济社会发展总体布局，全年召开党委会议专题研究党风廉政建设工作6次，研究解决基层监督、"
    "村级财务管理等具体问题14个。党委书记认真履行第一责任人职责，做到重要工作亲自部署、重大问题亲自过问。"
)


def ctx(**kw) -> GateContext:
    base = dict(
        section_id="work.1", full_heading="（一）扛牢管党治党政治责任", facts=list(FACTS), allowed=list(SHEET),
        unit="中共东溪县委宣传部", title="中共东溪县委宣传部2024年度落实党风廉政建设责任制情况汇报",
        headings=["基本情况", "主要做法和成效", "扛牢管党治党政治责任", "存在的主要问题", "下步工作计划"], year=2024,
    )
    return GateContext(**(base | kw))


GOOD = "部务会专题研究党风廉政建设工作4次，研究解决具体问题11个。部长与班子成员层层签订责任书38份，压紧压实管党治党责任。"


def test_a_good_section_passes_unchanged():
    result = gate_section(GOOD, ctx(exemplars=[EXEMPLAR]))
    assert result.text == GOOD and result.findings == [] and not result.failed and result.problems() == ""


def test_safe_repairs_are_info_and_do_not_fail():
    text = "【范文1】\n（一）扛牢管党治党政治责任\n" + GOOD.replace("38份", "38份【待补充：】") + "\n【待补充：签订责任书38份，实现全覆盖】"
    result = gate_section(text, ctx())
    assert not result.failed
    assert [(f.code, f.severity, f.span) for f in result.findings] == [
        ("MARKUP_LABEL", "info", None), ("MARKUP_HEADING_ECHO", "info", None), ("PLACEHOLDER_WRAPPED_FACT", "info", None),
    ]
    assert "2处" in result.findings[0].message  # 【范文1】 and the empty 【待补充：】
    assert result.text == GOOD + "\n签订责任书38份，实现全覆盖"


def test_failing_section_and_what_the_model_is_told():
    text = "【范文】" + EXEMPLAR + "\n" + "部务会专题研究党风廉政建设工作4次，研究解决具体问题11个。" * 2
    result = gate_section(text, ctx(exemplars=[EXEMPLAR]))
    assert result.failed
    codes = {f.code for f in result.findings if f.severity == "error"}
    assert {"COPY_PASSAGE", "NAMES_FOREIGN", "GROUNDING_UNUSED_FACT", "REPEAT_SENTENCE"} <= codes
    problems = result.problems()
    assert problems.startswith("上一稿未通过检查：") and problems.endswith("请据此重写本节正文。")
    for said in ("照抄", "镇党委", "签订责任书38份", "重复"):
        assert said in problems
    assert "【范文】" not in result.text  # the label was stripped even though the section fails


def test_check_mode_reports_leaks_as_they_stand():
    text = "【范文】" + GOOD + "\n【待补充：部长与班子成员层层签订责任书38份】"
    found = {f.code: f.severity for f in gate_section(text, ctx(), repair_text=False).findings}
    assert found == {"MARKUP_LABEL": "error", "PLACEHOLDER_WRAPPED_FACT": "warning"}


def test_intro_sections_have_no_coverage_requirement():
    assert gate_section("围绕全面从严治党，主要做了以下工作。", ctx(intro=True, facts=[])).findings == []
    assert gate_section("围绕全面从严治党，主要做了以下工作。", ctx()).failed


def test_own_numbering_fails_and_outline_points_are_dropped():
    numbered = gate_section("（一）强化责任\n" + GOOD, ctx())
    assert [f.code for f in numbered.findings if f.severity == "error"] == ["MARKUP_NUMBERING"]
    cover = gate_section("（一）履行主体责任\n" + GOOD, ctx(covers=["履行主体责任"]))
    assert not cover.failed and cover.text == GOOD


def test_repetition_across_sections_is_a_warning():
    result = gate_section(GOOD, ctx(other_texts=["部长与班子成员层层签订责任书38份，压紧压实管党治党责任。"]))
    assert [(f.code, f.severity) for f in result.findings] == [("REPEAT_ACROSS_SECTIONS", "warning")]


def test_corpus_passages_and_names_count_like_exemplars():
    result = gate_section(GOOD + EXEMPLAR, ctx(corpus={"heyang_2024.txt": EXEMPLAR}))
    copies = [f for f in result.findings if f.code == "COPY_PASSAGE"]
    assert copies and "heyang_2024.txt" in copies[0].message
    assert "NAMES_FOREIGN" in {f.code for f in result.findings}


def test_every_code_is_listed():
    assert len(GATE_CODES) == len(set(GATE_CODES)) == 12
