"""A new report from the page, end to end in a real headless Chromium (Debian's build, Playwright).

`bigan serve --token …` runs as a subprocess in an empty folder with no model configured: the page
is the new-report form. A writer picks the genre, forgets the unit (the field is marked), fills the
header, pastes facts (several lines: one fact each), adds sub-sections, drafts offline and lands on
the revision page of the new draft; the .yaml and .xlsx fact sheets are beside it.
Set BIGAN_SCREENSHOTS=docs/img to refresh the README screenshot.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from revise_support import serve_process

from pipeline.schema.factsheet_io import load_factsheet
from pipeline.revise import operations as ops

TOKEN = "new-report-t0k3n-0001"

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.slow]


@pytest.fixture
def serve_new(tmp_path):
    """`bigan serve` with no draft in an empty folder and no model; yields (url with token, folder)."""
    folder = tmp_path / "reports"
    folder.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("BIGAN_MODEL", "OPENAI_BASE_URL", "OPENAI_API_KEY")}
    env["BIGAN_STORE"] = str(tmp_path / "store")
    with serve_process(["--token", TOKEN], cwd=folder, env=env, log=tmp_path / "serve.log") as url:
        yield url + "?token=" + TOKEN, folder
    assert "新建报告" in (tmp_path / "serve.log").read_text()  # what serve told the writer to open


def _shot(page, name: str, tmp_path: Path) -> Path:
    folder = Path(os.environ.get("BIGAN_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def test_new_report_form_to_revision_page(chromium, serve_new, tmp_path):
    url, folder = serve_new
    page = chromium.new_context(viewport={"width": 1180, "height": 900}, locale="zh-CN").new_page()
    page.goto(url)
    page.wait_for_url("**/new")
    page.select_option("#genre", "integrity_report")
    page.wait_for_url("**/new?genre=integrity_report")
    assert page.locator("fieldset[data-section]").count() == 4
    assert page.locator("fieldset[data-section=work] legend").inner_text() == "主要做法和成效"

    # forgotten unit: the server names the field, the page marks it and keeps what was typed
    page.fill("[data-field='sections.basic_info.facts']", "局机关内设股室5个，在编干部职工28人，其中党员23人")
    page.locator("button[type=submit]").click()
    page.locator(".invalid[data-field='header.unit']").wait_for()
    assert "单位" in page.locator("#notice").inner_text()
    assert page.input_value("[data-field='sections.basic_info.facts']").startswith("局机关内设股室5个")

    page.fill("input[name=unit]", "中共示例县委办公室")
    assert page.locator(".invalid").count() == 0 and page.locator("#notice").is_hidden()  # unmarked once changed
    page.fill("input[name=year]", "2024")
    page.select_option("select[name=org_level]", "县")
    page.fill("input[name=addressee]", "考核组的各位领导")
    page.fill("input[name=date]", "2024-12-20")
    work = page.locator("fieldset[data-section=work]")
    assert work.locator(".sub").count() == 1  # a work section starts with one sub-section
    for n, (heading, facts) in enumerate((("压实管党治党政治责任", "召开常委会专题研究党风廉政建设4次\n签订党风廉政建设责任书26份"),
                                          ("加强纪律教育", "开展警示教育3次，参学干部112人次"))):
        if n:
            work.locator(".add-sub").click()
        sub = work.locator(".sub").last
        sub.locator(".sub-heading").fill(heading)
        sub.locator(".sub-facts").fill(facts)  # pasted lines: one fact each
    work.locator(".add-sub").click()
    work.locator(".sub").last.locator(".remove-sub").click()  # added by mistake, removed
    assert work.locator(".sub").count() == 2
    page.fill("[data-field='sections.problems.facts']", "廉政风险点排查不够深入\n日常监督跟踪问效不够")
    page.evaluate("window.scrollTo(0, 0)")
    _shot(page, "new_report_form", tmp_path)

    page.locator("button[type=submit]").click()
    page.wait_for_selector("#sec-work\\.1", timeout=60_000)  # drafted, and the revision page opened
    assert "新报告已起草" in page.locator("#notice").inner_text()
    assert "压实管党治党政治责任" in page.locator("#sec-work\\.1 h2").inner_text()
    assert "4次" in page.locator("#sec-work\\.1 .text").inner_text()
    assert page.locator("#sec-work\\.2 aside .facts li").count() == 1

    stem = "中共示例县委办公室2024年党风廉政建设责任制落实情况汇报"
    sheet = load_factsheet(folder / f"{stem}.yaml")
    assert load_factsheet(folder / f"{stem}.xlsx") == sheet
    assert sheet.sections["work"][0].facts == ["召开常委会专题研究党风廉政建设4次", "签订党风廉政建设责任书26份"]
    assert len(sheet.sections["work"]) == 2 and sheet.addressee == "考核组的各位领导"
    draft = ops.load(folder / f"{stem}.draft.json")
    assert draft.meta.offline and draft.meta.unit == "中共示例县委办公室"
