"""How revision holds a section's new text to a draft's rules: grounded (model text) or flagged (a
hand edit), then checked by the one checker; findings merged without repeats. Shared by the
operations and the redrafts."""

from __future__ import annotations

import copy

from ..types import Draft, Finding, SectionDraft
from . import bridge


def _key(f: Finding) -> tuple:
    return (f.code, f.span, f.message)


def merge_findings(first: list[Finding], more: list[Finding]) -> list[Finding]:
    seen = {_key(f) for f in first}
    return list(first) + [f for f in more if _key(f) not in seen]


def checked(draft: Draft, sec: SectionDraft, text: str) -> list[Finding]:
    """The checker's findings on the section as it would read with ``text``."""
    probe = copy.deepcopy(sec)
    probe.text = text
    probe.findings = []
    probe.history = []
    return bridge.check(probe, draft)


def section_location(sec: SectionDraft) -> str:
    return f"{sec.marker}{sec.heading}" if sec.heading else sec.id


def ground_and_check(draft: Draft, sec: SectionDraft, text: str) -> tuple[str, list[Finding]]:
    """Model text: numbers not in the facts are replaced, then the result is checked."""
    text, grounding = bridge.ground(text, bridge.all_facts(draft), sec.id, section_location(sec))
    for f in grounding:
        f.span = None  # it describes a replacement: its offsets are not those of the new text
    return text, merge_findings(grounding, checked(draft, sec, text))


def check_hand_edit(draft: Draft, sec: SectionDraft, text: str) -> list[Finding]:
    """A hand edit is the writer's own text: numbers are flagged by the checker, never replaced."""
    found = checked(draft, sec, text)
    if any(f.category == "GROUNDING" for f in found):
        return found
    _, grounding = bridge.ground(text, bridge.all_facts(draft), sec.id, section_location(sec))
    for f in grounding:  # a checker without grounding: say what grounding would have replaced
        f.severity, f.span = "error", None
        f.message = "（手工编辑，未替换）" + f.message.split("，已替换")[0]
    return merge_findings(grounding, found)
