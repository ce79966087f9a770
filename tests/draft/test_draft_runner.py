"""The whole chain against the local server: parallel sections, faults, saving, resume, secrets."""

from __future__ import annotations

import json

import pytest
from draft_support import API_KEY

from pipeline.draft.model import get_model
from pipeline.draft.runner import RunStats, run_draft
from pipeline.draftio import load_draft
from pipeline.errors import ModelError
from pipeline.testing.openai_server import Fault, OpenAIStubServer, fact_writer, prompt_section

pytestmark = pytest.mark.server


def heading_of(body) -> str:
    return prompt_section(body) or "?"


def reply_for(body) -> str:
    """Every fact of the prompt, as a model doing its job would state them (passes the gates)."""
    return fact_writer(body)


def test_chain_with_faults_saves_every_section(stub_settings, small_sheet, tmp_path):
    out = tmp_path / "d.json"
    faults = [Fault("429", retry_after=0.1), "500", Fault("cut", after=2), Fault("hang", seconds=3)]
    with OpenAIStubServer(reply_fn=reply_for, faults=faults, tokens_per_second=400) as srv:
        settings = stub_settings(srv.base_url, timeout=0.5, no_cache=False)
        draft = run_draft(small_sheet, settings, model=get_model(settings, backoff=0.01), json_path=out, store=None)
    assert [s.id for s in draft.sections] == ["basic_info", "work", "work.1", "work.2", "problems", "plans"]
    assert all(s.status == "done" for s in draft.sections)
    by_id = {s.id: s for s in draft.sections}
    assert by_id["work.1"].text == "坚持高标准谋划、高质量推进，各项工作取得积极成效。一是召开专题会议研究党风廉政建设4次；二是签订党风廉政建设责任书26份。"
    assert by_id["work"].text == ""  # a parent of sub-sections only: no request made for it
    assert by_id["work.1"].marker == "（一）" and by_id["work.2"].parent == "work" and by_id["plans"].marker == "四、"
    assert by_id["work.1"].tokens_out > 0 and by_id["work.1"].history[0].text == by_id["work.1"].text
    # 5 sections + the 4 refused/failed attempts
    assert len(srv.chat_requests) == 9
    prompts = {heading_of(r["json"]): r["json"]["messages"][-1]["content"] for r in srv.chat_requests}
    assert "主要做法和成效" in prompts["（一）压实主体责任"]  # told its parent's heading
    saved = out.read_text(encoding="utf-8")
    assert load_draft(out).sections[2].text == by_id["work.1"].text
    assert draft.meta.model == "stub-model" and not draft.meta.offline
    assert draft.meta.title == "中共示例县委办公室2024年度落实党风廉政建设责任制情况汇报"
    assert draft.meta.date == "2024年12月20日"
    assert not draft.unused_facts and not any(s.extra.get("fallback") for s in draft.sections)
    # the key is nowhere: draft.json, cache
    assert API_KEY not in saved
    for f in (tmp_path / "cache").rglob("*"):
        if f.is_file():
            assert API_KEY not in f.read_text(encoding="utf-8")


def test_sections_run_in_parallel(stub_settings, small_sheet):
    with OpenAIStubServer(default_reply="字" * 60, tokens_per_second=100) as srv:  # 30 tokens: 0.3 s each
        stats = RunStats()
        run_draft(small_sheet, stub_settings(srv.base_url, concurrency=8), store=None, stats=stats)
    slowest = max(stats.section_seconds.values())
    serial = sum(stats.section_seconds.values())
    assert len(stats.section_seconds) == 5
    assert stats.wall_s < serial * 0.6
    assert stats.wall_s < slowest + 1.5


def test_a_failed_section_is_saved_and_resume_redoes_only_it(stub_settings, small_sheet, tmp_path):
    out = tmp_path / "d.json"

    def faults(body, i):
        return "500" if heading_of(body) == "三、存在的主要问题" else None

    with OpenAIStubServer(reply_fn=reply_for, fault_fn=faults) as srv:
        settings = stub_settings(srv.base_url, max_retries=1)
        with pytest.raises(ModelError) as err:
            run_draft(small_sheet, settings, model=get_model(settings, backoff=0.01), json_path=out, store=None)
    assert "--resume" in err.value.one_line()
    saved = load_draft(out)
    status = {s.id: s.status for s in saved.sections}
    assert status["problems"] == "failed" and status["plans"] == "done"
    assert "HTTP 500" in saved.section("problems").extra["error"]

    with OpenAIStubServer(reply_fn=reply_for) as srv2:
        stats = RunStats()
        draft = run_draft(None, stub_settings(srv2.base_url), resume=out, store=None, stats=stats)
    assert [heading_of(r["json"]) for r in srv2.chat_requests] == ["三、存在的主要问题"]
    assert stats.drafted == ["problems"] and set(stats.kept) == {"basic_info", "work", "work.1", "work.2", "plans"}
    assert all(s.status == "done" for s in load_draft(out).sections)
    assert draft.section("plans").text == saved.section("plans").text
    assert json.loads(out.read_text(encoding="utf-8"))["meta"]["revision"] > saved.meta.revision
