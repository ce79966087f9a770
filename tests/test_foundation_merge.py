"""draft.json saved by several processes: the lock, the three-way merge, refused conflicts."""

from __future__ import annotations

import copy

import pytest

from pipeline.draftio import commit_draft, load_draft, save_draft
from pipeline.draftmerge import STAMP, merge_into
from pipeline.errors import ConflictError
from pipeline.types import Draft, DraftMeta, SectionDraft, Version


def _draft() -> Draft:
    meta = DraftMeta(genre="work_summary", unit="青禾县档案馆", year=2024, title="青禾县档案馆2024年工作总结", revision=3)
    sections = [
        SectionDraft(id=sid, heading=sid, text=f"{sid} 的正文。", status="done",
                     history=[Version(text=f"{sid} 的正文。")], current=0)
        for sid in ("work", "problems", "plans")
    ]
    return Draft(meta=meta, sections=sections, facts={"genre": "work_summary", "sections": {"work": ["整理档案1200卷"]}})


def _edit(draft: Draft, sid: str, text: str) -> None:
    sec = draft.section(sid)
    sec.history.append(Version(text=text, kind="edit"))
    sec.current, sec.text = len(sec.history) - 1, text


@pytest.fixture
def saved(tmp_path):
    path = tmp_path / "report.draft.json"
    save_draft(_draft(), path)
    return path


def _loaded(path):
    draft = load_draft(path)
    return draft, copy.deepcopy(draft.to_dict())


def test_changes_to_other_sections_are_merged_and_stamped(saved):
    page, page_base = _loaded(saved)
    term, term_base = _loaded(saved)
    _edit(page, "problems", "页面改写的问题。")
    commit_draft(page, saved, page_base)
    _edit(term, "work", "终端改写的工作。")
    commit_draft(term, saved, term_base)

    disk = load_draft(saved)
    assert disk.section("problems").text == "页面改写的问题。"
    assert disk.section("work").text == "终端改写的工作。"
    assert disk.meta.revision == 5  # 3 → 4 (page) → 5 (terminal, merged)
    assert disk.section("problems").extra[STAMP] == 4 and disk.section("work").extra[STAMP] == 5
    assert term.section("problems").text == "页面改写的问题。"  # the saver now holds what it wrote


def test_a_change_to_the_same_section_is_refused_and_nothing_is_written(saved):
    page, page_base = _loaded(saved)
    term, term_base = _loaded(saved)
    _edit(page, "work", "页面采纳的版本。")
    commit_draft(page, saved, page_base)
    before = saved.read_bytes()
    _edit(term, "work", "终端的版本。")
    with pytest.raises(ConflictError) as caught:
        commit_draft(term, saved, term_base)
    assert caught.value.sections == ["work"] and "work" in caught.value.one_line()
    assert saved.read_bytes() == before
    assert load_draft(saved).section("work").text == "页面采纳的版本。"


def test_without_a_snapshot_a_stale_revision_is_refused(saved):
    stale = load_draft(saved)
    other = load_draft(saved)
    _edit(other, "plans", "别处的计划。")
    commit_draft(other, saved)
    _edit(stale, "work", "过期的修改。")
    with pytest.raises(ConflictError):
        commit_draft(stale, saved)


def test_keep_theirs_leaves_the_writers_version_and_reports_it(saved):
    runner, runner_base = _loaded(saved)
    page, page_base = _loaded(saved)
    _edit(page, "plans", "作者的计划。")
    commit_draft(page, saved, page_base)
    held = runner.section("plans")
    _edit(runner, "plans", "机器起草的计划。")
    _edit(runner, "work", "机器起草的工作。")
    report = commit_draft(runner, saved, runner_base, keep_theirs=True)
    assert report.overruled == ["plans"] and report.ours == ["work"]
    disk = load_draft(saved)
    assert disk.section("plans").text == "作者的计划。" and disk.section("work").text == "机器起草的工作。"
    assert held.text == "作者的计划。"  # the object the runner holds was updated in place


def test_facts_changed_on_both_sides_conflict_meta_merges(saved):
    base = load_draft(saved).to_dict()
    ours, theirs = Draft.from_dict(copy.deepcopy(base)), Draft.from_dict(copy.deepcopy(base))
    theirs.meta.revision += 1
    theirs.meta.date = "2024年12月20日"
    report = merge_into(ours, base, theirs)
    assert not report.conflicts and ours.meta.date == "2024年12月20日"
    ours.facts = {**ours.facts, "unit": "甲"}
    theirs.facts = {**theirs.facts, "unit": "乙"}
    assert "facts" in merge_into(ours, base, theirs).conflicts


def test_a_file_edited_by_hand_counts_as_their_change(saved):
    term, base = _loaded(saved)
    raw = saved.read_text(encoding="utf-8").replace("work 的正文。", "手工改过的正文。")
    saved.write_text(raw, encoding="utf-8")
    _edit(term, "work", "终端的版本。")
    with pytest.raises(ConflictError):
        commit_draft(term, saved, base)


def test_the_lock_lives_in_bigan_home_not_beside_the_report(saved, _isolated_home):
    from pipeline.draftio import lock_files

    draft, base = _loaded(saved)
    _edit(draft, "work", "改写。")
    commit_draft(draft, saved, base)
    assert sorted(p.name for p in saved.parent.iterdir()) == [saved.name]
    lock, _ = lock_files(saved)
    assert lock.parent == _isolated_home / "locks" and lock.exists()
    assert lock_files(saved.parent / "." / saved.name) == lock_files(saved)
