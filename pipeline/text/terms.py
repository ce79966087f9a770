"""prompts/terms.yaml: set phrases that are not quantities (四个意识), and the political terms whose
wrong forms checks/terms.py finds. Here because numbers need the set phrases too."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..resources import prompts_dir, shipped_prompts
from .datafile import load_rules


@dataclass
class WrongForm:
    pattern: re.Pattern[str]
    right: str
    note: str = ""
    since: int | None = None  # only wrong from this year on


@dataclass
class Enumeration:
    term: str
    members: list[str]
    min_listed: int = 2  # how many members must appear in a list before we judge it


@dataclass
class Terms:
    set_phrases: list[str] = field(default_factory=list)
    set_patterns: list[re.Pattern[str]] = field(default_factory=list)
    number_exempt_after: list[str] = field(default_factory=list)
    wrong_forms: list[WrongForm] = field(default_factory=list)
    enumerations: list[Enumeration] = field(default_factory=list)
    quoted_terms: list[str] = field(default_factory=list)


def terms_path(prompts: str | Path | None = None) -> Path:
    return Path(prompts or shipped_prompts()) / "terms.yaml"


def load_terms(path: str | Path | None = None, *, prompts: str | Path | None = None) -> Terms:
    """Parse ``path``, else ``prompts``/terms.yaml (cached until the file changes)."""
    return load_rules(Path(path) if path else terms_path(prompts), _build_terms, what="术语表", kind="terms")


def number_terms() -> Terms:
    """The set phrases quantity extraction masks (text/numbers.py). extract_numbers has no prompts
    parameter (its ~30 callers would all need one), so it still takes the folder of the
    environment: $BIGAN_PROMPTS, else the shipped one."""
    return load_terms(prompts=prompts_dir())


def _build_terms(data: dict) -> Terms:
    return Terms(
        set_phrases=sorted({str(p) for p in data.get("set_phrases", [])}, key=len, reverse=True),
        set_patterns=[re.compile(p, re.MULTILINE) for p in data.get("set_patterns", [])],
        number_exempt_after=[str(p) for p in data.get("number_exempt_after", [])],
        wrong_forms=[
            WrongForm(
                pattern=re.compile(w["pattern"] if "pattern" in w else re.escape(w["wrong"])),
                right=w["right"],
                note=w.get("note", ""),
                since=w.get("since"),
            )
            for w in data.get("wrong_forms", [])
        ],
        enumerations=[
            Enumeration(e["term"], list(e["members"]), int(e.get("min_listed", 2)))
            for e in data.get("enumerations", [])
        ],
        quoted_terms=[str(t) for t in data.get("quoted_terms", [])],
    )
