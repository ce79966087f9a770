"""Markdown markup is layout, not text: the .md shape's first pass strips it line by line."""

from __future__ import annotations

import re

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*(.*?)\s*#*\s*$")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_BULLET = re.compile(r"^\s*[-+*]\s+(?=\S)")
_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def strip_markdown_line(line: str) -> str | None:
    """The line without its markup; None for a line that is only layout (a rule, a table's ---)."""
    if _RULE.match(line) or _TABLE_SEP.match(line):
        return None
    m = _HEADING.match(line)
    if m:
        line = m.group(1)
    line = _QUOTE.sub("", line)
    line = _BULLET.sub("", line)
    line = _EMPHASIS.sub(r"\2", line)
    if line.strip().startswith("|") and line.strip().endswith("|"):
        line = "\t".join(c.strip() for c in line.strip().strip("|").split("|"))
    return line

