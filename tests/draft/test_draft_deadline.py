"""The whole-request deadline, and the prompt tokens a server reports as taken from its cache."""

from __future__ import annotations

import time

import pytest

from pipeline.draft.model import get_model
from pipeline.errors import ModelError
from pipeline.testing.openai_server import Fault, OpenAIStubServer

pytestmark = pytest.mark.server

MESSAGES = [{"role": "user", "content": "写一句话。"}]


def test_a_stream_that_trickles_past_the_deadline_is_cut_and_retried(stub_settings):
    trickle = "慢" * 80  # 40 pieces at 20 per second: 2 s, every piece well within the read timeout
    with OpenAIStubServer(replies=[trickle, "按时完成。"], tokens_per_second=20) as srv:
        model = get_model(stub_settings(srv.base_url, timeout=5.0, deadline=0.5, concurrency=4), backoff=0.01)
        retries: list[str] = []
        start = time.monotonic()
        reply = model.generate(MESSAGES, on_retry=lambda n, why: retries.append(why))
        elapsed = time.monotonic() - start
    assert reply.text == "按时完成。" and reply.attempts == 2
    assert retries and "总时限" in retries[0]
    assert elapsed < 1.5  # cut at 0.5 s, not after the 2 s the stream would take
    assert model.limiter.limit == 2  # counted like a timeout


def test_no_single_wait_is_longer_than_the_deadline(stub_settings):
    with OpenAIStubServer(replies=["第一句。第二句。"] * 2, faults=[Fault("stall", after=1, seconds=5)]) as srv:
        model = get_model(stub_settings(srv.base_url, timeout=30.0, deadline=0.5), backoff=0.01)
        start = time.monotonic()
        reply = model.generate(MESSAGES)
        elapsed = time.monotonic() - start
    assert reply.attempts == 2 and elapsed < 2.5


def test_a_server_sending_only_keep_alives_is_cut_at_the_deadline(stub_settings):
    """Bytes keep coming (SSE comments while a hosted API queues the request), so no read timeout
    fires and no chunk reaches the door: the deadline's watch cuts the connection itself."""
    with OpenAIStubServer(replies=["排队之后。", "按时完成。"], faults=[Fault("keepalive", seconds=5)]) as srv:
        model = get_model(stub_settings(srv.base_url, timeout=2.0, deadline=0.6), backoff=0.01)
        start = time.monotonic()
        reply = model.generate(MESSAGES)
        elapsed = time.monotonic() - start
    assert reply.attempts == 2 and reply.text == "按时完成。" and elapsed < 2.0
    assert srv.settled_requests()[0]["outcome"] in ("gone", "cut")


def test_every_attempt_past_the_deadline_ends_in_one_model_error(stub_settings):
    with OpenAIStubServer(default_reply="慢" * 80, tokens_per_second=20) as srv:
        model = get_model(stub_settings(srv.base_url, deadline=0.3, max_retries=1), backoff=0.01)
        with pytest.raises(ModelError, match="总时限"):
            model.generate(MESSAGES)
    assert len(srv.chat_requests) == 2


def test_cached_prompt_tokens_are_recorded_when_the_server_reports_them(stub_settings):
    system = {"role": "system", "content": "你是县委办公室的撰稿人，依据事实清单起草党风廉政建设责任制落实情况汇报。" * 4}
    first_ask = [system, {"role": "user", "content": "起草基本情况。"}]
    second_ask = [system, {"role": "user", "content": "起草存在的主要问题。"}]
    shared = len(system["content"]) + len("\n起草")
    for reported_as in ("openai", "deepseek"):  # prompt_tokens_details.cached_tokens / prompt_cache_hit_tokens
        with OpenAIStubServer(default_reply="好的。", prefix_cache=True, cache_usage=reported_as) as srv:
            model = get_model(stub_settings(srv.base_url))
            first = model.generate(first_ask)
            second = model.generate(second_ask)
        assert first.tokens_cached == 0
        assert second.tokens_cached == shared // 2 and 0 < second.tokens_cached < second.tokens_in
    with OpenAIStubServer(default_reply="好的。") as srv:  # a server that says nothing about it
        assert get_model(stub_settings(srv.base_url)).generate(first_ask).tokens_cached is None
