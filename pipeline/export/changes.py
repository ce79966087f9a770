"""The 对照表 of a draft written on last year's report, as the .docx's second part.

After the report, on a new section (landscape is not needed: four narrow columns fit A4), a
title and one table: 类别 | 位置 | 上年表述 | 本年表述. It is for the writer's check and is not
part of the report itself; deleting that section leaves the report as it was.
"""

from __future__ import annotations

from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from ..types import CHANGES_TITLE as TITLE
from ..types import Draft
HEADER = ("类别", "位置", "上年表述", "本年表述")


def change_rows(draft: Draft) -> list[tuple[str, str, str, str]]:
    from ..draft.changes import KINDS

    rows = []
    for c in draft.extra.get("changes") or []:
        this_year = c.get("this_year", "")
        if c.get("note") and c.get("kind") != "changed":
            this_year = f"{this_year}（{c['note']}）" if this_year else c["note"]
        rows.append((KINDS.get(c.get("kind", ""), c.get("kind", "")), c.get("where", ""), c.get("last_year", ""), this_year))
    return rows


def add_changes(doc, draft: Draft, body_font: str, size_pt: float = 10.5) -> None:
    """Append the 对照表 as a new section of ``doc`` (nothing when the draft has no changes)."""
    rows = change_rows(draft)
    if not rows:
        return
    doc.add_section(WD_SECTION.NEW_PAGE)
    based = draft.extra.get("based_on") or {}
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(TITLE)
    run.bold = True
    run.font.size = Pt(14)
    if based.get("source"):
        note = doc.add_paragraph()
        note.add_run(f"上年报告：{based['source']}；共 {len(rows)} 项。").font.size = Pt(size_pt)
    table = doc.add_table(rows=1, cols=len(HEADER))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADER):
        cell.text = ""
        r = cell.paragraphs[0].add_run(text)
        r.bold = True
        r.font.size = Pt(size_pt)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = ""
            cell.paragraphs[0].add_run(text).font.size = Pt(size_pt)
