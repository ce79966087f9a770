"""End to end: `bigan eval run` with the offline drafter (the CI gate) and against the local
OpenAI-compatible test server (two prompt sets, the response cache, compare)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from pipeline.resources import repo_dir
from pipeline.testing.openai_server import OpenAIStubServer


def _run_json(path):
    return json.loads((path / "run.json").read_text(encoding="utf-8"))


def test_ci_gate_smoke_suite_passes_offline(cli, tmp_path):
    """CI gates on this: every smoke case must pass with the offline drafter."""
    out = tmp_path / "run"
    code, _out, err = cli("eval", "run", "smoke", "-o", out, "-j", "4")
    data = _run_json(out)
    failed = {c["id"]: c["error"] or [a["detail"] for a in c["assertions"] if not a["passed"]] for c in data["cases"] if not c["passed"]}
    assert failed == {}, err
    assert code == 0
    assert data["meta"]["suite"] == "smoke" and data["meta"]["model"] == "offline" and data["meta"]["offline"]
    assert re.fullmatch(r"[0-9a-f]{12}", data["meta"]["prompt_version"])
    assert data["summary"]["cases"] == 7 and data["summary"]["pass_rate"] == 1.0
    for case in data["cases"]:
        draft = json.loads((out / case["draft"]).read_text(encoding="utf-8"))
        assert draft["meta"]["offline"] is True and draft["meta"]["genre"] == case["genre"]
        assert case["metrics"]["ungrounded_numbers"] == 0 and case["metrics"]["structure_pass"] == 1
        assert (out / "cases" / f"{case['id']}.facts.yaml").is_file()


def test_a_failing_case_exits_1_and_says_why(cli, tmp_path, core_dir):
    suite = tmp_path / "strict"
    (suite / "cases").mkdir(parents=True)
    text = (core_dir / "cases" / "work_summary_flat.yaml").read_text(encoding="utf-8")
    # demand a figure the fact sheet never gives: a faithful drafter cannot satisfy it
    text = text.replace("max_ungrounded_numbers: 0", "max_ungrounded_numbers: 0\n  numbers_must_appear: [\"15名\"]")
    (suite / "cases" / "strict_case.yaml").write_text(text, encoding="utf-8")
    code, _out, err = cli("eval", "run", suite, "-o", tmp_path / "run")
    assert code == 1
    assert "strict_case" in err and "15名" in err
    case = _run_json(tmp_path / "run")["cases"][0]
    assert not case["passed"] and case["metrics"]["passed"] == 0


def test_bad_input_is_one_line_exit_2_and_writes_nothing(cli, tmp_path):
    code, _o, err = cli("eval", "run", "no_such_suite", "-o", tmp_path / "r1")
    assert code == 2 and "找不到评测套件" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "r1").exists()
    code, _o, err = cli("eval", "run", "smoke", "--prompts", tmp_path, "--prompts-rev", "HEAD", "-o", tmp_path / "r2")
    assert code == 2 and "--prompts" in err
    code, _o, err = cli("eval", "run", "smoke", "--prompts", tmp_path / "missing", "-o", tmp_path / "r3")
    assert code == 2 and not (tmp_path / "r3" / "run.json").exists()
    code, _o, err = cli("eval", "compare", tmp_path, tmp_path)
    assert code == 2 and "run.json" in err


@pytest.mark.skipif(shutil.which("git") is None or not (repo_dir() / ".git").exists(), reason="needs the git checkout")
def test_prompts_rev_exports_a_committed_prompt_set(cli, tmp_path):
    rev = subprocess.run(["git", "-C", str(repo_dir()), "log", "-1", "--format=%H", "--", "prompts"], capture_output=True, text=True).stdout.strip()
    if not rev:
        pytest.skip("prompts/ not committed yet")
    out = tmp_path / "run"
    code, _o, err = cli("eval", "run", "smoke", "--cases", "duty_full", "--prompts-rev", rev, "-o", out)
    meta = _run_json(out)["meta"]
    assert meta["prompts"] == f"git:{rev}" and re.fullmatch(r"[0-9a-f]{12}", meta["prompt_version"]), err
    code, _o, err = cli("eval", "run", "smoke", "--prompts-rev", "no-such-rev-xyz", "-o", tmp_path / "bad")
    assert code == 2 and "prompts" in err and not (tmp_path / "bad" / "run.json").exists()


# --------------------------------------------------------------------------- against the test server

_FACT_LINE = re.compile(r"^- (.+)$", re.M)


def _writer(request: dict) -> str:
    """A scripted model: states the prompt's facts; prompt set B also invents two figures."""
    prompt = "\n".join(str(m.get("content", "")) for m in request["messages"])
    facts = _FACT_LINE.findall(prompt.split("本部分的事实", 1)[-1])
    order = "一二三四五六七八九十"
    body = "坚持高标准、严要求，扎实推进各项工作。" + "；".join(f"{order[i % 10]}是{f.rstrip('。；')}" for i, f in enumerate(facts)) + "。"
    body += ("同时，注重统筹协调，压实工作责任，健全工作机制，推动各项任务落地见效。"
             "坚持问题导向，加强跟踪问效，切实把上级决策部署转化为工作实效。")
    if "PROMPT-B" in prompt:
        body += "全年共开展专项活动35次，群众满意度达到98%。"
    return body


