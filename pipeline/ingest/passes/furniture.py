"""Passes that judge a line by its neighbours: page furniture, watermarks, banner and footer blocks.

Each works on the lines the earlier passes judged (``Line.noise``): a short line beside a page footer
is the page's watermark or running header, a line repeated on every page is a header, and lines next
to a noisy banner at the top or bottom go with it.
"""

from __future__ import annotations

import re
from collections import Counter

from ..lines import PAGE_FURNITURE, Flag, Line, Reason, Text
from ...text.markers import CLOSING, TERMINAL, TITLE_WORDS, is_date_line, match_marker
from ...text.markers import UNIT_LINE
from .base import Pass
from .noise_lines import edge_indices, is_noise

_BARE_NUMBER = re.compile(r"\d{1,3}、")  # a marker with no heading after it
_SITE_ENDING = re.compile(r"(?:网|库|站|文档|资料)$")
_SIGNATURE_ENDING = re.compile(r"(委|局|部|办|院|中心|政府|支部|党组)$")


def protected_tail(line: str) -> bool:
    """Signature, date and closing lines stay even in a noisy bottom block."""
    return bool(is_date_line(line) or CLOSING.match(line) or _SIGNATURE_ENDING.search(line))


def ends_mid_sentence(line: str) -> bool:
    if not line or line[-1] in TERMINAL or is_date_line(line):
        return False
    marker = match_marker(line)
    return marker is None or "。" in line[marker.end:]  # a bare heading ends without punctuation


class _Neighbours:
    """The non-blank lines in order, and each one's position among them (no list.index in loops)."""

    def __init__(self, text: Text) -> None:
        self.indices = [i for i, line in enumerate(text.lines) if line.text]
        self.position = {i: k for k, i in enumerate(self.indices)}

    def around(self, i: int) -> list[int]:
        """Line i and its non-blank neighbours."""
        k = self.position[i]
        return self.indices[max(0, k - 1) : k + 2]

    def before(self, i: int) -> int | None:
        k = self.position[i]
        return self.indices[k - 1] if k > 0 else None


class LonePageNumbers(Pass):
    """"N、" alone on a line that cuts a sentence in half: a page number pasted at a page's start."""

    name = "lone_page_numbers"

    def __call__(self, text: Text) -> None:
        lines = text.lines
        nonblank = [i for i, line in enumerate(lines) if line.text]
        for k, i in enumerate(nonblank):
            if lines[i].noise or k == 0 or k + 1 == len(nonblank) or not _BARE_NUMBER.fullmatch(lines[i].text):
                continue
            prev, nxt = lines[nonblank[k - 1]].text, lines[nonblank[k + 1]].text
            if len(prev) >= 10 and ends_mid_sentence(prev) and not match_marker(nxt):
                text.mark(lines[i], Reason.LONE_PAGE_NUMBER, text=lines[i].text)


class FooterNeighbours(Pass):
    """A short line beside a page footer that recurs or names a site: the page's watermark; a report
    name beside every footer it appears at: a running header (the title at the top is beside none)."""

    name = "footer_neighbours"

    def __call__(self, text: Text) -> None:
        lines, w = text.lines, text.rules.weights
        near = _Neighbours(text)
        pages = [i for i in near.indices if lines[i].noise and lines[i].noise.reason is Reason.PAGE_LINE]
        counts = Counter(lines[i].text for i in near.indices)
        beside_page = Counter(lines[j].text for p in pages for j in near.around(p))
        for p in pages:
            for j in near.around(p):
                s = lines[j].text
                if lines[j].noise or len(s) > w.footer_neighbour_length or re.search(r"[，。；：！？]", s) or match_marker(s):
                    continue
                if protected_tail(s) or UNIT_LINE.search(s):
                    continue
                if TITLE_WORDS.search(s):
                    if counts[s] >= 2 and beside_page[s] == counts[s]:
                        text.mark(lines[j], Reason.RUNNING_HEADER)
                    continue
                if counts[s] >= 2 or _SITE_ENDING.search(s):
                    text.mark(lines[j], Reason.FOOTER_WATERMARK)


class SiteNames(Pass):
    """A bare site name on a line of its own (智金范文网, 蓝鲸文库), twice or at the top/bottom."""

    name = "site_names"

    def __call__(self, text: Text) -> None:
        edge = edge_indices(text)
        counts = Counter(line.text for line in text.lines if line.text)
        for i, line in enumerate(text.lines):
            if line.text and not line.noise and text.rules.site_name.fullmatch(line.text) and (counts[line.text] >= 2 or i in edge):
                text.mark(line, Reason.SITE_NAME)


