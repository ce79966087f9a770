"""The gates on what real small models wrote (../shared/samples/real-model, drafts of
examples/integrity_report.yaml by Qwen2.5-Coder-1.5B): every defect issue 8 lists is found.

Each section is gated as drafting gates it: its own facts, the whole sheet as allowed, the outline's
headings and points, the demo corpus (corpus/samples, what the demo store holds) as the corpus."""

from __future__ import annotations

from collections import Counter

import pytest
from real_model_support import draft_from_markdown

from pipeline.checks import check_draft, copy_index
from pipeline.checks.gates import GateResult, draft_contexts, gate_section
from pipeline.schema.outline import load_outline
from pipeline.resources import repo_dir

WITH = "integrity_report.qwen2.5-coder-1.5b.with-exemplars.md"
WITHOUT = "integrity_report.qwen2.5-coder-1.5b.no-exemplars.md"


def _gate_all(draft, corpus) -> dict[str, GateResult]:
    outline = load_outline(draft.meta.genre)
    index = copy_index(corpus.items())
    return {s.id: gate_section(s.text, ctx) for s, ctx in draft_contexts(draft, outline=outline, corpus=index)}


def _codes(result: GateResult) -> Counter:
    return Counter(f.code for f in result.findings)


SHEET = repo_dir() / "examples" / "integrity_report.yaml"


@pytest.fixture(scope="module")
def with_exemplars(real_model_dir, demo_corpus):
    draft = draft_from_markdown(real_model_dir / WITH, SHEET)
    return draft, _gate_all(draft, demo_corpus)


@pytest.fixture(scope="module")
def without_exemplars(real_model_dir, demo_corpus):
    draft = draft_from_markdown(real_model_dir / WITHOUT, SHEET)
    return draft, _gate_all(draft, demo_corpus)


def test_with_exemplars_labels_are_stripped(with_exemplars):
    draft, results = with_exemplars
    for sid in ("work.1", "work.2", "work.3", "work.4", "work.5"):
        assert "MARKUP_LABEL" in _codes(results[sid]), sid
        assert "【范文" not in results[sid].text, sid
    assert "【待补充：】" not in results["work.5"].text  # an empty placeholder is a label too


def test_with_exemplars_foreign_names(with_exemplars):
    _, results = with_exemplars
    names = {f.message.split("”")[0].lstrip("“") for r in results.values() for f in r.findings if f.code == "NAMES_FOREIGN"}
    assert {"河阳镇", "镇党委", "局党组", "全镇", "区纪委监委", "全区"} <= names
    assert not any("青川" in n or "宣传部" in n for n in names)  # the unit's own names are not foreign


def test_with_exemplars_echoed_headings_and_numbering(with_exemplars):
    _, results = with_exemplars
    assert "MARKUP_HEADING_ECHO" in _codes(results["basic_info"])  # 【一、基本情况】
    assert "【一、基本情况】" not in results["basic_info"].text
    assert "MARKUP_HEADING_ECHO" in _codes(results["plans"])  # 【四、下步工作计划】
    # problems: 【the report's title】, then the outline's points as its own 一、二、三 headings
    (echo,) = [f for f in results["problems"].findings if f.code == "MARKUP_HEADING_ECHO"]
    assert "4处" in echo.message
    assert "思想认识方面" not in results["problems"].text and "一、" not in results["problems"].text


def test_with_exemplars_repetition_and_copying(with_exemplars):
    _, results = with_exemplars
    work1 = results["work.1"]
    repeats = [f for f in work1.findings if f.code == "REPEAT_SENTENCE"]
    assert repeats and max(int(f.message.split("重复出现")[1].rstrip("次")) for f in repeats) >= 7
    assert all(f.severity == "error" for f in repeats)
    for sid in ("work.1", "work.2", "work.3", "work.5", "problems"):
        copies = [f for f in results[sid].findings if f.code == "COPY_PASSAGE"]
        assert copies and all(f.severity == "error" for f in copies), sid
    assert any("heyangzhen" in f.message for f in work1.findings if f.code == "COPY_PASSAGE")


def test_with_exemplars_missing_facts(with_exemplars):
    draft, results = with_exemplars
    unused = [f for r in results.values() for f in r.findings if f.code == "GROUNDING_UNUSED_FACT"]
    assert len(unused) >= 16  # issue 8: "16 of the sheet's facts are missing"
    assert all(f.severity == "error" for f in unused)
    assert sum(len(s.facts) for s in draft.sections) == 27


