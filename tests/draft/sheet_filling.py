"""Fill a blank `bigan facts template` the way a writer does, with openpyxl / python-docx directly
(not with bigan's own writer), so the round trip tests the template, not a mirror of the reader.

Excel: the 小标题 is repeated on every row of its sub-section. Word: the 小标题 only on the first
row, and two facts share one cell as two lines. Both are conventions the form accepts.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pipeline.schema.factsheet import FactSheet, SubSection
from pipeline.types import GENRE_NAMES

LABELS = {"unit": "单位", "year": "年度", "period": "时段", "org_level": "层级", "title": "标题", "addressee": "称谓",
          "signature": "落款", "date": "成文日期", "author": "述职人/发言人", "basis": "汇报依据"}
SHEETS = {  # outline headings as the writer sees them
    "seminar_speech": {"opening": "开场", "points": "发言要点", "closing": "结尾"},
}


def _sheet_name(genre: str, sid: str) -> str:
    from pipeline.schema.outline import load_outline

    named = SHEETS.get(genre, {})
    return named.get(sid) or load_outline(genre).section(sid).heading


def fill_xlsx(template: Path, sheet: FactSheet, out: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(template)
    header = wb["基本信息"]
    assert header["B2"].value == GENRE_NAMES[sheet.genre]  # the template names its genre
    for row in header.iter_rows(min_row=2):
        for field, label in LABELS.items():
            value = getattr(sheet, field)
            if row[0].value == label and value is not None:
                row[1].value = value if not isinstance(value, dt.date) else dt.datetime(value.year, value.month, value.day)
    for sid, items in sheet.sections.items():
        ws = wb[_sheet_name(sheet.genre, sid)]
        assert [c.value for c in ws[2]][:2] == ["小标题", "事实"]
        r = 3
        for item in items:
            for heading, fact in ([(None, item)] if isinstance(item, str) else [(item.heading, f) for f in item.facts]):
                ws.cell(r, 1, heading)
                ws.cell(r, 2, fact)
                r += 1
    wb.save(out)


def fill_docx(template: Path, sheet: FactSheet, out: Path) -> None:
    import docx

    doc = docx.Document(str(template))
    tables = doc.tables
    header = tables[0]
    for row in header.rows:
        for field, label in LABELS.items():
            value = getattr(sheet, field)
            if row.cells[0].text == label and value is not None:
                row.cells[1].text = value.isoformat() if isinstance(value, dt.date) else str(value)
    by_heading = {}
    previous = None
    for block in doc.element.body.iterchildren():
        if block.tag.endswith("}p"):
            text = "".join(t.text or "" for t in block.iter() if t.tag.endswith("}t")).strip()
            previous = text if text and not text.startswith("本节写") else previous
        elif block.tag.endswith("}tbl"):
            by_heading[previous] = next(t for t in tables if t._tbl is block)
    for sid, items in sheet.sections.items():
        table = by_heading[_sheet_name(sheet.genre, sid)]
        rows: list[tuple[str, str]] = []
        for item in items:
            if isinstance(item, SubSection):
                facts = item.facts
                pairs = ["\n".join(facts[i:i + 2]) for i in range(0, len(facts), 2)]  # two facts in one cell
                rows.extend((item.heading if i == 0 else "", cell) for i, cell in enumerate(pairs))
            else:
                rows.append(("", item))
        while len(table.rows) - 1 < len(rows):
            table.add_row()
        for row, (heading, fact) in zip(table.rows[1:], rows):
            row.cells[0].text = heading
            row.cells[1].text = ""
            lines = fact.split("\n")
            row.cells[1].paragraphs[0].text = lines[0]
            for line in lines[1:]:
                row.cells[1].add_paragraph(line)
    doc.save(str(out))
