"""Noise removal that generalises to documents we have not seen: a list of named passes.

The raw text becomes one record per line (``lines.Line``); its shape is detected (``shape.py``);
then every pass of ``passes.PIPELINE`` that serves that shape runs in order on the shared state.
Vocabulary and weights come from prompts/ingest_rules.yaml.

Nothing is dropped silently: every piece of removed text becomes a ``Removal(text, reason, line, code)``.
What is changed without a record is only layout (line breaks, blank lines, spaces, Markdown markup)
and character width (Ｘ → X, "," → "，" between Chinese characters), which NFKC folds back, so
"cleaning only removes what it records" can be checked (``skeleton``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..types import Removal
from .lines import Line, Shape, Text
from .passes import PIPELINE, Pass
from .passes.layout import strip_line
from .passes.noise_lines import noise_score as _noise_score
from .passes.width import normalize_width
from .rules import IngestRules, load_ingest_rules
from .shape import detect_shape

__all__ = ["CleanResult", "Cleaner", "clean_text", "noise_score", "normalize_width", "skeleton"]

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


@dataclass
class CleanResult:
    text: str
    removals: list[Removal] = field(default_factory=list)
    shape: Shape = Shape.LINES


class Cleaner:
    """The passes of ``PIPELINE`` with their switches: ``Cleaner(disable={"join_lines"})``."""

    def __init__(self, rules: IngestRules | None = None, *, disable: Iterable[str] = ()) -> None:
        self.rules = rules or load_ingest_rules()
        off = set(disable)
        unknown = off - {p.name for p in PIPELINE}
        if unknown:
            raise ValueError(f"unknown clean pass: {', '.join(sorted(unknown))}")
        self.passes: list[Pass] = [cls(enabled=cls.name not in off) for cls in PIPELINE]

    def pass_names(self, shape: Shape | None = None) -> list[str]:
        """The passes that run (on ``shape``, or on any shape), in order."""
        return [p.name for p in self.passes if p.enabled and (shape is None or shape in p.shapes)]

    def __call__(self, raw: str, fmt: str | None = None) -> CleanResult:
        text = raw.replace("\r\n", "\n").replace("\r", "\n").translate(_ZERO_WIDTH)
        lines = [Line(strip_line(s), origin=i) for i, s in enumerate(text.split("\n"))]
        state = Text(lines=lines, rules=self.rules)
        state.shape = detect_shape([line.text for line in lines], self.rules, fmt)
        for step in self.passes:
            if step.runs_on(state.shape):
                step(state)
        state.removals.sort(key=lambda r: r.line or 0)
        return CleanResult(text="\n".join(line.text for line in state.lines), removals=state.removals, shape=state.shape)


def clean_text(raw: str, *, join_lines: bool = True, fmt: str | None = None, rules: IngestRules | None = None,
               disable: Iterable[str] = ()) -> CleanResult:
    """Remove noise from ``raw`` and record each removal with a reason, its code and its 1-based line.

    ``fmt`` is where the text came from ("txt", "md", "docx"); ``join_lines=False`` means Word
    paragraphs (never re-joined), as ``fmt="docx"``. ``disable`` switches passes off by name.
    """
    if not join_lines:
        fmt = "docx"
    return Cleaner(rules, disable=disable)(raw, fmt)


def noise_score(line: str, *, near_edge: bool = False, rules: IngestRules | None = None) -> float:
    """How much ``line`` looks like site/vendor noise rather than report text (see ``rules.weights``)."""
    return _noise_score(line, rules or load_ingest_rules(), near_edge=near_edge)


def skeleton(text: str) -> str:
    """Text without layout: NFKC, no whitespace or invisible characters (used to verify no loss)."""
    folded = unicodedata.normalize("NFKC", text.translate(_ZERO_WIDTH)).replace("。", ".")
    return "".join(c for c in folded if not c.isspace() and unicodedata.category(c)[0] != "C")

