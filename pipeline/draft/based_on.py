"""`bigan draft FACTS --based-on 去年的报告`: this year's report written on last year's (以文写文).

Structure: last year's heading tree, read by the parser of `bigan outline from`
(``outline_from.reference_document`` / ``derive_outline``). The fact sheet's sections map onto it
by section id and role, its sub-sections onto last year's sub-headings by BM25 over headings and
text; what maps nowhere is added as a new part and reported.

Wording: offline, ``carry_over`` keeps last year's sentences and puts this year's facts in them;
with a model, each part is rewritten with last year's part as the model text
(prompts/based_on.md), and the reply goes through the same cleaning, the guard against last
year's dated events, and grounding. Either way every number is checked against this year's facts.

The 对照表 (``draft.extra["changes"]``) comes from the offline alignment in both modes: which
numbers changed, which statements of last year have no counterpart, which facts are new.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..checks.grounding import ground_text
from ..config import Settings
from ..errors import InputError
from ..store.bm25 import TextScorer
from ..types import Document, Draft, Finding, Section, SectionDraft, Version, placeholder
from .assemble import build_meta, clean_heading, format_date, marker_for
from .carry_over import FactPool, YearContext, _context, _counted, carry_paragraphs, similarity, year_context
from .changes import Change
from .events import DraftEvents
from .chat import ChatModel
from ..schema.factsheet import FactSheet, SubSection
from ..schema.factsheet_io import load_factsheet
from ..schema.outline import Outline, OutlineSection, load_outline
from .outline_from import _CLOSING, derive_outline, reference_document

log = logging.getLogger(__name__)


@dataclass
class Part:
    """One drafting unit of this year's report, carried from a part of last year's (or new)."""

    id: str
    heading: str
    level: int
    role: str
    parent: str | None = None
    paragraphs: list[str] = field(default_factory=list)  # last year's body
    last_heading: str = ""  # as last year wrote it ("" for a new part)
    facts: list[str] = field(default_factory=list)  # this year's
    sheet_heading: str | None = None
    children: list[Part] = field(default_factory=list)

    @property
    def new(self) -> bool:
        return not self.last_heading


# --------------------------------------------------------------------------- last year's report


def _store_text(source: str, settings: Settings) -> tuple[str, str]:
    """A stored source's text rebuilt from its chunks (headings, then bodies, in order)."""
    from ..store.chunk import OPENING
    from ..store.corpus import open_store

    store = open_store(settings)
    try:
        resolved = store.resolve_source(source)
    except Exception:  # noqa: BLE001 - unknown source: say so below
        resolved = source
    chunks = list(store.iter_chunks(where={"source": resolved}))
    if not chunks:
        raise InputError("上年报告既不是文件，也不在语料库中 (not a file, not a stored source)", path=source, field="--based-on")
    chunks.sort(key=lambda c: (int(c.metadata.get("doc_index", 0)), int(c.metadata.get("chunk_index", 0))))
    lines: list[str] = []
    title = chunks[0].metadata.get("title")
    if title:
        lines.append(str(title))
    shown: list[str] = []
    for c in chunks:
        path = [h for h in c.heading_path if h and h != OPENING]
        for depth, heading in enumerate(path):
            if depth >= len(shown) or shown[depth] != heading:
                shown = shown[:depth] + [heading]
                lines.append(heading)
        lines.append(c.text)
    return "\n".join(lines), Path(resolved).name


def load_reference(ref: str | Path, settings: Settings) -> tuple[Document, str]:
    """Last year's report (a .docx/.txt/.md file, or a source in the corpus), parsed."""
    path = Path(ref)
    if path.is_file():
        return reference_document(path), path.name
    if path.suffix.lower() in (".docx", ".txt", ".md") and not path.exists() and ("/" in str(ref) or "\\" in str(ref)):
        raise InputError("上年报告文件不存在 (file not found)", path=path, field="--based-on")
    text, name = _store_text(str(ref), settings)
    return reference_document(Path(name), text), name


# --------------------------------------------------------------------------- structure


