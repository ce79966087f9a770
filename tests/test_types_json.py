"""The values passed between stages (``pipeline/types.py``) as JSON: the exact bytes every earlier
bigan wrote (draft.json, ``bigan parse --json``, ``bigan check --json``), and back to equal values.

``tests/data/types_json.golden.json`` holds what the hand-written ``to_dict`` methods wrote for the
values built here; the generic mechanism must write the same, key order and omitted fields included.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from pipeline.draftio import load_draft, save_draft
from pipeline.types import (
    Chunk,
    Document,
    Draft,
    DraftMeta,
    Finding,
    ParseResult,
    Placeholder,
    Removal,
    SearchHit,
    Section,
    SectionDraft,
    Source,
    Version,
)

GOLDEN = Path(__file__).resolve().parent / "data" / "types_json.golden.json"


def rich_draft() -> Draft:
    """Every field set, nested values, findings with and without a section id and span."""
    meta = DraftMeta(genre="integrity_report", unit="中共示例县委办公室", year=2024, title="示例汇报", period="2024年度",
                     org_level="县", addressee="考核组的各位领导", signature="中共示例县委办公室", date="2024年12月20日",
                     opening="根据安排，现将有关情况汇报如下。", closing="特此报告。", facts_path="sheet.yaml",
                     outline="integrity_report", model="stub-model", offline=False, prompt_version="abc123",
                     created_at="2024-12-20T08:00:00+00:00", bigan_version="0.9.0", revision=7)
    f1 = Finding("GROUNDING_UNKNOWN_NUMBER", "error", "一、 第1段", "数字“37”不在事实清单中", "work.1", (4, 6))
    f2 = Finding("STRUCTURE_MISSING", "warning", "全文", "缺少“存在的主要问题”")
    f3 = Finding("PLACEHOLDER_CANONICAL", "info", section_id="plans")
    original = Version(text="召开专题会议4次。", model="stub-model", prompt_version="abc123", at="2024-12-20T08:00:01+00:00",
                       findings=[f1])
    edit = Version(text="召开专题会议研究党风廉政建设4次。", instruction="手工编辑", kind="edit", findings=[])
    work1 = SectionDraft(
        id="work.1", heading="压实主体责任", level=2, marker="（一）", role="work", parent="work",
        text=edit.text, status="done", facts=["召开专题会议研究党风廉政建设4次", "签订责任书26份"],
        sources=[Source(id="c0", score=0.75, source="old/2023.docx", title="2023年汇报", heading_path=["二、主要做法", "（一）压实责任"]),
                 Source(id="c1", score=1.0)],
        prompt_version="abc123", model="stub-model", tokens_in=812, tokens_out=96, seconds=3.25,
        findings=[f1, f3], history=[original, edit], current=1,
        extra={"prompt_tokens": 640, "cached": True, "asks": 2, "candidate": {"text": "候选", "kind": "revise"},
               "rejected": [original.to_dict()], "saved_revision": 6},
    )
    work = SectionDraft(id="work", heading="主要做法和成效", marker="一、", role="work", status="done",
                        history=[Version(text="")])
    failed = SectionDraft(id="problems", heading="存在的主要问题", marker="二、", role="problems", status="failed",
                          extra={"error": "HTTP 500"})
    pending = SectionDraft(id="plans")
    return Draft(
        meta=meta, sections=[work, work1, failed, pending],
        facts={"genre": "integrity_report", "unit": "中共示例县委办公室", "year": 2024,
               "sections": {"work": [{"heading": "压实主体责任", "facts": ["召开专题会议研究党风廉政建设4次"]}], "plans": ["一条"]}},
        findings=[f2, f1], unused_facts=["签订责任书26份"],
        extra={"notice": "离线起草", "settings": {"model": "stub-model", "concurrency": 4, "temperature": 0.3},
               "changes": [{"kind": "kept", "where": "开头", "old": "甲", "new": "乙", "why": ""}]},
    )


def plain_draft() -> Draft:
    """Only what a draft must have: every default."""
    return Draft(meta=DraftMeta(genre="work_summary", unit="示例单位", year=2025, title="工作总结"))


def parse_result() -> ParseResult:
    inner = Section(level=2, marker="（一）", heading="压实责任", role="work", paragraphs=["第一段。", "第二段。"])
    outer = Section(level=1, marker="一、", heading="主要做法", role="work", paragraphs=["引言。"], children=[inner])
    bare = Section(level=1, marker="二、", heading="问题")
    doc = Document(title="示例汇报", genre="integrity_report", year=2023, org_level="县", text="全文……",
                   unit="示例单位", addressee="各位领导", preamble=["开头一段。"],
                   placeholders=[Placeholder(text="XX", start=3, end=5)], sections=[outer, bare], closing=["特此报告。"])
    empty = Document(title=None, genre=None, year=None, org_level=None, text="")
    noise = [Removal(text="第 1 页", reason="页码", line=12, code="page_number"), Removal(text="……", reason="空行")]
    return ParseResult(source="samples/2023.docx", noise=noise, documents=[doc, empty])


def store_values() -> list:
    return [Chunk(id="k1", text="正文", heading_path=["一、主要做法"], metadata={"source": "a.docx", "year": 2023}),
            SearchHit(id="k1", text="正文", score=0.5, metadata={"source": "a.docx"})]


def all_dicts() -> dict:
    return {
        "rich_draft": rich_draft().to_dict(),
        "plain_draft": plain_draft().to_dict(),
        "parse_result": parse_result().to_dict(),
        "store": [v.to_dict() for v in store_values()],
        "findings": [f.to_dict() for f in rich_draft().findings],
    }


def as_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def test_the_json_is_byte_for_byte_what_bigan_always_wrote():
    assert as_json(all_dicts()) == GOLDEN.read_text(encoding="utf-8")


@pytest.mark.parametrize("make", [rich_draft, plain_draft])
def test_a_draft_round_trips_through_its_dict_and_draft_json(make, tmp_path):
    draft = make()
    assert Draft.from_dict(copy.deepcopy(draft.to_dict())) == draft
    path = tmp_path / "draft.json"
    save_draft(draft, path)
    assert load_draft(path) == draft
    save_draft(load_draft(path), tmp_path / "again.json")
    assert (tmp_path / "again.json").read_bytes() == path.read_bytes()


def test_the_other_values_round_trip():
    result = parse_result()
    assert ParseResult.from_dict(copy.deepcopy(result.to_dict())) == result
    for section in rich_draft().sections:
        assert SectionDraft.from_dict(section.to_dict()) == section
        for version in section.history:
            assert Version.from_dict(version.to_dict()) == version
    for finding in rich_draft().findings:
        assert Finding.from_dict(finding.to_dict()) == finding


def test_unknown_keys_are_ignored_and_missing_ones_take_their_defaults():
    data = plain_draft().to_dict()
    data["from_a_newer_bigan"] = 1
    data["meta"]["also_newer"] = True
    data["sections"] = [{"id": "work", "newer": []}]
    del data["extra"], data["findings"]
    draft = Draft.from_dict(data)
    assert draft.sections == [SectionDraft(id="work")] and draft.extra == {} and draft.findings == []
    assert draft.meta == plain_draft().meta
    assert Finding.from_dict({"code": "X", "severity": "info"}) == Finding("X", "info")
    assert Version.from_dict({"text": "正文"}) == Version(text="正文")


def test_a_dict_is_a_copy_not_a_view():
    draft = rich_draft()
    data = draft.to_dict()
    data["sections"][1]["history"][0]["text"] = "改过"
    data["sections"][1]["sources"][0]["heading_path"].append("多")
    assert draft.sections[1].history[0].text == "召开专题会议4次。"
    assert draft.sections[1].sources[0].heading_path == ["二、主要做法", "（一）压实责任"]
