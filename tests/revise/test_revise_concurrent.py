"""No edit lost between processes: terminal sessions, one-shot revise, the page and a resumed draft
run save the same draft.json at once (real processes, a model reply held open by the test)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pipeline.config import load_settings
from pipeline.draftio import save_draft
from pipeline.revise import operations as ops
from pipeline.revise.web.app import create_app
from pipeline.testing.openai_server import OpenAIStubServer

pytestmark = [pytest.mark.slow, pytest.mark.server]

REPO = Path(__file__).resolve().parents[2]
LOCAL = "http://127.0.0.1:8765"
EDITOR = """\
import pathlib, sys, time
p = pathlib.Path(sys.argv[1])
flags = pathlib.Path({flags!r})
(flags / "ready").touch()
while {wait} and not (flags / "go").exists():
    time.sleep(0.05)
time.sleep({pause})
p.write_text(p.read_text(encoding="utf-8").rstrip("\\n") + {tag!r} + "\\n", encoding="utf-8")
"""


def _editor(folder: Path, tag: str, *, wait: bool = False, pause: float = 0.0) -> dict[str, str]:
    """$EDITOR appending ``tag``; with ``wait`` it holds until the test creates folder/go."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "editor.py"
    script.write_text(EDITOR.format(flags=str(folder), wait=wait, pause=pause, tag=tag), encoding="utf-8")
    return {"EDITOR": f"{sys.executable} {script}", "VISUAL": ""}


