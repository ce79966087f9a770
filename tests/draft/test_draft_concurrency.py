"""Adaptive concurrency: the AIMD limit itself, and a whole draft against a one-at-a-time server."""

from __future__ import annotations

import threading

import pytest
from draft_support import RecordedEvents, generate_at_once

from pipeline.draft.concurrency import AdaptiveLimit
from pipeline.draft.model import get_model
from pipeline.draft.runner import RunStats, run_draft
from pipeline.testing.openai_server import Fault, OpenAIStubServer, fact_writer

MESSAGES = [{"role": "user", "content": "写一句话。"}]


def _cycle(limit: AdaptiveLimit, outcome: str, reason: str = "") -> None:
    limit.acquire()
    limit.release(outcome, reason)


def test_overload_halves_down_to_one_and_success_grows_back_to_the_start():
    changes: list[tuple[int, str]] = []
    limit = AdaptiveLimit(8, grow_after=3)
    limit.subscribe(lambda n, why: changes.append((n, why)))
    for expected in (4, 2, 1, 1):
        _cycle(limit, "overload", "输出流被中断")
        assert limit.limit == expected
    assert [n for n, _ in changes] == [4, 2, 1]  # no change, no call
    assert changes[0][1] == "输出流被中断"
    _cycle(limit, "neutral")  # a 401 or an empty reply says nothing about load
    assert limit.limit == 1
    for _ in range(3 * 7):
        _cycle(limit, "success")
    assert limit.limit == 8 and limit.lowest == 1
    for _ in range(10):
        _cycle(limit, "success")
    assert limit.limit == 8  # never above the configured start


def test_a_growth_refuted_at_once_doubles_the_run_needed_for_the_next():
    limit = AdaptiveLimit(4, grow_after=2)
    _cycle(limit, "overload")
    _cycle(limit, "overload")
    assert limit.limit == 1
    _cycle(limit, "success")
    _cycle(limit, "success")
    assert limit.limit == 2 and limit.grow_after == 2
    _cycle(limit, "overload")  # the growth was too much
    assert limit.limit == 1 and limit.grow_after == 4
    for _ in range(3):
        _cycle(limit, "success")
    assert limit.limit == 1
    _cycle(limit, "success")
    assert limit.limit == 2
    for _ in range(4):
        _cycle(limit, "success")  # a whole run at 2: the growth held
    assert limit.limit == 3 and limit.grow_after == 4


def test_acquire_waits_for_a_free_slot_and_a_lower_limit_holds_newcomers():
    limit = AdaptiveLimit(2)
    limit.acquire()
    limit.acquire()
    got = threading.Event()
    waiter = threading.Thread(target=lambda: (limit.acquire(), got.set()))
    waiter.start()
    assert not got.wait(0.1)  # both slots taken
    limit.release("overload")  # one slot free, but the limit is now 1 and one is still in flight
    assert limit.limit == 1 and not got.wait(0.1)
    limit.release("success")
    assert got.wait(1.0)
    waiter.join()
    assert limit.in_flight == 1


def test_unsubscribed_listeners_hear_nothing():
    heard: list[int] = []
    limit = AdaptiveLimit(4)
    unsubscribe = limit.subscribe(lambda n, why: heard.append(n))
    _cycle(limit, "overload")
    unsubscribe()
    _cycle(limit, "overload")
    assert heard == [2] and limit.limit == 1


@pytest.mark.server
def test_the_model_halves_on_429_and_timeouts_but_not_on_client_errors(stub_settings):
    with OpenAIStubServer(default_reply="好的。", faults=[Fault("429", retry_after=0), Fault("hang", seconds=3)]) as srv:
        model = get_model(stub_settings(srv.base_url, concurrency=8, timeout=0.3), backoff=0.01)
        reply = model.generate(MESSAGES)
    assert reply.attempts == 3 and model.limiter.limit == 2
    with OpenAIStubServer(faults=[Fault("error", status=400)]) as srv:
        model = get_model(stub_settings(srv.base_url, concurrency=8), backoff=0.01)
        with pytest.raises(Exception):
            model.generate(MESSAGES)
    assert model.limiter.limit == 8


EIGHT_SECTIONS = """\
genre: integrity_report
unit: 中共示例县委办公室
year: 2024
addressee: 考核组的各位领导
signature: 中共示例县委办公室
date: 2024-12-20
sections:
  basic_info:
    - 内设股室5个，在编干部职工28人，其中党员23人
  work:
    - heading: 压实主体责任
      facts: [召开专题会议研究党风廉政建设4次]
    - heading: 加强纪律教育
      facts: [开展警示教育3次，参学干部112人次]
    - heading: 强化监督检查
      facts: [开展专项检查6次，发现问题11个]
    - heading: 整治作风问题
      facts: [通报典型问题2起]
    - heading: 建立长效机制
      facts: [修订完善制度9项]
  problems:
    - 廉政风险点排查不够深入
  plans:
    - 每季度开展1次廉政警示教育
"""


@pytest.mark.server
def test_a_draft_finishes_on_a_server_that_interrupts_the_request_in_flight(stub_settings, tmp_path):
    """llama-cpp-python's default: one request at a time, a new one cuts the stream in flight.
    With concurrency 8 the first wave is cut; after that the limit is 1 and nothing is wasted."""
    sheet = tmp_path / "eight.yaml"
    sheet.write_text(EIGHT_SECTIONS, encoding="utf-8")
    recorded = RecordedEvents()
    stats = RunStats()
    with OpenAIStubServer(reply_fn=fact_writer, mode="interrupting", tokens_per_second=300) as srv:
        settings = stub_settings(srv.base_url, concurrency=8, max_retries=4)
        model = get_model(settings, backoff=0.05)
        draft = run_draft(sheet, settings, model=model, store=None, stats=stats, events=recorded)
        requests = srv.settled_requests()
    drafted = [s for s in draft.sections if s.text]
    assert len(stats.drafted) == 8 and not stats.failed and not stats.fallbacks
    assert all(s.text.startswith("坚持高标准谋划") for s in drafted)  # the model's, whole
    wasted = [i for i, r in enumerate(requests) if r["outcome"] == "interrupted"]
    assert len(wasted) <= 8  # the first wave, sent before the limit came down …
    assert all(i < 10 for i in wasted)  # … and nothing wasted after the first few
    assert len(requests) - len(wasted) == 8 and all(r["outcome"] == "ok" for r in requests[10:])
    assert stats.concurrency_lowest == 1
    warnings = [d["message"] for k, _, d in recorded.log if k == "warning"]
    assert any("并发已降为 1" in w for w in warnings)


@pytest.mark.server
def test_a_growth_probe_against_an_interrupting_server_costs_one_request(stub_settings):
    """After a run of successes the limit tries 2; the server cuts one stream; back to 1, and the
    next try waits twice as long."""
    with OpenAIStubServer(default_reply="字" * 60, mode="interrupting", tokens_per_second=400) as srv:
        model = get_model(stub_settings(srv.base_url, concurrency=2, max_retries=4), backoff=0.01)
        model.limiter = AdaptiveLimit(2, grow_after=2)
        _cycle(model.limiter, "overload")  # start at 1, as after a first wave
        elapsed = generate_at_once(model, MESSAGES, 8)
        assert srv.outcomes("ok") == 8
        assert srv.outcomes("interrupted") <= 2  # growths at 2 and (after doubling) 4 more successes
    assert model.limiter.grow_after >= 4 and elapsed < 10
