"""Leaked markup in a section body, and facts wrapped in 【待补充：…】.

A body is prose: structure (headings, numbering) belongs to code. What a model leaks into it:

- prompt labels: 【范文】, 【范文1】, 【事实】, an empty 【待补充：】 — stripped (safe);
- headings echoed: a line that is the report's title or one of its headings or outline points,
  bare or in 【…】 or with its marker (【一、基本情况】, 一、基本情况, the title) — the line is dropped (safe);
- any other 【…】 that is not a filled 【待补充：…】 — a defect: what it holds may be text or not;
- its own heading numbering at a line start (一、 （一） 1. （1）) — a defect: the model restructured
  the section, which no stripping repairs;
- Markdown: # headings, **bold**, bullets, fences, quotes (stripped); tables (a defect);
- a fact (or a long part of one) wrapped in 【待补充：…】: the model treated what it was given as
  missing — unwrapped (safe).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..types import PLACEHOLDER_OPEN
from ..text.markdown import BULLET_OR_DOT, FENCE, HEADING_MARK, INDENTED_QUOTE, SHORT_BOLD, TABLE_ROW
from ..text.markers import MARKER_AT_LINE_START
from ..text.numbers import extract_numbers, same_quantity
from ..text.placeholders import CANONICAL_RE
from .vocab import GateVocab, load_vocab
from ..text.words import compact

_BRACKET = re.compile(r"【([^】\n]*)】")
# A numbered line this long, with a clause inside, is an item the model numbered (its marker can go).
_ITEM_MIN_CHARS = 15
_ECHO_MIN = 4
# A heading followed by a bracketed note and nothing else: 纠治“四风”（属于“主要做法和成效”）
_NOTE = re.compile(r"^(.+?)\s*[（(][^（）()]{1,30}[）)]\s*$")  # a shorter line equal to part of the title is not an echo (e.g. 汇报)


@dataclass
class Leak:
    start: int
    end: int
    code: str  # MARKUP_LABEL | MARKUP_HEADING_ECHO | MARKUP_NUMBERING | MARKUP_MARKDOWN | PLACEHOLDER_WRAPPED_FACT
    found: str
    replacement: str | None  # what a safe repair puts there; None: not safe to repair

    @property
    def safe(self) -> bool:
        return self.replacement is not None


@dataclass
class MarkupContext:
    title: str = ""
    headings: tuple[str, ...] = ()  # every heading of the report, without markers, and outline points
    facts: tuple[str, ...] = ()  # the strings a wrapped fact may come from (not headings or title)


def _core(line: str) -> tuple[str, bool]:
    """A line reduced to its words (no 【】 or 【待补充：】 wrapper, marker, # or punctuation), and
    whether it was a 【待补充：…】."""
    s = line.strip()
    s = HEADING_MARK.sub("", s)
    placeholder = False
    m = _BRACKET.fullmatch(s)
    if m:
        s = m.group(1)
        if s.startswith(PLACEHOLDER_OPEN[1:]) or s.startswith("待补充:"):
            s, placeholder = s[4:], True
    s = MARKER_AT_LINE_START.sub("", s)
    return compact(s), placeholder


def _is_echo(line: str, ctx: MarkupContext) -> bool:
    """The title (or a part of it), or — unless it is a 【待补充：…】, which names a missing point
    of the outline on purpose — a heading or outline point, bare or with a bracketed note after it
    (the 1.5B echoes the prompt's “（四）持之以恒纠治“四风”（属于“主要做法和成效”）” as its first line)."""
    core, placeholder = _core(line)
    if len(core) < 2:
        return False
    title = compact(ctx.title)
    if core == title or (len(core) >= _ECHO_MIN and title and core in title):
        return True
    if placeholder:
        return False
    noted = _NOTE.match(MARKER_AT_LINE_START.sub("", line.strip()))
    bare = compact(noted.group(1)) if noted else core
    return any(compact(h) in (core, bare) for h in ctx.headings if h)


def _label_only(inner: str, vocab: GateVocab) -> bool:
    s = inner.strip().rstrip("：:")
    for label in vocab.labels:
        if s.startswith(label) and re.fullmatch(r"\s*[0-9０-９一二三四五六七八九十]*", s[len(label):]):
            return True
    return False


def wrapped_fact(inner: str, ctx: MarkupContext, vocab: GateVocab) -> bool:
    """Does the inside of a 【待补充：…】 state a fact (rather than say what is missing)?"""
    text = compact(inner)
    if len(text) < 6 or text.endswith(vocab.missing_kinds):
        return False
    nums = extract_numbers(inner)
    for fact in ctx.facts:
        f = compact(fact)
        if not f:
            continue
        if text in f and len(text) >= 8:
            return True
        if nums and all(any(same_quantity(n, m) for m in extract_numbers(fact)) for n in nums) and _common(text, f) >= 4:
            return True
        if _common(text, f) >= max(8, int(0.8 * len(text))):
            return True
    return False


def _common(a: str, b: str) -> int:
    """Length of the longest common substring."""
    best = 0
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0] * (len(b) + 1)
        for j, cb in enumerate(b, start=1):
            if ca == cb:
                cur[j] = prev[j - 1] + 1
                best = max(best, cur[j])
        prev = cur
    return best


def find_leaks(text: str, ctx: MarkupContext, vocab: GateVocab) -> list[Leak]:
    """Every leak in ``text``, with the safe repair when there is one. Spans are into ``text``."""
    leaks: list[Leak] = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        whole = (start, min(end + 1, len(text)))  # the line with its newline
        stripped = line.strip()
        if not stripped:
            continue
        if _is_echo(stripped, ctx):
            leaks.append(Leak(*whole, "MARKUP_HEADING_ECHO", stripped, ""))
            continue
        if any(p.search(stripped) for p in vocab.chatter):
            leaks.append(Leak(*whole, "MARKUP_LABEL", stripped, ""))  # the model talking about its answer
            continue
        if FENCE.match(line):
            leaks.append(Leak(*whole, "MARKUP_MARKDOWN", stripped, ""))
            continue
        if TABLE_ROW.match(line):
            leaks.append(Leak(start, end, "MARKUP_MARKDOWN", stripped, None))
            continue
        m = HEADING_MARK.match(line)
        if m and line[m.end():].strip():
            rest = line[m.end():].strip(" *")
            if len(rest) <= 30 and not rest.endswith(("。", "；")):
                leaks.append(Leak(*whole, "MARKUP_MARKDOWN", stripped, ""))  # a heading is structure: dropped
                continue
            leaks.append(Leak(start, start + m.end(), "MARKUP_MARKDOWN", m.group().strip(), ""))
        else:
            for pattern in (BULLET_OR_DOT, INDENTED_QUOTE):
                m = pattern.match(line)
                if m:
                    leaks.append(Leak(start, start + m.end(), "MARKUP_MARKDOWN", m.group().strip(), ""))
                    break
        m = MARKER_AT_LINE_START.match(HEADING_MARK.sub("", line))
        if m and not line.lstrip().startswith("#"):
            # "（一）召开专题会议4次，研究…。" is an item the model numbered: the marker goes, the sentence
            # stays. A short line under a marker is a heading of its own: not safe to repair.
            rest = line[m.end():].strip()
            item = len(rest) >= _ITEM_MIN_CHARS and any(p in rest.rstrip("。；;") for p in "，,；;。")
            leaks.append(Leak(start + (len(line) - len(line.lstrip())), start + m.end(), "MARKUP_NUMBERING",
                              m.group().strip(), "" if item else None))
        for b in SHORT_BOLD.finditer(line):
            leaks.append(Leak(start + b.start(), start + b.end(), "MARKUP_MARKDOWN", b.group(), b.group(2)))
        leaks.extend(_bracket_leaks(line, start, ctx, vocab))
    leaks.sort(key=lambda lk: (lk.start, -lk.end))
    return leaks


def _bracket_leaks(line: str, offset: int, ctx: MarkupContext, vocab: GateVocab) -> list[Leak]:
    out: list[Leak] = []
    canonical = {m.span(): m for m in CANONICAL_RE.finditer(line)}
    for m in _BRACKET.finditer(line):
        span = (offset + m.start(), offset + m.end())
        inner = m.group(1)
        if m.span() in canonical:
            body = re.sub(r"^待补充[：:]", "", inner).strip()
            if not body:
                out.append(Leak(*span, "MARKUP_LABEL", m.group(), ""))
            elif wrapped_fact(body, ctx, vocab):
                out.append(Leak(*span, "PLACEHOLDER_WRAPPED_FACT", m.group(), body))
            continue
        if _label_only(inner, vocab):
            out.append(Leak(*span, "MARKUP_LABEL", m.group(), ""))
        elif _is_echo(m.group(), ctx):
            out.append(Leak(*span, "MARKUP_HEADING_ECHO", m.group(), ""))
        else:
            out.append(Leak(*span, "MARKUP_LABEL", m.group(), None))
    return out


def prompt_labels(text: str, vocab: GateVocab | None = None) -> list[tuple[int, int, str]]:
    """(start, end, label) of every 【…】 that holds only a prompt label (【范文】, 【范文1】, 【事实】):
    the one markup check a human report gets too (no writer labels a paragraph so)."""
    vocab = vocab or load_vocab()
    return [(m.start(), m.end(), m.group()) for m in _BRACKET.finditer(text) if _label_only(m.group(1), vocab)]


def repair(text: str, leaks: list[Leak]) -> str:
    """``text`` with every safe leak replaced (leaks inside a dropped line go with it); lines left
    empty by a repair are dropped."""
    if not any(lk.safe for lk in leaks):
        return text
    out: list[str] = []
    pos = 0
    for lk in sorted((lk for lk in leaks if lk.safe), key=lambda lk: (lk.start, -lk.end)):
        if lk.start < pos:
            continue  # inside an edit already made (a label on a dropped line)
        out.append(text[pos : lk.start])
        out.append(lk.replacement or "")
        pos = lk.end
    out.append(text[pos:])
    lines = [ln.strip() for ln in "".join(out).split("\n")]
    return "\n".join(ln for ln in lines if ln)
