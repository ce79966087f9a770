"""Which shape a text arrived in: decides which clean passes run (``lines.Shape``).

Checked in this order: a page dump (page-long lines, each starting with its page number or holding
headings run into the text), Markdown (.md), Word paragraphs (.docx), hard-wrapped lines (many
unfinished lines of one width), else one paragraph per line.
"""

from __future__ import annotations

import re

from .lines import Shape
from .passes.join import wrap_widths
from .rules import IngestRules

_PAGE_NUMBER = re.compile(r"^(\d{1,3})、")
# A heading run into the text: a full stop, then 二、 or （二） (a first heading 一、 may follow a title).
_RUN_IN = re.compile(r"[。！？](?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])")


def detect_shape(lines: list[str], rules: IngestRules, fmt: str | None = None) -> Shape:
    if is_page_dump(lines, rules):
        return Shape.PAGE_DUMP
    if fmt == "md":
        return Shape.MARKDOWN
    if fmt == "docx":
        return Shape.DOCX
    if wrap_widths([s for s in lines if s]):
        return Shape.WRAPPED
    return Shape.LINES


def is_page_dump(lines: list[str], rules: IngestRules) -> bool:
    """Most of the text in page-long lines, and those lines numbered as pages (1、 2、 …) or holding
    headings run into their text."""
    w = rules.weights
    pages = [s for s in lines if len(s) >= w.page_dump_page_length]
    total = sum(len(s) for s in lines)
    if not pages or sum(len(s) for s in pages) < w.page_dump_share * total:
        return False
    numbers = [int(m.group(1)) for m in map(_PAGE_NUMBER.match, pages) if m]
    consecutive = sum(1 for a, b in zip(numbers, numbers[1:]) if b == a + 1)
    if numbers and consecutive + 1 >= w.page_dump_numbered_pages:
        return True
    run_in = sum(1 for s in pages if _RUN_IN.search(s))
    return run_in >= max(1, w.page_dump_run_in_share * len(pages))
