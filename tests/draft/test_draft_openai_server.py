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


def _stream_timed(srv, log: list, name: str, **kw) -> None:
    """Stream one reply; log (name, time of each content piece, finish reasons)."""
    times, finishes = [], []
    for ch in client(srv).chat.completions.create(model="m", messages=[{"role": "user", "content": name}], stream=True, **kw):
        if ch.choices and ch.choices[0].delta.content:
            times.append(time.monotonic())
        if ch.choices and ch.choices[0].finish_reason:
            finishes.append(ch.choices[0].finish_reason)
    log.append((name, times, finishes))


def _two_at_once(srv) -> dict:
    import threading

    log: list = []
    first = threading.Thread(target=_stream_timed, args=(srv, log, "A"))
    first.start()
    time.sleep(0.15)
    second = threading.Thread(target=_stream_timed, args=(srv, log, "B"))
    second.start()
    first.join()
    second.join()
    return {name: (times, finishes) for name, times, finishes in log}


def test_parallel_queued_and_interrupting_modes():
    text = "字" * 40  # 20 pieces at 50/s: 0.4 s each
    with OpenAIStubServer(default_reply=text, tokens_per_second=50) as srv:
        runs = _two_at_once(srv)
    assert runs["B"][0][0] < runs["A"][0][-1]  # parallel: B streams while A does
    assert runs["A"][1] == runs["B"][1] == ["stop"]

    with OpenAIStubServer(default_reply=text, tokens_per_second=50, mode="queued") as srv:
        runs = _two_at_once(srv)
    assert runs["B"][0][0] > runs["A"][0][-1]  # queued: B waits for A to finish
    assert runs["A"][1] == runs["B"][1] == ["stop"] and srv.outcomes("ok") == 2

    with OpenAIStubServer(default_reply=text, tokens_per_second=50, mode="interrupting") as srv:
        runs = _two_at_once(srv)
    assert runs["A"][1] == [] and len(runs["A"][0]) < 20  # A was cut when B arrived, without a finish reason
    assert runs["B"][1] == ["stop"] and len(runs["B"][0]) == 20
    assert [r["outcome"] for r in srv.settled_requests()] == ["interrupted", "ok"]
    with pytest.raises(ValueError):
        OpenAIStubServer(mode="sometimes")


def test_max_tokens_and_a_server_that_never_sends_a_finish_reason():
    with OpenAIStubServer(default_reply="一二三四五六七八九十", send_finish=False) as srv:
        c = client(srv)
        r = c.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}], max_tokens=2)
        assert r.choices[0].message.content == "一二三四" and r.choices[0].finish_reason is None
        chunks = list(c.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}], stream=True))
        assert "".join(ch.choices[0].delta.content or "" for ch in chunks if ch.choices) == "一二三四五六七八九十"
        assert all(ch.choices[0].finish_reason is None for ch in chunks if ch.choices)
    with OpenAIStubServer(default_reply="一二三四五六七八九十") as srv:
        chunks = list(client(srv).chat.completions.create(
            model="m", messages=[{"role": "user", "content": "x"}], stream=True, extra_body={"max_tokens": 3}))
        assert [ch.choices[0].finish_reason for ch in chunks if ch.choices and ch.choices[0].finish_reason] == ["length"]
        assert srv.settled_requests()[0]["outcome"] == "length"


def test_context_window_model_meta_props_and_prefix_cache():
    with OpenAIStubServer(context_window=100, model_meta={"max_model_len": 100}, props={"total_slots": 2},
                          prefix_cache=True, prompt_tokens_per_second=1000) as srv:
        c = client(srv)
        with pytest.raises(openai.BadRequestError) as err:
            c.chat.completions.create(model="m", messages=[{"role": "user", "content": "字" * 400}])
        assert "maximum context length is 100 tokens" in str(err.value) and err.value.code == "context_length_exceeded"
        assert c.models.list().data[0].model_extra["max_model_len"] == 100
        assert c.get("/props", cast_to=object) == {"total_slots": 2}
        ask = [{"role": "system", "content": "同一个系统提示词" * 5}, {"role": "user", "content": "第一问"}]
        assert c.chat.completions.create(model="m", messages=ask).usage.prompt_tokens_details.cached_tokens == 0
        ask[1]["content"] = "第二问"
        again = c.chat.completions.create(model="m", messages=ask).usage.prompt_tokens_details.cached_tokens
        assert again == (len(ask[0]["content"]) + 2) // 2  # the system prompt, the newline and 第
