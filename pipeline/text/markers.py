"""Heading markers and punctuation classes shared by clean, split and parse."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .numbers import cn_to_number

CN_NUM = "一二三四五六七八九十百零〇"
# Level by marker kind (GB/T 9704 practice): 一、 → （一） → 1. → （1）; variants seen in the wild too.
_MARKERS: list[tuple[int, re.Pattern[str]]] = [
    # 一、  一．  一. (a misuse, still a level-1 heading); never 一是 / 一要 (in-paragraph enumeration)
    (1, re.compile(rf"^([{CN_NUM}]{{1,3}})\s*(、|[.．](?![\d０-９]))\s*")),
    # （一） (一) （一）、
    (2, re.compile(rf"^[（(]\s*([{CN_NUM}]{{1,3}})\s*[）)]\s*、?\s*")),
    # 1. 1． 1、 (not 1.5 or 2020.)
    (3, re.compile(r"^([0-9０-９]{1,2})\s*(?:[.．](?![0-9０-９])|、)\s*")),
    # （1） (1)
    (4, re.compile(r"^[（(]\s*([0-9０-９]{1,2})\s*[）)]\s*、?\s*")),
]


@dataclass(frozen=True)
class Marker:
    level: int
    text: str  # the marker as written, e.g. "（一）" (surrounding spaces dropped)
    value: int  # its number: 二 → 2
    end: int  # where the heading text starts in the line


def cn_to_int(s: str) -> int:
    """A marker's number: Arabic digits, or Chinese numerals (the checker's reading of them)."""
    return int(s) if s.isdigit() else cn_to_number(s)


# Every marker starts with one of these: most lines are ruled out by their first character.
_MARKER_FIRST = frozenset(CN_NUM + "（(0123456789０１２３４５６７８９")


def match_marker(line: str) -> Marker | None:
    """The heading marker at the start of ``line``, if any."""
    if not line or line[0] not in _MARKER_FIRST:
        return None
    return _match_marker(line)


@lru_cache(maxsize=1 << 15)  # the passes ask about the same lines again and again
def _match_marker(line: str) -> Marker | None:
    for level, pattern in _MARKERS:
        m = pattern.match(line)
        if not m:
            continue
        rest = line[m.end():]
        if not rest.strip():
            return None  # a bare "1、" is not a heading
        if level == 1 and marker_is_list(m.group(2), rest):
            return None  # 一、二季度 / 三、四月份 …: a list of numbers, not a heading
        digits = m.group(1).translate(str.maketrans("０１２３４５６７８９", "0123456789"))
        return Marker(level=level, text=m.group(0).strip(), value=cn_to_int(digits), end=m.end())
    return None


def marker_is_list(sep: str, rest: str) -> bool:
    return sep == "、" and bool(re.match(rf"[{CN_NUM}]+(?:季度|等|、|月份|月|级)", rest))



# ---------------------------------------------------------------- marker patterns of single callers
# match_marker reads a marker fully (level, number, the 一、二季度 exception). The patterns below only
# find or strip one, each the way its caller needs: how many numerals, which brackets, whether 1.5
# counts, what may follow. They differ on purpose; each name says what its matches have in common.

_N = "[一二三四五六七八九十]"  # a marker's Chinese number, 一 … 十 (no 百, 零, 两)
# 1. 1． 1、 （1） (1): one or two digits, never the "1." of 1.5
_ARABIC_MARKERS = r"\d{1,2}(?:[.．](?!\d)|、)|[（(]\d{1,2}[）)]"

# Any of the four markers at a line start, with the spaces around it; 一. 一． and （一）、 too.
# (checks.markup: the model's own numbering in a body, and a heading echoed with its marker)
MARKER_AT_LINE_START = re.compile(rf"^\s*(?:{_N}+[、.．]|[（(]{_N}+[）)]、?|{_ARABIC_MARKERS})\s*")
# The same four inside running text, unanchored: 1 to 3 Chinese numerals. (ingest.runin: where a page
# dump's lines must be cut; the caller checks what comes before)
MARKER_IN_TEXT = re.compile(rf"{_N}{{1,3}}[、.．]|[（(]{_N}{{1,3}}[）)]|{_ARABIC_MARKERS}")
# The marker a heading may already carry, as a person or an older tool wrote it: looser than
# MARKER_AT_LINE_START — 百 among the numerals (一百、), any number of digits, and the "1." of 1.5.
# (export.layout: stripped before the computed marker is printed)
HEADING_OWN_MARKER = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百]+[）)]、?|\d+[.．、]|[（(]\d+[）)])\s*"
)
# Levels 1 and 2 only, as the draft prints them: 一、 （一） (full-width brackets); the spaces after
# are not part of it. (draft.section: the model repeating the section's heading)
TOP_MARKER_AT_LINE_START = re.compile(rf"^\s*(?:{_N}+、|（{_N}+）)")
# 一、 （一） 1. 1、 1．, with the spaces around: the numbering a fact-sheet form puts before a
# section's name. (schema.factsheet_io.form)
FORM_NAME_MARKER = re.compile(rf"^\s*(?:{_N}+、|（{_N}+）|\d+[.、．])\s*")
# A sentence end followed by a level-1 or level-2 marker (一、 （一） (一)): headings run into the prose
# of a page dump. (ingest.shape)
TOP_MARKER_AFTER_SENTENCE = re.compile(rf"[。！？][\s\u3000]*(?:{_N}{{1,3}}、|[（(]{_N}{{1,3}}[）)])")
# The first marker of a sub-list: （一） (一) （1） 1. 1． 1、, never the 1 of 21. or 1.5 (ingest.parse: a
# heading that runs into its first sub-heading)
FIRST_CHILD_MARKER = re.compile(r"[（(][一1][）)]|(?<![0-9.．])1[.．、](?![0-9])")
# 一是 二是 十一是: an enumeration inside a paragraph (draft.carry_over: last year's items, one by one)
ENUMERATION_WORD = re.compile(rf"{_N}+是")
# A writer's own enumeration before an item: 一是 一是， 第一， （一） （1） 1、 1． 1. 一、 and the
# spaces around. (draft.offline: the composer numbers the items itself)
ENUMERATION_PREFIX = re.compile(
    rf"^\s*(?:{_N}+是[，,：:]?|第{_N}+[，,、：:]?|[（(][一二三四五六七八九十0-9]+[）)]"
    rf"|[0-9]+(?:[、．]|\.(?![0-9]))|{_N}+、)\s*"
)

# A marker alone, as written, slips included (checks.structure grades it): the number, then the
# punctuation after it, which is right only for 、 (level 1), nothing (levels 2, 4) and . ． (level 3).
_WRITTEN_CN = "零〇一二两三四五六七八九十百"
# 一、 一. 一， 一： 一 — group 1 the number, group 2 the punctuation
WRITTEN_CN_MARKER = re.compile(f"^([{_WRITTEN_CN}]+)\\s*([、.．，,:：]?)\\s*$")
# （一） (一) （1） (1） （一）、 — groups: opening bracket, number (Chinese or digits), closing bracket,
# the punctuation after
WRITTEN_PAREN_MARKER = re.compile(f"^([（(])\\s*([{_WRITTEN_CN}]+|\\d+)\\s*([）)])\\s*([、.．，,]?)\\s*$")
# 1. 1． 1、 1， 1 — group 1 the number, group 2 the punctuation
WRITTEN_ARABIC_MARKER = re.compile(r"^(\d+)\s*([.．、，,]?)\s*$")

# Sentence ends: a line ending in one of these is complete.
TERMINAL = "。！？；：!?;:…”’」』"
INCOMPLETE_END = "，、（(“《—-"
CJK = "\u4e00-\u9fff\u3400-\u4dbf"
CJK_RE = re.compile(f"[{CJK}]")
DATE_LINE = re.compile(
    rf"^\s*(?:[0-9０-９]{{4}}|二[{CN_NUM}]{{3}}|20XX|20xx)\s*年\s*(?:[0-9０-９]{{1,2}}|[{CN_NUM}]{{1,3}}|X{{1,2}}|x{{1,2}})\s*月"
    rf"(?:\s*(?:[0-9０-９]{{1,2}}|[{CN_NUM}]{{1,3}}|X{{1,2}}|x{{1,2}})\s*日)?\s*$"
)
TITLE_WORDS = re.compile(r"(汇报|报告|总结|发言|讲话|计划|材料|体会|心得|述职|述廉|研讨|致辞|方案|意见|要点|情况|思路)[\s）)]*$")
# The last word of a title wrapped onto a line of its own: "…责任制情况" / "汇报".
TITLE_TAIL = re.compile(r"(?:的)?(?:情况|工作|专题)?(?:汇报|报告|总结|发言|讲话|计划|材料|体会|方案|意见|要点)")
CLOSING = re.compile(r"^(特此(报告|汇报)|以上(汇报|报告|发言|是我的)|不当之处|请批评指正|谢谢(大家)?[！!。]?$)")


def is_date_line(line: str) -> bool:
    return bool(DATE_LINE.match(line))


# A unit's name on a line of its own (a signature): 中共东溪县委宣传部, 县审计局.
UNIT_LINE = re.compile(r"^(中共)?[^\s的]{2,18}(委|局|部|办|院|中心|政府|办公室|党组|委员会)$")


# Words that make a line ending in a colon a lead-in (汇报如下：), not an addressee.
_ADDRESSEE_BAD = re.compile(r"如下|汇报|报告|以下|方面|主要|情况")


def title_like(line: str) -> bool:
    """A title: short, not a heading or date, no sentence end (or a report-type word at the end)."""
    if not line or len(line) > 60 or match_marker(line) or is_date_line(line) or "\t" in line:
        return False
    if line[-1] in TERMINAL or line.endswith(("：", ":")):
        return False
    return len(line) <= 50 or bool(TITLE_WORDS.search(line))


def is_addressee(line: str) -> bool:
    """An addressee line: 县委第一巡察组： (short, ends in a colon, not a heading or a lead-in like 汇报如下：)."""
    return (
        line.endswith(("：", ":")) and 2 <= len(line) <= 30 and "。" not in line
        and not match_marker(line) and not _ADDRESSEE_BAD.search(line)
    )


FULL_TO_HALF = {c: c - 0xFEE0 for c in range(ord("０"), ord("９") + 1)}
FULL_TO_HALF.update({c: c - 0xFEE0 for c in range(ord("Ａ"), ord("Ｚ") + 1)})
FULL_TO_HALF.update({c: c - 0xFEE0 for c in range(ord("ａ"), ord("ｚ") + 1)})


_FULL_WIDTH = re.compile("[０-９Ａ-Ｚａ-ｚ．／]")


def half_width(line: str) -> str:
    """Full-width letters and digits as ASCII (translating only lines that have some: most have none)."""
    return line.translate(FULL_TO_HALF) if _FULL_WIDTH.search(line) else line


def fold(line: str) -> str:
    """Full-width letters, digits and . / as ASCII (Chinese punctuation stays: it tells prose apart)."""
    if not _FULL_WIDTH.search(line):
        return line
    return line.translate(FULL_TO_HALF).replace("．", ".").replace("／", "/")
