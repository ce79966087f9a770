"""Fixtures for the revise tests: a real offline draft of the example fact sheet, saved as draft.json."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

from pipeline.types import Draft


def build_offline_draft(repo: Path, example: str = "integrity_report") -> Draft:
    """Plan the sections and compose them with the offline drafter (no store: retrieval is not under test)."""
    from pipeline.draft.assemble import build_meta, plan_sections
    from pipeline.schema.factsheet_io import load_factsheet
    from pipeline.draft.offline import OFFLINE_MODEL, OfflineComposer
    from pipeline.schema.outline import load_outline
    from pipeline.draft.prompts import prompt_version

    sheet = load_factsheet(repo / "examples" / f"{example}.yaml")
    outline = load_outline(sheet.genre)
    meta = build_meta(sheet, outline)
    meta.model, meta.offline, meta.prompt_version = OFFLINE_MODEL, True, prompt_version()
    composer = OfflineComposer()
    sections = []
    for planned in plan_sections(sheet, outline, meta.title):
        s = planned.section
        s.text = composer.generate([], task=planned.task).text
        s.status, s.model, s.prompt_version = "done", OFFLINE_MODEL, meta.prompt_version
        sections.append(s)
    return Draft(meta=meta, sections=sections, facts=sheet.plain())


@pytest.fixture(scope="session")
def _drafted(tmp_path_factory) -> bytes:
    """The example report drafted offline by drafting's own runner (no store), as `bigan draft --json` writes it."""
    from pipeline.config import load_settings
    from pipeline.draft.runner import run_draft

    folder = tmp_path_factory.mktemp("drafted")
    path = folder / "draft.json"
    settings = load_settings(cache_dir=folder / "cache", store=folder / "store")
    run_draft(REPO / "examples" / "integrity_report.yaml", settings, store=None, json_path=path)
    return path.read_bytes()


@pytest.fixture
def draft_path(tmp_path, _drafted) -> Path:
    path = tmp_path / "integrity_report.draft.json"
    path.write_bytes(_drafted)
    return path


@pytest.fixture
def chromium():
    """A real headless Chromium driven by Playwright (skipped where it is not installed, never in CI)."""
    import os

    from revise_support import CHROMIUM, CHROMIUM_ARGS

    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing in CI (apt-get install chromium fonts-noto-cjk)")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
