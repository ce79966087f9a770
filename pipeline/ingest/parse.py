"""Recover a document's structure: title, addressee, preamble, heading tree, closing.

Levels follow the marker kind (一、 → 1, （一） → 2, 1. / 1、 → 3, （1） → 4); a section's parent is
the nearest open section of a lower level, so a slip in the numbering (a repeated 二、) simply
stays a sibling and its marker is kept as written.
"""

from __future__ import annotations

import re
from collections import deque

from ..types import Document, Section
from ..text.words import first_sentence_end
from ..text.markers import UNIT_LINE, CLOSING, FIRST_CHILD_MARKER, TITLE_TAIL, TITLE_WORDS, Marker, is_addressee, is_date_line, match_marker, title_like
from .heading_end import run_in_heading_end
from .rules import IngestRules, load_ingest_rules

_PRE_TITLE = re.compile(
    r"附件\s*[0-9一二三四五六七八九十]{0,3}\s*[:：]?|[（(][^（）()]{1,12}[）)]|"
    r"(?:征求意见|讨论|送审|初|修改|审议|审定|报审)稿|[^，。；：]{0,12}(?:编印|注意保存|内部资料)|"
    r"[^，。；：]{0,6}材料之[一二三四五六七八九十0-9]{1,3}|特急|加急|秘密|机密"
)  # (a short title such as "述职报告（初稿）" is a title: only whole lines of these kinds are skipped)


def split_heading(line: str, marker: Marker, rules: IngestRules | None = None) -> tuple[str, str | None, str | None]:
    """(heading, run-in paragraph or None, a following heading line on the same line or None)."""
    rules = rules or load_ingest_rules()
    rest = line[marker.end:].strip()
    # 1. Heading vocabulary run on into the text: "基本情况全县共有……"
    known = rules.heading_vocabulary_start.match(rest)  # the longest standard heading it starts with
    if known:
        term, tail = known.group(0), rest[known.end():]
        if not tail:
            return term, None, None
        if tail[0] in "。：:；;":
            return term, tail[1:].strip() or None, None
        # Running text is a sentence (punctuation, or long); "主要工作取得明显成效" is a heading.
        if tail[0] not in rules.connectors and len(tail) >= 6 and (re.search(r"[，。；]", tail) or len(tail) >= 20):
            nested = FIRST_CHILD_MARKER.match(tail)
            if nested:
                return term, None, tail
            return term, tail, None
    end = first_sentence_end(rest)
    # 1b. A long first sentence that starts a paragraph mid-way: "强化理论武装今年以来我局……"
    # (a line with no sentence end at all is a heading line: GB/T headings carry no end punctuation)
    first = rest[: end if end >= 0 else len(rest)]
    cut = run_in_heading_end(first, rules) if end >= 0 else None
    if cut is not None:
        return first[:cut], rest[cut:], None
    # 1c. In-paragraph enumeration run on into a heading: "存在的不足和下步打算一是学习不够系统。"
    m = rules.enumeration.search(first, 4)
    if m and not re.search(r"[，。；：、]", first[: m.start()]) and m.start() <= 30:
        return first[: m.start()], rest[m.start():], None
    # 2. The next level's marker on the same line: "二、主要做法（一）强化领导。……"
    m = FIRST_CHILD_MARKER.search(rest)
    if m and m.start() > 0 and (end < 0 or m.start() < end) and match_marker(rest[m.start():]):
        return rest[: m.start()].strip(), None, rest[m.start():]
    # 3. Run-in heading: ends at the first 。 (or a colon right after a short heading, when text
    # follows: "述职：聚焦主责主业，推动各项工作落地见效" with no sentence after it is one heading).
    colon = first_sentence_end(rest, "：:")
    if 0 < colon <= 30 and ((end >= 0 and colon < end) or (end < 0 and len(rest) - colon > rules.weights.heading_max_length)):
        end = colon
    if end >= 0:
        heading, body = rest[:end].strip(), rest[end + 1:].strip()
        return heading, body or None, None
    return rest.rstrip("：:"), None, None


