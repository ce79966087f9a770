"""draft.json → Markdown: title, addressee, numbered headings, body, placeholders left visible."""

from __future__ import annotations

from ..types import Draft, placeholder
from .layout import layout, normalize_addressee, normalize_date, split_paragraphs, title_lines


def render_markdown(draft: Draft, renumber: bool = True) -> str:
    """The draft as Markdown. Level-1 sections are ``##``, (一) ``###`` and so on; a section
    without a heading contributes only its paragraphs. 【待补充：…】 stays as written."""
    meta = draft.meta
    out: list[str] = []
    title = "".join(line for line, _ in title_lines(meta.title, split_subtitle=False))
    out.append(f"# {title or placeholder('标题')}")
    addressee = normalize_addressee(meta.addressee)
    if addressee:
        out.append(addressee)
    out.extend(split_paragraphs(meta.opening))
    for block in layout(draft, renumber=renumber):
        if block.heading:
            out.append("#" * (block.level + 1) + " " + block.numbered_heading)
        out.extend(block.paragraphs)
    out.extend(split_paragraphs(meta.closing))
    signature = [t for t in ((meta.signature or "").strip(), normalize_date(meta.date)) if t]
    if signature:
        # Two trailing spaces: a line break, so signature and date stay on their own lines.
        out.append("  \n".join(signature))
    return "\n\n".join(out) + "\n"
