"""Join lines broken mid-sentence (copied from a PDF or a web page); Word paragraphs are never joined.

A line is joined to the one before when that one does not end a sentence and was cut at the text's
wrap width, holds a comma, or ends in ，、《; never into a heading, a date or a closing line, and never
from a bare heading, a title or a signature.
"""

from __future__ import annotations

import re
from collections import Counter

from ..lines import Flag, Line, Shape, Text
from ...text.markers import CJK, CLOSING, INCOMPLETE_END, TERMINAL, TITLE_TAIL, TITLE_WORDS, is_date_line, match_marker
from .base import Pass

_CJK_ONLY = re.compile(f"[{CJK}]+")
_MARKER_REACH = 64  # a heading marker is read from the first characters of a paragraph


class _Paragraph:
    """The output paragraph being built, with what the join rules ask of it kept up to date
    (appending is linear: no re-scanning of a growing string)."""

    def __init__(self, line: Line) -> None:
        self.first = line
        self.parts = [line.text]
        self.length = len(line.text)
        self.prefix = line.text[:_MARKER_REACH]
        self.last_stop = line.text.rfind("。")

    def append(self, sep: str, text: str) -> None:
        offset = self.length + len(sep)
        stop = text.rfind("。")
        if stop >= 0:
            self.last_stop = offset + stop
        self.parts += [sep, text] if sep else [text]
        self.length = offset + len(text)
        if len(self.prefix) < _MARKER_REACH:
            self.prefix = (self.prefix + sep + text)[:_MARKER_REACH]

    @property
    def single(self) -> bool:
        return len(self.parts) == 1

    def ends_in_letter(self) -> bool:
        return bool(re.search(r"[A-Za-z]$", self.parts[-1]))

    def open_heading(self) -> bool:
        """A numbered heading with no full stop after its marker: a heading line on its own."""
        marker = match_marker(self.prefix)
        return marker is not None and self.last_stop < marker.end

    def line(self) -> Line:
        return Line("".join(self.parts), self.first.origin, self.first.page, self.first.flags)


def wrap_widths(lines: list[str]) -> tuple[int, ...]:
    """The line widths of hard-wrapped text: lengths (±1) shared by many unfinished lines.

    Headings and titles also end without punctuation, so a couple of equal lengths is chance:
    headings are left out, and the main width must be shared by a good part of all longer lines.
    A file that holds several documents may hold several widths: others need 4+ lines of their own.
    """
    long_lines = [s for s in lines if len(s) >= 10]
    counts = Counter(len(s) for s in long_lines if s[-1] not in TERMINAL and not match_marker(s))
    near = {length: counts[length] + counts.get(length - 1, 0) for length in counts}
    ranked = sorted(near, key=lambda length: (near[length], length), reverse=True)
    top = near[ranked[0]] if ranked else 0
    if not (top >= 2 and top >= 0.25 * len(long_lines)) and not (top >= 6 and top >= 0.1 * len(long_lines)):
        return ()
    widths = [ranked[0]]
    for length in ranked[1:]:
        if near[length] >= 4 and near[length] >= 0.08 * len(long_lines) and all(abs(length - w) > 1 for w in widths):
            widths.append(length)
    return tuple(widths)


def _at_width(length: int, widths: tuple[int, ...], slack: int) -> bool:
    return any(w - slack <= length <= w for w in widths)


def _should_join(joined: _Paragraph, prev: str, line: str, width: tuple[int, ...], *, across_blank: bool, prev_len: int) -> bool:
    if not prev or "\t" in prev or "\t" in line:
        return False
    plen = max(prev_len, len(prev))
    if TITLE_TAIL.fullmatch(line) and joined.single and not across_blank and not re.search(r"[，。；：]", prev):
        return not match_marker(prev) and len(prev) >= 16  # a long title wrapped before its last word
    if len(line) <= 2 and _CJK_ONLY.fullmatch(line) and not across_blank and prev[-1] not in TERMINAL and len(prev) >= 16:
        return True  # "…整改情况的报" / "告": a wrap one or two characters before the end
    if line[0] in "，。、；：！？）》”’" and prev[-1] not in "。！？":
        return True  # no paragraph starts with closing punctuation: the wrap fell just before it
    if prev[-1] in TERMINAL:
        # At the wrap width a line may end in a closing quote (“四早”|要求) or even a full stop that
        # is not the paragraph's end; elsewhere such a line ends its paragraph.
        quote = prev[-1] in "”’」』" and (len(prev) < 2 or prev[-2] not in "。！？!?…")
        wrapped = not across_blank and _at_width(plen, width, 1 if quote else 0)
        # "县委巡察办：" (an addressee) or "…如下：" before "一是…" ends there; "…。整改情况：" at the width need not
        lead_in = prev[-1] in "：:" and (not re.search(r"[，。；]", prev) or re.match(r"一是|其一|首先|第一", line))
        if not wrapped or lead_in or (not quote and prev[-1] not in "。；;：:"):
            return False
    if match_marker(line) or is_date_line(line) or CLOSING.match(line) or is_date_line(prev):
        return False
    titled = TITLE_WORDS.search(prev) and not re.search(r"[，。；]", prev)  # "…报告" ends a title, not "现将…报告"
    full_width = _at_width(plen, width, 1) and not titled
    if joined.open_heading() and not full_width:
        return False  # a heading line on its own (unless it was wrapped at the page width)
    if prev.endswith(("：", ":")) and not full_width:
        return False
    clearly_open = prev[-1] in INCOMPLETE_END
    if across_blank:
        return clearly_open or full_width
    # A comma inside and no sentence end: prose cut in half (a title or signature has neither).
    # ("党组成员、副局长 赵敏": a 、 alone is no sign of prose in a short line)
    commas = re.search(r"[，；]", prev) or (len(prev) >= 20 and "、" in prev)
    prose = bool(commas) and len(prev) >= 8 and not TITLE_WORDS.search(prev)
    return bool(clearly_open or full_width or prose or len(prev) >= 40)


class JoinBrokenLines(Pass):
    """Join lines broken mid-sentence; blank lines between paragraphs become one (none at a page break)."""

    name = "join_lines"
    shapes = frozenset({Shape.LINES, Shape.WRAPPED, Shape.MARKDOWN})

    def __call__(self, text: Text) -> None:
        width = wrap_widths([line.text for line in text.lines])
        out: list[Line | _Paragraph] = []
        last = ""  # the last physical line appended: its width and ending decide, not the joined whole
        last_len = 0
        pending_blank = False
        for line in text.lines:
            if not line.text:
                pending_blank = pending_blank or not (line.flags & Flag.PAGE_BREAK)
                continue
            current = out[-1] if out and isinstance(out[-1], _Paragraph) else None
            if current and _should_join(current, last, line.text, width, across_blank=pending_blank, prev_len=last_len):
                sep = " " if re.match(r"[A-Za-z]", line.text) and current.ends_in_letter() else ""
                current.append(sep, line.text)
            else:
                if pending_blank and out:
                    out.append(Line("", line.origin))
                out.append(_Paragraph(line))
            last = line.text
            last_len = max(len(line.text), line.wrapped_length)
            pending_blank = False
        text.lines = [p.line() if isinstance(p, _Paragraph) else p for p in out]


class DropBlankRuns(Pass):
    """Word paragraphs stay as they are: only runs of empty paragraphs shrink to one."""

    name = "drop_blank_runs"
    shapes = frozenset({Shape.DOCX})

    def __call__(self, text: Text) -> None:
        out: list[Line] = []
        for line in text.lines:
            if line.text or (out and out[-1].text):
                out.append(line)
        text.lines = out
