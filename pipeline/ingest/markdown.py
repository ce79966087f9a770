"""Markdown markup is layout, not text: the .md shape's first pass strips it line by line."""

from __future__ import annotations

from ..text.markdown import BOLD, BULLET, HEADING_LINE, QUOTE, TABLE_RULE, THEMATIC_BREAK


def strip_markdown_line(line: str) -> str | None:
    """The line without its markup; None for a line that is only layout (a rule, a table's ---)."""
    if THEMATIC_BREAK.match(line) or TABLE_RULE.match(line):
        return None
    m = HEADING_LINE.match(line)
    if m:
        line = m.group(1)
    line = QUOTE.sub("", line)
    line = BULLET.sub("", line)
    line = BOLD.sub(r"\2", line)
    if line.strip().startswith("|") and line.strip().endswith("|"):
        line = "\t".join(c.strip() for c in line.strip().strip("|").split("|"))
    return line