@pytest.mark.server
def test_ab_prompt_sets_against_the_test_server_with_cache_and_compare(cli, tmp_path, monkeypatch, repo):
    prompts_a = tmp_path / "prompts_a"
    shutil.copytree(repo / "prompts", prompts_a)
    prompts_b = tmp_path / "prompts_b"
    shutil.copytree(repo / "prompts", prompts_b)
    section = prompts_b / "section.md"
    section.write_text(section.read_text(encoding="utf-8") + "\n（PROMPT-B：可适当补充量化表述。）\n", encoding="utf-8")
    cases = "integrity_full,half_year_tempting,seminar_three_points"
    with OpenAIStubServer(reply_fn=_writer) as srv:
        monkeypatch.setenv("OPENAI_BASE_URL", srv.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test-eval")
        common = ["--model", "stub-model", "--cases", cases, "-j", "3"]
        code_a, _o, err_a = cli("eval", "run", "core", "--prompts", prompts_a, "-o", tmp_path / "A", *common)
        n_a = len(srv.chat_requests)
        code_b, _o, err_b = cli("eval", "run", "core", "--prompts", prompts_b, "-o", tmp_path / "B", *common)
        n_b = len(srv.chat_requests) - n_a
        # the same prompt set again: every section comes from the response cache
        code_a2, _o, err_a2 = cli("eval", "run", "core", "--prompts", prompts_a, "-o", tmp_path / "A2", *common)
        n_a2 = len(srv.chat_requests) - n_a - n_b
    assert n_a > 0 and n_b > 0, (err_a, err_b)
    assert n_a2 == 0
    a, b, a2 = _run_json(tmp_path / "A"), _run_json(tmp_path / "B"), _run_json(tmp_path / "A2")
    assert a["meta"]["model"] == "stub-model" and not a["meta"]["offline"]
    assert a["meta"]["prompt_version"] == a2["meta"]["prompt_version"] != b["meta"]["prompt_version"]
    assert [c["error"] for c in a["cases"] + b["cases"]] == [None] * 6
    assert code_a == 0, err_a
    assert "sk-test-eval" not in (tmp_path / "A" / "run.json").read_text(encoding="utf-8")
    for ca, ca2 in zip(a["cases"], a2["cases"]):
        same = {k: v for k, v in ca["metrics"].items() if k != "latency_s"}
        assert same == {k: v for k, v in ca2["metrics"].items() if k != "latency_s"}
        assert ca["metrics"]["tokens_out"] > 0
    # B invented figures: grounding turned them into placeholders, so B is worse
    assert sum(c["metrics"]["replaced_by_grounding"] for c in a["cases"]) == 0
    assert all(c["metrics"]["replaced_by_grounding"] >= 2 for c in b["cases"])
    assert all(c["metrics"]["ungrounded_numbers"] == 0 for c in b["cases"])  # none left in the text
    assert sum(c["metrics"]["canonical_placeholders"] for c in b["cases"]) > sum(c["metrics"]["canonical_placeholders"] for c in a["cases"])

    code, out, _e = cli("eval", "compare", tmp_path / "A", tmp_path / "A2", "--fail-on-regression")
    assert code == 0 and json.loads(out)["regressions"] == 0
    code, _o, err = cli("eval", "compare", tmp_path / "A", tmp_path / "B", "-o", tmp_path / "cmp", "--fail-on-regression")
    assert code == 1 and "退步" in err
    result = json.loads((tmp_path / "cmp" / "compare.json").read_text(encoding="utf-8"))
    assert set(result["regressed_cases"]) <= {"integrity_full", "half_year_tempting", "seminar_three_points"}
    assert result["regressed_cases"] and result["summary"]["canonical_placeholders"]["status"] == "worse"
    assert result["summary"]["replaced_by_grounding"]["status"] == "worse"
    page = (tmp_path / "cmp" / "compare.html").read_text(encoding="utf-8")
    assert "待补充占位" in page and "PROMPT" not in page.split("<h2>用例详情</h2>")[0]
    code, _o, _e = cli("eval", "compare", tmp_path / "A", tmp_path / "B")
    assert code == 0  # without --fail-on-regression a regression is reported, not an error


@pytest.mark.skipif(shutil.which("git") is None or not (repo_dir() / ".git").exists(), reason="needs the git checkout")
def test_an_old_prompt_set_runs_under_todays_checker(tmp_path):
    """prompts/ at the first commit has no gates.yaml: today's vocabularies fill in what it lacks."""
    from pipeline.evals.run import export_prompts_rev
    from pipeline.resources import prompts_dir

    first = subprocess.run(["git", "-C", str(repo_dir()), "log", "--format=%H", "--diff-filter=A", "--", "prompts/section.md"],
                           capture_output=True, text=True).stdout.split()
    if not first:
        pytest.skip("prompts/ not committed yet")
    folder = export_prompts_rev(first[-1], tmp_path)
    assert (folder / "gates.yaml").read_bytes() == (prompts_dir() / "gates.yaml").read_bytes()
    old = subprocess.run(["git", "-C", str(repo_dir()), "show", f"{first[-1]}:prompts/section.md"], capture_output=True).stdout
    assert (folder / "section.md").read_bytes() == old  # the revision's own templates are kept
