"""What a whole draft gets besides its sections, shared by the runner and ``based_on``: the strings
its numbers may come from, the whole-draft findings and unused facts, its stamps, and a run's stats.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path

from ..checks import check_draft
from ..checks.grounding import sheet_context, unused_facts
from ..checks.vocab import load_vocab
from ..schema.factsheet import FactSheet
from ..schema.outline import Outline
from ..types import Draft, Finding

log = logging.getLogger(__name__)


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def bigan_version() -> str:
    try:
        from importlib.metadata import version

        return version("bigan")
    except Exception:  # noqa: BLE001 - running from a checkout without install
        return "0.0.0"


def grounding_facts(sheet: FactSheet) -> list[str]:
    """Every string a number may come from: the facts, plus the sheet's own context (the same
    rule the checker and evals apply: ``checks.grounding.sheet_context``)."""
    return [*sheet.all_facts(), *(str(x) for x in sheet_context(sheet))]


def find_unused_facts(texts: list[str], sheet: FactSheet, prompts: Path | None = None) -> list[str]:
    return list(unused_facts(texts, sheet.all_facts(), vocab=load_vocab(prompts)))


def draft_findings(draft: Draft, sheet: FactSheet, outline: Outline, prompts: Path | None = None) -> list[Finding]:
    try:
        # with its context, as `bigan check` does
        return list(check_draft(draft, facts=sheet, outline=outline, year=sheet.year, prompts=prompts))
    except Exception as exc:  # noqa: BLE001 - a checker bug must not lose a finished draft
        log.warning("检查草稿时出错：%s", exc)
        return []


def refresh_whole_draft(draft: Draft, sheet: FactSheet, outline: Outline, prompts: Path | None = None) -> None:
    """Whole-draft findings and unused facts over the current texts (after drafting, and again
    after every revision so they never go stale); ``prompts``: the folder of the rule files."""
    texts = [s.text for s in draft.sections if s.text] + [s.heading for s in draft.sections if s.heading]
    draft.unused_facts = find_unused_facts(texts, sheet, prompts)
    draft.findings = draft_findings(draft, sheet, outline, prompts)


@dataclass
class RunStats:
    """What the bench and the CLI report."""

    wall_s: float = 0.0
    section_seconds: dict[str, float] = field(default_factory=dict)
    prompt_tokens: dict[str, int] = field(default_factory=dict)
    drafted: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    cached: list[str] = field(default_factory=list)
    fallbacks: dict[str, str] = field(default_factory=dict)  # section id -> why the offline composer wrote it
    asked_again: list[str] = field(default_factory=list)
    tokens_in: dict[str, int] = field(default_factory=dict)
    tokens_out: dict[str, int] = field(default_factory=dict)
    tokens_cached: dict[str, int] = field(default_factory=dict)
    concurrency: int | None = None  # the model's adaptive limit at the end, and the lowest it went
    concurrency_lowest: int | None = None
