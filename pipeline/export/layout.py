"""From draft.json's flat section list to what is printed: numbered headings and paragraphs.

Markers are computed here from level and position (一、→（一）→ 1. →（1）), so a revised or
reordered draft can never print a skipped or repeated number. A sub-section whose parent has no
heading (the seminar speech's points) is numbered at its parent's level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..text.markers import HEADING_OWN_MARKER
from ..text.numerals import heading_marker
from ..types import Draft, SectionDraft, placeholder

_END_PUNCT = "。！？：；!?:;"
# Control characters a model may emit: not allowed in XML (python-docx refuses them), never wanted.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def clean_text(text: str) -> str:
    return _CONTROL.sub("", text)


marker_for = heading_marker  # the GB/T 9704 marker of the n-th heading at a level


def strip_marker(heading: str) -> str:
    return HEADING_OWN_MARKER.sub("", heading, count=1).strip()


def split_paragraphs(text: str) -> list[str]:
    """Body text → paragraphs; drops blank lines and the full-width spaces people indent with."""
    lines = clean_text(text or "").replace("\r", "\n").split("\n")
    return [p.strip().strip("\u3000").strip() for p in lines if p.strip().strip("\u3000")]


def run_in_heading(heading: str) -> str:
    """A run-in heading ends with 。 so the body can follow on the same line."""
    return heading if heading and heading[-1] in _END_PUNCT else heading + "。"


@dataclass
class Block:
    """One printed section: an optional heading line and its body paragraphs."""

    id: str
    level: int  # the level it is printed at (1..4)
    marker: str  # "" when the section has no heading
    heading: str  # without marker; "" = no heading line
    paragraphs: list[str] = field(default_factory=list)
    has_children: bool = False

    @property
    def numbered_heading(self) -> str:
        return self.marker + self.heading if self.heading else ""


def _print_level(section: SectionDraft, by_id: dict[str, SectionDraft], seen: set[str] | None = None) -> int:
    seen = seen or set()
    parent = by_id.get(section.parent) if section.parent else None
    if parent is not None and section.id not in seen and not parent.heading.strip():
        return _print_level(parent, by_id, seen | {section.id})
    return min(max(section.level, 1), 4)


def layout(draft: Draft, renumber: bool = True) -> list[Block]:
    """The draft's sections in order, each with its printed level and marker.

    ``renumber=False`` keeps a marker stored in draft.json when there is one.
    """
    by_id = {s.id: s for s in draft.sections}
    parents = {s.parent for s in draft.sections if s.parent}
    counters = [0] * 5
    blocks: list[Block] = []
    for section in draft.sections:
        level = _print_level(section, by_id)
        heading = strip_marker(clean_text(section.heading or ""))
        for deeper in range(level + 1, 5):
            counters[deeper] = 0
        marker = ""
        if heading:
            counters[level] += 1
            marker = marker_for(level, counters[level])
            if not renumber and section.marker.strip():
                marker = section.marker.strip()
        paragraphs = split_paragraphs(section.text)
        if heading and not paragraphs and section.id not in parents:
            # A heading with nothing under it (a failed or pending section): say so, visibly.
            paragraphs = [placeholder(f"{heading}的内容")]
        blocks.append(
            Block(
                id=section.id,
                level=level,
                marker=marker,
                heading=heading,
                paragraphs=paragraphs,
                has_children=section.id in parents,
            )
        )
    return blocks


def title_lines(title: str | None, split_subtitle: bool = True) -> list[tuple[str, bool]]:
    """The title's printed lines as (text, is_subtitle).

    Lines break where the title has "\n"; with ``split_subtitle`` a "——副标题" part goes on its
    own line (printed smaller, in the subtitle font), as 研讨发言 titles usually are.
    """
    lines: list[tuple[str, bool]] = []
    for raw in clean_text(title or "").split("\n"):
        line = raw.strip()
        if not line:
            continue
        cut = line.find("——", 1) if split_subtitle else -1
        if cut > 0:
            lines.append((line[:cut].strip(), False))
            lines.append((line[cut:].strip(), True))
        else:
            lines.append((line, split_subtitle and line.startswith("——")))
    return lines


def text_width(text: str) -> float:
    """Printed width in body characters: full-width 1, ASCII (digits of a date) ½."""
    return sum(0.5 if ord(c) < 0x2E80 else 1.0 for c in text)


def signature_indents(signature: str, date: str, right_chars: float = 2, date_shift_chars: float = 2) -> tuple[float, float]:
    """Right indents (in characters) of the signature and date lines, GB/T 9704-2012 7.3.5.2:
    the signature 右空二字; the date on the next line, its first character two characters right of
    the signature's; if the date would then come closer than two characters to the edge, the
    date 右空二字 and the signature moves left instead."""
    if not signature or not date:
        return right_chars, right_chars
    sig_w, date_w = text_width(signature), text_width(date)
    date_indent = right_chars + sig_w - date_shift_chars - date_w
    if date_indent >= right_chars:
        return right_chars, date_indent
    return right_chars + date_w + date_shift_chars - sig_w, right_chars


def normalize_addressee(text: str | None) -> str:
    """考核组的各位领导 → 考核组的各位领导： (flush left, full-width colon)."""
    text = clean_text(text or "").strip()
    if not text:
        return ""
    return text.rstrip(":：") + "："


_CN_DATE_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0}


def _cn_number(text: str) -> int | None:
    """二〇二四 → 2024 (digit by digit), 十二 → 12, 三十一 → 31."""
    if not text:
        return None
    if all(c in _CN_DATE_DIGITS for c in text):
        return int("".join(str(_CN_DATE_DIGITS[c]) for c in text))
    if "十" in text and text.count("十") == 1:
        tens, _, units = text.partition("十")
        t = _CN_DATE_DIGITS.get(tens, None) if tens else 1
        u = _CN_DATE_DIGITS.get(units, None) if units else 0
        if t is not None and u is not None:
            return t * 10 + u
    return None


def normalize_date(text: str | None) -> str:
    """Any usual form → 2024年7月1日 (Arabic numerals, full year, no leading zeros).

    Unrecognised text is returned as written: a date is never invented.
    """
    text = (text or "").strip()
    if not text:
        return ""
    m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
        return f"{y}年{mo}月{d}日"
    m = re.fullmatch(r"([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日", text)
    if m:
        parts = [_cn_number(g) for g in m.groups()]
        if all(p is not None for p in parts):
            y, mo, d = parts
            return f"{y}年{mo}月{d}日"
    return text
