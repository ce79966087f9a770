"""Output limit: max_tokens on the request, and a stream that runs long or loops is stopped."""

from __future__ import annotations

import pytest

from pipeline.draft.chat import RUNAWAY
from pipeline.draft.model import get_model
from pipeline.draft.runaway import REPEATING, TOO_LONG, RunawayGuard
from pipeline.testing.openai_server import OpenAIStubServer

MESSAGES = [{"role": "system", "content": "你是撰稿人。"}, {"role": "user", "content": "写一段话。"}]
OPENING = "全年召开党风廉政建设专题会议4次，研究部署重点任务。\n"
LOOP = ("一是压实主体责任，层层签订党风廉政建设责任书。二是加强纪律教育，组织开展警示教育活动。"
        "三是强化监督检查，发现问题及时督促整改到位。\n")


def feed(guard: RunawayGuard, text: str, step: int = 3) -> bool:
    return any(guard.feed(text[i : i + step]) for i in range(0, len(text), step))


def test_a_looping_paragraph_is_stopped_with_the_text_before_the_loop():
    guard = RunawayGuard()
    assert feed(guard, OPENING + LOOP * 7)
    assert guard.defect == REPEATING
    assert guard.kept == (OPENING + LOOP).rstrip()
    assert len(guard.text) < len(OPENING + LOOP * 3)  # stopped on the second turn, not the seventh


def test_the_same_sentence_three_times_in_one_paragraph_is_a_loop():
    sentence = "坚持以习近平新时代中国特色社会主义思想为指导。"
    guard = RunawayGuard()
    assert feed(guard, "开头。" + sentence + "中间一句不同的话写在这里。" + sentence * 4)
    assert guard.defect == REPEATING
    assert guard.kept == "开头。" + sentence + "中间一句不同的话写在这里。"


def test_a_loop_without_punctuation_is_stopped():
    guard = RunawayGuard()
    assert feed(guard, "前言部分。" + "扎实推进各项工作" * 40, step=2)
    assert guard.defect == REPEATING and guard.kept == "前言部分。扎实推进各项工作"


def test_honest_text_passes_short_stock_phrases_may_recur():
    guard = RunawayGuard(max_chars=2000)
    text = "".join(f"第{i}项工作取得积极成效。按照要求完成第{i}批整改任务，形成工作台账{i}本。\n" for i in range(1, 30))
    text += "取得积极成效。" * 5  # short (< 12 chars): not a loop on its own
    assert not feed(guard, text)
    assert guard.defect is None and guard.text == text


def test_past_max_chars_the_reply_is_cut_back_to_a_sentence_end():
    guard = RunawayGuard(max_chars=60)
    text = "".join(f"第{i}条措施已经落实到位，责任到人，取得明显成效。" for i in range(1, 10))
    assert feed(guard, text)
    assert guard.defect == TOO_LONG
    assert len(guard.kept) <= 60 and guard.kept.endswith("。") and text.startswith(guard.kept)


@pytest.mark.server
def test_the_door_stops_a_loop_returns_a_defective_reply_and_neither_retries_nor_caches(stub_settings, tmp_path):
    with OpenAIStubServer(replies=[OPENING + LOOP * 20] * 3, tokens_per_second=2000) as srv:
        settings = stub_settings(srv.base_url, no_cache=False)
        model = get_model(settings, backoff=0.01)
        streamed: list[str] = []
        reply = model.generate(MESSAGES, on_token=streamed.append, max_tokens=900)
        again = model.generate(MESSAGES, max_tokens=900)
    assert reply.finish_reason == RUNAWAY and reply.defect == REPEATING
    assert reply.text == (OPENING + LOOP).rstrip() and reply.attempts == 1
    assert len("".join(streamed)) < len(OPENING + LOOP * 20)  # the stream was closed early
    assert reply.tokens_out > 0  # no usage report when we hang up: the streamed pieces are counted
    assert not again.cached and len(srv.chat_requests) == 2  # one request each, nothing cached
    assert not list((tmp_path / "cache").rglob("*.json"))
    assert model.limiter.limit == settings.concurrency  # a runaway reply is no sign of overload


@pytest.mark.server
def test_max_tokens_is_sent_and_max_chars_stops_a_long_reply(stub_settings):
    long = "".join(f"第{i}条措施已经落实到位，责任到人。" for i in range(1, 80))
    with OpenAIStubServer(replies=[long, long], tokens_per_second=5000) as srv:
        model = get_model(stub_settings(srv.base_url), backoff=0.01)
        limited = model.generate(MESSAGES, max_tokens=20)
        overrun = model.generate(MESSAGES, max_chars=100)
    body = srv.chat_requests[0]["json"]
    assert body["max_tokens"] == 20 and "max_completion_tokens" not in body
    assert limited.finish_reason == "length" and limited.tokens_out == 20 and limited.text == long[:40]
    assert "max_tokens" not in srv.chat_requests[1]["json"]
    assert overrun.finish_reason == RUNAWAY and overrun.defect == TOO_LONG and len(overrun.text) <= 100


@pytest.mark.server
def test_limits_are_part_of_the_cache_key(stub_settings):
    with OpenAIStubServer(replies=["短的回复。", "另一个回复。"]) as srv:
        model = get_model(stub_settings(srv.base_url, no_cache=False))
        first = model.generate(MESSAGES, max_tokens=100)
        other = model.generate(MESSAGES, max_tokens=200)
        same = model.generate(MESSAGES, max_tokens=100)
    assert (first.text, other.text, same.text) == ("短的回复。", "另一个回复。", "短的回复。")
    assert same.cached and not other.cached and len(srv.chat_requests) == 2
