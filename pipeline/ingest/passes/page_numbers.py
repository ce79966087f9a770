"""Page numbers pasted into the text as "N、" (a page's number glued to the first words of its text).

Candidates are found by position — in mid-sentence ("…加强理论学习，2、推动…"), after a full stop,
at the start of a line that continues an unfinished sentence, or opening a paragraph where no list of
headings continues — and kept only as an increasing chain (a file holding several documents may
start again at 1 or 2 after a signed date or closing line).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from ..lines import Reason, Text
from ...text.markers import CJK, CLOSING, is_date_line, match_marker
from ...text.markers import UNIT_LINE
from ...text.words import first_sentence_end
from .base import RUNNING_TEXT, Pass
from .furniture import ends_mid_sentence

# "N、" where a page number was pasted into running text: after a Chinese character or comma.
_MID_PAGE_NO = re.compile(rf"(?<=[{CJK}，、”])(?<!第)(\d{{1,3}})、(?=[{CJK}“《（])(?!第)")
# …and after a full stop ("…深度不够。3、二是…"): only believed as part of a chain of page numbers.
_STOP_PAGE_NO = re.compile(rf"(?<=[。；！？])(\d{{1,3}})、(?=[{CJK}“《（])(?!第)")
_LEAD_PAGE_NO = re.compile(rf"^(\d{{1,3}})、(?=[{CJK}“《（])")
_LEAD_PAGE_NO_DIGIT = re.compile(r"^(\d{1,3})、(?=\d)")  # "农田\n2、1.8万亩": only where a sentence is cut
_NUMBER_MARK = re.compile(r"(?<!\d)(\d+)、")
_LEADING_NUMBER = re.compile(r"^\d{1,3}、")


@dataclass(frozen=True, order=True)
class _Candidate:
    line: int  # index into text.lines
    start: int
    end: int
    n: int
    reason: Reason


def _first_marks(line: str) -> dict[str, int]:
    """Where each "N、" first occurs in the line (by its digits): is an "N-1、" before a candidate?"""
    first: dict[str, int] = {}
    for m in _NUMBER_MARK.finditer(line):
        first.setdefault(m.group(1), m.start())
    return first


def _list_before(first: dict[str, int], n: int, at: int) -> bool:
    """"1、…，2、…" in one paragraph is an inline list, not a page number."""
    return first.get(str(n - 1), at) < at


class PastedPageNumbers(Pass):
    name = "pasted_page_numbers"
    shapes = RUNNING_TEXT

    def __call__(self, text: Text) -> None:
        lines = [line.text for line in text.lines]
        for line in text.lines:
            line.wrapped_length = len(line.text)
        kept = [i for i, s in enumerate(lines) if s]
        chain = _page_numbers(lines, kept)
        for c in sorted(chain, key=lambda c: (c.line, -c.start)):
            line = text.lines[c.line]
            text.remove(line, line.text[c.start : c.end], c.reason, n=c.n, previous=c.n - 1)
            line.text = line.text[: c.start] + line.text[c.end :]


def _page_numbers(lines: list[str], kept: list[int]) -> list[_Candidate]:
    found: list[_Candidate] = []
    weak: set[tuple[int, int]] = set()  # candidates that need other page numbers around them
    for pos, i in enumerate(kept):
        line = lines[i]
        first = None
        for m in _MID_PAGE_NO.finditer(line):
            first = first if first is not None else _first_marks(line)
            n = int(m.group(1))
            if n >= 2 and not _list_before(first, n, m.start()):
                found.append(_Candidate(i, m.start(), m.end(), n, Reason.PAGE_NUMBER_IN_SENTENCE))
        for m in _STOP_PAGE_NO.finditer(line):
            first = first if first is not None else _first_marks(line)
            n = int(m.group(1))
            if n >= 2 and not _list_before(first, n, m.start()):
                weak.add((i, m.start()))
                found.append(_Candidate(i, m.start(), m.end(), n, Reason.PAGE_NUMBER_BETWEEN_SENTENCES))
        m = _LEAD_PAGE_NO.match(line) or _LEAD_PAGE_NO_DIGIT.match(line)
        if m and pos > 0:
            prev = lines[kept[pos - 1]]
            n = int(m.group(1))
            # A real "N、" heading follows a finished sentence; a page number cuts one in half.
            if n >= 2 and len(prev) >= 10 and ends_mid_sentence(prev):
                found.append(_Candidate(i, m.start(), m.end(), n, Reason.PAGE_NUMBER_CUT_LINE))
    found += _page_numbers_between_paragraphs(lines, kept, found)
    found.sort()
    chain = _longest_chain(found, _closings_before(lines))
    if all((c.line, c.start) in weak for c in chain):
        return []  # "。3、" alone is more likely a list the writer numbered inline
    if len(chain) < 2:
        chain = [c for c in chain if (c.line, c.start) not in weak]
    return chain


def _closings_before(lines: list[str]) -> list[int]:
    """ends[i]: how many date or closing lines come before line i (a new document may start after one)."""
    ends = [0] * (len(lines) + 1)
    for i, line in enumerate(lines):
        line = _LEADING_NUMBER.sub("", line)  # "2、2024年5月22日": the date opened page 2
        ends[i + 1] = ends[i] + bool(line and (is_date_line(line) or CLOSING.match(line)))
    return ends


def _longest_chain(found: list[_Candidate], ends: list[int]) -> list[_Candidate]:
    """The longest chain of increasing page numbers, where a 1 or 2 may start again after a closing
    (the first candidate wins ties). O(n log n): the best chain ending below each value is kept in a
    Fenwick tree of prefix maxima, and the best chain in earlier documents as a running maximum."""
    size = max((c.n for c in found), default=0) + 2
    tree = [(0, 0)] * (size + 1)  # (length, -index) maxima over values

    def best_below(value: int) -> tuple[int, int]:
        best = (0, 0)
        k = value  # values 0 .. value-1 live at positions 1 .. value
        while k > 0:
            best = max(best, tree[k])
            k -= k & -k
        return best

    def record(value: int, entry: tuple[int, int]) -> None:
        k = value + 1
        while k <= size:
            if entry > tree[k]:
                tree[k] = entry
            k += k & -k

    length = [1] * len(found)
    before = [-1] * len(found)
    group_ends = [ends[c.line] for c in found]  # non-decreasing: candidates are in line order
    done_groups: list[int] = []  # closing counts seen so far, in order
    done_best: list[tuple[int, int]] = []  # best (length, -index) among candidates with that count or less
    for k, cand in enumerate(found):
        best = best_below(cand.n)
        if cand.n <= 2:
            g = bisect_left(done_groups, group_ends[k])  # candidates in earlier documents only
            if g:
                best = max(best, done_best[g - 1])
        if best[0] >= 1:
            length[k], before[k] = best[0] + 1, -best[1]
        entry = (length[k], -k)
        record(cand.n, entry)
        if done_groups and done_groups[-1] == group_ends[k]:
            done_best[-1] = max(done_best[-1], entry)
        else:
            done_groups.append(group_ends[k])
            done_best.append(max(done_best[-1], entry) if done_best else entry)
    chain = []
    k = max(range(len(found)), key=length.__getitem__, default=-1)
    while k >= 0:
        chain.append(found[k])
        k = before[k]
    return chain[::-1]


def _page_numbers_between_paragraphs(lines: list[str], kept: list[int], confirmed: list[_Candidate]) -> list[_Candidate]:
    """"N、" opening a line after a finished sentence is a page number only when it does not continue
    a "1、 2、" run of headings and either a confirmed page number N-1 or N+1 lies around it or what
    follows is no heading (its first sentence is long)."""
    numbers = {c.n for c in confirmed}
    out: list[_Candidate] = []
    last_sibling = 0  # value of the last "N、"/"N." heading since the last higher heading
    last_sep = ""  # and how it was written: a "3、" after "1." "2." is no sibling of theirs
    any_sibling = False  # any "N、"/"N." since the last higher heading (a list never starts at 2)
    for pos, i in enumerate(kept):
        marker = match_marker(lines[i])
        if marker is None:
            continue
        if marker.level < 3:
            last_sibling, any_sibling = 0, False
            continue
        if marker.level != 3:
            continue
        n = marker.value
        sep = marker.text[-1]
        if last_sibling and sep != last_sep:
            last_sibling = 0
        rest = own = lines[i][marker.end:].strip()
        for j in kept[pos + 1 : pos + 6]:  # the sentence may be wrapped onto the next lines
            if "。" in rest or match_marker(lines[j]):
                break
            rest += lines[j]
        end = first_sentence_end(rest)
        # A heading's first sentence is short; "2、（二）加强作风…" is a page number before a heading.
        inner = match_marker(rest)
        # "3、以上汇报…", "4、中共某某局党组", "2、2023年7月8日": a closing, signature or date is no heading
        closing = bool(CLOSING.match(own) or is_date_line(own) or UNIT_LINE.search(own))
        not_a_heading = (end if end >= 0 else len(rest)) > 40 or inner is not None or closing
        first_page = pos == 0 and n == 1 and 2 in numbers  # "1、" above page one's text
        if n >= 2 and marker.text.endswith("、") and inner is not None:
            # "3、三、…" / "2、（二）…" / "3、3、…": no heading starts with another heading's number
            out.append(_Candidate(i, 0, len(marker.text), n, Reason.PAGE_NUMBER_BEFORE_MARKER))
            numbers.add(n)
            continue
        orphan = not any_sibling and pos > 0
        if first_page or (marker.text.endswith("、") and n >= 2 and n != last_sibling + 1
                          and (({n - 1, n + 1} & numbers) or not_a_heading or orphan)):
            out.append(_Candidate(i, 0, len(marker.text), n, Reason.PAGE_NUMBER_NO_SIBLING))
            numbers.add(n)
            continue
        last_sibling, last_sep, any_sibling = n, sep, True
    return out
