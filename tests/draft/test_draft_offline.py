"""The offline composer on every example fact sheet: a usable draft, no invented number."""

from __future__ import annotations

import re

import pytest
from draft_support import example_sheets, section_task

from pipeline.checks.grounding import ungrounded_numbers
from pipeline.config import load_settings
from pipeline.draft.assemble import assemble_text
from pipeline.schema.factsheet_io import load_factsheet
from pipeline.draft.offline import compose, enumerate_facts, formula_sentences, missing_covers
from pipeline.draft.runner import run_draft
from pipeline.draft.whole import grounding_facts
from pipeline.types import PLACEHOLDER_OPEN

LEGACY = re.compile(r"XX|20XX|\*{2,}")


@pytest.mark.parametrize("path", example_sheets(), ids=lambda p: p.stem)
def test_offline_draft_of_every_example(path, tmp_path):
    sheet = load_factsheet(path)
    draft = run_draft(path, load_settings(), json_path=tmp_path / "d.json", store=None)
    assert draft.meta.offline and draft.meta.model == "offline" and "离线" in draft.extra["notice"]
    assert all(s.status == "done" for s in draft.sections)
    body = [s for s in draft.sections if s.text]
    assert body, "nothing written"
    allowed = grounding_facts(sheet)
    for s in draft.sections:
        assert not ungrounded_numbers(s.text, allowed), (s.id, s.text)
        assert not LEGACY.search(s.text)
        assert not s.text.lstrip().startswith(("#", "-", "*"))
        assert s.history and s.history[0].text == s.text and s.prompt_version == draft.meta.prompt_version
    text = assemble_text(draft)
    # every fact reaches the draft, numbers intact
    for fact in sheet.all_facts():
        for number in re.findall(r"\d+(?:\.\d+)?%?", fact):
            assert number in text
    assert draft.unused_facts == []
    assert draft.meta.title and len(text) > 300


def test_offline_is_deterministic(small_sheet, tmp_path):
    a = run_draft(small_sheet, load_settings(), store=None)
    b = run_draft(small_sheet, load_settings(), store=None)
    assert [s.text for s in a.sections] == [s.text for s in b.sections]


_task = section_task


def test_facts_become_numbered_sentences():
    text = compose(_task())
    assert "一是召开专题会议4次；二是签订责任书26份，覆盖全部股室。" in text
    # a verb-phrase heading is not wrapped into 始终把…摆在突出位置; a noun-phrase one may be named
    assert "压实主体责任" not in text.split("一是")[0]
    assert "食品安全" in compose(_task(heading="食品安全")).split("一是")[0]
    assert enumerate_facts([f"事实{i}" for i in range(12)], per_paragraph=20)[0].count("是事实") == 12
    assert "十一是事实10" in enumerate_facts([f"事实{i}" for i in range(12)], per_paragraph=20)[0]


def test_missing_covers_become_placeholders():
    task = _task(section_id="basic_info", heading="基本情况", role="basic_info", parent_id=None,
                 covers=["人员构成与党员人数", "党组织设置", "单位职能与内设机构"], facts=["在编干部职工28人，其中党员23人"])
    text = compose(task)
    assert f"{PLACEHOLDER_OPEN}单位职能与内设机构】" in text
    assert "人员构成" not in text  # covered by the fact
    assert missing_covers(["党组织设置"], ["设机关党支部1个"]) == []


def test_a_section_without_facts_says_what_is_missing():
    text = compose(_task(section_id="plans", heading="下步工作计划", role="plans", parent_id=None,
                         covers=["深化廉政风险防控"], facts=[]))
    assert "【待补充：深化廉政风险防控】" in text


def test_only_formulaic_exemplar_sentences_are_borrowed():
    exemplars = ["通过以上举措，全县干部作风明显好转。通过专项整治，追回资金12万元。切实推动管党治党责任落地见效。",
                 "通过学习教育，XX同志深受教育。"]
    found = formula_sentences(exemplars)
    assert "切实推动管党治党责任落地见效。" in found
    assert all(not re.search(r"\d|县|XX", s) for s in found)
    text = compose(_task(exemplars=exemplars))
    assert "12万元" not in text and "全县" not in text


from hypothesis import given, settings as hsettings, strategies as st

_CLAUSE = st.builds(
    lambda verb, n, unit: f"{verb}{n}{unit}",
    st.sampled_from(["召开会议", "开展检查", "培训干部", "发放资金", "整改问题", "走访群众"]),
    st.one_of(st.integers(0, 99999).map(str), st.floats(0.1, 999, allow_nan=False).map(lambda x: f"{x:.1f}")),
    st.sampled_from(["次", "人次", "万元", "个", "%", "户", "名"]),
)


@hsettings(max_examples=60, deadline=None)
@given(
    facts=st.lists(st.lists(_CLAUSE, min_size=1, max_size=3).map("，".join), min_size=0, max_size=12),
    role=st.sampled_from(["basic_info", "work", "problems", "plans", "other"]),
    sub=st.booleans(),
)
def test_offline_composer_never_states_a_number_not_in_the_facts(facts, role, sub):
    task = _task(role=role, facts=facts, parent_id="work" if sub else None, section_id="work.2" if sub else "work",
                 covers=["单位职能与内设机构", "党组织设置"])
    text = compose(task)
    assert not ungrounded_numbers(text, facts + [task.heading]), text
    for fact in facts:
        assert fact.rstrip("。") in text or fact.replace("；", "，") in text
