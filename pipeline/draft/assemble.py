"""Structure belongs to code: headings, numbering, title, opening/closing formulas, signature, date.

``plan_sections`` turns an outline + fact sheet into the flat list of drafting units (level-1
sections, then their sub-sections with ``parent`` and ids like ``work.2``), each with the
``SectionTask`` the model or the offline composer will write the body from. ``build_meta`` renders
the outline's title/opening/closing templates strictly.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from ..text.numerals import heading_marker
from ..types import GENRE_NAMES, DraftMeta, SectionDraft, placeholder
from ..schema.factsheet import FactSheet, SubSection
from ..schema.outline import Outline
from .prompts import render_formula
from .task import SectionTask

def marker_for(level: int, n: int) -> str:
    """一、 at level 1, （一） below: a draft's own headings go two levels deep."""
    return heading_marker(1 if level == 1 else 2, n)


def format_date(value: dt.date | str | None) -> str | None:
    """2024-12-20 → 2024年12月20日 (Arabic numerals, no leading zeros, as GB/T 9704 wants)."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    text = str(value).strip()
    try:
        d = dt.date.fromisoformat(text)
    except ValueError:
        return text  # already written as the writer wants it
    return f"{d.year}年{d.month}月{d.day}日"


# A basis that is itself a document or instruction (反馈意见, 通知) is followed, not "arranged".
_BASIS_IS_DOCUMENT = re.compile(r"(意见|要求|部署|精神|通知|规定|方案|安排|决定|批示|指示)$")


def according_to(basis: str | None) -> str:
    """根据县委巡察组安排 / 根据县委第二巡察组反馈意见 / 根据上级有关安排."""
    b = (basis or "").strip().removeprefix("根据").rstrip("，,。")
    if not b:
        return "根据上级有关安排"
    return f"根据{b}" if _BASIS_IS_DOCUMENT.search(b) else f"根据{b}安排"


def clean_heading(heading: str) -> str:
    """A heading line never ends with a sentence stop (writers often type one)."""
    return " ".join(heading.split()).rstrip("。；;，,、.：:")


def period_phrase(period: str | None, year: int) -> str:
    """上半年 → 2024年上半年, 全年 → 2024年; a period that names its own year is kept."""
    p = (period or "").strip()
    if not p or p in ("全年", "全年度", "年度", "本年度"):
        return f"{year}年"
    return p if re.match(r"[0-9０-９]{4}|近|今年|本年|去年|上年", p) else f"{year}年{p}"


def template_values(sheet: FactSheet, outline: Outline) -> dict[str, Any]:
    """What outline templates may use; absent optional facts become visible placeholders."""
    return {
        "unit": sheet.unit,
        "year": sheet.year,
        "period": period_phrase(sheet.period, sheet.year),
        "genre_name": GENRE_NAMES.get(sheet.genre, outline.name),
        # "职务 姓名" reads as one phrase in a title: 区委政法委副书记王立新在……上的发言
        "author": "".join(sheet.author.split()) if sheet.author else placeholder("发言人姓名与职务"),
        "basis": sheet.basis or "上级有关",
        "according": according_to(sheet.basis),
    }


def build_meta(sheet: FactSheet, outline: Outline, *, outline_ref: str = "") -> DraftMeta:
    values = template_values(sheet, outline)
    return DraftMeta(
        genre=sheet.genre,
        unit=sheet.unit,
        year=sheet.year,
        title=sheet.title or render_formula(outline.title, values, where="title"),
        period=sheet.period,
        org_level=sheet.org_level,
        addressee=sheet.addressee,
        signature=sheet.signature,
        date=format_date(sheet.date),
        opening=render_formula(outline.opening, values, where="opening") if outline.opening else "",
        closing=render_formula(outline.closing, values, where="closing") if outline.closing else "",
        outline=outline_ref or outline.genre,
    )


@dataclass
class PlannedSection:
    section: SectionDraft
    task: SectionTask


def plan_sections(sheet: FactSheet, outline: Outline, title: str) -> list[PlannedSection]:
    """Flat drafting units in document order, with markers assigned by code."""
    genre_name = GENRE_NAMES.get(sheet.genre, outline.name)
    common = dict(
        genre=sheet.genre, genre_name=genre_name, unit=sheet.unit, year=sheet.year, title=title,
        period=sheet.period, author=sheet.author,
    )
    level1_headings = [s.heading for s in outline.sections if s.heading]
    planned: list[PlannedSection] = []
    level1_count = 0
    for osec in outline.sections:
        items = sheet.sections.get(osec.id, [])
        own = [i for i in items if isinstance(i, str)]
        subs = [i for i in items if isinstance(i, SubSection)]
        if osec.subsections == "none":  # the outline wants one body: fold sub-sections into facts
            own = own + [f"{s.heading}：{'，'.join(s.facts)}" for s in subs]
            subs = []
        if not items and not osec.required:
            continue
        marker = ""
        if osec.heading:
            level1_count += 1
            marker = marker_for(1, level1_count)
        section = SectionDraft(id=osec.id, heading=osec.heading, level=1, marker=marker, role=osec.role, facts=list(own))
        task = SectionTask(
            **common, section_id=osec.id, heading=osec.heading, role=osec.role, level=1, marker=marker,
            siblings=[h for h in level1_headings if h != osec.heading], covers=list(osec.covers),
            length=tuple(osec.length), facts=list(own), intro=bool(subs),
        )
        if subs:
            section.extra["has_subsections"] = True
            n = len(subs)
            task.length = (min(60, osec.length[0]), 200)
        planned.append(PlannedSection(section, task))
        sub_headings = [clean_heading(s.heading) for s in subs]
        for i, sub in enumerate(subs, start=1):
            sub_heading = clean_heading(sub.heading)
            # Under a heading-less part (研讨发言), sub-sections take level 1 and its numbering.
            if osec.heading:
                level, sub_marker = 2, marker_for(2, i)
            else:
                level1_count += 1
                level, sub_marker = 1, marker_for(1, level1_count)
            sid = f"{osec.id}.{i}"
            lo, hi = osec.length
            sub_len = (max(80, lo // max(1, n)), max(200, hi // max(1, n)))
            planned.append(
                PlannedSection(
                    SectionDraft(id=sid, heading=sub_heading, level=level, marker=sub_marker, role=osec.role,
                                 parent=osec.id, facts=list(sub.facts)),
                    SectionTask(
                        **common, section_id=sid, heading=sub_heading, role=osec.role, level=level, marker=sub_marker,
                        parent_id=osec.id, parent_heading=osec.heading or None,
                        siblings=[h for h in sub_headings if h != sub_heading],
                        covers=[], length=sub_len, facts=list(sub.facts),
                    ),
                )
            )
    return planned


def heading_line(section: SectionDraft) -> str:
    return f"{section.marker}{section.heading}" if section.heading else ""


def assemble_text(draft) -> str:
    """The whole report as plain text (title, addressee, opening, sections, closing, signature)."""
    meta = draft.meta
    lines: list[str] = [meta.title, ""]
    if meta.addressee:
        lines.append(meta.addressee.rstrip("：:") + "：")
    if meta.opening:
        lines.append(meta.opening)
    for s in draft.sections:
        if heading_line(s):
            lines.append(heading_line(s))
        lines.extend(p for p in s.text.split("\n") if p.strip())
    if meta.closing:
        lines.append(meta.closing)
    if meta.signature or meta.date:
        lines.append("")
        lines.extend(x for x in (meta.signature, meta.date) if x)
    return "\n".join(lines) + "\n"
