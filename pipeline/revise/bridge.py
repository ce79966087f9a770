"""The doors from revision to the other stages: drafting, checks, the store, export.

Revision only calls other stages through this module, so a change in their API is fixed here once
(tests/test_architecture.py fails when another revise module imports a stage). Grounding, cleaning
and checking are drafting's own functions, so a revision is held to exactly the rules of a draft.
Export comes through here too: revision only renders a .docx for download, with export's one renderer.
What every layer shares (types, errors, config, text, schema for fact sheets and outlines, draftio
for saving) is imported directly; those are formats, not stages.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..draft.events import NullEvents as NullEvents  # re-exported: the new-report page listens to a drafting run
from ..config import Settings
from ..schema.factsheet import FactSheet
from ..types import Draft, Finding, SearchHit, SectionDraft

if TYPE_CHECKING:  # the types revision's modules name, from the stages that define them (re-exported)
    from ..draft.chat import ChatModel as ChatModel, OnRetry as OnRetry, OnToken as OnToken
    from ..draft.section import SectionResult
    from ..draft.task import SectionTask
    from ..store.protocol import Corpus as Corpus


def prompts_folder() -> Path:
    """The prompts folder revision reads (outlines, revise.md, the checks' rule files), passed on
    explicitly to every stage it calls. Revision's operations are not given the settings yet, so
    this is the one place below the command line that takes it from the environment."""
    from ..resources import prompts_dir

    return prompts_dir()


def fact_sheet(draft: Draft) -> FactSheet:
    return FactSheet.model_validate(draft.facts)


def all_facts(draft: Draft) -> list[str]:
    """Every string a number in the draft may come from (facts, headings, unit, year …)."""
    from ..draft.whole import grounding_facts

    try:
        return grounding_facts(fact_sheet(draft))
    except Exception:  # noqa: BLE001 - a draft built without a full sheet: use what sections were given
        return [f for s in draft.sections for f in s.facts]


def outline(draft: Draft):
    """The outline the draft was written from (the genre's own when that file has moved since)."""
    from ..schema.outline import load_outline

    try:
        return load_outline(draft.meta.outline or draft.meta.genre, prompts_folder())
    except Exception:  # noqa: BLE001 - an outline file moved since drafting: the genre's own
        return load_outline(draft.meta.genre, prompts_folder())


def refresh_whole_draft(draft: Draft) -> bool:
    """Recompute ``draft.findings`` and ``draft.unused_facts`` over the current texts, with the
    runner's own calls. False (and both left as they were) when the fact sheet does not validate."""
    from ..draft.whole import refresh_whole_draft as refresh

    try:
        sheet = fact_sheet(draft)
    except Exception:  # noqa: BLE001 - a draft.json without a full sheet: nothing to check against
        return False
    refresh(draft, sheet, outline(draft), prompts_folder())
    return True


def ground(text: str, facts: list[str], section_id: str | None = None, location: str = "") -> tuple[str, list[Finding]]:
    """Replace numbers not in the facts (and legacy placeholders) by 【待补充：…】 (the one checker's grounding)."""
    from ..checks.grounding import ground_text

    return ground_text(text, facts, location=location, section_id=section_id)


def gate_context(draft: Draft, sec: SectionDraft, *, others: str = "before"):
    """The section's GateContext as `bigan check` builds it (``checks.gates.draft_contexts``);
    ``others="all"``: every other section's text counts for repetition (a revision is compared
    with the whole draft, not only what comes before it). None when the draft has no such section."""
    from dataclasses import replace

    from ..checks.gates import draft_contexts

    ctx = next((c for s, c in draft_contexts(draft, outline=outline(draft), prompts=prompts_folder()) if s.id == sec.id), None)
    if ctx is not None and others == "all":
        ctx = replace(ctx, other_texts=[s.text for s in draft.sections if s.id != sec.id and s.text])
    return ctx


def check(section: SectionDraft, draft: Draft) -> list[Finding]:
    """The one checker, applied to a section as to a draft (grounding, placeholders, terms, time,
    length, and the per-section gates: coverage, markup, names, repetition, claims)."""
    from ..checks import check_section

    return list(check_section(section, facts=all_facts(draft), outline=draft.meta.genre, year=draft.meta.year,
                              gate=gate_context(draft, section), prompts=prompts_folder()))


def gate(draft: Draft, sec: SectionDraft, text: str) -> tuple[str, list[Finding]]:
    """Drafting's section gates on a revised text: leaked labels, echoed headings and wrapped facts
    are repaired; missing facts, other units' names and repetition are reported."""
    from ..checks.gates import gate_section

    ctx = gate_context(draft, sec, others="all")
    if ctx is None:
        return text, []
    result = gate_section(text, ctx)
    return result.text, list(result.findings)


def output_limits(task) -> tuple[int, int]:
    """(max_tokens, max_chars) for a reply on this section: drafting's limits."""
    from ..draft.section import output_limits as limits

    return limits(task)


def clean(text: str, task) -> tuple[str, list[Finding]]:
    """Drafting's cleaner: markdown, a repeated heading, English drift."""
    from ..draft.section import clean_reply

    return clean_reply(text, task)


def get_model(settings: Settings) -> ChatModel:
    from ..draft.model import get_model as _get_model

    return _get_model(settings)


def open_store(settings: Settings) -> Corpus | None:
    """The corpus, or None when there is none (drafting then works from the facts alone)."""
    from ..draft.runner import open_corpus

    return open_corpus(settings)


class ExcludingStore:
    """A store whose searches skip the sources a section was drafted from ("other exemplars")."""

    def __init__(self, store: Corpus, exclude_sources: tuple[str, ...], exclude_ids: tuple[str, ...] = ()) -> None:
        self.store = store
        self.exclude_sources = tuple(exclude_sources)
        self.exclude_ids = set(exclude_ids)

    def search(self, query: str, k: int = 5, genre: str | None = None, role: str | None = None, year: int | None = None,
               exclude_sources: Iterable[str] = ()) -> list[SearchHit]:
        hits = self.store.search(query, k=k + len(self.exclude_ids), genre=genre, role=role, year=year,
                                 exclude_sources=(*self.exclude_sources, *exclude_sources))
        return [h for h in hits if h.id not in self.exclude_ids][:k]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


def draft_one(task: SectionTask, settings: Settings, *, model: ChatModel, store: Corpus | None = None, grounding_facts: list[str],
              on_token: OnToken | None = None, on_retry: OnRetry | None = None) -> SectionResult:
    """One section through drafting's chain (retrieve ▶ prompt ▶ model ▶ clean ▶ ground ▶ check)."""
    from ..draft.section import draft_section

    return draft_section(task, model, settings=settings, store=store, grounding_facts=grounding_facts, on_token=on_token,
                         on_retry=on_retry)


def prompt_version(prompts_dir=None) -> str:
    """Drafting's one content hash over every prompt (revise.md included)."""
    from ..draft.prompts import prompt_version as pv

    return pv(prompts_dir or prompts_folder())


def render_prompt(name: str, prompts_dir=None, **values: Any) -> str:
    """A prompt of prompts/ rendered by drafting's strict renderer (revise.md)."""
    from ..draft.prompts import render

    return render(name, prompts_dir or prompts_folder(), **values)


def plan_sections(draft: Draft) -> list:
    """Drafting's planner over the draft's (possibly edited) fact sheet: PlannedSection(section, task)."""
    from ..draft.assemble import plan_sections as plan

    return plan(fact_sheet(draft), outline(draft), draft.meta.title)


def run_draft(facts_path: str | Path, settings, **kw: Any) -> Draft:
    """A whole new draft by drafting's runner (the new-report page)."""
    from ..draft.runner import run_draft as run

    return run(facts_path, settings, **kw)


def export_docx(draft: Draft, path: str | Path) -> None:
    from ..export.docx import render_docx

    render_docx(draft, path, prompts=prompts_folder())
