"""`bigan draft` from the command line: outputs, bad input, a killed run resumed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
from draft_support import API_KEY, REPO

from pipeline.draftio import load_draft
from pipeline.testing.openai_server import OpenAIStubServer, fact_writer


def test_offline_draft_writes_docx_and_json_beside_the_fact_sheet(cli, small_sheet):
    code, out, err = cli("draft", small_sheet, "-q")
    assert code == 0, err
    docx = small_sheet.with_name("small.docx")
    json_path = small_sheet.with_name("small.draft.json")
    assert docx.is_file() and docx.stat().st_size > 5000
    assert str(docx) in out and str(json_path) in out
    draft = load_draft(json_path)
    assert draft.meta.offline and draft.meta.facts_path == str(small_sheet)
    assert "离线草稿" in err


def test_markdown_and_explicit_paths(cli, small_sheet, tmp_path):
    code, out, err = cli("draft", small_sheet, "-o", tmp_path / "r.docx", "--md", tmp_path / "r.md", "-q")
    assert code == 0, err
    md = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "压实主体责任" in md and "4次" in md
    assert (tmp_path / "r.draft.json").is_file()
    assert not small_sheet.with_name("small.docx").exists()


@pytest.mark.parametrize(
    "text, field",
    [
        ("genre: integrity_report\nunit: 中共示例县委\nyear: 2024\nsections:\n  work: [未闭合\n", None),
        ("genre: speech\nunit: 中共示例县委\nyear: 2024\nsections:\n  work: [a]\n", "genre"),
        ("genre: integrity_report\nyear: 2024\nsections:\n  work: [a]\n", "unit"),
        ("genre: integrity_report\nunit: 中共示例县委\nyear: [2024]\nsections:\n  work: [a]\n", "year"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(cli, tmp_path, text, field):
    facts = tmp_path / "bad.yaml"
    facts.write_text(text, encoding="utf-8")
    code, out, err = cli("draft", facts, "--md", tmp_path / "bad.md")
    assert code == 2
    lines = [l for l in err.splitlines() if l.strip()]
    assert len(lines) == 1 and lines[0].startswith("bigan: 错误: ") and str(facts) in lines[0]
    if field:
        assert f" {field}: " in lines[0]
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml"]


def test_missing_fact_sheet(cli, tmp_path):
    code, out, err = cli("draft", tmp_path / "nope.yaml")
    assert code == 2 and "nope.yaml" in err


@pytest.mark.slow
@pytest.mark.server
def test_killed_run_resumes_only_unfinished_sections(small_sheet, tmp_path):
    """A real `bigan draft` process is killed mid-way; --resume redoes only what was not finished."""
    json_path = tmp_path / "run.draft.json"
    env = dict(os.environ, BIGAN_MODEL="stub-model", OPENAI_API_KEY=API_KEY, BIGAN_CONCURRENCY="1",
               BIGAN_HOME=str(tmp_path / "home"), PYTHONPATH=str(REPO))
    with OpenAIStubServer(reply_fn=fact_writer, tokens_per_second=60) as srv:  # ≈0.5 s a section
        env["OPENAI_BASE_URL"] = srv.base_url
        proc = subprocess.Popen(
            [sys.executable, "-m", "pipeline", "draft", str(small_sheet), "--json", str(json_path), "-q", "--no-cache"],
            env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 180  # generous: a loaded 2-core machine starts Python slowly
        done: list[str] = []
        while time.monotonic() < deadline:
            if json_path.is_file():
                try:
                    data = json.loads(json_path.read_text(encoding="utf-8"))
                except json.JSONDecodeError:  # never happens with atomic saves; would fail below
                    raise
                done = [s["id"] for s in data["sections"] if s["status"] == "done" and s["text"]]
                if len(done) >= 2:
                    break
            time.sleep(0.05)
        proc.kill()
        proc.wait(timeout=10)
        assert len(done) >= 2, proc.stderr.read().decode()
        killed = load_draft(json_path)
        finished = {s.id for s in killed.sections if s.status == "done" and s.text}
        unfinished = [s for s in killed.sections if s.status != "done"]
        assert unfinished, "the run finished before it was killed"
        first_run_requests = len(srv.chat_requests)

        proc2 = subprocess.run(
            [sys.executable, "-m", "pipeline", "draft", "--resume", str(json_path), "-q", "--no-cache"],
            env=env, cwd=tmp_path, capture_output=True, timeout=120,
        )
        assert proc2.returncode == 0, proc2.stderr.decode()
        resumed = srv.chat_requests[first_run_requests:]
    assert len(resumed) == len(unfinished)
    final = load_draft(json_path)
    assert all(s.status == "done" for s in final.sections)
    for s in final.sections:
        if s.id in finished:
            assert s.text == killed.section(s.id).text
    assert API_KEY not in json_path.read_text(encoding="utf-8")
