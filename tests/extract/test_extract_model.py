"""With a model: proposals come through the one model door (the local OpenAI-compatible test server)
and every one is held to the sentence it cites."""

from __future__ import annotations

import json
import re

import pytest

from pipeline.config import load_settings
from pipeline.extract.run import extract_facts
from pipeline.testing.openai_server import OpenAIStubServer

pytestmark = pytest.mark.server

_LINE = re.compile(r"^\[(S\d+)\] （[^）]*）(.*)$", re.M)


def scripted(body: dict) -> str:
    """A model that is mostly right and wrong in each of the ways verification must catch."""
    prompt = body["messages"][-1]["content"]
    sentences = dict(_LINE.findall(prompt))
    facts = []
    for sid, text in sentences.items():
        if "集中学习14次" in text:
            facts.append({"section": "work", "heading": "理论武装", "fact": "协助县委理论学习中心组开展集中学习14次、专题研讨6次", "source": sid})
        if "处置网络舆情46起" in text:
            facts.append({"section": "work", "heading": "网络舆情", "fact": "全年处置网络舆情46起", "source": sid})
            facts.append({"section": "work", "heading": "网络舆情", "fact": "全年处置网络舆情48起", "source": sid})  # miscopied
            facts.append({"section": "work", "heading": "网络舆情", "fact": "上年处置39起", "source": sid})  # last year's
        if "网评员队伍专业能力不足" in text:
            facts.append({"section": "problems", "heading": "", "fact": "网评员队伍专业能力不足", "source": sid})
    facts.append({"section": "work", "heading": "理论武装", "fact": "开展宣讲300场", "source": "S999"})  # no such sentence
    return "好的，提取结果如下：\n```json\n" + json.dumps({"facts": facts}, ensure_ascii=False) + "\n```"


def test_model_proposals_are_verified_against_their_sentences(materials, tmp_path):
    folder, data = materials
    with OpenAIStubServer(reply_fn=scripted) as srv:
        settings = load_settings(model="stub-model", base_url=srv.base_url, api_key="sk-test", no_cache=True,
                                 cache_dir=tmp_path / "cache", timeout=5.0, max_retries=0)
        extraction, outline = extract_facts(folder, "work_summary", unit=data["unit"], settings=settings)
        prompts = [r["json"]["messages"][-1]["content"] for r in srv.chat_requests]
    assert prompts and all("work：主要工作及成效" in p for p in prompts)
    kept = {(f.section, f.heading, f.text) for f in extraction.facts}
    assert kept == {
        ("work", "理论武装", "协助县委理论学习中心组开展集中学习14次、专题研讨6次"),
        ("work", "网络舆情", "全年处置网络舆情46起"),
        ("problems", None, "网评员队伍专业能力不足"),
    }
    assert all(f.by == "stub-model" for f in extraction.facts)
    reasons = {d.text: d.reason for d in extraction.dropped}
    assert "不在原句中" in reasons["全年处置网络舆情48起"]
    assert "比较" in reasons["上年处置39起"]
    assert "不存在" in reasons["开展宣讲300场"]
    assert "模型 stub-model" in extraction.mode


def test_a_reply_that_is_not_json_falls_back_to_the_rules(materials, tmp_path):
    folder, data = materials
    with OpenAIStubServer(default_reply="抱歉，我无法完成。") as srv:
        settings = load_settings(model="stub-model", base_url=srv.base_url, api_key="sk-test", no_cache=True,
                                 cache_dir=tmp_path / "cache", timeout=5.0, max_retries=0)
        extraction, _ = extract_facts(folder, "work_summary", unit=data["unit"], settings=settings)
    assert len(extraction.facts) >= 30 and all(f.by == "rules" for f in extraction.facts)
    assert any("不是 JSON" in d.reason for d in extraction.dropped)
