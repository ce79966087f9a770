"""One file may hold several documents (a report, a "推荐阅读" line, then a speech): split them.

A new document starts at a title-like line when the text so far already had headings of its own
and what follows starts its own sequence again (一、 or an addressee line).
"""

from __future__ import annotations

from ..text.markers import TERMINAL, TITLE_WORDS, is_addressee, is_date_line, match_marker, title_like


def _restarts(lines: list[str], i: int) -> bool:
    """After the title at i: an addressee, a subtitle, or (for a titled report) 一、 again."""
    after = lines[i + 1 : i + 4]
    if any(is_addressee(s) for s in after[:2]) or (after and after[0].startswith(("——", "—"))):
        return True
    signed_off = i > 0 and is_date_line(lines[i - 1])
    if not TITLE_WORDS.search(lines[i]) and not signed_off:
        return False  # "第二部分 工作回顾" inside a report is not a new document (after a signed date it may be)
    for line in lines[i + 1 : i + 400]:
        marker = match_marker(line)
        if marker and marker.level == 1:
            return marker.value == 1
        if title_like(line) and line is not lines[i]:
            continue
    return False


def split_documents(text: str) -> list[str]:
    """The texts of the documents in ``text`` (at least one, possibly empty)."""
    lines = [s for s in text.split("\n") if s.strip()]
    starts = [0]
    had_level1 = False
    for i, line in enumerate(lines):
        marker = match_marker(line)
        if marker and marker.level == 1:
            had_level1 = True
            continue
        if i == starts[-1] or not had_level1 or not title_like(line):
            continue
        if i + 1 < len(lines) and is_date_line(lines[i + 1]):
            continue  # a signature above its date, not a title
        prev = lines[i - 1]
        finished = prev[-1] in TERMINAL or is_date_line(prev) or title_like(prev)
        if finished and _restarts(lines, i):
            starts.append(i)
            had_level1 = False
    bounds = starts + [len(lines)]
    return ["\n".join(lines[a:b]) for a, b in zip(bounds, bounds[1:]) if lines[a:b]] or [text]