class RepeatedLines(Pass):
    """The same short line again and again: page header, footer or watermark. A title repeated as a
    running header keeps its first copy; addressee, signature, author and date lines stay (a file
    may hold several reports of one unit)."""

    name = "repeated_lines"

    def __call__(self, text: Text) -> None:
        lines, w = text.lines, text.rules.weights
        near = _Neighbours(text)
        counts = Counter(lines[i].text for i in near.indices)
        first_seen: dict[str, int] = {}
        for i in near.indices:
            s = lines[i].text
            # (a header or watermark is no clause of prose: a repeated line with a comma is text pasted twice)
            if counts[s] < w.repeat_count or len(s) > w.repeat_length or re.search(r"[。，；、]", s) or match_marker(s) or lines[i].noise:
                continue
            header = self._beside_footer(lines, near, i) or self._interrupts(lines, near, i)
            if TITLE_WORDS.search(s) and (first_seen.setdefault(s, i) == i or not header):
                continue  # a running header repeats the title (beside a footer, or cutting a sentence); the title stays
            if protected_tail(s) or UNIT_LINE.search(s) or s.endswith(("：", ":")) or s.startswith("——") or text.rules.author.search(s):
                continue
            text.mark(lines[i], Reason.REPEATED_LINE, count=counts[s])

    @staticmethod
    def _beside_footer(lines: list[Line], near: _Neighbours, i: int) -> bool:
        return any(lines[j].noise and lines[j].noise.reason is Reason.PAGE_LINE for j in near.around(i) if j != i)

    @staticmethod
    def _interrupts(lines: list[Line], near: _Neighbours, i: int) -> bool:
        """Does line i stand between two halves of a sentence (a page header in running text)?"""
        k = near.before(i)
        if k is None:
            return False
        prev = lines[k].text
        return prev[-1] not in TERMINAL and not match_marker(prev) and len(prev) >= 10


class TopBanner(Pass):
    """Everything before the real start (title, addressee, heading or prose) goes if any of it is noise."""

    name = "top_banner"

    def __call__(self, text: Text) -> None:
        lines = text.lines
        nonblank = [i for i, line in enumerate(lines) if line.text]
        start = next((i for i in nonblank if not lines[i].noise and self._starts_content(text, i)), None)
        if start is None:
            return
        head = [i for i in nonblank if i < start]
        if any(lines[i].noise for i in head):
            for i in head:
                text.mark(lines[i], Reason.TOP_BANNER)

    @staticmethod
    def _starts_content(text: Text, i: int) -> bool:
        lines, rules = text.lines, text.rules
        line = lines[i].text
        if is_noise(line, rules, near_edge=True):
            return False
        if match_marker(line) or (line.endswith(("：", ":")) and len(line) <= 30):
            return True
        if re.search(r"[。，；]", line) or len(line) >= 40:
            return True  # prose (perhaps hard-wrapped: a comma, no full stop yet)
        if TITLE_WORDS.search(line) and len(line) <= 60:
            return True
        nxt = next((lines[j].text for j in range(i + 1, len(lines)) if lines[j].text), "")
        if UNIT_LINE.search(line) and TITLE_WORDS.search(nxt) and len(nxt) <= 60:
            return True  # "中共某某局党组" above the title
        if TITLE_WORDS.search(line + nxt) and len(line) >= 16 and len(line + nxt) <= 80:
            return True  # a long title wrapped over two lines
        opens = match_marker(nxt) is not None or re.search(r"[。，；]", nxt) or len(nxt) >= 40 or nxt.startswith("——")
        return bool(nxt) and bool(opens) and not is_noise(nxt, rules)


class BottomBlock(Pass):
    """Everything after the last line of real text goes if any of it is noise (signature, date and
    closing lines excepted)."""

    name = "bottom_block"

    def __call__(self, text: Text) -> None:
        lines = text.lines
        nonblank = [i for i, line in enumerate(lines) if line.text]
        end = next((i for i in reversed(nonblank) if not lines[i].noise and self._ends_content(text, lines[i].text)), None)
        if end is None:
            return
        tail = [i for i in nonblank if i > end]
        if any(lines[i].noise for i in tail):
            for i in tail:
                if not protected_tail(lines[i].text):
                    text.mark(lines[i], Reason.BOTTOM_BLOCK)

    @staticmethod
    def _ends_content(text: Text, line: str) -> bool:
        if is_noise(line, text.rules, near_edge=True):
            return False
        return bool(
            re.search(r"[。，；]", line) or len(line) >= 40 or match_marker(line) or is_date_line(line) or CLOSING.match(line)
            or line.endswith(("！", "!"))
        )


class DropNoiseLines(Pass):
    """Record every line judged to be noise as a removal and empty it. Page furniture removed between
    two lines of text (no blank line around it) is flagged a page break, not a paragraph break."""

    name = "drop_noise_lines"

    def __call__(self, text: Text) -> None:
        lines = text.lines
        i = 0
        while i < len(lines):
            if lines[i].noise and lines[i].noise.reason in PAGE_FURNITURE:
                j = i
                while j < len(lines) and lines[j].noise and lines[j].noise.reason in PAGE_FURNITURE:
                    j += 1
                if i > 0 and j < len(lines) and lines[i - 1].text and lines[j].text and not lines[i - 1].noise and not lines[j].noise:
                    for k in range(i, j):
                        lines[k].flags |= Flag.PAGE_BREAK
                i = j
            else:
                i += 1
        for line in lines:
            if line.noise:
                text.drop(line)
