"""LENGTH_OUT_OF_RANGE: a section's body (with its sub-sections) outside its outline's range."""

from __future__ import annotations

from ..schema.outline import Outline
from ..types import Finding
from .structure import Node, match_outline


def check_lengths(nodes: list[Node], outline: Outline) -> list[Finding]:
    """LENGTH_OUT_OF_RANGE: a section's body (with its sub-sections) outside the outline's range."""
    findings: list[Finding] = []
    for sec_id, node in match_outline(nodes, outline).items():
        lo, hi = outline.section(sec_id).length
        findings += _out_of_range(node.body_chars(), lo, hi, "提纲要求", node.label, node.section_id)
    return findings


def check_section_length(
    text: str, length: tuple[int, int], location: str, section_id: str | None
) -> list[Finding]:
    """LENGTH_OUT_OF_RANGE for one section's text (check_section): its characters but spaces and
    line breaks, against ``length``, the outline's or the caller's."""
    lo, hi = length
    return _out_of_range(sum(1 for ch in text if not ch.isspace()), lo, hi, "要求", location, section_id)


def _out_of_range(n: int, lo: int, hi: int, wanted: str, location: str, section_id: str | None) -> list[Finding]:
    if lo <= n <= hi:
        return []
    side = "偏短" if n < lo else "偏长"
    return [Finding("LENGTH_OUT_OF_RANGE", "warning", location, f"篇幅{side}：正文{n}字，{wanted}{lo}–{hi}字", section_id)]
