"""HTML pieces built in Python: section text with placeholders and findings highlighted."""

from __future__ import annotations

import html

from markupsafe import Markup

from ...text.placeholders import CANONICAL_RE
from ...types import Finding


def _marks(text: str, findings: list[Finding]) -> list[tuple[int, int, str, str]]:
    marks = [(m.start(), m.end(), "ph", "待补充：请补充材料后替换") for m in CANONICAL_RE.finditer(text)]
    for f in findings:
        if f.span and 0 <= f.span[0] < f.span[1] <= len(text):
            marks.append((f.span[0], f.span[1], f"f-{f.severity}", f"{f.code}：{f.message}"))
    return sorted(marks, key=lambda m: (m[0], -m[1]))


def highlight(text: str, findings: list[Finding] | None = None) -> Markup:
    """Paragraphs as <p>; placeholders as <mark class="ph">; finding spans as <mark class="f-…">."""
    marks = _marks(text, findings or [])
    paras: list[str] = []
    offset = 0
    for line in text.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        if not line.strip():
            continue
        out: list[str] = []
        pos = start
        for m_start, m_end, cls, title in marks:
            if m_start < pos or m_end > end:
                continue  # overlapping or crossing a paragraph: the first mark wins
            out.append(html.escape(text[pos:m_start]))
            out.append(f'<mark class="{cls}" title="{html.escape(title)}">{html.escape(text[m_start:m_end])}</mark>')
            pos = m_end
        out.append(html.escape(text[pos:end]))
        paras.append("<p>" + "".join(out) + "</p>")
    return Markup("".join(paras) or '<p class="empty">（本节暂无正文）</p>')