def _body(section: Section) -> list[str]:
    """A level-2 part's body: its paragraphs, deeper headings inline (1.强化合法性审查。…)."""
    out = list(section.paragraphs)
    for child in section.children:
        for s in child.walk():
            out.append(f"{s.marker}{s.heading}" + ("" if s.heading.endswith(("。", "！", "？")) else "。"))
            out.extend(s.paragraphs)
    return out


def _split_closing(doc: Document) -> str:
    """The closing formula (以上汇报，请批评指正。) at the end of last year's last part, taken out."""
    last = doc.sections[-1]
    tail = [s for s in last.walk() if s.paragraphs]
    if tail and _CLOSING.match(tail[-1].paragraphs[-1]) and len(tail[-1].paragraphs[-1]) <= 40:
        return tail[-1].paragraphs.pop()
    return ""


def _facts_of(items: list[Any]) -> list[str]:
    out: list[str] = []
    for i in items:
        out.extend([i] if isinstance(i, str) else i.facts)
    return out


def build_parts(doc: Document, derived: Outline, sheet: FactSheet, years: YearContext, prompts_dir=None) -> tuple[list[Part], list[dict], list[Change]]:
    """Last year's tree with this year's facts hung on it; the mapping; the unmapped parts."""
    standard = load_outline(sheet.genre, prompts_dir)
    parts: list[Part] = []
    for osec, sec in zip(derived.sections, doc.sections):
        part = Part(osec.id, clean_heading(years.shift(sec.heading)), 1, osec.role, paragraphs=list(sec.paragraphs),
                    last_heading=f"{sec.marker}{sec.heading}")
        for i, child in enumerate(sec.children, start=1):
            part.children.append(Part(f"{osec.id}.{i}", clean_heading(years.shift(child.heading)), 2, osec.role, osec.id,
                                      _body(child), f"{child.marker}{child.heading}"))
        parts.append(part)
    mapping: list[dict] = []
    unmapped: list[Change] = []
    by_id = {p.id: p for p in parts}
    scorer = TextScorer([p.heading for p in parts]) if parts else None
    for sid, items in sheet.sections.items():
        target = by_id.get(sid)
        std = next((s for s in standard.sections if s.id == sid), None)
        if target is None and scorer is not None and std is not None:
            same_role = [p for p in parts if p.role == std.role and p.id not in sheet.sections]
            if len(same_role) == 1:
                target = same_role[0]
            else:
                i, score = scorer.best(std.heading + " " + " ".join(_facts_of(items))[:200])
                target = parts[i] if score > 0 else None
        if target is None:
            target = Part(sid, std.heading if std else sid, 1, std.role if std else "work")
            _insert_in_order(parts, target, standard)
            unmapped.append(Change("unmapped", target.heading, "", "；".join(_facts_of(items))[:80], "上年报告中没有对应的一级标题，已作为新的一部分"))
            mapping.append({"facts": sid, "last_year": None})
        else:
            mapping.append({"facts": sid, "last_year": target.last_heading})
        _hang(target, items, mapping, unmapped, sid)
    _number(parts)
    return parts, mapping, unmapped


def _insert_in_order(parts: list[Part], new: Part, standard: Outline) -> None:
    order = [s.id for s in standard.sections]
    rank = order.index(new.id) if new.id in order else len(order)
    for i, p in enumerate(parts):
        if p.id in order and order.index(p.id) > rank:
            parts.insert(i, new)
            return
    parts.append(new)


def _hang(target: Part, items: list[Any], mapping: list[dict], unmapped: list[Change], sid: str) -> None:
    """A section's facts on a level-1 part: sub-sections onto its children by similarity."""
    subs = [i for i in items if isinstance(i, SubSection)]
    target.facts += [i for i in items if isinstance(i, str)]
    if not target.children:
        target.facts += [f for s in subs for f in s.facts]  # last year wrote this part as one body
        return
    children = list(target.children)
    taken: dict[str, Part] = {}
    for s in subs:
        scores = [_affinity(s.heading, s.facts, c) for c in children]
        best = max(range(len(children)), key=lambda i: scores[i]) if children else None
        if best is not None and scores[best] >= 1.0:
            taken[s.heading] = children[best]  # several of this year's may fold into one of last year's
    for s in subs:
        child = taken.get(s.heading)
        if child is None:
            child = Part("", clean_heading(s.heading), 2, target.role, target.id)
            target.children.append(child)
            unmapped.append(Change("unmapped", f"{target.heading} › {child.heading}", "", "；".join(s.facts)[:80],
                                   "上年报告中没有相近的小标题，已作为新的小节"))
            mapping.append({"facts": f"{sid} › {s.heading}", "last_year": None})
        else:
            mapping.append({"facts": f"{sid} › {s.heading}", "last_year": child.last_heading})
        child.sheet_heading = clean_heading(s.heading)
        child.facts += s.facts


