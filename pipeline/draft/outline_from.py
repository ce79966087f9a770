"""`bigan outline from FILE`: an outline derived from a reference report the writer likes.

Top-level sections become outline sections: ids from the genre's standard outline where the role
matches (so existing fact sheets keep working), headings as written, covers from the sub-headings,
and a length range around the section's actual length. Title, opening and closing become templates
with the report's own unit and year replaced by {unit} and {year}.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError
from ..types import GENRES, Document, Section
from ..schema.outline import Outline, OutlineSection, load_outline

_OPENING = re.compile(r"现将.{0,60}(汇报|报告|总结)如下")
_CLOSING = re.compile(r"^(以上汇报|以上报告|以上发言|特此报告|妥否|以上)")
_ROLE_WORDS = {
    "basic_info": ("基本情况", "单位概况"),
    "problems": ("问题", "不足", "差距", "短板"),
    "plans": ("打算", "计划", "安排", "思路", "努力方向", "下步", "下一步"),
    "work": ("做法", "成效", "工作", "情况", "述学", "述职", "述廉", "整改"),
}


def _role_of(section: Section) -> str:
    if section.role:
        return section.role
    for role, words in _ROLE_WORDS.items():
        if any(w in section.heading for w in words):
            return role
    return "other"


def _chars(section: Section) -> int:
    return sum(len(p) for s in section.walk() for p in s.paragraphs) + sum(len(c.heading) for c in section.children)


def _round50(n: float) -> int:
    return max(50, int(round(n / 50.0)) * 50)


_UNSAFE = re.compile(r"[0-9０-９XＸ*＊×]")


def _usable(text: str | None, limit: int = 80) -> bool:
    """A formula worth keeping: short, and without the report's own numbers or legacy placeholders."""
    return bool(text) and len(text) <= limit and not _UNSAFE.search(text)


def _cover(heading: str) -> str:
    first = re.split(r"[，。；：]", heading)[0]
    return (first if len(first) >= 4 else heading)[:24]


def _template(text: str, doc: Document) -> str:
    """The report's own words as a template: braces escaped, unit and year made variables."""
    text = text.replace("{", "{{").replace("}", "}}")
    if doc.unit:
        text = text.replace(doc.unit, "{unit}")
    if doc.year:
        text = text.replace(f"{doc.year}年", "{year}年")
    return text


def reference_document(path: str | Path, text: str | None = None) -> Document:
    """The report in a file (or in ``text`` read from it elsewhere, e.g. the corpus store), parsed
    and classified: the first document of it that has level-1 headings."""
    from ..ingest import parse_file, parse_text

    path = Path(path)
    result = parse_text(text, source=str(path)) if text is not None else parse_file(path)
    docs = [d for d in result.documents if d.sections]
    if not docs:
        raise InputError("范文中没有找到“一、”这样的一级标题，无法推导提纲", path=path)
    return docs[0]


def derive_outline(path: str | Path, genre: str | None = None, doc: Document | None = None, prompts: Path | None = None) -> Outline:
    path = Path(path)
    doc = doc or reference_document(path)
    genre = genre or doc.genre
    if genre not in GENRES:
        raise InputError(f"无法识别范文体裁，请用 --genre 指定（{', '.join(GENRES)}）", path=path, field="genre")
    standard = load_outline(genre, prompts)
    free_ids = {}
    for s in standard.sections:
        free_ids.setdefault(s.role, []).append(s.id)

    sections: list[OutlineSection] = []
    used: set[str] = set()
    for n, sec in enumerate(doc.sections, start=1):
        role = _role_of(sec)
        candidates = [i for i in free_ids.get(role, []) if i not in used]
        sid = candidates[0] if candidates else f"{role}_{n}" if role != "other" else f"section_{n}"
        used.add(sid)
        size = _chars(sec)
        covers = [_cover(c.heading) for c in sec.children if c.heading][:8]
        heading = sec.heading.strip().rstrip("。")
        if _UNSAFE.search(heading):  # "20XX年以来工作开展情况": take the standard heading
            std = next((s for s in standard.sections if s.id == sid), None)
            heading = std.heading if std else _UNSAFE.sub("", heading).lstrip("年以来")
        sections.append(
            OutlineSection(
                id=sid,
                heading=heading,
                role=role,
                covers=covers,
                length=(_round50(size * 0.7), max(_round50(size * 1.3), _round50(size * 0.7) + 100)),
                subsections="from_facts" if sec.children else "none",
            )
        )
    opening = next((p for p in doc.preamble if _OPENING.search(p)), None)
    last = doc.sections[-1]
    tail = [p for s in last.walk() for p in s.paragraphs][-1:] if last else []
    closing = tail[0] if tail and _CLOSING.match(tail[0]) and len(tail[0]) <= 40 else None
    return Outline(
        genre=genre,
        name=standard.name,
        title=_template(doc.title, doc) if _usable(doc.title) else standard.title,
        opening=_template(opening, doc) if _usable(opening) else standard.opening,
        closing=_template(closing, doc) if _usable(closing, 40) else standard.closing,
        sections=sections,
    )


def outline_yaml(outline: Outline, source: str = "") -> str:
    data: dict[str, Any] = outline.model_dump(mode="json")
    for s in data["sections"]:
        s["length"] = list(s["length"])
        s.pop("level", None)
        s.pop("required", None)
    head = f"# 由范文 {source} 推导的提纲；可直接编辑，用 bigan draft --outline 本文件 使用。\n" if source else ""
    return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
