"""The model door against the real local server through the real openai/LangChain client."""

from __future__ import annotations

import json

import pytest
from draft_support import API_KEY, generate_at_once

from pipeline.draft.cache import ResponseCache, cache_key
from pipeline.draft.chat import ChatModel
from pipeline.draft.model import OpenAIChatModel, get_model
from pipeline.draft.offline import OfflineComposer
from pipeline.errors import ConfigError, ModelError
from pipeline.testing.openai_server import Fault, OpenAIStubServer

MESSAGES = [{"role": "system", "content": "你是撰稿人。"}, {"role": "user", "content": "写一句话。"}]


def test_offline_without_a_model(stub_settings):
    from pipeline.config import load_settings

    model = get_model(load_settings())
    assert isinstance(model, OfflineComposer) and model.offline and model.name == "offline"
    assert isinstance(model, ChatModel)
    with pytest.raises(ModelError):
        model.generate(MESSAGES)  # the composer needs a section task


def test_a_model_without_endpoint_is_a_config_error():
    from pipeline.config import load_settings

    with pytest.raises(ConfigError):
        get_model(load_settings(model="gpt-x"))


@pytest.mark.server
def test_streams_tokens_and_reports_usage(stub_settings):
    with OpenAIStubServer(replies=["全年召开会议4次。"], tokens_per_second=500) as srv:
        model = get_model(stub_settings(srv.base_url))
        pieces: list[str] = []
        reply = model.generate(MESSAGES, on_token=pieces.append)
    assert reply.text == "全年召开会议4次。" and "".join(pieces) == reply.text
    assert reply.finish_reason == "stop" and reply.tokens_out == 5 and reply.tokens_in > 0
    assert reply.model == "stub-model" and reply.seconds > 0
    sent = srv.chat_requests[0]
    assert sent["json"]["stream"] is True and sent["json"]["messages"][1]["content"] == "写一句话。"


@pytest.mark.server
def test_429_honours_retry_after(stub_settings):
    with OpenAIStubServer(replies=["好。"], faults=[Fault("429", retry_after=0.6)]) as srv:
        model = get_model(stub_settings(srv.base_url), backoff=0.01)
        reply = model.generate(MESSAGES)
    assert reply.text == "好。" and reply.attempts == 2
    gap = srv.chat_requests[1]["at"] - srv.chat_requests[0]["at"]
    assert gap >= 0.55  # waited as told, not the tiny exponential backoff


@pytest.mark.server
def test_500_and_timeouts_are_retried(stub_settings):
    with OpenAIStubServer(replies=["恢复正常。"], faults=["500", Fault("hang", seconds=5)]) as srv:
        model = get_model(stub_settings(srv.base_url, timeout=0.4), backoff=0.01)
        reply = model.generate(MESSAGES)
    assert reply.text == "恢复正常。" and reply.attempts == 3
    assert [r["fault"] for r in srv.chat_requests] == ["500", "hang", None]


@pytest.mark.server
def test_cut_stream_is_retried_and_never_half_kept(stub_settings):
    full = "第一句完整的话。第二句也完整。"
    with OpenAIStubServer(replies=[full, full], faults=[Fault("cut", after=3)]) as srv:
        model = get_model(stub_settings(srv.base_url), backoff=0.01)
        reply = model.generate(MESSAGES)
    assert reply.text == full and reply.attempts == 2
    assert [r["fault"] for r in srv.chat_requests] == ["cut", None]


@pytest.mark.server
def test_gives_up_with_one_model_error(stub_settings):
    with OpenAIStubServer(faults=["500"] * 10) as srv:
        model = get_model(stub_settings(srv.base_url, max_retries=2), backoff=0.01)
        with pytest.raises(ModelError) as err:
            model.generate(MESSAGES)
    assert len(srv.chat_requests) == 3
    assert "HTTP 500" in err.value.one_line() and "\n" not in err.value.one_line()
    assert API_KEY not in err.value.one_line()


@pytest.mark.server
def test_auth_errors_are_not_retried(stub_settings):
    with OpenAIStubServer(faults=[Fault("error", status=401)] * 3) as srv:
        model = get_model(stub_settings(srv.base_url), backoff=0.01)
        with pytest.raises(ModelError, match="401"):
            model.generate(MESSAGES)
    assert len(srv.chat_requests) == 1


@pytest.mark.server
def test_cache_hits_skip_the_endpoint_and_never_hold_the_key(stub_settings, tmp_path):
    with OpenAIStubServer(replies=["缓存的回复。", "不该被请求到。"]) as srv:
        settings = stub_settings(srv.base_url, no_cache=False)
        first = get_model(settings).generate(MESSAGES)
        second = get_model(settings).generate(MESSAGES)
    assert first.text == second.text == "缓存的回复。" and second.cached and not first.cached
    assert len(srv.chat_requests) == 1
    files = list((tmp_path / "cache").rglob("*.json"))
    assert len(files) == 1
    assert API_KEY not in files[0].read_text(encoding="utf-8")
    assert json.loads(files[0].read_text(encoding="utf-8"))["text"] == "缓存的回复。"


@pytest.mark.server
def test_errors_and_cut_streams_are_not_cached(stub_settings, tmp_path):
    with OpenAIStubServer(faults=[Fault("cut", after=1)] * 5, replies=["半句话没有结尾的回复。"] * 5) as srv:
        settings = stub_settings(srv.base_url, no_cache=False, max_retries=1)
        with pytest.raises(ModelError):
            get_model(settings, backoff=0.01).generate(MESSAGES)
    assert not list((tmp_path / "cache").rglob("*.json"))


def test_cache_refuses_empty_and_unfinished_entries(tmp_path):
    cache = ResponseCache(tmp_path)
    key = cache_key("m", None, MESSAGES, {"temperature": 0.3})
    assert not cache.put(key, {"text": "  ", "finish_reason": "stop"})
    assert not cache.put(key, {"text": "半句", "finish_reason": None})
    assert cache.get(key) is None
    assert cache.put(key, {"text": "完整。", "finish_reason": "stop"})
    assert cache.get(key)["text"] == "完整。"
    assert key != cache_key("m", None, MESSAGES, {"temperature": 0.7})
    assert key != cache_key("m", "http://other/v1", MESSAGES, {"temperature": 0.3})


@pytest.mark.server
def test_concurrency_limit_is_respected(stub_settings):
    with OpenAIStubServer(default_reply="字" * 20, tokens_per_second=100) as srv:
        model = get_model(stub_settings(srv.base_url, concurrency=2))
        assert isinstance(model, OpenAIChatModel)
        elapsed = generate_at_once(model, MESSAGES, 4)
    # 4 replies of 10 tokens at 100 tok/s, two at a time: two waves of ≈0.1 s
    assert elapsed >= 0.19
    starts = sorted(r["at"] for r in srv.chat_requests)
    assert starts[2] - starts[0] >= 0.08  # the third request waited for a free slot


@pytest.mark.server
def test_a_stream_that_stalls_mid_way_times_out_and_is_retried(stub_settings):
    full = "第一句完整的话。第二句也完整。"
    with OpenAIStubServer(replies=[full, full], faults=[Fault("stall", after=2, seconds=5)]) as srv:
        model = get_model(stub_settings(srv.base_url, timeout=0.4), backoff=0.01)
        pieces: list[str] = []
        reply = model.generate(MESSAGES, on_token=pieces.append)
    assert reply.text == full and reply.attempts == 2
    assert [r["fault"] for r in srv.chat_requests] == ["stall", None]
