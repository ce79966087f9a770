"""Structure inside running text: where a page dump's lines must be cut.

A page dump has lost every paragraph break. What can be recovered is where a new line must start:
after the title (and its subtitle and addressee) at the start of a document; before each heading
marker that continues the marker sequence (一、 … 二、 … 三、, with （一）（二） within each), when it
follows a sentence end, a page start or, as a first sub-heading, its parent heading; before a
closing line (特此报告。), its signature and its date; and before the title of a second document
that begins in the middle of a page.

The sequence keeps parse's tolerance for numbering slips: a number skipped or repeated is still a
heading, and 一 / （一） / 1 may always start a new list.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..text.markers import CLOSING, MARKER_IN_TEXT, is_addressee, match_marker
from .rules import IngestRules

_SENTENCE_END = re.compile(r"[。！？][”’」』]?")
_INDENT = re.compile(r"\u3000+|\s{2,}")  # "　　" where a paragraph began (one space is a title's gap)
_TITLE_STOP = re.compile(r"[，。；：！？,;:!?]")
_DATE = re.compile(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?")
_SIGNATURE_CHARS = re.compile(r"[^，。；！？]*")
_SIGNED = re.compile(r"([^，。；！？：]{0,30}?)((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)")
_SIGNATURE_END = re.compile(r"(?:局|委|部|办|政府|党组|委员会|中心|院|馆|所|站|街道|办事处|支部|党委)$")
_OFFICE = re.compile(r"(?:书记|局长|主任|部长|委员(?!会)|成员|县长|市长|区长|镇长|乡长|院长|馆长|所长|站长|组长|科长|股长|述职人|发言人)[\s:：]*")
_LOOKAHEAD = 80  # enough text to read a marker, a title ending or a closing phrase


@dataclass
class _Sequence:
    """The numbers seen at each level since the last higher heading."""

    last: dict[int, int] = field(default_factory=lambda: {1: 0, 2: 0, 3: 0, 4: 0})
    open_at: tuple[int, int] | None = None  # (level, end) of the last accepted heading marker

    def fits(self, level: int, value: int, *, slip_ok: bool) -> bool:
        last = self.last[level]
        if value == 1 or value == last + 1:
            return True
        if slip_ok and last == 0 and level <= 2:
            return True  # 三、 or （三） after a full stop: the text may start in the middle of a report
        return slip_ok and last >= 1 and value in (last, last + 2)  # a repeated or skipped number

    def accept(self, level: int, value: int, end: int) -> None:
        self.last[level] = value
        for deeper in range(level + 1, 5):
            self.last[deeper] = 0
        self.open_at = (level, end)


def title_end(s: str, p: int, rules: IngestRules) -> int | None:
    """Where a title starting at ``p`` ends: the last title word (…的报告) within a title's length
    that the text does not go on from, before any sentence punctuation; None if there is none."""
    if match_marker(s[p : p + 12]):
        return None
    limit = int(rules.weights.title_max_length)
    window = s[p : p + limit]
    stop = _TITLE_STOP.search(window)
    head = window[: stop.start()] if stop else window
    if len(head) < 4 or rules.title_not_starting.match(head):
        return None
    best = None
    for m in rules.title_endings.finditer(head):
        if not rules.title_not_followed_by.match(s, p + m.end()):
            best = m.end()
    return p + best if best else None


def addressee_end(s: str, p: int, rules: IngestRules) -> int | None:
    """Where an addressee ("县委第二巡察组各位领导：") starting at ``p`` ends, or None."""
    window = s[p : p + int(rules.weights.addressee_max_length) + 1]
    colon = re.search(r"[：:]", window)
    if colon and is_addressee(window[: colon.end()]) and not re.search(r"[，。；！？]", window[: colon.start()]):
        return p + colon.end()
    return None


def find_cuts(s: str, page_starts: set[int], rules: IngestRules) -> list[int]:
    """Positions in ``s`` where a new line starts (sorted, without 0)."""
    cuts = {m.end() for m in _INDENT.finditer(s)}  # what is left of a paragraph break: its indent
    titles: set[int] = set()
    sentence_starts = sorted({m.end() for m in _SENTENCE_END.finditer(s)} | cuts)
    _cut_title(s, 0, cuts, titles, rules)
    restarts = _cut_headings(s, set(sentence_starts), page_starts, cuts, rules)
    for q in _cut_closings(s, sentence_starts, cuts, rules):
        _cut_title(s, q, cuts, titles, rules)
    _cut_second_titles(s, restarts, sentence_starts, cuts, titles, rules)
    cuts.discard(0)
    return sorted(c for c in cuts if c < len(s))


def _cut_title(s: str, p: int, cuts: set[int], titles: set[int], rules: IngestRules) -> bool:
    """Cut a title (and its subtitle and addressee) out of the text at ``p``; True if there was one."""
    end = title_end(s, p, rules)
    if end is None:
        return False
    cuts.update((p, end))
    titles.add(p)
    dash = s.find("——", p + 2, end)
    if dash > 0:
        cuts.add(dash)  # "学纪知纪 做忠诚干净担当的财政干部" / "——在…上的发言"
    author = _author_end(s, end, rules)  # "中共某镇委员会副书记 周晓" between the title and "各位领导："
    if author is not None:
        cuts.add(author)
    addressee = addressee_end(s, author or end, rules)
    if addressee:
        cuts.add(addressee)
    return True


def _author_end(s: str, p: int, rules: IngestRules) -> int | None:
    """Where an author line (unit, office and a two- or three-character name) that runs on into an
    addressee ends, or None."""
    for office in _OFFICE.finditer(s, p, p + int(rules.weights.addressee_max_length)):
        if re.search(r"[，。；！？]", s[p : office.start()]):
            return None
        for size in (2, 3):
            end = office.end() + size
            if rules.addressee_opener.match(s, end) and addressee_end(s, end, rules):
                return end
    return None


def _cut_headings(s: str, starts: set[int], page_starts: set[int], cuts: set[int], rules: IngestRules) -> list[tuple[int, int]]:
    """Cut before every marker that continues the sequence; returns (position, previous marker's
    position) of each 一、 that starts the sequence again (a second document may begin before it)."""
    sequence = _Sequence()
    restarts: list[tuple[int, int]] = []
    last_pos = 0
    reach = int(rules.weights.first_child_distance)
    for m in MARKER_IN_TEXT.finditer(s):
        p = m.start()
        after_stop = p == 0 or p in starts or p in cuts
        at_page = p in page_starts and not after_stop
        looked = after_stop or at_page or _may_be_first_child(sequence, p, s, reach)
        marker = match_marker(s[p : p + _LOOKAHEAD]) if looked else None
        if marker is None:
            continue
        first_child = marker.value == 1 and _first_child(sequence, marker.level, p, s, reach)
        if at_page and not first_child:
            # a page may start in mid-sentence ("…内容单" / "一、形式单调…"): only the next number counts
            if not (sequence.last[marker.level] >= 1 and marker.value == sequence.last[marker.level] + 1):
                continue
        elif not after_stop and not first_child:
            continue  # inside a sentence only a first sub-heading right after its parent heading
        if marker.level >= 3 and marker.value == 1 and not first_child:
            continue  # "…要求。1.全力推进…。2.强化…": a list inside the paragraph, not sub-headings
        if not sequence.fits(marker.level, marker.value, slip_ok=after_stop):
            continue
        if marker.level == 1 and marker.value == 1 and sequence.last[1] >= 1:
            restarts.append((p, last_pos))
        sequence.accept(marker.level, marker.value, p + marker.end)
        cuts.add(p)
        last_pos = p
    return restarts


def _may_be_first_child(sequence: _Sequence, p: int, s: str, reach: int) -> bool:
    """"一、主要工作（一）…": a first sub-heading close after its parent, no sentence end between."""
    if sequence.open_at is None:
        return False
    _, end = sequence.open_at
    return 0 <= p - end <= reach and not _SENTENCE_END.search(s, end, p)


def _first_child(sequence: _Sequence, level: int, p: int, s: str, reach: int) -> bool:
    """A first sub-heading right after its parent heading: nothing between but the parent's heading
    (which may end in a full stop: "（一）强化领导。1.…")."""
    if sequence.open_at is None or level <= sequence.open_at[0]:
        return False
    _, end = sequence.open_at
    stop = _SENTENCE_END.search(s, end, p)
    return 0 <= p - end <= reach and (stop is None or stop.end() == p)


def _cut_closings(s: str, sentence_starts: list[int], cuts: set[int], rules: IngestRules) -> list[int]:
    """Cut before a closing sentence (特此报告。), its signature and its date; returns where the text
    goes on after a date (a second document may start there)."""
    after_dates: list[int] = []
    limit = int(rules.weights.signature_max_length)
    for p in [0, *sentence_starts]:
        if not CLOSING.match(s[p : p + 20]):
            continue
        cuts.add(p)
        end = _SENTENCE_END.search(s, p)
        if end is None:
            continue
        q = end.end()
        cuts.add(q)
        signature = _SIGNATURE_CHARS.match(s, q, q + limit + 1)
        date = _DATE.search(s, q, signature.end() + 14)
        if date and date.start() <= q + limit:
            cuts.update((date.start(), date.end()))
            after_dates.append(date.end())
    # …and a signature and date with no closing sentence before them ("…。澄江区卫生健康局2021年7月12日"),
    # where the text ends or a title follows
    for q in sentence_starts:
        signed = _SIGNED.match(s, q, q + limit + 12)
        if not signed or (signed.group(1) and not _SIGNATURE_END.search(signed.group(1))):
            continue
        end = signed.end()
        if end < len(s) and title_end(s, end, rules) is None:
            continue
        cuts.update((q, signed.start(2), end))
        after_dates.append(end)
    return after_dates


def _cut_second_titles(s: str, restarts: list[tuple[int, int]], sentence_starts: list[int], cuts: set[int],
                       titles: set[int], rules: IngestRules) -> None:
    """A document that starts again at 一、 begins with its title: the last sentence start before the
    restart (after the previous heading) where a title stands."""
    found = sorted(titles)
    for restart, previous in restarts:
        k = bisect.bisect_right(found, previous)
        if k < len(found) and found[k] < restart:
            continue  # found after a closing and its date
        lo = bisect.bisect_right(sentence_starts, previous)
        hi = bisect.bisect_left(sentence_starts, restart)
        for q in reversed(sentence_starts[lo:hi]):
            if _cut_title(s, q, cuts, titles, rules):
                break
