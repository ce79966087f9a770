"""A run's listeners hear each section's progress, one method per event (``draft.events``)."""

from __future__ import annotations

import io

import pytest
from draft_support import RecordedEvents

from pipeline.draft.events import NullEvents
from pipeline.draft.model import get_model
from pipeline.draft.runner import run_draft
from pipeline.draftio import load_draft
from pipeline.errors import ModelError
from pipeline.testing.openai_server import OpenAIStubServer, fact_writer, prompt_section


def _by_section(recorded: RecordedEvents) -> dict[str, list[tuple[str, dict]]]:
    out: dict[str, list[tuple[str, dict]]] = {}
    for name, sid, data in recorded.log:
        out.setdefault(sid, []).append((name, data))
    return out


@pytest.mark.server
def test_each_section_is_started_then_done_or_failed_and_resume_skips_the_kept(stub_settings, small_sheet, tmp_path):
    out = tmp_path / "d.json"

    def faults(body, i):
        return "500" if prompt_section(body) == "三、存在的主要问题" else None

    first = RecordedEvents()
    with OpenAIStubServer(reply_fn=fact_writer, fault_fn=faults) as srv:
        settings = stub_settings(srv.base_url, max_retries=1)
        with pytest.raises(ModelError):
            run_draft(small_sheet, settings, model=get_model(settings, backoff=0.01), json_path=out, store=None, events=first)
    saved = load_draft(out)
    heard = _by_section(first)
    assert "work" not in heard  # a parent of sub-sections only: nothing written, nothing told
    assert [name for name, _ in heard["problems"]] == ["section_started", "section_retry", "section_failed"]
    assert heard["problems"][1][1]["attempt"] == 2 and "HTTP 500" in heard["problems"][2][1]["error"]
    for sid in ("basic_info", "work.1", "work.2", "plans"):
        names = [name for name, _ in heard[sid]]
        assert names[0] == "section_started" and names[-1] == "section_done"
        assert set(names[1:-1]) == {"section_token"}  # streamed in between
        done = heard[sid][-1][1]
        assert done["chars"] == len(saved.section(sid).text) and done["seconds"] > 0 and not done["fallback"]
    assert heard["work.1"][0][1]["heading"] == "压实主体责任"

    again = RecordedEvents()
    with OpenAIStubServer(reply_fn=fact_writer) as srv2:
        run_draft(None, stub_settings(srv2.base_url), resume=out, store=None, events=again)
    skipped = {sid for name, sid, _ in again.log if name == "section_skipped"}
    assert skipped == {"basic_info", "work", "work.1", "work.2", "plans"}
    assert [name for name, sid, _ in again.log if sid == "problems"][0] == "section_started"


def test_plain_progress_prints_one_line_per_event_worth_a_line():
    from rich.console import Console

    from pipeline.cli.draft import _progress

    out = io.StringIO()
    _, events = _progress(Console(file=out, force_terminal=False, width=200), plain=True)
    events.section_started("work.1", "压实主体责任")  # no line: the done line says it all
    events.section_token("work.1", "半句话")
    events.section_done("work.1", seconds=1.25, chars=120, fallback="", problems=[])
    events.section_done("work.2", seconds=2.0, chars=80, problems=["缺少事实", "重复"])
    events.section_done("plans", seconds=0.5, chars=60, fallback="未用事实")
    events.section_failed("problems", "HTTP 500")
    events.section_skipped("basic_info", "基本情况")
    events.warning("语料库中没有范文，本次起草不使用范文")
    assert out.getvalue().splitlines() == [
        "  ✓ work.1（120 字，1.2 秒）",
        "  ⚠ work.2（80 字，2.0 秒）：缺少事实 等 2 条",
        "  ⚠ plans（60 字，0.5 秒）：模型两稿未通过检查，已改用离线起草——未用事实",
        "  ✗ problems：HTTP 500",
        "注意：语料库中没有范文，本次起草不使用范文",
    ]


def test_null_events_hear_everything_and_do_nothing():
    events = NullEvents()
    assert events.section_done("x", seconds=1.0, chars=1, fallback="why", problems=["p"]) is None
    assert events.warning("message", "x") is None
