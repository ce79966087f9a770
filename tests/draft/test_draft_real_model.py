"""End to end with a REAL model: the Qwen2.5-Coder 0.5B behind llama-cpp-python (``make llm``).

A weak model is the hard case: it copies exemplars, echoes labels and headings, invents claims and
loops. Whatever it writes, the draft must keep the guarantees the offline drafter keeps. These tests
assert those guarantees, never the wording. In CI they fail (never skip) when the model cannot start.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.checks.grounding import ungrounded_numbers
from pipeline.text.numbers import extract_numbers
from pipeline.schema.factsheet_io import load_factsheet
from pipeline.draftio import load_draft

pytestmark = [pytest.mark.realmodel, pytest.mark.server, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
SHEET = REPO / "tests" / "draft" / "data" / "real_model_short.yaml"
# The places of the fictional units in corpus/samples: a draft for 青川县档案馆 must name none of them
# (青川县 itself is this unit's county, so it may appear).
OTHER_PLACES = ("云岭", "松溪", "澄江", "桃源", "河阳")
LEAKED = re.compile(r"写法参考|范文|【(?!待补充：)|^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.、])|[#*`]", re.M)


def bigan(*args: str, env: dict[str, str], timeout: float = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, env=env,
                          timeout=timeout, cwd=env["PWD"])


@pytest.fixture(scope="module")
def real_draft(local_model_05b, tmp_path_factory):
    """One draft of the short fact sheet, with the sample corpus as exemplars, at default settings."""
    work = tmp_path_factory.mktemp("real")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "BIGAN_"))}
    env.update(
        BIGAN_HOME=str(work / "home"), PWD=str(work), BIGAN_MODEL=local_model_05b.model,
        OPENAI_BASE_URL=local_model_05b.base_url, OPENAI_API_KEY="local", HF_HUB_OFFLINE="1",
    )
    store = work / "store"
    ingest = bigan("ingest", str(REPO / "corpus" / "samples"), "--store", str(store), env=env)
    assert ingest.returncode == 0, ingest.stderr
    out = bigan("draft", str(SHEET), "--store", str(store), "-o", str(work / "d.docx"), "--json", str(work / "d.json"), env=env)
    return work, env, out


def test_real_model_draft_completes_and_keeps_every_guarantee(real_draft):
    work, env, out = real_draft
    assert out.returncode == 0, f"draft failed:\n{out.stderr[-3000:]}\n--- server log ---\n"
    draft = load_draft(work / "d.json")
    sheet = load_factsheet(SHEET)
    assert not draft.meta.offline and draft.meta.model.startswith("qwen2.5-coder-0.5b")
    assert (work / "d.docx").stat().st_size > 5000
    allowed = [*sheet.all_facts(), sheet.unit, str(sheet.year), sheet.period or ""]
    body = [s for s in draft.sections if s.text]
    assert {s.id for s in draft.sections} == {"work", "shortcomings", "plans"}
    for sec in draft.sections:
        assert sec.status == "done", sec.id
        text = sec.text
        # Numbers are sacred: every number stated is in the fact sheet.
        assert ungrounded_numbers(text, allowed) == [], (sec.id, text)
        # No prompt labels, echoed numbering or Markdown reached the body.
        assert not LEAKED.search(text), (sec.id, LEAKED.search(text).group(0), text)
        # No other unit's place.
        assert not [p for p in OTHER_PLACES if p in text], (sec.id, text)
        # Every fact of the section is in it (its numbers at least), whoever wrote it.
        for fact in sec.facts:
            for m in extract_numbers(fact):
                assert m.text in text or any(x.value == m.value for x in extract_numbers(text)), (sec.id, fact, text)
        # A fallback is marked, and then the section is the offline composer's.
        if sec.extra.get("fallback"):
            assert sec.model == "offline"
        else:
            assert sec.model.startswith("qwen2.5-coder-0.5b")
        # Bounded: a looping model is stopped near the section's length range.
        assert len(text) <= 2 * 900 + 200, (sec.id, len(text))
    # The CLI says ✓ only for sections that passed every gate and counts fallbacks.
    fallbacks = sum(1 for s in draft.sections if s.extra.get("fallback"))
    assert f"离线兜底 {fallbacks} 节" in out.stderr
    assert out.stderr.count("✓") + out.stderr.count("⚠") >= len(body)
    for sec in draft.sections:
        if sec.extra.get("fallback"):
            assert re.search(rf"⚠ {re.escape(sec.id)}\b", out.stderr)


def test_real_model_draft_passes_bigan_check(real_draft):
    """What the runner reported is what `bigan check` finds: no error-level finding is left."""
    work, env, _ = real_draft
    check = bigan("check", str(work / "d.json"), "--json", env=env)
    assert check.returncode in (0, 1), check.stderr
    report = json.loads(check.stdout)
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert errors == [] and check.returncode == 0, errors


def test_real_model_revises_one_section(real_draft):
    work, env, _ = real_draft
    before = load_draft(work / "d.json")
    sec = next(s for s in before.sections if s.id == "work")
    out = bigan("revise", str(work / "d.json"), "--section", "work", "--instruction", "语言再精炼一些", "--accept", env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    after = load_draft(work / "d.json")
    revised = next(s for s in after.sections if s.id == "work")
    assert len(revised.history) == len(sec.history) + 1
    sheet = load_factsheet(SHEET)
    assert ungrounded_numbers(revised.text, [*sheet.all_facts(), str(sheet.year)]) == [], revised.text
    assert not LEAKED.search(revised.text), revised.text
    assert revised.history[0].text == sec.history[0].text  # the original draft is kept
