"""The compare page in a real headless Chromium: it renders from file:// with no request elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.evals.compare import compare_dirs, write_compare
from pipeline.evals.suite import load_suite

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_compare_page_renders_offline_in_chromium(tmp_path, core_dir, make_draft, make_run):
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium not installed (apt-get install chromium fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    cases = load_suite(core_dir, cases="seminar_tempting,duty_full").cases
    lead = "坚持以习近平新时代中国特色社会主义思想为指导，扎实推进各项工作，推动各项任务落地见效。" * 4
    texts = {c.id: {k: lead + "；".join(i for i in v if isinstance(i, str)) + "。" for k, v in c.factsheet.sections.items()} for c in cases}
    a = make_run(tmp_path / "A", [(c, make_draft(c, texts[c.id]), 1.0) for c in cases])
    worse = {**texts["seminar_tempting"], "closing": "民生投入增长了35%。"}
    b = make_run(tmp_path / "B", [(c, make_draft(c, worse if c.id == "seminar_tempting" else texts[c.id]), 1.0) for c in cases])
    _json, html = write_compare(compare_dirs(a, b), tmp_path / "cmp")

    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.on("request", lambda r: requests.append(r.url))
            page.goto(html.as_uri())
            assert "评测对比" in page.title()
            assert page.locator("td.worse").count() >= 2  # the regressed case's cells
            assert page.locator("details#case-seminar_tempting[open]").count() == 1
            assert page.locator("details#case-duty_full[open]").count() == 0
            assert "有退步" in page.locator(".verdict").inner_text()
            shot = tmp_path / "compare.png"
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    assert shot.stat().st_size > 10_000
    assert requests and all(u.startswith("file://") for u in requests)
