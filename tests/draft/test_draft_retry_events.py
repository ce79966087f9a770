"""A cut stream that is retried is announced to listeners (on_retry / events.section_retry) before the new text."""

from __future__ import annotations

import io

import pytest

from draft_support import RecordedEvents

from pipeline.draft.model import get_model
from pipeline.draft.runner import run_draft
from pipeline.testing.openai_server import Fault, OpenAIStubServer, fact_writer

MESSAGES = [{"role": "user", "content": "写一句话。"}]
FULL = "第一句完整的话。第二句也完整。第三句还是完整的。"


@pytest.mark.server
def test_on_retry_comes_between_the_cut_text_and_the_new_reply(stub_settings):
    log: list[tuple] = []
    with OpenAIStubServer(replies=[FULL, FULL], faults=[Fault("cut", after=3)]) as srv:
        model = get_model(stub_settings(srv.base_url), backoff=0.01)
        reply = model.generate(MESSAGES, on_token=lambda t: log.append(("token", t)),
                               on_retry=lambda n, why: log.append(("retry", n, why)))
    retries = [i for i, e in enumerate(log) if e[0] == "retry"]
    assert len(retries) == 1 and log[retries[0]][1] == 2 and "中断" in log[retries[0]][2]
    before = "".join(e[1] for e in log[: retries[0]])
    after = "".join(e[1] for e in log[retries[0] + 1:])
    assert before and FULL.startswith(before) and before != FULL  # the partial text listeners saw …
    assert after == reply.text == FULL  # … and after the reset, exactly the kept reply


@pytest.mark.server
def test_no_retry_no_call_and_older_listeners_still_work(stub_settings):
    calls: list = []
    with OpenAIStubServer(replies=[FULL]) as srv:
        model = get_model(stub_settings(srv.base_url), backoff=0.01)
        assert model.generate(MESSAGES, on_retry=lambda *a: calls.append(a)).text == FULL
        assert model.generate(MESSAGES).attempts == 1  # on_retry is optional
    assert calls == []


@pytest.mark.server
def test_runner_sends_a_retry_event_for_the_cut_section(stub_settings, small_sheet):
    recorded = RecordedEvents()
    with OpenAIStubServer(reply_fn=fact_writer, faults=[Fault("cut", after=2)]) as srv:
        settings = stub_settings(srv.base_url, concurrency=1)
        draft = run_draft(small_sheet, settings, model=get_model(settings, backoff=0.01), store=None, events=recorded)
    events = recorded.log
    retried = [(sid, d) for k, sid, d in events if k == "section_retry"]
    assert len(retried) == 1
    sid, data = retried[0]
    assert data["attempt"] == 2 and data["reason"]
    mine = [(k, d) for k, s, d in events if s == sid]
    cut = next(i for i, (k, _) in enumerate(mine) if k == "section_retry")
    after = "".join(d["text"] for k, d in mine[cut + 1:] if k == "section_token")
    assert "".join(d["text"] for k, d in mine[:cut] if k == "section_token") != after
    assert after and draft.section(sid).text.startswith(after)


def test_cli_progress_resets_the_section_char_count():
    from rich.console import Console

    from pipeline.cli.draft import _progress

    progress, events = _progress(Console(file=io.StringIO(), force_terminal=True), plain=False)
    events.section_started("work.1", "压实主体责任")
    events.section_token("work.1", "半句话")
    task = progress.tasks[0]
    assert task.fields["chars"] == 3
    events.section_retry("work.1", 2, "模型输出流中途中断")
    assert task.fields["chars"] == 0
    events.section_token("work.1", "完整的一句话。")
    assert task.fields["chars"] == 7

    out = io.StringIO()
    _, plain = _progress(Console(file=out, force_terminal=False), plain=True)
    plain.section_retry("work.1", 2, "模型输出流中途中断")
    assert "work.1" in out.getvalue() and "第 2 次尝试" in out.getvalue()
