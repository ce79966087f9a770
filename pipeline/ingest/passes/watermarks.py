"""Watermarks: a site's name or slogan on a line of its own, and the same words stamped into the text.

A removed line that is a watermark (a site's words, short, no sentence, no number) is remembered
without its spaces; a line judged noise that holds real text besides the watermark is kept, and the
watermark is later cut out of the running text wherever it was stamped (perhaps cut by a wrap).
"""

from __future__ import annotations

import re

from ..lines import Reason, Text
from .base import Pass
from .noise_lines import is_noise

_SPACES = re.compile(r"\s+")


def watermark_cores(removed: list[str], text: Text) -> list[str]:
    """Removed lines that are a watermark, without spaces ("精品文档 仅供参考" → 精品文档仅供参考)."""
    w = text.rules.weights
    out = []
    for line in dict.fromkeys(t.strip() for t in removed):
        core = _SPACES.sub("", line)
        if not w.watermark_min_length <= len(core) <= w.watermark_max_length or re.search(r"[，。；：:,.]|\d", core):
            continue
        if is_noise(line, text.rules) or text.rules.site_name.fullmatch(core):
            out.append(core)
    return out


class _Index:
    """The watermarks by their first two characters, and every proper head and tail of each: which
    watermarks a line holds whole, ends with the head of, or starts with the tail of (a wrap cut it)."""

    def __init__(self, cores: list[str]) -> None:
        self.by_start: dict[str, set[str]] = {}
        self.heads: dict[str, set[str]] = {}
        self.tails: dict[str, set[str]] = {}
        for core in cores:
            self.by_start.setdefault(core[:2], set()).add(core)
            for k in range(2, len(core)):
                self.heads.setdefault(core[:k], set()).add(core)
                self.tails.setdefault(core[-k:], set()).add(core)
        self.longest = max(map(len, cores), default=0)

    def whole(self, s: str) -> set[str]:
        pairs = {s[k : k + 2] for k in range(len(s) - 1)} & self.by_start.keys()
        return {core for pair in pairs for core in self.by_start[pair] if core in s}

    def touching(self, s: str) -> set[str]:
        """Watermarks in ``s`` (spaces removed): whole, or cut at its end or start."""
        found = self.whole(s)
        for k in range(2, min(len(s), self.longest) + 1):
            found |= self.heads.get(s[-k:], set()) | self.tails.get(s[:k], set())
        return found


def _strip_marks(line: str, cores) -> str:
    """``line`` without spaces, whole watermarks, and a watermark's head at its end or tail at its start."""
    s = _SPACES.sub("", line)
    for core in cores:
        s = s.replace(core, "")
        for k in range(len(core) - 1, 1, -1):
            if s.endswith(core[:k]):
                s = s[:-k]
                break
        for k in range(len(core) - 1, 1, -1):
            if s.startswith(core[-k:]):
                s = s[k:]
                break
    return s


class WatermarkLines(Pass):
    """Remember the watermarks among the lines judged noise; a judged line with real text besides the
    watermark (whole, or cut by a wrap) is text and is kept."""

    name = "watermark_lines"

    def __call__(self, text: Text) -> None:
        judged = [line for line in text.lines if line.noise]
        text.watermarks = watermark_cores([line.text for line in judged], text)
        if not text.watermarks:
            return
        index = _Index(text.watermarks)
        for line in judged:
            near = index.touching(_SPACES.sub("", line.text))
            if not near:
                continue
            rest = _strip_marks(line.text, near)
            if rest != _SPACES.sub("", line.text) and len(rest) >= text.rules.weights.watermark_rest_length and not is_noise(rest, text.rules):
                line.noise = None


class StampedWatermarks(Pass):
    """The watermark stamped across the running text as well (PDF copies): cut out and recorded."""

    name = "stamped_watermarks"

    def __call__(self, text: Text) -> None:
        if not text.watermarks:
            return
        index = _Index(text.watermarks)
        marks: dict[str, re.Pattern[str]] = {}
        for line in text.lines:
            if not line.text:
                continue
            s = line.text
            for core in sorted(index.whole(_SPACES.sub("", s)), key=len, reverse=True):
                mark = marks.get(core) or marks.setdefault(core, re.compile(r"\s*".join(map(re.escape, core))))
                for m in mark.finditer(s):
                    text.remove(line, m.group(0), Reason.STAMPED_WATERMARK)
                s = mark.sub("", s)
            line.text = s
