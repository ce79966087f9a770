"""Differences between two versions, by character: Chinese has no word boundaries."""

from __future__ import annotations

import difflib
import html
from dataclasses import dataclass


@dataclass
class DiffOp:
    tag: str  # equal | insert | delete | replace
    old: str
    new: str


def char_diff(old: str, new: str) -> list[DiffOp]:
    # autojunk off: in Chinese prose 的/和/了 are "popular" characters and must still match.
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return [DiffOp(tag, old[i1:i2], new[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]


@dataclass
class DiffStats:
    inserted: int
    deleted: int
    ratio: float  # similarity 0..1

    def summary(self) -> str:
        return f"增 {self.inserted} 字，删 {self.deleted} 字，相似度 {self.ratio:.0%}"


def diff_stats(ops: list[DiffOp]) -> DiffStats:
    ins = sum(len(o.new) for o in ops if o.tag in ("insert", "replace"))
    dele = sum(len(o.old) for o in ops if o.tag in ("delete", "replace"))
    same = sum(len(o.old) for o in ops if o.tag == "equal")
    total = same * 2 + ins + dele
    return DiffStats(ins, dele, (2 * same / total) if total else 1.0)


def diff_html(ops: list[DiffOp]) -> str:
    """Inline HTML: <del> for removed characters, <ins> for added ones; newlines kept as <br>."""
    parts: list[str] = []

    def esc(s: str) -> str:
        return html.escape(s).replace("\n", "<br>")

    for op in ops:
        if op.tag == "equal":
            parts.append(esc(op.old))
            continue
        if op.old:
            parts.append(f"<del>{esc(op.old)}</del>")
        if op.new:
            parts.append(f"<ins>{esc(op.new)}</ins>")
    return "".join(parts)


def diff_rich(ops: list[DiffOp]):
    """A rich Text: deletions red struck through, insertions green underlined."""
    from rich.text import Text

    text = Text()
    for op in ops:
        if op.tag == "equal":
            text.append(op.old)
            continue
        if op.old:
            text.append(op.old, style="bold red strike")
        if op.new:
            text.append(op.new, style="bold green underline")
    return text


def diff_plain(ops: list[DiffOp]) -> str:
    """Plain text for pipes and logs: [-removed-]{+added+} (the wdiff convention)."""
    parts: list[str] = []
    for op in ops:
        if op.tag == "equal":
            parts.append(op.old)
            continue
        if op.old:
            parts.append(f"[-{op.old}-]")
        if op.new:
            parts.append(f"{{+{op.new}+}}")
    return "".join(parts)
