"""`bigan draft --regenerate-on-violation`: a reply that invents a number is asked for once more."""

from __future__ import annotations

import pytest
from draft_support import API_KEY

from pipeline.draftio import load_draft
from pipeline.testing.openai_server import OpenAIStubServer

INVENTED = "召开专题会议研究党风廉政建设4次，另开展专项督查99次。"
CLEAN = "召开专题会议研究党风廉政建设4次，推动责任落实落细。"


FACT = "召开专题会议研究党风廉政建设4次"


def _user(body: dict) -> str:
    return body["messages"][-1]["content"]


def _reply(body: dict) -> str:
    """basic_info (the one section with facts): a number is invented the first time, not when told."""
    if f"- {FACT}" not in _user(body):
        return "坚持把工作做细做实。"  # the other sections: no number, nothing to regenerate
    return CLEAN if "上一稿出现了事实中没有的数字" in _user(body) else INVENTED


def _ours(srv) -> list[dict]:
    return [r for r in srv.chat_requests if f"- {FACT}" in _user(r["json"])]


@pytest.fixture
def one_section_sheet(tmp_path, monkeypatch):
    """A fact sheet with facts for one section only."""
    monkeypatch.setenv("BIGAN_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    monkeypatch.setenv("BIGAN_CONFIG", str(tmp_path / "no-such-bigan.toml"))  # no config of the machine
    path = tmp_path / "one.yaml"
    path.write_text(
        "genre: integrity_report\nunit: 中共示例县委办公室\nyear: 2024\n"
        f"sections:\n  basic_info:\n    - {FACT}\n",
        encoding="utf-8",
    )
    return path


def _draft(cli, sheet, srv, *flags):
    json_path = sheet.with_name("one.draft.json")
    code, out, err = cli("draft", sheet, "--json", json_path, "--model", "stub-model", "--base-url", srv.base_url,
                         "--no-cache", "--store", sheet.with_name("store"), "-q", *flags)
    assert code == 0, err
    return load_draft(json_path).section("basic_info")


@pytest.mark.server
def test_flag_regenerates_once_and_keeps_the_second_reply(cli, one_section_sheet):
    with OpenAIStubServer(reply_fn=_reply, tokens_per_second=None) as srv:
        sec = _draft(cli, one_section_sheet, srv, "--regenerate-on-violation")
        requests = _ours(srv)
    assert len(requests) == 2
    assert "99" in requests[1]["json"]["messages"][-1]["content"]  # the violation is stated
    # the first paragraph is the clean reply; 【待补充：…】 lines after it are the outline's points the facts lack
    assert sec.text.split("\n")[0] == CLEAN and "99" not in sec.text
    assert any(f.code == "GATE_ASKED_AGAIN" for f in sec.findings)


@pytest.mark.server
def test_without_the_flag_the_invented_number_becomes_a_placeholder(cli, one_section_sheet):
    with OpenAIStubServer(reply_fn=_reply, tokens_per_second=None) as srv:
        sec = _draft(cli, one_section_sheet, srv, "--no-regenerate-on-violation")
        requests = _ours(srv)
    assert len(requests) == 1
    assert "99" not in sec.text and "【待补充：" in sec.text and "4次" in sec.text


@pytest.mark.server
def test_no_flag_overrides_bigan_toml(cli, one_section_sheet, monkeypatch):
    config = one_section_sheet.with_name("bigan.toml")
    config.write_text("regenerate_on_violation = true\n", encoding="utf-8")
    monkeypatch.setenv("BIGAN_CONFIG", str(config))
    with OpenAIStubServer(reply_fn=_reply, tokens_per_second=None) as srv:
        sec = _draft(cli, one_section_sheet, srv, "--no-regenerate-on-violation")
        assert len(_ours(srv)) == 1
    assert "【待补充：" in sec.text
    with OpenAIStubServer(reply_fn=_reply, tokens_per_second=None) as srv:
        sec = _draft(cli, one_section_sheet, srv)  # no flag: bigan.toml decides
        assert len(_ours(srv)) == 2
    assert sec.text.split("\n")[0] == CLEAN
