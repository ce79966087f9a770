"""--based-on with a model: each part rewritten through the one model door (the local test server),
then guarded: last year's dated events out, every number grounded in this year's facts; a part
whose call fails keeps its offline text."""

from __future__ import annotations

import pytest
from draft_support import DATA

from pipeline.draft.based_on import run_based_on
from pipeline.testing.openai_server import Fault, OpenAIStubServer

pytestmark = pytest.mark.server

BASED = DATA / "based_on"
LAST = BASED / "岚溪县委宣传部2023年工作总结.txt"
FACTS = BASED / "facts_2024.yaml"


def reply(body: dict) -> str:
    prompt = body["messages"][-1]["content"]
    if "集中学习12次" in prompt:
        # keeps the lead and states this year's facts, but also one of last year's numbers and last year's campaign
        return ("我部始终把学习宣传贯彻党的二十届三中全会精神作为首要政治任务，持续推动党的创新理论走深走实。"
                "县委理论学习中心组全年开展集中学习14次，专题研讨6次。组建县委宣讲团开展宣讲186场。"
                "县委宣讲团开展党的二十届三中全会精神宣讲213场，受众2.6万人次。“岚溪理论微课堂”全年录制微课50期。"
                "扎实开展党纪学习教育，举办专题读书班2期。扎实开展主题教育，推动理论武装走深走实。")
    return "本部分按底稿改写。"  # states no fact: fails the gates twice, the offline text stays


def fault(body: dict, index: int):
    return Fault("500") if "主流舆论持续壮大" in body["messages"][-1]["content"] else None


def test_model_rewrite_is_guarded_and_grounded(stub_settings, tmp_path):
    with OpenAIStubServer(reply_fn=reply, fault_fn=fault) as srv:
        settings = stub_settings(srv.base_url, max_retries=0)
        draft = run_based_on(FACTS, LAST, settings, json_path=tmp_path / "d.draft.json")
        prompts = [r["json"]["messages"][-1]["content"] for r in srv.chat_requests]
    assert not draft.meta.offline and draft.meta.model == "stub-model"
    theory = next(p for p in prompts if "集中学习12次" in p)
    assert "底稿" in theory and "县委理论学习中心组全年开展集中学习14次、专题研讨6次" in theory and "2023年" in theory

    s = draft.section("work.1")
    assert "集中学习14次" in s.text and "专题研讨6次" in s.text
    assert "186场" not in s.text and "【待补充：场次】" in s.text  # last year's number grounded away
    assert "主题教育" not in s.text
    codes = {f.code for f in s.findings}
    assert {"BASED_ON_LAST_YEAR_EVENT", "GROUNDING_UNKNOWN_NUMBER"} <= codes

    failed = draft.section("work.2")  # its call failed: the offline text stays
    assert "刊发岚溪稿件158篇" in failed.text
    assert any(f.code == "BASED_ON_MODEL_FAILED" for f in failed.findings)
    assert draft.extra["changes"]  # the 对照表 is the offline alignment's in both modes

    gated = draft.section("work.3")  # "本部分按底稿改写。" twice: every fact missing, the offline text stays
    assert "本部分按底稿改写" not in gated.text and "处置网络舆情46起" in gated.text
    assert any(f.code == "BASED_ON_GATE_FALLBACK" for f in gated.findings)