def _bigan(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> subprocess.Popen:
    full = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", *args], cwd=REPO, env=full, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if stdin is not None:
        proc.stdin.write(stdin)
    proc.stdin.close()
    proc.stdin = None  # so communicate() does not flush it again
    return proc


def _finish(proc: subprocess.Popen, timeout: float = 120) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def _wait_for(path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < deadline, f"{path.name} never appeared"
        time.sleep(0.05)


def _page(draft_path: Path, settings=None) -> TestClient:
    return TestClient(create_app(draft_path, settings or load_settings()), base_url=LOCAL)


def _held_reply(text: str):
    """A model whose reply waits until the test releases it (the 10-second reply, made exact)."""
    asked, released = threading.Event(), threading.Event()

    def reply(body):
        asked.set()
        released.wait(60)
        return text

    return OpenAIStubServer(reply_fn=reply), asked, released


def test_two_terminal_sessions_editing_different_sections_lose_no_version(draft_path, tmp_path):
    rounds = 4
    a = _bigan("revise", str(draft_path), stdin="edit work.1\n" * rounds + "quit\n",
               env=_editor(tmp_path / "a", "甲", pause=0.3))
    b = _bigan("revise", str(draft_path), stdin="edit problems\n" * rounds + "quit\n",
               env=_editor(tmp_path / "b", "乙", pause=0.3))
    for proc in (a, b):
        code, out, err = _finish(proc)
        assert code == 0, err
    draft = ops.load(draft_path)
    for sid, tag in (("work.1", "甲"), ("problems", "乙")):
        sec = draft.section(sid)
        assert sec.text.endswith(tag * rounds), sec.text
        assert [v.kind for v in sec.history].count("edit") == rounds


def test_page_edit_while_the_terminal_edits_another_section_survives(draft_path, tmp_path):
    flags = tmp_path / "ed"
    term = _bigan("revise", str(draft_path), stdin="edit problems\nquit\n", env=_editor(flags, "（终端补充）", wait=True))
    _wait_for(flags / "ready")  # the writer is in the editor
    page = _page(draft_path)
    r0 = ops.load(draft_path).meta.revision
    r = page.post("/api/sections/work.1/edit", json={"text": "页面采纳的正文。", "revision": r0})
    assert r.status_code == 200 and r.json()["revision"] == r0 + 1
    (flags / "go").touch()
    code, out, err = _finish(term)
    assert code == 0, err
    assert "已合并别处保存的修改" in out
    draft = ops.load(draft_path)
    assert draft.section("work.1").text == "页面采纳的正文。"
    assert draft.section("problems").text.endswith("（终端补充）")
    assert draft.meta.revision == r0 + 2
    # the page still shows r0 + 1: its next change is refused, not written over the terminal's
    assert page.post("/api/sections/work.1/undo", json={"revision": r0 + 1}).status_code == 409


def test_page_edit_of_the_same_section_refuses_the_terminal_save_and_keeps_both_texts(draft_path, tmp_path):
    flags = tmp_path / "ed"
    script = "edit problems\nedit problems\nquit\n"  # the second edit starts from the refused text
    term = _bigan("revise", str(draft_path), stdin=script, env=_editor(flags, "（终端补充）", wait=True))
    _wait_for(flags / "ready")
    page = _page(draft_path)
    r0 = ops.load(draft_path).meta.revision
    assert page.post("/api/sections/problems/edit", json={"text": "页面的问题表述。", "revision": r0}).status_code == 200
    (flags / "go").touch()
    code, out, err = _finish(term)
    assert code == 0, err
    assert "problems 已在别处修改" in out and "你的文本已保留" in out
    sec = ops.load(draft_path).section("problems")
    texts = [v.text for v in sec.history]
    assert "页面的问题表述。" in texts  # the page's accepted version is kept
    assert sec.text.endswith("（终端补充）（终端补充）")  # the refused text came back and was saved


def _one_shot(draft_path: Path, srv: OpenAIStubServer, section: str = "work.1") -> subprocess.Popen:
    env = {"OPENAI_BASE_URL": srv.base_url, "OPENAI_API_KEY": "sk-test", "BIGAN_MODEL": "stub-model"}
    return _bigan("revise", str(draft_path), "--section", section, "--instruction", "再精炼一些", "--accept",
                  "--model", "stub-model", env=env)


def test_one_shot_revise_during_a_slow_reply_keeps_the_page_edit(draft_path):
    reply = "召开部务会专题研究党风廉政建设工作4次，层层压实管党治党责任。"
    srv, asked, released = _held_reply(reply)
    with srv:
        proc = _one_shot(draft_path, srv)
        assert asked.wait(60), "the one-shot revise never asked the model"
        r0 = ops.load(draft_path).meta.revision
        r = _page(draft_path).post("/api/sections/problems/edit", json={"text": "页面采纳的问题表述。", "revision": r0})
        assert r.status_code == 200
        released.set()
        code, out, err = _finish(proc)
    assert code == 0, err
    draft = ops.load(draft_path)
    assert draft.section("problems").text == "页面采纳的问题表述。"
    assert draft.section("work.1").text == reply
    assert draft.meta.revision == r0 + 2


def test_one_shot_revise_of_a_section_the_page_changed_meanwhile_is_refused(draft_path):
    srv, asked, released = _held_reply("召开部务会专题研究党风廉政建设工作4次。")
    with srv:
        proc = _one_shot(draft_path, srv)
        assert asked.wait(60)
        r0 = ops.load(draft_path).meta.revision
        assert _page(draft_path).post("/api/sections/work.1/edit", json={"text": "页面采纳的版本。", "revision": r0}).status_code == 200
        released.set()
        code, out, err = _finish(proc)
    assert code == 1
    assert "work.1 已在别处修改" in err and "Traceback" not in err
    draft = ops.load(draft_path)
    assert draft.section("work.1").text == "页面采纳的版本。" and draft.meta.revision == r0 + 1


def test_page_revise_during_a_terminal_edit_of_another_section_merges(draft_path, tmp_path):
    reply = "召开部务会专题研究党风廉政建设工作4次，层层压实管党治党责任。"
    srv, asked, released = _held_reply(reply)
    with srv:
        settings = load_settings(model="stub-model", base_url=srv.base_url, api_key="sk-test", no_cache=True)
        page = _page(draft_path, settings)
        r0 = ops.load(draft_path).meta.revision
        answer: dict = {}
        request = threading.Thread(target=lambda: answer.setdefault("r", page.post(
            "/api/sections/work.1/revise", json={"instruction": "再精炼一些", "revision": r0})))
        request.start()
        assert asked.wait(60)
        term = _bigan("revise", str(draft_path), stdin="edit problems\nquit\n", env=_editor(tmp_path / "ed", "（终端补充）"))
        code, out, err = _finish(term)
        assert code == 0, err
        released.set()
        request.join(60)
    frames = [f for f in answer["r"].text.strip().split("\n\n") if f.startswith("event: done")]
    assert frames, answer["r"].text
    done = json.loads(frames[0].split("data: ", 1)[1])
    assert done["revision"] == r0 + 2  # merged: the page reloads its other sections
    draft = ops.load(draft_path)
    assert draft.section("problems").text.endswith("（终端补充）")
    cand = draft.section("work.1").extra["candidate"]
    assert cand["text"] == reply


def test_resumed_draft_run_keeps_a_page_edit_made_while_it_drafts(draft_path, tmp_path):
    draft = ops.load(draft_path)
    plans = draft.section("plans")
    plans.status, plans.text, plans.history = "failed", "", []
    facts = tmp_path / "integrity_report.yaml"
    facts.write_bytes((REPO / "examples" / "integrity_report.yaml").read_bytes())
    draft.meta.facts_path = str(facts)
    save_draft(draft, draft_path)
    reply = "持续深化全面从严治党，推动党风廉政建设向纵深发展。"
    srv, asked, released = _held_reply(reply)
    with srv:
        env = {"OPENAI_BASE_URL": srv.base_url, "OPENAI_API_KEY": "sk-test", "BIGAN_MODEL": "stub-model"}
        proc = _bigan("draft", "--resume", str(draft_path), "--no-cache", "-q", "--store", str(tmp_path / "none"), env=env)
        assert asked.wait(120), "the resumed run never asked the model"
        r0 = ops.load(draft_path).meta.revision
        r = _page(draft_path).post("/api/sections/problems/edit", json={"text": "页面采纳的问题表述。", "revision": r0})
        assert r.status_code == 200
        released.set()
        code, out, err = _finish(proc, timeout=240)
    assert code == 0, err
    final = ops.load(draft_path)
    assert final.section("problems").text == "页面采纳的问题表述。"
    assert final.section("plans").status == "done" and final.section("plans").text
