"""Which shape a text arrived in: decides which clean passes run (``lines.Shape``).

Checked in this order: a page dump (page-long lines, each starting with its page number or holding
headings run into the text), Markdown (.md), Word paragraphs (.docx), hard-wrapped lines (many
unfinished lines of one width), else one paragraph per line.
"""

from __future__ import annotations

import re

from .lines import Shape
from ..text.markers import TERMINAL, TOP_MARKER_AFTER_SENTENCE
from .passes.join import wrap_widths
from .rules import IngestRules

_PAGE_NUMBER = re.compile(r"^(\d{1,3})、")
# A heading run into the text: a full stop (perhaps a paragraph's indent), then 二、 or （二）.


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
    """Most of the text in page-long lines numbered as pages (1、 2、 3、 …), or in long lines that
    hold headings run into their text and stop in mid-sentence as pages do."""
    w = rules.weights
    lines = [s for s in lines if s]
    total = sum(len(s) for s in lines)
    if not total:
        return False
    streak = _page_streak(lines)
    if len(streak) >= w.page_dump_numbered_pages:
        size = sum(len(s) for s in streak)
        if size >= w.page_dump_share * total and size >= w.page_dump_page_length * len(streak):
            return True
    pages = [s for s in lines if len(s) >= w.page_dump_page_length]
    if not pages or sum(len(s) for s in pages) < w.page_dump_share * total:
        return False
    run_in = sum(1 for s in pages if TOP_MARKER_AFTER_SENTENCE.search(s))
    unfinished = sum(1 for s in pages if s[-1] not in TERMINAL)
    return run_in >= max(1, w.page_dump_run_in_share * len(pages)) and unfinished >= w.page_dump_unfinished_share * len(pages)


def _page_streak(lines: list[str]) -> list[str]:
    """The longest run of lines numbered one after the other (3、 4、 5、 …; unnumbered lines between
    them aside): paragraphs numbered 1、 2、 3、 start again under each heading, pages do not."""
    best: list[str] = []
    run: list[str] = []
    last = None
    for line in lines:
        m = _PAGE_NUMBER.match(line)
        if not m:
            continue
        n = int(m.group(1))
        run = run + [line] if last is not None and n == last + 1 else [line]
        last = n
        if len(run) > len(best):
            best = run
    return best
