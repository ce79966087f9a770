"""Stop a reply that runs away: past its length budget, or looping over the same sentences.

Small models without an output limit loop until their context is full (the same three paragraphs
seven times over). ``RunawayGuard.feed`` sees the stream piece by piece and says when to stop;
``kept`` is then the text before the loop or the overrun, ``defect`` the reason in Chinese.
"""

from __future__ import annotations

import re

TOO_LONG = "输出超长"
REPEATING = "反复重复同一段话"

MIN_SENTENCE = 12  # shorter sentences (套话 like 取得积极成效) may honestly recur
SENTENCE_REPEATS = 3  # the same sentence this often is a loop
BLOCK_CHARS = 80  # a paragraph this long seen twice is a loop
TAIL_WINDOW = 160  # a loop without punctuation: the last TAIL_WINDOW chars repeat with a short period
MAX_PERIOD = 40

_SENTENCE_END = re.compile(r"[。！？；!?;\n]")
_TRAILING_PUNCT = "。！？；!?;，, \t\r"


class RunawayGuard:
    def __init__(self, max_chars: int | None = None) -> None:
        self.max_chars = max_chars if max_chars and max_chars > 0 else None
        self.text = ""
        self.defect: str | None = None
        self.kept = ""
        self._sentence_start = 0  # where the sentence being written began
        self._paragraph_start = 0
        self._sentences: dict[str, list[int]] = {}  # sentence -> where each occurrence began
        self._paragraphs: set[str] = set()

    def feed(self, piece: str) -> bool:
        """Add a streamed piece; True once the reply has run away (then stop reading)."""
        if self.defect is not None:
            return True
        scan_from = len(self.text)
        self.text += piece
        for m in _SENTENCE_END.finditer(self.text, max(scan_from, self._sentence_start)):
            if self._end_sentence(m.start(), m.group() == "\n"):
                return True
        if self._periodic_tail():
            return True
        if self.max_chars is not None and len(self.text) > self.max_chars:
            return self._stop(TOO_LONG, _cut_at_sentence(self.text[: self.max_chars]))
        return False

    def _end_sentence(self, end: int, paragraph_end: bool) -> bool:
        start, self._sentence_start = self._sentence_start, end + 1
        raw = self.text[start:end]
        sentence = raw.strip().strip(_TRAILING_PUNCT)
        if len(sentence) >= MIN_SENTENCE:
            seen = self._sentences.setdefault(sentence, [])
            seen.append(start + (len(raw) - len(raw.lstrip())))
            if len(seen) >= SENTENCE_REPEATS:
                return self._stop(REPEATING, self.text[: seen[1]])
        if paragraph_end:
            p_start, self._paragraph_start = self._paragraph_start, end + 1
            paragraph = self.text[p_start:end].strip()
            if len(paragraph) >= BLOCK_CHARS:
                if paragraph in self._paragraphs:
                    return self._stop(REPEATING, self.text[:p_start])
                self._paragraphs.add(paragraph)
        return False

    def _periodic_tail(self) -> bool:
        tail = self.text[-TAIL_WINDOW:]
        if len(tail) < TAIL_WINDOW:
            return False
        for period in range(1, MAX_PERIOD + 1):
            if tail[period:] == tail[:-period]:
                begin = len(self.text) - TAIL_WINDOW
                while begin > 0 and self.text[begin - 1] == self.text[begin - 1 + period]:
                    begin -= 1  # back to where the loop began: keep one turn of it
                return self._stop(REPEATING, self.text[: begin + period])
        return False

    def _stop(self, defect: str, kept: str) -> bool:
        self.defect, self.kept = defect, kept.rstrip()
        return True


def _cut_at_sentence(text: str) -> str:
    """``text`` up to its last sentence end, when that keeps at least half of it."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    return text[: ends[-1]] if ends and ends[-1] >= len(text) // 2 else text
