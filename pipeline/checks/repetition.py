"""Repetition: the same sentence twice in a section, or a sentence another section already has.

Sentences are compared by their wording (whitespace and punctuation ignored); short ones (below
prompts/gates.yaml ``repetition.min_chars``) are formulas that recur legitimately and are skipped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .words import compact, sentence_spans


@dataclass
class Repeat:
    start: int  # the first repetition (the second occurrence) in the text
    end: int
    sentence: str
    count: int  # how often the sentence occurs in this text (1 for one already in another section)


def _sentences(text: str, min_chars: int) -> list[tuple[int, int, str]]:
    out = []
    for start, end in sentence_spans(text):
        key = compact(text[start:end])
        if len(key) >= min_chars:
            out.append((start, end, key))
    return out


def repeats_within(text: str, min_chars: int = 12) -> list[Repeat]:
    """One Repeat per sentence that occurs more than once in ``text``."""
    seen: dict[str, list[tuple[int, int]]] = {}
    for start, end, key in _sentences(text, min_chars):
        seen.setdefault(key, []).append((start, end))
    out = []
    for spans in seen.values():
        if len(spans) > 1:
            start, end = spans[1]
            out.append(Repeat(start, end, text[start:end].strip(), len(spans)))
    return sorted(out, key=lambda r: r.start)


def repeats_across(text: str, others: Iterable[str], min_chars: int = 12) -> list[Repeat]:
    """Sentences of ``text`` that one of ``others`` (other sections) already contains."""
    before = {key for other in others for _, _, key in _sentences(other, min_chars)}
    out: list[Repeat] = []
    reported: set[str] = set()
    for start, end, key in _sentences(text, min_chars):
        if key in before and key not in reported:
            reported.add(key)
            out.append(Repeat(start, end, text[start:end].strip(), 1))
    return out
