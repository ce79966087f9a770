"""Fixtures for the eval harness tests: hand-built drafts scored by the real scorer."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.types import Draft, DraftMeta, SectionDraft

CORE = Path(__file__).resolve().parents[2] / "eval" / "suites" / "core"


def build_draft(case, texts: dict[str, str], *, headings: dict[str, str] | None = None) -> Draft:
    """A Draft with the genre's outline sections (and the facts' sub-sections), bodies from ``texts``.

    ``texts`` maps section ids ("work", "work.1" …) to bodies; absent ids get an empty body.
    """
    from pipeline.schema.outline import load_outline

    outline = load_outline(case.genre)
    headings = headings or {}
    numerals = "一二三四五六七八九十"
    sections: list[SectionDraft] = []
    level1 = 0
    for sec in outline.sections:
        if sec.heading:
            level1 += 1
        heading = headings.get(sec.id, sec.heading)
        sections.append(
            SectionDraft(
                id=sec.id,
                heading=heading,
                level=1,
                marker=f"{numerals[level1 - 1]}、" if heading else "",
                role=sec.role,
                text=texts.get(sec.id, ""),
                status="done",
                tokens_in=100,
                tokens_out=50,
            )
        )
        subs = [i for i in case.factsheet.sections.get(sec.id, []) if not isinstance(i, str)]
        for n, sub in enumerate(subs, 1):
            sid = f"{sec.id}.{n}"
            sections.append(
                SectionDraft(
                    id=sid,
                    heading=sub.heading,
                    level=2 if sec.heading else 1,
                    marker=f"（{numerals[n - 1]}）" if sec.heading else f"{numerals[n - 1]}、",
                    parent=sec.id,
                    text=texts.get(sid, "；".join(sub.facts) + "。"),
                    status="done",
                )
            )
    sheet = case.factsheet
    meta = DraftMeta(genre=sheet.genre, unit=sheet.unit, year=sheet.year, title=f"{sheet.unit}{sheet.year}年报告", model="offline", offline=True)
    return Draft(meta=meta, sections=sections, facts=sheet.plain())


@pytest.fixture
def core_dir() -> Path:
    return CORE


@pytest.fixture
def make_draft():
    return build_draft


def write_run(run_dir: Path, scored: list[tuple], meta: dict | None = None) -> Path:
    """Write a run folder the way `bigan eval run` does, from (case, draft, latency) triples."""
    import json

    from pipeline.draftio import save_draft
    from pipeline.evals.run import CaseResult, RunResult
    from pipeline.evals.scoring import score_case

    results = []
    for case, draft, latency in scored:
        score = score_case(case, draft, latency_s=latency)
        rel = f"cases/{case.id}.draft.json"
        save_draft(draft, run_dir / rel)
        results.append(
            CaseResult(
                id=case.id, description=case.description, genre=case.genre, passed=score.passed,
                metrics=score.metrics, assertions=[a.to_dict() for a in score.assertions],
                findings=[f.to_dict() for f in score.findings], draft=rel,
            )
        )
    run = RunResult(meta={"suite": "core", "prompt_version": "test", "model": "offline", **(meta or {})}, cases=results)
    (run_dir / "run.json").write_text(json.dumps(run.to_dict(), ensure_ascii=False), encoding="utf-8")
    return run_dir


@pytest.fixture
def make_run():
    return write_run
