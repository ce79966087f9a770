"""Placeholders: the canonical 【待补充：…】 and the legacy blanks of old templates.

Legacy: X, XX, XXX, x, x余, 20XX, *, **, ***, ×, 〇 used as a blank. Not legacy: 二〇二四 (a year),
X光 / X射线, 156×225 (a product), English words and URLs, markdown bullets ("* 项") and bold
("**要点**").
"""

from __future__ import annotations

import re

from ..types import PLACEHOLDER_CLOSE, PLACEHOLDER_OPEN, Placeholder

# 【待补充：…】 (a half-width colon too): the one pattern every stage finds placeholders with.
CANONICAL_RE = re.compile(re.escape(PLACEHOLDER_OPEN).replace("：", "[：:]") + r"[^】\n]*" + re.escape(PLACEHOLDER_CLOSE))
_URL = re.compile(r"(?:https?://|www\.)[^\s，。；、）)】]+|[\w.+-]+@[\w-]+\.[\w.]+", re.ASCII)

# A run of X/x (half or full width), with the digits of a year before it (20XX) and 余 after (x余).
_X_RUN = re.compile(r"(\d{0,3})([XxＸｘ]+)(余)?")
_X_NOT_BLANK_AFTER = ("光", "射线", "线", "轴", "型", "染色体")
_STAR_RUN = re.compile(r"[*＊]+")
_CROSS_RUN = re.compile(r"[×╳]+")
_ZERO_RUN = re.compile(r"[〇○]+")
_CN_NUMERALS = set("零一二三四五六七八九十百千万亿两")


def find_canonical(text: str) -> list[Placeholder]:
    return [Placeholder(m.group(), m.start(), m.end()) for m in CANONICAL_RE.finditer(text)]


def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _blocked(text: str) -> list[tuple[int, int]]:
    """Spans where nothing is a placeholder: URLs, e-mail addresses, canonical placeholders."""
    return [m.span() for m in _URL.finditer(text)] + [m.span() for m in CANONICAL_RE.finditer(text)]


def find_legacy(text: str) -> list[Placeholder]:
    blocked = _blocked(text)

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in blocked)

    out: list[Placeholder] = []
    for m in _X_RUN.finditer(text):
        digits = m.group(1)
        start, end = m.start(), m.end()
        before = text[start - 1] if start else ""
        after = text[m.end(2)] if m.end(2) < len(text) else ""
        before_x = text[m.start(2) - 1] if m.start(2) else ""
        if before_x.isascii() and before_x.isalpha() or (after.isascii() and after.isalpha()):
            continue  # part of an English word: Excel, XML, box
        if (after.isdigit() or text.startswith(PLACEHOLDER_OPEN, m.end(2))) and (
            digits or before.isdigit() or text[:start].endswith(PLACEHOLDER_CLOSE)
        ):
            continue  # 156x225, 3x4: a product
        if digits and len(digits) < 2:
            start += len(digits)  # 5X次: the blank is the X; a lone digit is no year
            digits = ""
        if not digits and before.isdigit() and after.isdigit():
            continue  # 3x4
        if digits and before.isdigit():
            continue  # part of a longer number
        if text.startswith(_X_NOT_BLANK_AFTER, m.end(2)) and not digits:
            continue  # X光, X射线
        if after == "-" or before == "-":
            continue  # x-ray, X-axis
        if free(start, end):
            out.append(Placeholder(text[start:end], start, end))
    for m in _STAR_RUN.finditer(text):
        if _is_markdown_star(text, m) or not free(*m.span()):
            continue
        out.append(Placeholder(m.group(), m.start(), m.end()))
    for m in _CROSS_RUN.finditer(text):
        left = text[: m.start()].rstrip(" ")
        right = text[m.end() :].lstrip(" ")
        if (left[-1:].isdigit() or left.endswith(PLACEHOLDER_CLOSE)) and (
            right[:1].isdigit() or right.startswith(PLACEHOLDER_OPEN)
        ):
            continue  # 156×225 (also once its numbers were grounded to 【待补充：…】)
        if free(*m.span()):
            out.append(Placeholder(m.group(), m.start(), m.end()))
    for m in _ZERO_RUN.finditer(text):
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if before in _CN_NUMERALS or after in _CN_NUMERALS:
            continue  # 二〇二四, 一〇〇
        if free(*m.span()):
            out.append(Placeholder(m.group(), m.start(), m.end()))
    out.sort(key=lambda p: p.start)
    return out


def _bold_inner(text: str, start: int, end: int) -> bool:
    from .numbers import UNITS

    inner = text[start:end]
    if not 1 <= len(inner) <= 30 or "*" in inner or "＊" in inner or inner[0].isspace():
        return False
    if text[start - 3 : start - 2] in ("*", "＊") or text[end + 2 : end + 3] in ("*", "＊"):
        return False  # part of a longer run
    return not inner.startswith(UNITS) and inner[0] not in "余多"


def _is_markdown_star(text: str, m: re.Match[str]) -> bool:
    run = m.group()
    line_start = text.rfind("\n", 0, m.start()) + 1
    if len(run) == 1 and text[m.end() : m.end() + 1] in (" ", "\t", "\u3000"):
        return True  # "* 项目" bullet (also when a reader joined the bullet lines into one)
    if text[line_start : m.start()].strip() == "" and set(text[line_start:].split("\n", 1)[0].strip()) <= {"*", "＊", " "}:
        return len(run) >= 3  # "***" or "* * *" on its own line: a rule
    if run == "**":
        # **加粗**: a pair of ** on one line around a short run of text that does not start with a
        # measure word ("**人次" is a blank followed by its unit).
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        close = text.find("**", m.end(), line_end)
        if close >= 0 and _bold_inner(text, m.end(), close):
            return True
        open_ = text.rfind("**", line_start, m.start())
        if open_ >= 0 and _bold_inner(text, open_ + 2, m.start()):
            return True
    return False