def _affinity(heading: str, facts: list[str], child: Part) -> float:
    """How surely a sub-section of this year's sheet continues one of last year's: each number of
    its facts that finds the same activity in last year's text counts one; alike headings count
    up to two. 1 or more maps it; below, it is new this year."""
    last_year = FactPool(["\n".join(child.paragraphs)])
    aligned = 0
    for fact in facts:
        mentions = _counted(fact)
        for i, n in enumerate(mentions):
            if last_year.match(n, _context(fact, mentions, i)):
                aligned += 1
    return aligned + 2 * similarity(heading, child.heading)


def _number(parts: list[Part]) -> None:
    for p in parts:
        for i, c in enumerate(p.children, start=1):
            c.id = f"{p.id}.{i}"
            c.parent = p.id


# --------------------------------------------------------------------------- the draft


def _walk(parts: list[Part]):
    for p in parts:
        yield p
        yield from p.children


def _title(doc: Document, sheet: FactSheet, years: YearContext, derived: Outline, outline: Outline) -> str:
    if sheet.title:
        return sheet.title
    if doc.title:
        title = years.shift(doc.title)
        return title.replace(doc.unit, sheet.unit) if doc.unit else title
    return build_meta(sheet, outline).title


def _outline_for(parts: list[Part], derived: Outline, genre: str) -> Outline:
    length = {s.id: s.length for s in derived.sections}
    return Outline(
        genre=genre, name=derived.name, title=derived.title, opening="", closing="",
        sections=[OutlineSection(id=p.id, heading=p.heading, role=p.role, length=length.get(p.id, (200, 1500)),
                                 subsections="from_facts" if p.children else "none") for p in parts],
    )


def _outline_yaml(outline: Outline, source: str) -> str:
    from .outline_from import outline_yaml

    return outline_yaml(outline, source=source)


