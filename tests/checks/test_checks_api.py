"""check_draft / check_section / check_file / summarize, copying and length."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.checks import check_draft, check_file, check_section, summarize
from pipeline.checks.copying import copied_passages, copy_ratio
from pipeline.draftio import load_draft
from pipeline.errors import InputError
from pipeline.types import SectionDraft

DATA = Path(__file__).resolve().parent / "data"
EXEMPLAR = (
    "局党组把河湖长制工作与党风廉政建设同部署，建立县乡村三级河湖长巡河履职台账，"
    "对巡河发现的问题实行清单化管理、销号式整改，推动河湖面貌持续改善。"
)


def test_copied_passages_found_and_merged():
    text = "我局认真履职。" + EXEMPLAR[:60] + "另有新内容若干。"
    (span,) = copied_passages(text, {"河口县": EXEMPLAR}, min_chars=30)
    start, end, source = span
    assert source == "河口县" and text[start:end] == EXEMPLAR[:60]
    assert copied_passages(text, [EXEMPLAR], min_chars=61) == []
    assert 0.7 < copy_ratio(text, [EXEMPLAR]) < 0.9


def test_copied_passages_ignore_whitespace():
    text = EXEMPLAR[:20] + "\n  " + EXEMPLAR[20:50]
    (span,) = copied_passages(text, [EXEMPLAR], min_chars=30)
    assert span[0] == 0 and span[1] == len(text)


def test_check_section_grounding_terms_copy_and_length():
    sec = SectionDraft(id="work", heading="主要做法和成效", marker="二、", text=f"全年研究4次、开展23次。严格执行八项规定精神。\n{EXEMPLAR}")
    findings = check_section(sec, facts=["研究4次"], year=2024, corpus=[EXEMPLAR], length=(10, 20))
    codes = sorted(f.code for f in findings)
    assert codes == ["COPY_PASSAGE", "GROUNDING_UNKNOWN_NUMBER", "LENGTH_OUT_OF_RANGE", "TERMS_WRONG_FORM"]
    unknown = next(f for f in findings if f.code == "GROUNDING_UNKNOWN_NUMBER")
    assert sec.text[unknown.span[0] : unknown.span[1]] == "23次"
    assert unknown.section_id == "work" and "第1段" in unknown.location
    copy = next(f for f in findings if f.code == "COPY_PASSAGE")
    assert "第2段" in copy.location and sec.text[copy.span[0] : copy.span[1]] == EXEMPLAR


def test_check_section_without_facts_skips_grounding():
    assert check_section("全年开展23次。", year=2024) == []


def test_check_draft_uses_its_own_facts_and_outline():
    draft = load_draft(DATA / "planted_draft_2024.json")
    codes = sorted(f.code for f in check_draft(draft, outline=str(DATA / "outline_small.yaml")))
    assert codes.count("GROUNDING_UNKNOWN_NUMBER") == 1 and codes.count("GROUNDING_UNUSED_FACT") == 2
    # the genre's real outline wants longer sections
    real = [f for f in check_draft(draft) if f.code == "LENGTH_OUT_OF_RANGE"]
    assert {f.section_id for f in real} == {"basic_info", "work", "problems", "plans"}


def test_check_draft_missing_section_by_id():
    draft = load_draft(DATA / "planted_draft_2024.json")
    draft.sections = [s for s in draft.sections if s.id != "problems"]
    missing = [f for f in check_draft(draft, outline=str(DATA / "outline_small.yaml")) if f.code == "STRUCTURE_SECTION_MISSING"]
    assert [f.section_id for f in missing] == ["problems"]


def test_summarize():
    findings = check_file(DATA / "planted_placeholders_2023.txt")
    s = summarize(findings)
    assert s["total"] == 11 and s["errors"] == 9 and s["warnings"] == 2 and not s["ok"]
    assert s["by_category"] == {"PLACEHOLDER": 11}
    assert summarize([])["ok"] is True


def test_check_file_docx(tmp_path):
    import docx

    doc = docx.Document()
    for line in (DATA / "planted_terms_2023.txt").read_text(encoding="utf-8").splitlines():
        doc.add_paragraph(line)
    path = tmp_path / "terms.docx"
    doc.save(path)
    assert [f.code for f in check_file(path)].count("TERMS_WRONG_FORM") == 6


def test_check_file_bad_input(tmp_path):
    with pytest.raises(InputError):
        check_file(tmp_path / "missing.txt")
    bad = tmp_path / "a.pdf"
    bad.write_bytes(b"%PDF")
    with pytest.raises(InputError):
        check_file(bad)
    broken = tmp_path / "draft.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError):
        check_file(broken)


def test_finding_json_round_trip():
    findings = check_file(DATA / "planted_structure.txt")
    data = json.loads(json.dumps([f.to_dict() for f in findings], ensure_ascii=False))
    assert all({"code", "severity", "location", "message"} <= set(d) for d in data)