def test_with_exemplars_every_section_with_facts_fails(with_exemplars):
    draft, results = with_exemplars
    assert [s.id for s in draft.sections if s.facts and not results[s.id].failed] == []
    problems = results["work.1"].problems()
    assert "照抄" in problems and "河阳镇" in problems or "镇党委" in problems
    assert len(problems) < 400


def test_without_exemplars_invented_claims(without_exemplars):
    _, results = without_exemplars
    claims = [f for f in results["basic_info"].findings if f.code == "CLAIM_UNSUPPORTED"]
    assert any("直属机关" in f.message for f in claims)
    duties = [f for f in claims if "负责" in f.message or "职责" in f.message]
    assert len(duties) >= 5  # the invented list of duties, sentence by sentence
    assert all(f.severity == "warning" for f in claims)
    # sections written from their facts carry no claim finding
    assert [sid for sid, r in results.items() if sid != "basic_info" and "CLAIM_UNSUPPORTED" in _codes(r)] == []


def test_without_exemplars_own_subheadings(without_exemplars):
    _, results = without_exemplars
    basic = results["basic_info"]
    # （一）单位职能与内设机构 …: the outline's points turned into headings, dropped as echoes
    assert _codes(basic)["MARKUP_HEADING_ECHO"] == 1
    assert "（一）" not in basic.text and "（三）" not in basic.text
    assert "2024年度落实党风廉政建设责任制情况汇报" not in basic.text.split("\n")[0]  # the title echoed


def test_without_exemplars_wrapped_facts_are_unwrapped(without_exemplars):
    _, results = without_exemplars
    work5 = results["work.5"]
    (wrapped,) = [f for f in work5.findings if f.code == "PLACEHOLDER_WRAPPED_FACT"]
    assert wrapped.severity == "info" and "3处" in wrapped.message
    assert "【待补充" not in work5.text
    assert "开展谈心谈话46人次" in work5.text
    assert not work5.failed  # once unwrapped, the section uses all its facts


def draft_title_part() -> str:
    return "2024年度落实党风廉政建设责任制情况汇报"


def test_without_exemplars_plans_echo_headings_and_title(without_exemplars):
    _, results = without_exemplars
    plans = results["plans"]
    (echo,) = [f for f in plans.findings if f.code == "MARKUP_HEADING_ECHO"]
    assert "4处" in echo.message
    assert plans.text.startswith("一是强化政治建设")  # the four echoed lines before it are gone
    assert "基本情况" not in plans.text and draft_title_part() not in plans.text


def test_without_exemplars_missing_and_altered_facts(without_exemplars):
    _, results = without_exemplars
    (unused,) = [f for f in results["basic_info"].findings if f.code == "GROUNDING_UNUSED_FACT"]
    assert "同谋划" in unused.message
    (partial,) = [f for f in results["work.2"].findings if f.code == "GROUNDING_UNUSED_FACT"]
    assert "“4月”“7月”" in partial.message
    work3 = results["work.3"]
    assert "GROUNDING_FACT_ALTERED" in _codes(work3)  # 妥善处置 lost a character
    assert "妥善处置网络舆情19起" in work3.text


def test_bigan_check_on_the_drafts_reports_errors(with_exemplars, without_exemplars, demo_corpus):
    """`bigan check` on these drafts (as draft.json, nothing repaired): errors, so exit 1."""
    for draft, _ in (with_exemplars, without_exemplars):
        found = check_draft(draft, corpus=demo_corpus)
        codes = Counter(f.code for f in found if f.severity == "error")
        assert codes["GROUNDING_UNUSED_FACT"] >= 1
        assert codes["MARKUP_HEADING_ECHO"] >= 1
    with_found = check_draft(with_exemplars[0], corpus=demo_corpus)
    errors = Counter(f.code for f in with_found if f.severity == "error")
    assert errors["MARKUP_LABEL"] >= 40 and errors["NAMES_FOREIGN"] >= 6 and errors["COPY_PASSAGE"] >= 10
    without_found = check_draft(without_exemplars[0], corpus=demo_corpus)
    assert Counter(f.code for f in without_found if f.severity == "warning")["PLACEHOLDER_WRAPPED_FACT"] == 3
