"""Repetition: the same sentence twice in a section, or a sentence another section already has.

Sentences are compared by their wording (whitespace and punctuation ignored); short ones (below
prompts/gates.yaml ``repetition.min_chars``) are formulas that recur legitimately and are skipped.
Long ones that differ by a word or two (``near_ratio`` of their characters match) are the same
sentence to a reader, and count as one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from ..text.words import compact, sentence_spans


@dataclass
class Repeat:
    start: int  # the first repetition (the second occurrence) in the text
    end: int
    sentence: str
    count: int  # how often the sentence occurs in this text (1 for one already in another section)


@dataclass(frozen=True)
class Likeness:
    min_chars: int = 12
    near_chars: int = 14
    near_ratio: float = 0.9

    def same(self, a: str, b: str) -> bool:
        if a == b:
            return True
        if min(len(a), len(b)) < self.near_chars or min(len(a), len(b)) < self.near_ratio * max(len(a), len(b)):
            return False
        m = SequenceMatcher(None, a, b, autojunk=False)
        return m.quick_ratio() >= self.near_ratio and m.ratio() >= self.near_ratio


def _sentences(text: str, min_chars: int) -> list[tuple[int, int, str]]:
    out = []
    for start, end in sentence_spans(text):
        key = compact(text[start:end])
        if len(key) >= min_chars:
            out.append((start, end, key))
    return out


def repeats_within(text: str, like: Likeness = Likeness()) -> list[Repeat]:
    """One Repeat per sentence that occurs more than once in ``text``."""
    groups: list[tuple[str, list[tuple[int, int]]]] = []  # (first wording, spans)
    for start, end, key in _sentences(text, like.min_chars):
        for first, spans in groups:
            if like.same(first, key):
                spans.append((start, end))
                break
        else:
            groups.append((key, [(start, end)]))
    out = []
    for _, spans in groups:
        if len(spans) > 1:
            start, end = spans[1]
            out.append(Repeat(start, end, text[start:end].strip(), len(spans)))
    return sorted(out, key=lambda r: r.start)


def repeats_across(text: str, others: Iterable[str], like: Likeness = Likeness()) -> list[Repeat]:
    """Sentences of ``text`` that one of ``others`` (other sections) already contains."""
    before = list(dict.fromkeys(key for other in others for _, _, key in _sentences(other, like.min_chars)))
    out: list[Repeat] = []
    reported: list[str] = []
    for start, end, key in _sentences(text, like.min_chars):
        if any(like.same(key, r) for r in reported):
            continue
        if any(like.same(key, b) for b in before):
            reported.append(key)
            out.append(Repeat(start, end, text[start:end].strip(), 1))
    return out
