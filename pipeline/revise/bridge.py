"""The doors from revision to the other stages: drafting, checks, export.

Revision only calls other areas through this module, so a change in their API is fixed here once.
Each call follows docs/ARCHITECTURE.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from ..draft.factsheet import FactSheet
from ..types import Draft, Finding, SectionDraft, Source

OnToken = Callable[[str], None] | None


def fact_sheet(draft: Draft) -> FactSheet:
    return FactSheet.model_validate(draft.facts)


def all_facts(draft: Draft) -> list[str]:
    try:
        return fact_sheet(draft).all_facts()
    except Exception:  # noqa: BLE001 - a draft built without a full sheet: use what sections were given
        return [f for s in draft.sections for f in s.facts]


def ground(text: str, facts: list[str], section_id: str | None = None) -> tuple[str, list[Finding]]:
    """Replace numbers not in the facts (and legacy placeholders) by 【待补充：…】."""
    try:
        from ..checks.grounding import ground_text
    except ImportError:  # LOCAL FALLBACK until pipeline.checks.grounding lands (see docs/revise.md)
        ground_text = _fallback_ground_text
    text, findings = ground_text(text, facts)
    for f in findings:
        if section_id and f.section_id is None:
            f.section_id = section_id
    return text, findings


def ungrounded(text: str, facts: list[str]) -> list[Any]:
    from ..checks.grounding import ungrounded_numbers

    return ungrounded_numbers(text, facts)


def check(section: SectionDraft, draft: Draft) -> list[Finding]:
    """The one checker, applied to a section as to a draft."""
    from ..checks import check_section

    return list(check_section(section, facts=all_facts(draft)))


def get_model(settings):
    from ..draft.model import get_model as _get_model

    return _get_model(settings)


def _exemplars(task, settings, store, exclude_sources) -> tuple[list[str], list[Source]]:
    """Retrieved style models for a task, skipping the sources already used; none without a store."""
    try:
        from ..store.corpus import open_store

        corpus = store if store is not None else open_store(settings)
        hits = corpus.search(f"{task.heading} {' '.join(task.facts[:2])}", k=3, genre=task.genre, role=task.role,
                             exclude_sources=exclude_sources)
    except Exception:  # noqa: BLE001 - no store yet: draft from the facts alone, as drafting does
        return [], []
    sources = [
        Source(id=h.id, score=float(h.score), source=str(h.metadata.get("source", "")),
               title=h.metadata.get("title"), heading_path=[p for p in str(h.metadata.get("heading_path", "")).split(" › ") if p])
        for h in hits
    ]
    return [h.text for h in hits], sources


def draft_one(task, sec: SectionDraft, settings, *, model, store=None, exclude_sources=(), on_token=None):
    """One section through the drafting chain: (text, sources, model name, prompt version)."""
    from ..draft.prompts import prompt_version, render

    exemplars, sources = _exemplars(task, settings, store, exclude_sources)
    task.exemplars = exemplars
    variables = task.prompt_vars()
    messages = [
        {"role": "system", "content": render("system", **variables)},
        {"role": "user", "content": render("section", **variables)},
    ]
    reply = model.generate(messages, on_token=on_token, task=task)
    return reply.text, sources, reply.model, prompt_version()


def export_docx(draft: Draft, path: str | Path) -> None:
    from ..export.docx import render_docx

    render_docx(draft, path)


def _fallback_ground_text(text: str, facts: list[str]) -> tuple[str, list[Finding]]:
    """LOCAL FALLBACK (revise only): numbers not found in the facts become 【待补充：…】."""
    from ..checks.numbers import extract_numbers, same_quantity
    from ..types import placeholder

    known = [m for f in facts for m in extract_numbers(f)]
    findings: list[Finding] = []
    out, pos = [], 0
    for m in extract_numbers(text):
        if m.unit == "年" or any(same_quantity(m, k) for k in known):
            continue
        out.append(text[pos : m.start] + placeholder(f"“{m.text}”处的数据"))
        pos = m.end
        findings.append(Finding("GROUNDING_UNKNOWN_NUMBER", "error", "", f"数字“{m.text}”不在事实清单中，已替换为待补充"))
    out.append(text[pos:])
    return "".join(out), findings
