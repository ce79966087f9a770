"""Read a Markdown rendering of a draft (as in ../shared/samples/real-model/) back into a Draft.

The sections are planned from the fact sheet and outline exactly as drafting plans them
(``plan_sections``); each gets the body that follows its heading line (## 一、… / ### （一）…) in the
Markdown, so the gates see what the model wrote for that section, with that section's facts.
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.draft.assemble import build_meta, plan_sections
from pipeline.schema.factsheet_io import load_factsheet
from pipeline.schema.outline import load_outline
from pipeline.types import Draft

_HEADING = re.compile(r"^(#{2,3})\s+(.+?)\s*$")


def split_markdown(text: str) -> tuple[str, list[tuple[str, list[str]]]]:
    """(title, [(heading line, body lines)]) of a Markdown draft; lines before the first ## are
    dropped (addressee and opening are written by code, not the model)."""
    title = ""
    parts: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        if line.startswith("# ") and not title:
            title = line[2:].strip()
            continue
        m = _HEADING.match(line)
        if m:
            parts.append((m.group(2), []))
        elif parts:
            parts[-1][1].append(line.rstrip())
    return title, parts


def draft_from_markdown(md_path: Path, facts_path: Path) -> Draft:
    sheet = load_factsheet(facts_path)
    outline = load_outline(sheet.genre)
    meta = build_meta(sheet, outline)
    planned = plan_sections(sheet, outline, meta.title)
    title, parts = split_markdown(md_path.read_text(encoding="utf-8"))
    bodies = {heading: lines for heading, lines in parts}
    tail = {x for x in (meta.closing, meta.signature, meta.date) if x}
    sections = []
    for p in planned:
        s = p.section
        lines = bodies.get(f"{s.marker}{s.heading}", [])
        kept = [ln.strip() for ln in lines if ln.strip() and ln.strip() not in tail]
        s.text = "\n".join(kept)
        s.status = "done"
        sections.append(s)
    meta.title = title or meta.title
    return Draft(meta=meta, sections=sections, facts=sheet.model_dump(mode="json"))
