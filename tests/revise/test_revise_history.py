"""Section history: accept, reject, undo, redo, and no version is ever lost."""

from __future__ import annotations

import pytest

from pipeline.errors import InputError
from pipeline.revise import history as h
from pipeline.revise.diff import char_diff, diff_html, diff_plain, diff_stats
from pipeline.types import SectionDraft, Version


def _section(text: str = "初稿正文。") -> SectionDraft:
    return SectionDraft(id="work", heading="主要做法和成效", text=text, model="offline", prompt_version="p1")


def test_original_becomes_history_zero():
    s = _section()
    h.ensure_history(s)
    assert len(s.history) == 1 and s.current == 0
    assert s.history[0].text == "初稿正文。" and s.history[0].kind == "draft"
    assert s.history[0].model == "offline" and s.history[0].prompt_version == "p1"


def test_candidate_accept_reject():
    s = _section()
    h.set_candidate(s, Version(text="第二版。", instruction="精炼", kind="revise"))
    assert s.text == "初稿正文。"  # proposing changes nothing shown
    assert h.candidate(s).text == "第二版。"
    h.accept(s)
    assert s.text == "第二版。" and s.current == 1 and h.candidate(s) is None
    h.set_candidate(s, Version(text="第三版。", kind="revise"))
    rejected = h.reject(s)
    assert rejected.text == "第三版。" and s.text == "第二版。"
    assert s.extra["rejected"][0]["text"] == "第三版。"  # kept, not thrown away
    with pytest.raises(InputError):
        h.accept(s)


def test_undo_redo_and_nothing_truncated():
    s = _section("v0")
    for t in ("v1", "v2", "v3"):
        h.append_version(s, Version(text=t, kind="edit"))
    assert s.text == "v3" and s.current == 3
    h.undo(s)
    h.undo(s)
    assert s.text == "v1" and s.current == 1
    h.redo(s)
    assert s.text == "v2"
    h.undo(s)
    # a new version after undo is appended; v2 and v3 survive
    h.append_version(s, Version(text="v4", kind="edit"))
    assert [v.text for v in s.history] == ["v0", "v1", "v2", "v3", "v4"]
    assert s.current == 4 and s.text == "v4"
    assert not h.can_redo(s)
    with pytest.raises(InputError):
        h.redo(s)
    h.go_to(s, 0)
    assert s.text == "v0" and not h.can_undo(s)
    with pytest.raises(InputError):
        h.undo(s)


def test_current_minus_one_means_last():
    s = _section("b")
    s.history = [Version(text="a"), Version(text="b")]
    s.current = -1
    assert h.current_index(s) == 1
    assert h.version_at(s, "current").text == "b"
    assert h.version_at(s, 0).text == "a"
    with pytest.raises(InputError):
        h.version_at(s, 5)


def test_diff_is_by_character():
    old = "召开部务会专题研究党风廉政建设工作4次。"
    new = "召开部务会专题研究党风廉政建设4次。"
    ops = char_diff(old, new)
    removed = "".join(o.old for o in ops if o.tag in ("delete", "replace"))
    added = "".join(o.new for o in ops if o.tag in ("insert", "replace"))
    assert removed == "工作" and added == ""
    assert diff_plain(ops) == "召开部务会专题研究党风廉政建设[-工作-]4次。"
    stats = diff_stats(ops)
    assert stats.deleted == 2 and stats.inserted == 0 and 0.9 < stats.ratio < 1.0


def test_diff_keeps_common_characters_in_long_text():
    # With difflib's autojunk, characters frequent in long Chinese text (的) would stop matching.
    old = "加强党的建设的各项工作，" * 30
    new = old.replace("各项", "全部", 1)
    ops = char_diff(old, new)
    stats = diff_stats(ops)
    assert stats.inserted == 2 and stats.deleted == 2


def test_diff_html_escapes_and_marks():
    ops = char_diff("a<b>\n旧", "a<b>\n新")
    out = diff_html(ops)
    assert "&lt;b&gt;<br>" in out and "<del>旧</del><ins>新</ins>" in out


def test_text_changed_outside_becomes_a_version():
    s = _section("v0")
    h.append_version(s, Version(text="v1", kind="edit"))
    s.text = "edited by hand in draft.json"
    h.ensure_history(s)
    assert [v.text for v in s.history] == ["v0", "v1", "edited by hand in draft.json"]
    assert s.current == 2 and s.history[2].kind == "edit"
    h.undo(s)
    assert s.text == "v1"
