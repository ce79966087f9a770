"""`bigan model check` against the local test server in each of its behaviours (real openai client)."""

from __future__ import annotations

import json
import tomllib

import pytest
from draft_support import API_KEY

from pipeline.cli import main
from pipeline.config import load_settings
from pipeline.draft.probe import EndpointReport, check_endpoint, recommend
from pipeline.testing.openai_server import Fault, OpenAIStubServer

pytestmark = pytest.mark.server

COUNTING = "，".join(str(i) for i in range(1, 600))  # long enough for every probe's max_tokens


def server(**kw) -> OpenAIStubServer:
    """Fast enough for a test, slow enough to time: 400 tokens/s out, 500 tokens/s prompt."""
    values = dict(default_reply=COUNTING, tokens_per_second=400, prompt_tokens_per_second=500, context_window=8192)
    return OpenAIStubServer(**(values | kw))


def check(srv, capsys, *extra: str) -> tuple[int, dict]:
    capsys.readouterr()
    code = main(["model", "check", "--model", "stub-model", "--base-url", srv.base_url, "--json", *extra])
    return code, json.loads(capsys.readouterr().out)


@pytest.fixture(autouse=True)
def _key(monkeypatch, tmp_path):
    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    monkeypatch.chdir(tmp_path)  # --write without --config goes to ./bigan.toml
    for name in ("BIGAN_CONFIG", "BIGAN_MODEL", "OPENAI_BASE_URL", "BIGAN_CONCURRENCY", "BIGAN_TIMEOUT", "BIGAN_DEADLINE"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("mode, concurrency", [("parallel", 8), ("queued", 1), ("interrupting", 1)])
def test_each_concurrency_behaviour_is_recognised(capsys, mode, concurrency):
    with server(mode=mode) as srv:
        code, report = check(srv, capsys)
        interrupted = srv.outcomes("interrupted")
    assert code == 0 and report["concurrency_mode"] == mode
    assert report["recommended"]["concurrency"] == concurrency
    assert report["finish_reason"] is True and report["max_tokens_honoured"] is True and not report["problems"]
    assert report["model"] == "stub-model" and report["context_window"] == 8192 and not report["notes"]
    assert interrupted == (1 if mode == "interrupting" else 0)
    # measured rates near the server's own (prompt: estimated chars/2 per token, like the server)
    assert 250 <= report["prompt_tokens_per_s"] <= 800
    assert 250 <= report["generation_tokens_per_s"] <= 600
    assert report["seconds"] < 20


def test_a_server_without_finish_reasons_is_a_problem_and_exits_1(capsys):
    with server(send_finish=False, mode="interrupting") as srv:
        code, report = check(srv, capsys)
    assert code == 1 and report["finish_reason"] is False
    assert any("finish_reason" in p for p in report["problems"])
    assert report["concurrency_mode"] == "interrupting"  # told apart by the short first reply


def test_write_updates_only_its_keys_and_keeps_comments(capsys, tmp_path):
    config = tmp_path / "bigan.toml"
    config.write_text('# 本机模型\n[bigan]\nmodel = "stub-model"  # 别改\nconcurrency = 8\n\n[extra]\nnote = "x"\n',
                      encoding="utf-8")
    with server(mode="queued") as srv:
        code, report = check(srv, capsys, "--write")
    assert code == 0 and report["written"] == "bigan.toml"
    text = config.read_text(encoding="utf-8")
    assert text.startswith('# 本机模型\n[bigan]\nmodel = "stub-model"  # 别改\nconcurrency = 1\n')
    data = tomllib.loads(text)
    assert data["extra"] == {"note": "x"}
    assert data["bigan"]["timeout"] == report["recommended"]["timeout"]
    assert data["bigan"]["deadline"] == report["recommended"]["deadline"]
    settings = load_settings(config)
    assert (settings.concurrency, settings.timeout, settings.deadline) == (1, report["recommended"]["timeout"],
                                                                           report["recommended"]["deadline"])


def test_context_window_from_models_props_or_an_oversized_prompt(capsys):
    with server(context_window=None, model_meta={"max_model_len": 32768}) as srv:
        assert check(srv, capsys)[1]["context_source"] == "/models max_model_len"
    with server(context_window=None, props={"default_generation_settings": {"n_ctx": 4096}, "total_slots": 4}) as srv:
        _, report = check(srv, capsys)
    assert report["context_window"] == 4096 and report["slots"] == 4 and report["recommended"]["concurrency"] == 4
    with server(context_window=2048) as srv:  # says nothing until a prompt is too long
        _, report = check(srv, capsys)
        oversized = [r for r in srv.settled_requests() if r["outcome"] == "error"]
    assert (report["context_window"], report["context_source"]) == (2048, "超长请求的报错") and len(oversized) == 1
    assert any("加大服务的 n_ctx" in note for note in report["notes"])  # too small for a long section


def test_prefix_cache_is_seen_in_usage_or_in_timing():
    with server(prefix_cache=True, cache_usage="deepseek") as srv:
        reported = check_endpoint(load_settings(model="stub-model", base_url=srv.base_url, api_key=API_KEY))
    with server() as srv:
        none = check_endpoint(load_settings(model="stub-model", base_url=srv.base_url, api_key=API_KEY))
    assert reported.prefix_cache is True and reported.cached_tokens_reported
    assert none.prefix_cache is False and not none.cached_tokens_reported


def test_recommended_timeout_follows_the_measured_prompt_rate():
    with server(tokens_per_second=400, prompt_tokens_per_second=150, mode="queued") as srv:
        report = check_endpoint(load_settings(model="stub-model", base_url=srv.base_url, api_key=API_KEY))
    rec = report.recommended
    # 4000 prompt tokens at ~150/s ≈ 27 s to the first token: timeout twice that, in steps of 10 s
    assert 50 <= rec["timeout"] <= 70 and rec["concurrency"] == 1
    assert rec["deadline"] == 120  # fast output: the floor


def test_recommendations_from_rates_like_a_small_local_model():
    settings = load_settings()
    slow = EndpointReport(base_url="http://127.0.0.1:8080/v1", model="m", concurrency_mode="interrupting",
                          first_token_s=0.5, prompt_tokens_per_s=35, generation_tokens_per_s=17)
    # first token: 0.5 + 4000/35 ≈ 115 s; a long section: + 2000/17 ≈ 118 s
    assert recommend(slow, settings, local=True) == {"concurrency": 1, "timeout": 230, "deadline": 360}
    shared = EndpointReport(base_url="http://127.0.0.1:8080/v1", model="m", concurrency_mode="parallel", slots=4,
                            first_token_s=0.5, prompt_tokens_per_s=400, generation_tokens_per_s=40)
    # four slots share the hardware: each writes at a quarter of the measured rate
    assert recommend(shared, settings, local=True) == {"concurrency": 4, "timeout": 60, "deadline": 330}
    assert recommend(shared, settings, local=False)["deadline"] == 120  # a hosted API does not slow down
    unknown = EndpointReport(base_url="https://api.example.com/v1", model="m")
    assert recommend(unknown, settings, local=False) == {"concurrency": settings.concurrency, "timeout": 60,
                                                          "deadline": settings.deadline}


def test_unreachable_and_unauthorised_endpoints_are_one_line_errors(capsys):
    code = main(["model", "check", "--model", "m", "--base-url", "http://127.0.0.1:9/v1"])
    err = capsys.readouterr().err
    assert code == 1 and "无法连接" in err and err.count("\n") == 1
    with OpenAIStubServer(faults=[Fault("error", status=401)]) as srv:
        code = main(["model", "check", "--model", "m", "--base-url", srv.base_url])
    err = capsys.readouterr().err
    assert code == 1 and "HTTP 401" in err and API_KEY not in err
