"""Eval runs with different prompts folders in one process do not affect each other, even at the same
time: the folder is passed to drafting and scoring, never set in the environment."""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ThreadPoolExecutor

import yaml

from pipeline.config import load_settings
from pipeline.evals.run import run_suite
from pipeline.evals.suite import load_suite
from pipeline.resources import shipped_prompts

CASES = "integrity_full,inspection_full"
LEAD = "对照年初确定的目标，仍有一些方面需要改进，主要表现在："  # folder B's lead for a list of problems
# … and a "wrong form" only folder B's terms.yaml knows, which the shipped lead says too
SLIP = "主要表现在"


def _folder_b(tmp_path):
    folder = tmp_path / "prompts_b"
    shutil.copytree(shipped_prompts(), folder)
    phrases = yaml.safe_load((folder / "offline.yaml").read_text(encoding="utf-8"))
    phrases["leads"]["problems"] = [LEAD]
    (folder / "offline.yaml").write_text(yaml.safe_dump(phrases, allow_unicode=True), encoding="utf-8")
    terms = yaml.safe_load((folder / "terms.yaml").read_text(encoding="utf-8"))
    terms["wrong_forms"].append({"wrong": SLIP, "right": "主要是", "note": "folder B only"})
    (folder / "terms.yaml").write_text(yaml.safe_dump(terms, allow_unicode=True), encoding="utf-8")
    return folder


def _outcome(run, out) -> dict:
    """Per case: the drafted texts and the scored findings and metrics (timings left out)."""
    import json

    result = {}
    for case in run.cases:
        assert case.error is None, case.error
        draft = json.loads((out / case.draft).read_text(encoding="utf-8"))
        metrics = {k: v for k, v in case.metrics.items() if k != "latency_s"}
        codes = sorted((f["code"], f["message"]) for f in case.findings)
        result[case.id] = ([s["text"] for s in draft["sections"]], codes, metrics)
    return result


def test_two_prompt_folders_in_one_process(tmp_path):
    suite = load_suite(shipped_prompts().parent / "eval" / "suites" / "core", cases=CASES)
    settings = load_settings(store=tmp_path / "no_store", no_cache=True)
    folder_b = _folder_b(tmp_path)
    env_before = os.environ.get("BIGAN_PROMPTS")

    def run(name, prompts):
        out = tmp_path / name
        return _outcome(run_suite(suite, settings, out, jobs=2, prompts=prompts), out)

    alone_a = run("a_alone", None)
    alone_b = run("b_alone", folder_b)
    with ThreadPoolExecutor(max_workers=2) as pool:  # both at once: nothing shared leaks across
        a, b = pool.submit(run, "a_together", shipped_prompts()), pool.submit(run, "b_together", folder_b)
        together_a, together_b = a.result(), b.result()

    assert together_a == alone_a and together_b == alone_b
    assert os.environ.get("BIGAN_PROMPTS") == env_before
    for cid in alone_a:
        texts_a, findings_a, _ = alone_a[cid]
        texts_b, findings_b, _ = alone_b[cid]
        # drafting took folder B's phrase bank, scoring folder B's terms; run A saw neither
        assert any(t.startswith(LEAD) for t in texts_b) and not any(LEAD in t for t in texts_a)
        assert any(code == "TERMS_WRONG_FORM" and SLIP in msg for code, msg in findings_b)
        assert any(SLIP in t for t in texts_a) and not any(SLIP in msg for _, msg in findings_a)
