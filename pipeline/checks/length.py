"""LENGTH_OUT_OF_RANGE: a section's body (with its sub-sections) outside its outline's range."""

from __future__ import annotations

from ..schema.outline import Outline
from ..types import Finding
from .structure import Node, _finding, match_outline


def check_lengths(nodes: list[Node], outline: Outline) -> list[Finding]:
    """LENGTH_OUT_OF_RANGE: a section's body (with its sub-sections) outside the outline's range."""
    findings: list[Finding] = []
    for sec_id, node in match_outline(nodes, outline).items():
        lo, hi = outline.section(sec_id).length
        n = node.body_chars()
        if n < lo or n > hi:
            side = "偏短" if n < lo else "偏长"
            findings.append(_finding("LENGTH_OUT_OF_RANGE", "warning", node,
                                     f"篇幅{side}：正文{n}字，提纲要求{lo}–{hi}字"))
    return findings
