"""Markdown markup in report text: the patterns of the callers that strip or report it.

Three callers meet Markdown: ingest strips it from a .md source (ingest.markdown), the section
cleaner strips it from a model's reply (draft.section), and the markup check reports what a body
still holds (checks.markup); revision drops it from a rewritten passage (revise.operations). Each
needs a slightly different reading; the names below say which, and what their matches share.
"""

from __future__ import annotations

import re

# --------------------------------------------------------------------------- headings
# "## " and what leads it (at most three spaces): the mark only, the heading text not included.
HEADING_MARK = re.compile(r"^\s{0,3}#{1,6}\s*")
# A whole heading line, the text in group 1 without a closing "##" (ingest)
HEADING_LINE = re.compile(HEADING_MARK.pattern + r"(.*?)\s*#*\s*$")
# Every heading line of a multi-line text, a space after the #s required (revise: "#1" stays)
HEADING_LINES = re.compile(r"^\s{0,3}#{1,6}\s.*$", re.MULTILINE)

# --------------------------------------------------------------------------- bullets
# - + * followed by spaces and text (ingest)
BULLET = re.compile(r"^\s*[-+*]\s+(?=\S)")
# - + • · and a * that is not emphasis, with the spaces after (checks.markup)
BULLET_OR_DOT = re.compile(r"^\s*(?:[-+•·]|\*(?=\s))\s+")
# - * + • · with spaces after, or a numbered list item 1. 1) 1、, never 1.5 (draft.section: a model's
# reply is never a list)
BULLET_OR_NUMBER = re.compile(r"^\s*(?:[-*+•·]\s+|\d{1,2}[.)、](?!\d)\s*(?=\S))")

# --------------------------------------------------------------------------- emphasis
# **bold** or __bold__, the text in group 2 (ingest)
BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
# BOLD within one line and at most 60 characters, the text free of * and _ (checks.markup)
SHORT_BOLD = re.compile(r"(\*\*|__)(?=\S)([^*_\n]{1,60}?)(?<=\S)\1")
# Any emphasis or code mark on its own: ** __ * ` `` ``` (draft.section removes them all)
EMPHASIS_MARK = re.compile(r"(\*\*|__|\*|`{1,3})")

# --------------------------------------------------------------------------- blocks
# "> " opening a quoted line, at most three spaces before it (ingest)
QUOTE = re.compile(r"^\s{0,3}>\s?")
# "> " after any indent (checks.markup)
INDENTED_QUOTE = re.compile(r"^\s*>\s?")
# A code fence ``` or ~~~ at a line start, indent allowed (checks.markup)
FENCE = re.compile(r"^\s*(?:```|~~~)")
# Every ``` fence line of a multi-line text, with its info string (revise)
FENCE_LINES = re.compile(r"^```.*$", re.MULTILINE)
# A table row: | … | (checks.markup)
TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
# A table's header rule: |---|:--:| (ingest)
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
# A thematic break: --- *** ___ (spaces between allowed) (ingest)
THEMATIC_BREAK = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
