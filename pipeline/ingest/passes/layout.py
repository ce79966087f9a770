"""Layout passes that change no words: Markdown markup out (the .md shape)."""

from __future__ import annotations

from ..lines import Shape, Text
from ..markdown import strip_markdown_line
from .base import Pass


def strip_line(line: str) -> str:
    """A line without the spaces around it (a table row keeps its inner tabs)."""
    return line.strip(" \u3000\u00a0\t") if "\t" not in line.strip() else line.strip()


class StripMarkdown(Pass):
    """#, **, >, bullets and table rules are layout: gone without a record (a table row becomes cells
    separated by tabs)."""

    name = "strip_markdown"
    shapes = frozenset({Shape.MARKDOWN})

    def __call__(self, text: Text) -> None:
        kept = []
        for line in text.lines:
            stripped = strip_markdown_line(line.text)
            if stripped is not None:
                line.text = strip_line(stripped)
                kept.append(line)
        text.lines = kept
