from __future__ import annotations

from pipeline.schema.outline import load_outline
from pipeline.evals.scoring import draft_text, length_fit, score_case
from pipeline.evals.suite import load_suite


def _case(core_dir, cid):
    return load_suite(core_dir, cases=cid).cases[0]


def _fact_texts(case):
    """Bodies that state every flat fact verbatim (sub-sections default to their facts)."""
    return {k: "；".join(i for i in v if isinstance(i, str)) + "。" for k, v in case.factsheet.sections.items() if any(isinstance(i, str) for i in v)}


def test_a_faithful_draft_passes(core_dir, make_draft):
    case = _case(core_dir, "integrity_full")
    texts = _fact_texts(case)
    texts["work"] = "局党组坚持把党风廉政建设作为全面从严治党的重要内容，同谋划、同部署、同落实。" * 8
    draft = make_draft(case, texts)
    score = score_case(case, draft, outline=load_outline(case.genre), latency_s=1.5)
    failed = [a for a in score.assertions if not a.passed]
    assert score.passed, failed
    m = score.metrics
    assert m["structure_pass"] == 1 and m["ungrounded_numbers"] == 0 and m["legacy_placeholders"] == 0
    assert m["canonical_placeholders"] == 0
    assert m["chars"] == sum(len(s.text) for s in draft.sections)
    assert m["tokens_in"] == 400 and m["tokens_out"] == 200  # four level-1 sections × 100 / 50
    assert m["latency_s"] == 1.5 and m["passed"] == 1
    assert 0.0 <= m["length_fit"] <= 1.0 and 0.0 <= m["fact_coverage"] <= 1.0


def test_invented_numbers_legacy_placeholders_and_forbidden_phrases_fail(core_dir, make_draft):
    case = _case(core_dir, "half_year_tempting")
    texts = _fact_texts(case)
    texts["work"] += "家庭医生签约服务覆盖率提高到85%，县域内就诊率达到XX%。"
    texts["plans"] += "【待补充：下半年具体目标】"
    score = score_case(case, make_draft(case, texts))
    m = score.metrics
    assert m["ungrounded_numbers"] >= 1  # 85% is in no fact
    assert m["legacy_placeholders"] >= 1  # XX%
    assert m["canonical_placeholders"] == 1
    by_name = {a.name: a for a in score.assertions}
    assert not by_name["max_ungrounded_numbers"].passed
    assert not by_name["max_legacy_placeholders"].passed
    assert not by_name["phrases_must_not_appear"].passed and "%" in by_name["phrases_must_not_appear"].detail
    assert not score.passed and m["passed"] == 0


def test_missing_heading_fails_structure(core_dir, make_draft):
    case = _case(core_dir, "work_summary_missing_sections")
    draft = make_draft(case, _fact_texts(case), headings={"plans": "明年打算"})
    score = score_case(case, draft)
    assert score.metrics["structure_pass"] == 0
    by_name = {a.name: a for a in score.assertions}
    assert "下一年工作思路" in by_name["required_headings"].detail
    assert not by_name["structure"].passed


def test_numbers_may_be_written_another_way(core_dir, make_draft):
    case = _case(core_dir, "integrity_cn_numerals")
    texts = {"basic_info": "部机关内设科室四个，干部职工二十三人，其中党员十九人。"}
    draft = make_draft(case, texts)
    # the sub-section states 十二次 as 12次 and 1.2万元 as 12000元: the same quantities
    draft.section("work.1").text = "部务会专题研究党风廉政建设工作12次，逐级签订责任书二十三份。"
    draft.section("work.3").text = "全年公务接待费支出12000元，较上年减少0.35万元；统战专项经费1.86亿元全部纳入预算绩效管理。"
    score = score_case(case, draft)
    numbers = {a.name: a for a in score.assertions}["numbers_must_appear"]
    assert numbers.passed, numbers.detail
    assert score.metrics["ungrounded_numbers"] == 0
    draft.section("work.3").text = "全年公务接待费支出1.3万元。"
    numbers = {a.name: a for a in score_case(case, draft).assertions}["numbers_must_appear"]
    assert not numbers.passed and "1.2万元" in numbers.detail and "1.86亿元" in numbers.detail


def test_length_fit(core_dir, make_draft):
    case = _case(core_dir, "work_summary_flat")
    outline = load_outline(case.genre)
    ranges = {s.id: s.length for s in outline.sections}
    draft = make_draft(case, {sid: "字" * lo for sid, (lo, hi) in ranges.items()})
    assert length_fit(draft, outline) == 1.0
    draft.section("plans").text = "短。"
    assert abs(length_fit(draft, outline) - (len(ranges) - 1) / len(ranges)) < 1e-9
    assert score_case(case, draft, outline=outline).metrics["length_fit"] < 1.0


def test_copy_ratio_counts_passages_the_checker_finds_in_the_corpus(core_dir, make_draft):
    case = _case(core_dir, "work_summary_flat")
    pasted = "我校始终坚持把立德树人作为根本任务，全面加强思想政治工作，推动德智体美劳全面发展，办好人民满意的教育，努力培养担当民族复兴大任的时代新人。"
    own = "学校坚持立德树人根本任务，扎实落实“双减”政策；开设课后服务兴趣小组，学生参与面广；学校获评县级文明校园。"
    draft = make_draft(case, {"work": own + pasted})
    clean = score_case(case, draft, corpus=["另一所学校的材料，与本稿无关。"])
    assert clean.metrics["copy_ratio"] == 0.0
    copied = score_case(case, draft, corpus=["某中学年度总结：" + pasted + "以上是我们的做法。"])
    assert any(f.code.startswith("COPY_") for f in copied.findings)
    expected = len(pasted) / copied.metrics["chars"]
    assert abs(copied.metrics["copy_ratio"] - expected) < 0.02


def test_draft_text_has_numbered_headings(core_dir, make_draft):
    case = _case(core_dir, "seminar_three_points")
    text = draft_text(make_draft(case, {"opening": "开场。", "closing": "结尾。"}))
    assert "一、深刻认识加强纪律建设的重大意义" in text
    assert "三、把纪律要求转化为做好政研工作的实际行动" in text


def test_gate_findings_are_counted(core_dir, make_draft):
    """A section with a leaked label, a foreign name and a repeated sentence: the checker's gate
    findings become metrics; what drafting's gates repaired is counted apart."""
    from pipeline.types import Finding

    case = _case(core_dir, "integrity_full")
    texts = _fact_texts(case)
    repeated = "坚持把党风廉政建设作为全面从严治党的重要内容，同谋划、同部署、同落实。"
    texts["problems"] = "【范文】" + texts["problems"] + repeated * 2
    draft = make_draft(case, texts)
    draft.sections[0].findings.append(Finding("MARKUP_LABEL", "info", "一、基本情况", "已删除提示标签1处：“【范文1】”", draft.sections[0].id))
    score = score_case(case, draft, outline=load_outline(case.genre), corpus={"other.txt": "柳溪镇党委把党风廉政建设纳入全镇布局"})
    m = score.metrics
    assert m["leaked_markup"] == 1 and m["repeated_sentences"] == 1 and m["repaired_by_gates"] == 1
    assert m["gate_failed_sections"] == 1 and m["foreign_names"] == 0 and m["unsupported_claims"] == 0
    clean = score_case(case, make_draft(case, _fact_texts(case)), outline=load_outline(case.genre))
    assert clean.metrics["leaked_markup"] == 0 and clean.metrics["repaired_by_gates"] == 0
