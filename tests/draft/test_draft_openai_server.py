"""The local OpenAI-compatible test server, exercised through the real openai client."""

from __future__ import annotations

import time

import openai
import pytest

from pipeline.testing.openai_server import Fault, OpenAIStubServer, split_tokens

pytestmark = pytest.mark.server


def client(srv, timeout=5.0):
    return openai.OpenAI(base_url=srv.base_url, api_key="k", max_retries=0, timeout=timeout)


def test_plain_and_streamed_replies_come_from_the_script():
    with OpenAIStubServer(replies=["第一条回复。", "第二条回复，流式。"], reply_fn=lambda body: "函数回复。") as srv:
        c = client(srv)
        r = c.chat.completions.create(model="m", messages=[{"role": "user", "content": "你好"}])
        assert r.choices[0].message.content == "第一条回复。"
        assert r.choices[0].finish_reason == "stop"
        assert r.usage.completion_tokens == len(split_tokens("第一条回复。"))
        chunks = list(
            c.chat.completions.create(
                model="m", messages=[{"role": "user", "content": "x"}], stream=True, stream_options={"include_usage": True}
            )
        )
        text = "".join(ch.choices[0].delta.content or "" for ch in chunks if ch.choices)
        assert text == "第二条回复，流式。"
        finishes = [ch.choices[0].finish_reason for ch in chunks if ch.choices and ch.choices[0].finish_reason]
        assert finishes == ["stop"]
        assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens > 0
        r3 = c.chat.completions.create(model="m", messages=[{"role": "user", "content": "y"}])
        assert r3.choices[0].message.content == "函数回复。"
        assert [m.id for m in c.models.list().data] == ["stub-model"]
        assert srv.chat_requests[0]["json"]["messages"][0]["content"] == "你好"
        assert srv.chat_requests[0]["headers"]["authorization"] == "Bearer k"


def test_stream_runs_at_the_configured_token_rate():
    text = "字" * 40  # 20 pieces of two characters
    with OpenAIStubServer(replies=[text], tokens_per_second=100) as srv:
        start = time.monotonic()
        got = "".join(
            ch.choices[0].delta.content or ""
            for ch in client(srv).chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}], stream=True)
            if ch.choices
        )
        elapsed = time.monotonic() - start
    assert got == text
    assert 0.18 <= elapsed < 1.5  # 20 tokens at 100/s ≈ 0.2 s


def test_injected_faults_in_order():
    with OpenAIStubServer(replies=["正常。"], faults=[Fault("429", retry_after=2), "500", Fault("hang", seconds=5)]) as srv:
        c = client(srv, timeout=0.5)
        with pytest.raises(openai.RateLimitError) as e429:
            c.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}])
        assert e429.value.response.headers["retry-after"] == "2"
        with pytest.raises(openai.InternalServerError):
            c.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}])
        with pytest.raises(openai.APITimeoutError):
            c.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}])
        # refused requests consume no reply: the scripted one is still there
        assert c.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}]).choices[0].message.content == "正常。"
        assert [r["fault"] for r in srv.chat_requests] == ["429", "500", "hang", None]


def test_cut_stream_has_no_finish_reason():
    with OpenAIStubServer(replies=["一二三四五六七八九十"], faults=[Fault("cut", after=2)]) as srv:
        chunks = list(
            client(srv).chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}], stream=True)
        )
    text = "".join(ch.choices[0].delta.content or "" for ch in chunks if ch.choices)
    assert text == "一二三四"
    assert all(ch.choices[0].finish_reason is None for ch in chunks if ch.choices)


def test_fault_fn_decides_per_request():
    with OpenAIStubServer(default_reply="好。", fault_fn=lambda body, i: "500" if i == 0 else None) as srv:
        c = client(srv)
        with pytest.raises(openai.InternalServerError):
            c.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}])
        assert c.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}]).choices[0].message.content == "好。"


def test_unknown_fault_kind_is_refused():
    with pytest.raises(ValueError):
        Fault("teapot")