def parse_sections(paragraphs: list[str], rules: IngestRules | None = None) -> tuple[list[str], list[Section]]:
    """Lines → (preamble, section tree). Tolerant: any marker opens a section at its kind's level."""
    rules = rules or load_ingest_rules()
    preamble: list[str] = []
    roots: list[Section] = []
    stack: list[Section] = []
    queue = deque(p.strip() for p in paragraphs if p.strip())
    while queue:
        line = queue.popleft()
        marker = match_marker(line)
        if marker is None:
            (stack[-1].paragraphs if stack else preamble).append(line)
            continue
        heading, body, following = split_heading(line, marker, rules)
        section = Section(level=marker.level, marker=marker.text, heading=heading)
        while stack and stack[-1].level >= marker.level:
            stack.pop()
        (stack[-1].children if stack else roots).append(section)
        stack.append(section)
        if body:
            section.paragraphs.append(body)
        if following:
            queue.appendleft(following)
    return preamble, roots


def _closing_start(lines: list[str]) -> int:
    """Index where the closing block (特此报告。/ signature / date) begins; len(lines) if none."""
    i = len(lines)
    found = False
    while i > 0:
        line = lines[i - 1]
        if is_date_line(line) or CLOSING.match(line):
            found = True
        elif not (len(line) <= 30 and not re.search(r"[。，；！？]", line) and not match_marker(line)
                  and i < len(lines) and is_date_line(lines[i])):
            break
        i -= 1
    return i if found else len(lines)


_ATTACHMENT = re.compile(r"附件\s*[0-9一二三四五六七八九十]{0,3}\s*[:：]")
_ATTACHMENT_ITEM = re.compile(r"\d{1,2}[.．、]\s*\S")


def _attachments_start(lines: list[str], end: int) -> int:
    """The 附件说明 before the signature ("附件：1.……表" then "2.……表") belongs to the closing:
    its numbered names are attachment titles, not headings."""
    for a in range(end - 1, max(end - 12, 0) - 1, -1):
        if _ATTACHMENT.match(lines[a]):
            items = lines[a + 1 : end]
            if all(_ATTACHMENT_ITEM.match(x) and len(x) <= 60 and not re.search(r"[。；]", x) for x in items):
                return a
            break
        if not (_ATTACHMENT_ITEM.match(lines[a]) and len(lines[a]) <= 60 and not re.search(r"[。；]", lines[a])):
            break
    return end


def parse_document(text: str, rules: IngestRules | None = None) -> Document:
    """Structure of one document's cleaned text (classification is done separately)."""
    lines = [s.strip() for s in text.split("\n") if s.strip()]
    title = addressee = None
    before_title: list[str] = []
    i = 0
    while i < min(len(lines) - 1, 3) and _PRE_TITLE.fullmatch(lines[i]):
        before_title.append(lines[i])  # "附件2", "征求意见稿", "（内部资料 注意保存）" above the title
        i += 1
    if i < len(lines) and title_like(lines[i]):
        lines, i = lines[i:], 0
        two_line = len(lines) > 1 and not TITLE_WORDS.search(lines[0]) and title_like(lines[1]) and TITLE_WORDS.search(lines[1])
        # a title wrapped just before its last word: "…责任制情况" / "汇报"
        two_line = two_line or (len(lines) > 1 and title_like(lines[0]) and bool(TITLE_TAIL.fullmatch(lines[1])))
        if two_line and UNIT_LINE.search(lines[0]):
            before_title, title, i = before_title + [lines[0]], lines[1], 2  # "中共XX县委宣传部" above the title
        elif two_line and len(lines[0]) + len(lines[1]) <= 60:
            title, i = lines[0] + lines[1], 2  # one title broken over two lines
        else:
            title, i = lines[0], 1
        while i < len(lines) and lines[i].startswith(("——", "—", "--")) and len(lines[i]) <= 60:
            title += lines[i]  # subtitle: "——在…上的发言"
            i += 1
    # The addressee comes before any heading or prose, perhaps after an author or date line.
    for j in range(i, min(i + 4, len(lines))):
        if is_addressee(lines[j]):
            before_title += lines[i:j]
            addressee, i = lines[j].rstrip("：:"), j + 1
            break
        if match_marker(lines[j]) or "。" in lines[j] or len(lines[j]) > 30:
            break
    body = lines[i:]
    end = _attachments_start(body, _closing_start(body))
    preamble, sections = parse_sections(body[:end], rules)
    preamble = before_title + preamble
    return Document(
        title=title,
        genre=None,
        year=None,
        org_level=None,
        text="\n".join(s for s in text.split("\n") if s.strip()),
        addressee=addressee,
        preamble=preamble,
        sections=sections,
        closing=body[end:],
    )