def run_based_on(
    facts_path: str | Path,
    based_on: str | Path,
    settings: Settings,
    *,
    model: ChatModel | None = None,
    json_path: str | Path | None = None,
    events: DraftEvents | None = None,
    stats=None,
) -> Draft:
    """Draft this year's report on last year's; returns the Draft (saved to ``json_path``)."""
    import time

    from ..draftio import commit_draft
    from ..atomic import write_atomic
    from .model import get_model
    from .offline import OFFLINE_NOTICE
    from .prompts import prompt_version
    from .whole import RunStats, bigan_version, grounding_facts, now, refresh_whole_draft

    started = time.monotonic()
    stats = stats if stats is not None else RunStats()
    sheet = load_factsheet(facts_path, None, settings.prompts)
    doc, source_name = load_reference(based_on, settings)
    if doc.genre and doc.genre != sheet.genre:
        log.info("上年报告体裁识别为 %s，按事实清单的 %s 起草", doc.genre, sheet.genre)
    derived = derive_outline(source_name, sheet.genre, doc=doc, prompts=settings.prompts)
    last_year = doc.year if doc.year and doc.year < sheet.year else sheet.year - 1
    years = year_context(last_year, sheet.year, settings.prompts)
    closing = _split_closing(doc)
    parts, mapping, unmapped = build_parts(doc, derived, sheet, years, settings.prompts)
    outline = _outline_for(parts, derived, sheet.genre)

    model = model or get_model(settings)
    offline = model.offline
    allowed = grounding_facts(sheet)
    pv = prompt_version(settings.prompts)
    meta = build_meta(sheet, load_outline(sheet.genre, settings.prompts))
    meta.title = _title(doc, sheet, years, derived, outline)
    meta.addressee = sheet.addressee or doc.addressee
    opening = carry_paragraphs(list(doc.preamble), FactPool([]), years, "开头", role="other")
    meta.opening = "\n".join(opening.paragraphs)
    meta.closing = years.shift(closing) if closing else ""
    meta.signature = sheet.signature or (doc.closing[0] if doc.closing and not re.search(r"\d+年\d+月", doc.closing[0]) else sheet.unit)
    meta.date = format_date(sheet.date) if sheet.date else placeholder("成文日期")
    meta.facts_path = str(facts_path)
    meta.model = model.name
    meta.offline = offline
    meta.prompt_version = pv
    meta.created_at = now()
    meta.bigan_version = bigan_version()

    changes: list[Change] = list(opening.changes) + unmapped
    carried: dict[str, list[str]] = {}
    for p in _walk(parts):
        where = p.heading if p.level == 1 else f"{next(q.heading for q in parts if q.id == p.parent)} › {p.heading}"
        result = carry_paragraphs(p.paragraphs, FactPool(list(p.facts)), years, where, role=p.role)
        carried[p.id] = result.paragraphs
        changes += result.changes
        if not p.new and not p.paragraphs and not p.children and not p.facts:
            carried[p.id] = [placeholder(f"{p.heading}的具体内容")]

    texts, model_findings = dict(carried), {}
    if not offline:
        from .based_on_model import rewrite_parts

        texts, model_findings = rewrite_parts(parts, carried, sheet, years, model, settings, title=meta.title, events=events)

    sections: list[SectionDraft] = []
    n1 = 0
    for p in parts:
        n1 += 1
        p_marker = marker_for(1, n1)
        sections.append(_section(p, p_marker, texts, allowed, pv, model.name, model_findings.get(p.id, []), years.campaigns))
        for i, c in enumerate(p.children, start=1):
            sections.append(_section(c, marker_for(2, i), texts, allowed, pv, model.name, model_findings.get(c.id, []),
                                     years.campaigns))
    draft = Draft(meta=meta, sections=sections, facts=sheet.plain())
    if offline:
        draft.extra["notice"] = OFFLINE_NOTICE
    draft.extra["based_on"] = {
        "source": source_name, "year": last_year, "mapping": mapping,
        "unmapped": [c.where for c in unmapped],
    }
    draft.extra["changes"] = [c.to_dict() for c in changes]
    if json_path is not None:
        outline_file = Path(json_path).with_name(Path(json_path).name.removesuffix(".draft.json").removesuffix(".json") + ".outline.yaml")
        write_atomic(outline_file, _outline_yaml(outline, source_name))
        meta.outline = str(outline_file)
    refresh_whole_draft(draft, sheet, outline, settings.prompts)
    stats.wall_s = time.monotonic() - started
    stats.drafted = [s.id for s in sections]
    if json_path is not None:
        commit_draft(draft, json_path, replace=True)  # under the draft's lock, like every save
    return draft


def _section(p: Part, marker: str, texts: dict[str, list[str]], allowed: list[str], pv: str, model_name: str,
             before: list[Finding] = (), campaigns: list = ()) -> SectionDraft:
    heading = p.heading
    if p.sheet_heading and p.last_heading and _has_stale(heading, p.facts, list(campaigns)):
        heading = p.sheet_heading
    text = "\n".join(x for x in texts.get(p.id, []) if x.strip())
    grounded, findings = ground_text(text, allowed, location=f"{marker}{heading}", section_id=p.id)
    findings = list(before) + findings
    if p.new:
        findings.append(Finding("BASED_ON_NEW_PART", "info", f"{marker}{heading}", "上年报告中没有对应的标题，本部分为新增", p.id))
    sec = SectionDraft(
        id=p.id, heading=heading, level=p.level, marker=marker, role=p.role, parent=p.parent, text=grounded,
        status="done", facts=list(p.facts), prompt_version=pv, model=model_name, findings=findings,
        extra={"based_on": p.last_heading} if p.last_heading else {"based_on": None},
    )
    if p.children and not grounded.strip():
        sec.extra["has_subsections"] = True
    sec.history = [Version(text=grounded, model=model_name, prompt_version=pv, at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                           findings=list(findings))]
    return sec


def _has_stale(heading: str, facts: list[str], campaigns: list) -> bool:
    from .carry_over import _stale_event

    return _stale_event(heading, FactPool(list(facts)), campaigns) is not None
