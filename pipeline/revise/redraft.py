"""Redraft one section from the fact sheet: "regenerate from other exemplars" and "recompose after
the facts changed". The section's task comes from drafting's planner and the text from drafting's
section chain, so it is exactly what a fresh draft would hold; then it is grounded and checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import InputError
from ..types import Draft, Finding, SectionDraft, Source, Version
from . import bridge
from .checking import checked, merge_findings

if TYPE_CHECKING:
    from ..config import Settings
    from .bridge import ChatModel, Corpus, OnRetry, OnToken


@dataclass
class Redraft:
    text: str
    model: str
    prompt_version: str
    sources: list[Source] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def version(self, instruction: str, kind: str) -> Version:
        """This redraft as a section version (history stamps its time)."""
        return Version(text=self.text, instruction=instruction, model=self.model,
                       prompt_version=self.prompt_version, findings=self.findings, kind=kind)


def plan(draft: Draft) -> dict:
    """Section id -> drafting's PlannedSection (section + task) for the draft's current fact sheet."""
    return {p.section.id: p for p in bridge.plan_sections(draft)}


def section_task(draft: Draft, sec: SectionDraft):
    """The drafting task for ``sec`` as planned from the draft's (possibly edited) fact sheet."""
    planned = plan(draft).get(sec.id)
    if planned is None:
        raise InputError(f"事实清单中已没有章节 {sec.id}，请重新运行 bigan draft", field=sec.id)
    return planned.task


def redraft_section(
    draft: Draft,
    sec: SectionDraft,
    settings: Settings,
    *,
    model: ChatModel | None = None,
    store: Corpus | None = None,
    exclude_sources: tuple[str, ...] = (),
    exclude_ids: tuple[str, ...] = (),
    on_token: OnToken | None = None,
    on_retry: OnRetry | None = None,
) -> Redraft:
    task = section_task(draft, sec)
    model = model or bridge.get_model(settings)
    if store is None:
        store = bridge.open_store(settings)
    if store is not None and (exclude_sources or exclude_ids):
        store = bridge.ExcludingStore(store, exclude_sources, exclude_ids)
    # "换范文重写" means other exemplars: at least one, whatever the drafting default.
    settings = settings.model_copy(update={"exemplars": max(1, settings.exemplars)})
    result = bridge.draft_one(task, settings, model=model, store=store, grounding_facts=bridge.all_facts(draft),
                              on_token=on_token, on_retry=on_retry)
    findings = merge_findings(result.findings, checked(draft, sec, result.text))
    return Redraft(text=result.text, model=result.model, prompt_version=bridge.prompt_version(),
                   sources=list(result.sources), findings=findings)
