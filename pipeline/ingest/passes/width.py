"""Character width and spacing: what cleaning changes without a record (NFKC folds it back).

ASCII letters and digits become half-width; , ; : ? ! and (…) become full-width in Chinese context;
spaces between Chinese characters go (but not between the phrases of a short title).
"""

from __future__ import annotations

import re

from ..lines import Text
from ...text.markers import CJK, half_width, match_marker
from .base import Pass

_HALF_PUNCT = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_PUNCT_IN_CN = re.compile(rf"(?<=[{CJK}）”》])([,;:?!])|([,;:?!])(?=[{CJK}“《（])")
_STOP_IN_CN = re.compile(rf"(?<=[{CJK}])\.(?=[{CJK}“]|$)")  # "学习10次.下一步" (never 1. or 3.5)
_DIGIT_DOT = re.compile(r"(?<=\d)．(?=\d)")
_PARENS_IN_CN = re.compile(rf"\(([^()\n]*[{CJK}][^()\n]*)\)")
_SPACE_IN_CN = re.compile(rf"(?<=[{CJK}，。、；：！？（）“”《》])[ \u3000\u00a0]+(?=[{CJK}，。、；：！？（）“”《》])")
_SPACES = re.compile(r"[ \u3000\u00a0]+")


def full_width_punctuation(text: str) -> str:
    """, ; : ? ! and (…) as Chinese punctuation where they stand in Chinese text; 学习10次. → 学习10次。"""
    text = _PUNCT_IN_CN.sub(lambda m: _HALF_PUNCT[m.group(1) or m.group(2)], text)
    text = _STOP_IN_CN.sub("。", text)
    text = _PARENS_IN_CN.sub(lambda m: f"（{m.group(1)}）", text)
    return _DIGIT_DOT.sub(".", text).replace("％", "%")  # 7．2％ → 7.2%


def normalize_width(line: str) -> str:
    """ASCII letters/digits half-width; Chinese punctuation full-width in Chinese context.

    A heading marker at the start of the line is kept as written (checks flag "(一)" misuse).
    """
    line = half_width(line)
    marker = match_marker(line)
    head, body = (line[: marker.end], line[marker.end:]) if marker else ("", line)
    return head + full_width_punctuation(body)


def drop_stray_spaces(line: str) -> str:
    """Spaces between Chinese characters go, except between the phrases of a short title
    ("以学铸魂 以学促干"): runs of four or more characters on both sides, no sentence punctuation."""
    runs = _SPACES.split(line)
    if len(line) <= 40 and len(runs) > 1 and not re.search(r"[，。；：]", line):
        wide = re.search(r"[ \u3000\u00a0]{2,}|\u3000", line)  # a deliberate gap: "主任  李某某"
        if all(len(r) >= 4 for r in runs) or (wide and all(len(r) >= 2 for r in runs)):
            return " ".join(runs)
    return _SPACE_IN_CN.sub("", line)


class Width(Pass):
    """Stray spaces out, letters and digits half-width, Chinese punctuation full-width; no blank
    lines at either end."""

    name = "width"

    def __call__(self, text: Text) -> None:
        for line in text.lines:
            line.text = normalize_width(drop_stray_spaces(line.text))
        lines = text.lines
        start = next((k for k, line in enumerate(lines) if line.text), len(lines))
        end = next((k for k in range(len(lines), 0, -1) if lines[k - 1].text), start)
        text.lines = lines[start:end]
