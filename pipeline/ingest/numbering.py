"""Rebuild the heading numbers Word generates from numbering definitions (numbering.xml).

A paragraph's text comes without them, so "一、基本情况" would arrive as "基本情况".
We replay Word's counters: each paragraph with ``w:numPr`` (direct or through its style) bumps the
counter of its (numId, ilvl); deeper levels restart; ``lvlText`` such as "（%1）" is filled in with
each level's number in its ``numFmt`` (decimal, chineseCounting, …).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..text.numerals import chinese_numeral

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (Word's chineseCounting)."""
    return str(n) if n <= 0 else chinese_numeral(n)


def _roman(n: int) -> str:
    vals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
            (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for v, s in vals:
        while n >= v:
            out += s
            n -= v
    return out


def _letters(n: int) -> str:
    # Word repeats the letter: 27 → aa
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographLegalTraditional",
               "taiwaneseCounting", "taiwaneseCountingThousand", "japaneseCounting"):
        return chinese_number(n)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    if fmt in ("ideographTraditional",) and 1 <= n <= 10:
        return _TIANGAN[n - 1]
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt in ("none", "bullet"):
        return ""
    return str(n)  # decimal, decimalZero and anything unknown


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


@dataclass
class WordNumbering:
    abstract: dict[str, dict[int, Level]] = field(default_factory=dict)  # abstractNumId → ilvl → Level
    nums: dict[str, str] = field(default_factory=dict)  # numId → abstractNumId
    overrides: dict[tuple[str, int], int] = field(default_factory=dict)  # (numId, ilvl) → start
    style_numpr: dict[str, tuple[str, int]] = field(default_factory=dict)  # styleId → (numId, ilvl)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)  # numId → ilvl → current

    @classmethod
    def from_parts(cls, numbering, styles) -> WordNumbering:
        """From the parsed numbering.xml and styles.xml roots (either may be None)."""
        self = cls()
        if numbering is not None:
            for absnum in numbering.iter(W + "abstractNum"):
                levels: dict[int, Level] = {}
                for lvl in absnum.iter(W + "lvl"):
                    try:
                        ilvl = int(lvl.get(W + "ilvl", "0"))
                        start, fmt, text = lvl.find(W + "start"), lvl.find(W + "numFmt"), lvl.find(W + "lvlText")
                        levels[ilvl] = Level(
                            start=int(start.get(W + "val")) if start is not None else 1,
                            fmt=fmt.get(W + "val") if fmt is not None else "decimal",
                            text=text.get(W + "val") if text is not None else "",
                        )
                    except (TypeError, ValueError):
                        continue  # a damaged level prints no number, like Word
                self.abstract[absnum.get(W + "abstractNumId")] = levels
            for num in numbering.iter(W + "num"):
                num_id = num.get(W + "numId")
                ref = num.find(W + "abstractNumId")
                if ref is not None:
                    self.nums[num_id] = ref.get(W + "val")
                for override in num.iter(W + "lvlOverride"):
                    so = override.find(W + "startOverride")
                    try:
                        if so is not None:
                            self.overrides[(num_id, int(override.get(W + "ilvl", "0")))] = int(so.get(W + "val"))
                    except (TypeError, ValueError):
                        continue
        if styles is not None:
            for style in styles.iter(W + "style"):
                numpr = style.find(f"{W}pPr/{W}numPr")
                if numpr is not None:
                    num_id = numpr.find(W + "numId")
                    ilvl = numpr.find(W + "ilvl")
                    try:
                        if num_id is not None:
                            self.style_numpr[style.get(W + "styleId")] = (
                                num_id.get(W + "val"),
                                int(ilvl.get(W + "val")) if ilvl is not None else 0,
                            )
                    except (TypeError, ValueError):
                        continue
        return self

    def _numpr(self, p) -> tuple[str, int] | None:
        numpr = p.find(f"{W}pPr/{W}numPr")
        if numpr is not None:
            num_id = numpr.find(W + "numId")
            ilvl = numpr.find(W + "ilvl")
            if num_id is not None:
                try:
                    return num_id.get(W + "val"), int(ilvl.get(W + "val")) if ilvl is not None else 0
                except (TypeError, ValueError):
                    return None
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None:
            return self.style_numpr.get(style.get(W + "val"))
        return None

    def marker_for(self, p, text: str) -> str:
        """The number Word would print before paragraph ``p`` (a w:p element) whose text is
        ``text`` ("" if none); advances the counters."""
        if not self.abstract or not text.strip():
            return ""
        numpr = self._numpr(p)
        if numpr is None:
            return ""
        num_id, ilvl = numpr
        if num_id == "0" or num_id not in self.nums:
            return ""  # numId 0 switches numbering off
        levels = self.abstract.get(self.nums[num_id], {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        start = self.overrides.get((num_id, ilvl), levels[ilvl].start)
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]  # lower levels restart under a new parent
        text = levels[ilvl].text
        if levels[ilvl].fmt == "bullet":
            return ""
        for k in range(9):
            token = f"%{k + 1}"
            if token in text:
                lvl = levels.get(k, Level())
                value = counters.get(k, self.overrides.get((num_id, k), lvl.start))
                text = text.replace(token, format_number(value, lvl.fmt))
        return text
