"""Structure: headings against the outline, numbering slips, misused markers, level skips, length.

Works on a tree of ``Node`` built from a draft (draft.json) or from a parsed document
(``pipeline.types.Document``, whose ``Section.marker`` keeps the marker as written).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..text.markers import WRITTEN_ARABIC_MARKER, WRITTEN_CN_MARKER, WRITTEN_PAREN_MARKER
from ..text.numerals import heading_marker
from ..schema.outline import Outline
from ..types import Draft, Finding, Section
from ..text.numbers import cn_to_number, extract_numbers
from ..text.words import dice

HEADING_MAX_CHARS = 40


@dataclass
class Marker:
    level: int  # 1 一、 · 2 （一） · 3 1. · 4 （1）
    number: int
    correct: bool
    as_written: str

    def expected(self, number: int | None = None) -> str:
        n = self.number if number is None else number
        return heading_marker(self.level, n)


def parse_marker(marker: str) -> Marker | None:
    m = marker.strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if not m:
        return None
    if g := WRITTEN_CN_MARKER.match(m):
        return Marker(1, cn_to_number(g.group(1)), g.group(2) == "、", marker)
    if g := WRITTEN_PAREN_MARKER.match(m):
        arabic = g.group(2).isdigit()
        ok = g.group(1) == "（" and g.group(3) == "）" and not g.group(4)
        return Marker(4 if arabic else 2, int(g.group(2)) if arabic else cn_to_number(g.group(2)), ok, marker)
    if g := WRITTEN_ARABIC_MARKER.match(m):
        return Marker(3, int(g.group(1)), g.group(2) in (".", "．"), marker)
    return None


@dataclass
class Node:
    """One heading of the checked text and the paragraphs under it."""

    level: int
    marker: str
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    section_id: str | None = None
    label: str = ""  # the section path shown in locations

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()

    def body_chars(self) -> int:
        return sum(len(re.sub(r"\s", "", p)) for n in self.walk() for p in n.paragraphs)


def _short(heading: str, n: int = 14) -> str:
    return heading if len(heading) <= n else heading[:n] + "…"


def _label(parent: str, marker: str, heading: str) -> str:
    own = f"{marker}{_short(heading)}" if (marker or heading) else ""
    if not own:
        return parent
    return f"{parent} › {own}" if parent else own


def nodes_from_sections(sections: list[Section], parent_label: str = "") -> list[Node]:
    """From ``pipeline.types.Section`` (a parsed document)."""
    out = []
    for s in sections:
        label = _label(parent_label, s.marker, s.heading)
        node = Node(s.level, s.marker, s.heading, list(s.paragraphs), [], None, label)
        node.children = nodes_from_sections(s.children, label)
        out.append(node)
    return out


def nodes_from_draft(draft: Draft) -> list[Node]:
    """From a ``Draft``: level-1 sections and their sub-sections (linked by ``parent``)."""
    by_id: dict[str, Node] = {}
    path: dict[str, str] = {}  # what a section's children put before their own label
    roots: list[Node] = []
    for s in draft.sections:
        parent = by_id.get(s.parent) if s.parent else None
        label = _label(path.get(s.parent, "") if parent else "", s.marker, s.heading)
        path[s.id] = label  # "" for a headingless section (研讨发言的 points): children stand alone
        if not label:
            label = _HEADINGLESS.get(s.id, s.id)
        paragraphs = [p for p in (s.text or "").split("\n") if p.strip()]
        node = Node(s.level, s.marker, s.heading, paragraphs, [], s.id, label)
        by_id[s.id] = node
        (parent.children if parent else roots).append(node)
    return roots


_HEADINGLESS = {"opening": "开头", "closing": "结尾", "points": "正文"}


def _finding(code: str, severity: str, node: Node, message: str) -> Finding:
    return Finding(code, severity, node.label, message, node.section_id)


def _numbered_sentence(node: Node) -> bool:
    """“1.新建5G基站420个，累计建成……。” with nothing under it: a numbered item of the text, whose
    whole content is one sentence of clauses, not a heading over a body. Told from a heading whose
    body is missing by its level (1. and （1） items are routinely sentences) or the figures it states."""
    if node.paragraphs or node.children or not re.search(r"[，；：,;]", node.heading):
        return False
    mk = parse_marker(node.marker) if node.marker else None
    return (mk is not None and mk.level >= 3) or bool(extract_numbers(node.heading))


def check_numbering(nodes: list[Node]) -> list[Finding]:
    """Misused markers, skipped/repeated/restarted numbers, skipped levels, long headings."""
    findings: list[Finding] = []
    _check_siblings(nodes, None, findings)
    return findings


def _check_siblings(nodes: list[Node], parent: Node | None, findings: list[Finding]) -> None:
    parent_marker = parse_marker(parent.marker) if parent else None
    parent_level = parent_marker.level if parent_marker else (parent.level if parent and parent.marker else None)
    by_level: dict[int, list[tuple[Node, Marker]]] = {}
    for node in nodes:
        mk = parse_marker(node.marker) if node.marker else None
        heading = node.heading.split("。")[0].strip()
        if len(heading) > HEADING_MAX_CHARS and not _numbered_sentence(node):
            findings.append(_finding("STRUCTURE_HEADING_TOO_LONG", "warning", node,
                                     f"标题过长（{len(heading)}字，宜不超过{HEADING_MAX_CHARS}字）"))
        if mk is None:
            continue
        if not mk.correct:
            findings.append(_finding("STRUCTURE_MARKER_MISUSED", "warning", node,
                                     f"序号“{mk.as_written.strip()}”用法不规范，应为“{mk.expected()}”"))
        if parent_level is not None and mk.level > parent_level + 1:
            findings.append(_finding("STRUCTURE_LEVEL_SKIPPED", "warning", node,
                                     f"标题层级跳跃：{mk.expected()}直接位于第{parent_level}级标题之下，缺少第{parent_level + 1}级"))
        by_level.setdefault(mk.level, []).append((node, mk))
    for items in by_level.values():
        prev: int | None = None
        for pos, (node, mk) in enumerate(items, start=1):
            n = mk.number
            if prev is not None and n != prev + 1 and n != pos:
                if n == prev:
                    code, what = "STRUCTURE_NUMBER_REPEATED", f"序号“{mk.expected()}”与上一标题重复，应为“{mk.expected(prev + 1)}”"
                elif n == 1:
                    code, what = "STRUCTURE_NUMBER_RESTARTED", f"序号从“{mk.expected()}”重新开始，应为“{mk.expected(prev + 1)}”"
                elif n > prev + 1:
                    code, what = "STRUCTURE_NUMBER_SKIPPED", f"序号跳号：上一标题为“{mk.expected(prev)}”，此处为“{mk.expected()}”"
                else:
                    code, what = "STRUCTURE_NUMBER_REPEATED", f"序号“{mk.expected()}”前面已用过，应为“{mk.expected(prev + 1)}”"
                findings.append(_finding(code, "error", node, what))
            elif prev is None and n != 1:
                findings.append(_finding("STRUCTURE_NUMBER_SKIPPED", "error", node,
                                         f"序号应从“{mk.expected(1)}”开始，此处为“{mk.expected()}”"))
            prev = n
    for node in nodes:
        _check_siblings(node.children, node, findings)


# Years and blanks (20XX年以来), function words and punctuation say nothing about which section it is.
_BIGRAM_STRIP = re.compile(r"[\dXxＸｘ*＊×]+年(?:度|以来)?|以来|[XxＸｘ*＊×\d的和及、，。\s]")


def _similarity(a: str, b: str) -> float:
    a, b = _BIGRAM_STRIP.sub("", a), _BIGRAM_STRIP.sub("", b)
    if not a or not b:
        return 0.0
    if a in b or b in a:
        return 1.0
    ga = {a[i : i + 2] for i in range(len(a) - 1)} or {a}
    gb = {b[i : i + 2] for i in range(len(b) - 1)} or {b}
    return dice(ga, gb)


def match_outline(nodes: list[Node], outline: Outline) -> dict[str, Node]:
    """Outline section id → the top-level node that stands for it (by id for drafts, by heading otherwise)."""
    matched: dict[str, Node] = {}
    tops = [n for n in nodes]
    for sec in outline.sections:
        for n in tops:
            if n.section_id == sec.id:
                matched[sec.id] = n
    if matched:
        return matched
    used: set[int] = set()
    for sec in outline.sections:
        if not sec.heading:
            continue
        best, score = None, 0.0
        for i, n in enumerate(tops):
            if i in used:
                continue
            s = _similarity(sec.heading, n.heading)
            if s > score:
                best, score = i, s
        if best is not None and score >= 0.5:
            used.add(best)
            matched[sec.id] = tops[best]
    return matched


def check_outline(nodes: list[Node], outline: Outline) -> list[Finding]:
    """Sections missing, extra or out of order against the outline."""
    findings: list[Finding] = []
    matched = match_outline(nodes, outline)
    headed = [s for s in outline.sections if s.heading]
    if not headed and not any(n.section_id for n in nodes):
        return findings  # an outline without headings (研讨发言) has nothing to match a document against
    for sec in outline.sections:
        if sec.id not in matched and sec.required and (sec.heading or any(n.section_id for n in nodes)):
            findings.append(Finding("STRUCTURE_SECTION_MISSING", "error", "全文",
                                    f"缺少提纲要求的章节“{sec.heading or sec.id}”", sec.id))
    known = {id(n) for n in matched.values()}
    outline_ids = {s.id for s in outline.sections}
    for n in nodes:
        if id(n) in known:
            continue
        if n.section_id is not None and n.section_id not in outline_ids:
            findings.append(_finding("STRUCTURE_SECTION_EXTRA", "warning", n, f"提纲中没有章节“{n.heading or n.section_id}”"))
        elif n.section_id is None and n.heading and n.marker:
            findings.append(_finding("STRUCTURE_SECTION_EXTRA", "warning", n, f"提纲中没有章节“{n.heading}”"))
    order = [sid for sid in (s.id for s in outline.sections) if sid in matched]
    positions = [nodes.index(matched[sid]) for sid in order]
    for k in range(1, len(positions)):
        if positions[k] < positions[k - 1]:
            n = matched[order[k]]
            findings.append(_finding("STRUCTURE_SECTION_ORDER", "warning", n,
                                     f"章节顺序与提纲不符：“{n.heading}”应在“{matched[order[k - 1]].heading}”之后"))
    return findings
