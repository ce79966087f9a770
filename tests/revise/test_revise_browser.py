"""End to end in a real headless Chromium (Debian's build, driven by Playwright).

`bigan serve` runs as a subprocess on 127.0.0.1 with a token, the local OpenAI-compatible server
streams the model's replies. A writer revises a section three times, sees the diff, accepts, undoes,
exports the .docx, and a second tab gets the conflict message instead of overwriting.
Set BIGAN_SCREENSHOTS=docs/img to refresh the README screenshots.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from revise_support import serve_process

from pipeline.revise import operations as ops
from pipeline.revise.web.app import CONFLICT_MESSAGE
from pipeline.testing.openai_server import OpenAIStubServer, fact_writer

REPLIES = [
    "严格履行管党治党政治责任，召开部务会专题研究党风廉政建设工作4次，研究解决具体问题11个。",
    "召开部务会专题研究党风廉政建设工作4次，研究解决具体问题11个；层层签订责任书38份，压力传导到位。",
    "部长落实第一责任人职责，约谈提醒班子成员及股室负责人12人次，召开部务会专题研究党风廉政建设工作4次。",
]

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.slow]


@pytest.fixture
def served(draft_path, tmp_path):
    """`bigan serve` with the stub model; yields (url with token, stub server)."""
    with OpenAIStubServer(list(REPLIES), tokens_per_second=20) as srv:
        env = {**os.environ, "OPENAI_BASE_URL": srv.base_url, "OPENAI_API_KEY": "sk-test", "BIGAN_MODEL": "stub-model"}
        with serve_process([str(draft_path), "--token", "t0k3n-t0k3n-t0k3n"], cwd=tmp_path, env=env, log=tmp_path / "serve.log") as url:
            yield url + "?token=t0k3n-t0k3n-t0k3n", srv


def _shot(target, name: str, tmp_path: Path) -> Path:
    folder = Path(os.environ.get("BIGAN_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"revise_{name}.png"
    target.screenshot(path=str(path))
    return path


def test_revise_diff_accept_undo_export_and_conflict(chromium, served, draft_path, tmp_path):
    url, srv = served
    context = chromium.new_context(viewport={"width": 1280, "height": 860}, accept_downloads=True, locale="zh-CN")
    page = context.new_page()
    page.goto(url)
    original = ops.load(draft_path).section("work.1").text
    sec = page.locator("#sec-work\\.1")
    assert "扛牢管党治党政治责任" in sec.locator("h2").inner_text()
    assert sec.locator("aside .facts li").count() == 4  # the section's facts beside it
    _shot(page, "page", tmp_path)

    for n, instruction in enumerate(["突出管党治党责任", "再精炼一些", "加上约谈提醒的情况"]):
        sec.locator("form.revise input").fill(instruction)
        sec.locator("form.revise button").click()
        stream = sec.locator(".stream")
        stream.wait_for(state="visible")
        page.wait_for_function("document.querySelector('#sec-work\\\\.1 .stream') && document.querySelector('#sec-work\\\\.1 .stream').textContent.length > 0")
        sec.locator(".candidate").wait_for(state="visible", timeout=20_000)  # streamed, then replaced by the diff
        diff = sec.locator(".candidate .diff")
        assert diff.locator("ins").count() + diff.locator("del").count() > 0
        assert instruction in sec.locator(".candidate h3").inner_text()
        if n == 2:
            sec.scroll_into_view_if_needed()
            _shot(sec, "diff", tmp_path)
        sec.locator(".candidate button[data-act=accept]").click()
        page.wait_for_function(f"document.querySelector('#sec-work\\\\.1 .ver .cur').textContent === '{n + 2}'")
    assert REPLIES[2][:10] in sec.locator(".text").inner_text()
    assert len(srv.chat_requests) == 3
    assert all("再精炼一些" not in str(r["json"]) for r in srv.chat_requests[:1])
    assert "再精炼一些" in str(srv.chat_requests[1]["json"]["messages"])  # the instruction reached the model

    # undo: back to the second revision, nothing lost
    sec.locator("button[data-act=undo]").click()
    page.wait_for_function("document.querySelector('#sec-work\\\\.1 .ver .cur').textContent === '3'")
    assert REPLIES[1][:10] in sec.locator(".text").inner_text()
    saved = ops.load(draft_path).section("work.1")
    assert [v.kind for v in saved.history] == ["draft", "revise", "revise", "revise"] and saved.current == 2
    assert saved.history[0].text == original

    # regenerate another section from other exemplars, then reject it: the text stays
    work2 = page.locator("#sec-work\\.2")
    before2 = work2.locator(".text").inner_text()
    srv.reply_fn = fact_writer  # the regeneration states every fact (it passes the section gates)
    work2.locator("button[data-act=regenerate]").click()
    work2.locator(".candidate").wait_for(state="visible", timeout=20_000)
    assert "换范文重写" in work2.locator(".candidate h3").inner_text()
    work2.locator(".candidate button[data-act=reject]").click()
    work2.locator(".candidate").wait_for(state="detached")
    assert work2.locator(".text").inner_text() == before2

    # history: compare the original with the current version
    sec.locator("details.history summary").click()
    sec.locator("details.history button[data-act=diff]").first.click()
    sec.locator(".history-diff").wait_for(state="visible")
    assert sec.locator(".history-diff ins").count() > 0

    # a hand edit with a placeholder and a number not in the facts: highlighted, flagged, kept
    problems = page.locator("#sec-problems")
    problems.locator("button[data-act=edit-open]").click()
    problems.locator("form.edit textarea").fill(
        "一是个别党员干部廉政风险意识不强，全年有7人次未按时参加警示教育。\n二是日常监督跟踪问效不够，约谈提醒【待补充：约谈人次】。")
    problems.locator("form.edit button[type=submit]").click()
    problems.locator("mark.ph").wait_for(state="visible")
    assert problems.locator("mark.ph").inner_text() == "【待补充：约谈人次】"
    assert "7人次" in problems.locator(".text").inner_text()  # the writer's number is kept …
    assert problems.locator(".findings li").count() >= 1  # … and flagged
    assert page.locator('[data-nav="problems"] .b.ph').inner_text() == "1"
    problems.scroll_into_view_if_needed()
    _shot(problems, "findings", tmp_path)

    # export .docx as a download
    with page.expect_download() as info:
        page.locator("#export").click()
    target = tmp_path / "export.docx"
    info.value.save_as(target)
    from docx import Document as DocxDocument

    body = "\n".join(p.text for p in DocxDocument(str(target)).paragraphs)
    assert REPLIES[1][:10] in body

    # two tabs: the second still shows the old revision and must not overwrite
    page2 = context.new_page()
    page2.goto(url)
    plans = page.locator("#sec-plans")
    plans.locator("button[data-act=edit-open]").click()
    plans.locator("form.edit textarea").fill("下一步，每季度开展1次廉政警示教育。")
    plans.locator("form.edit button[type=submit]").click()
    page.wait_for_function("document.querySelector('#sec-plans .ver .cur').textContent === '2'")
    assert page.locator("#notice").inner_text() == "已保存编辑"
    page2.locator("#sec-work\\.1 button[data-act=redo]").click()
    notice = page2.locator("#notice")
    notice.wait_for(state="visible")
    assert notice.inner_text() == CONFLICT_MESSAGE
    page2.evaluate("window.scrollTo(0, 0)")
    _shot(page2, "conflict", tmp_path)
    saved = ops.load(draft_path)
    assert saved.section("work.1").current == 2  # the stale redo did not happen
    assert saved.section("plans").text == "下一步，每季度开展1次廉政警示教育。"
    context.close()
