"""`bigan revise`: the interactive session driven by a script on stdin, and the one-shot form."""

from __future__ import annotations

import io
import re
import sys

import pytest
from docx import Document as DocxDocument

from pipeline.revise import operations as ops
from pipeline.testing.openai_server import OpenAIStubServer, fact_writer

REPLIES = [
    "召开部务会专题研究党风廉政建设工作4次，研究解决具体问题11个，层层传导压力。",
    "这一稿会被放弃。",
    "部长落实第一责任人职责，全年约谈提醒12人次，另督办事项88件。",
    "第三稿：召开部务会专题研究党风廉政建设工作4次。",
]


def _reply(body: dict) -> str:
    """Revisions answer from REPLIES in turn; drafting's section prompts (regen work.2, and work.1
    recomposed after its facts change) state every fact, as a model doing its job does."""
    if "本部分的事实" in body["messages"][-1]["content"]:
        return fact_writer(body)
    return _revisions.pop(0)


_revisions: list[str] = []


@pytest.fixture
def endpoint(monkeypatch):
    _revisions[:] = REPLIES
    with OpenAIStubServer(reply_fn=_reply) as srv:
        monkeypatch.setenv("OPENAI_BASE_URL", srv.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
        yield srv


def _editor(tmp_path, monkeypatch, old: str, new: str) -> None:
    """$EDITOR is a tiny script that replaces ``old`` by ``new`` in the file it is given."""
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1])\n"
        f"p.write_text(p.read_text(encoding='utf-8').replace({old!r}, {new!r}), encoding='utf-8')\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    monkeypatch.delenv("VISUAL", raising=False)


def test_scripted_session_three_revisions_undo_regen_edit_facts_export(endpoint, draft_path, tmp_path, monkeypatch, cli):
    _editor(tmp_path, monkeypatch, "工作4次", "工作5次")
    out_docx = tmp_path / "out.docx"
    script = "\n".join([
        "list",
        "show work.1",
        "revise work.1 再精炼一些",
        "accept",
        "revise 加强语气",
        "reject",
        "revise 突出约谈",
        "accept",
        "revise 第三次修改",
        "diff",
        "accept",
        "history",
        "undo",
        "diff work.1 1 4",
        "regen work.2",
        "accept",
        "facts",
        f"export {out_docx}",
        "nonsense",
        "quit",
    ]) + "\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(script))
    code, out, err = cli("revise", str(draft_path), "--model", "stub-model")
    assert code == 0, err
    assert "存在的主要问题" in out and "work.1" in out  # list
    assert "已采纳" in out and "已放弃修改" in out and "已撤销" in out
    assert "[-" in out or "{+" in out  # the plain diff markers (stdout is not a terminal)
    assert "未知命令" in out
    assert len(endpoint.chat_requests) == 6  # 4 revisions, 1 regeneration, 1 recomposition

    draft = ops.load(draft_path)
    sec = draft.section("work.1")
    kinds = [v.kind for v in sec.history]
    # original, three accepted revisions, then the facts change recomposed the section
    assert kinds == ["draft", "revise", "revise", "revise", "facts"]
    assert sec.extra["rejected"][0]["text"] == "这一稿会被放弃。"  # even the rejected one is kept
    invented = sec.history[2]
    assert "88" not in re.sub(r"【待补充：[^】]*】", "", invented.text) and "12人次" in invented.text
    assert any(f.category == "GROUNDING" for f in invented.findings)
    assert sec.current == 4 and "工作5次" in sec.text  # facts edited in $EDITOR, section recomposed
    assert draft.section("work.2").history[-1].kind == "regenerate"
    assert draft.meta.revision >= 9
    doc = DocxDocument(str(out_docx))
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "工作5次" in body and draft.meta.title.replace(" ", "") in body.replace(" ", "")


def test_hand_edit_in_editor(draft_path, tmp_path, monkeypatch, cli):
    _editor(tmp_path, monkeypatch, "廉政风险意识不强", "廉政风险意识仍然不强")
    monkeypatch.setattr(sys, "stdin", io.StringIO("edit problems\nhistory problems\nundo\nredo\nredo\n"))
    code, out, err = cli("revise", str(draft_path))
    assert code == 0, err
    assert "已保存手工编辑" in out and "已重做" in out and "无法重做" in out
    sec = ops.load(draft_path).section("problems")
    assert "仍然不强" in sec.text and sec.history[-1].kind == "edit" and len(sec.history) == 2


def test_offline_revise_says_what_works(draft_path, monkeypatch, cli):
    monkeypatch.setattr(sys, "stdin", io.StringIO("revise work.1 再精炼一些\n"))
    code, out, err = cli("revise", str(draft_path))
    assert code == 0
    assert "换范文重写" in out and "手工编辑" in out
    code, out, err = cli("revise", str(draft_path), "--section", "work.1", "--instruction", "精炼")
    assert code == 2 and "换范文重写" in err and "Traceback" not in err


def test_one_shot_prints_diff_and_accepts(endpoint, draft_path, cli):
    code, out, err = cli("revise", str(draft_path), "--section", "work.1", "--instruction", "再精炼一些",
                         "--model", "stub-model", "--accept")
    assert code == 0, err
    assert "{+" in out or "[-" in out
    sec = ops.load(draft_path).section("work.1")
    assert sec.text == REPLIES[0] and sec.current == 1
    code, out, err = cli("revise", str(draft_path), "--section", "nope", "--instruction", "x", "--model", "stub-model")
    assert code == 2 and "work.1" in err


def test_serve_refuses_other_addresses_without_token(draft_path, cli, monkeypatch):
    monkeypatch.delenv("BIGAN_TOKEN", raising=False)
    code, out, err = cli("serve", str(draft_path), "--host", "0.0.0.0")
    assert code == 2 and "--token" in err and "Traceback" not in err
    code, out, err = cli("serve", str(draft_path.parent / "missing.json"))
    assert code == 2 and "missing.json" in err
