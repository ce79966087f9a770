"""Fact sheets as Word documents (python-docx): the 基本信息 table, then one table per outline section,
each below a paragraph naming its section. Only the tables are read; the text around them is the writer's.

Errors name the table, row and column: ``事实清单.docx: “主要做法和成效”表第7行“事实”列: …``.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from ...errors import InputError
from ..factsheet import FactSheet
from ..outline import Outline
from . import form

TEMPLATE_ROWS = 6  # empty rows an unfilled section table offers


def document_bytes(outline: Outline, sheet: FactSheet | None = None) -> bytes:
    """The fill-in document for ``outline``; with ``sheet``, filled with its values and facts."""
    import docx
    from docx.shared import Cm, Pt, RGBColor

    doc = docx.Document()
    doc.styles["Normal"].font.size = Pt(11)
    doc.add_heading(f"事实清单 · {outline.name}", level=1)
    for line in form.guide_lines(".docx"):
        doc.add_paragraph(line).runs[0].font.color.rgb = RGBColor(0x6A, 0x73, 0x7D)

    doc.add_heading(form.HEADER_NAME, level=2)
    rows = []
    for f in form.header_fields():
        value = form.header_value(f.name, sheet) if sheet is not None else (
            form.genre_value(outline.genre) if f.name == "genre" else None)
        if isinstance(value, dt.date):
            value = value.isoformat()
        why = "由模板决定，勿改" if f.name == "genre" else f.note
        rows.append((f.label, "" if value is None else str(value), ("必填。" if f.required else "") + why))
    _table(doc, (*form.HEADER_COLUMNS, form.NOTE_COLUMN), rows, (Cm(3), Cm(6), Cm(7)))

    for sid, name in form.table_names(outline).items():
        doc.add_heading(name, level=2)
        doc.add_paragraph(form.section_hint(outline.section(sid))).runs[0].font.color.rgb = RGBColor(0x6A, 0x73, 0x7D)
        filled = form.section_rows(sheet.sections.get(sid, [])) if sheet is not None else []
        _table(doc, form.SECTION_COLUMNS, filled or [("", "")] * TEMPLATE_ROWS, (Cm(4), Cm(12)))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _table(doc, titles, rows, widths) -> None:
    table = doc.add_table(rows=1, cols=len(titles))
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, titles):
        cell.text = title
        cell.paragraphs[0].runs[0].bold = True
    for values in rows:
        for cell, value in zip(table.add_row().cells, values):
            cell.text = value
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


# --------------------------------------------------------------------------- reading


def read_document(path: Path, outline: Outline | str | None = None, prompts_dir=None) -> FactSheet:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from ...ingest.read import FACT_SHEET_INFLATE_LIMIT, check_package

    check_package(path, ".docx", inflate_limit=FACT_SHEET_INFLATE_LIMIT)
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on bad packages
        raise InputError(f"无法读取 Word 文件：{type(exc).__name__} (unreadable .docx)", path=path) from None
    tables: list[tuple[list[str], list[list[Any]]]] = []  # (paragraphs since the last table, the table's rows)
    before: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(child, document).text.strip()
            if text:
                before.append(text)
        elif tag == "tbl":
            tables.append((before, _table_values(Table(child, document))))
            before = []
    header = [n for n, t in enumerate(tables) if _columns(t[1], form.HEADER_COLUMNS) is not None]
    if len(header) != 1:
        raise InputError(f"应有且只有一张“{form.HEADER_NAME}”表（表头：{'、'.join(form.HEADER_COLUMNS)}），"
                         f"找到 {len(header)} 张 (missing header table)", path=path)
    cells = form.Cells(fallback=f"“{form.HEADER_NAME}”表")
    data = form.header_from_rows(_rows(form.HEADER_NAME, tables[header[0]][1], form.HEADER_COLUMNS, path), cells, path)
    outline = form.outline_for(data, cells, outline, path, prompts_dir)
    sections: dict[str, Any] = {}
    for n, (paragraphs, values) in enumerate(tables, start=1):
        if n - 1 == header[0]:
            continue
        if _columns(values, form.SECTION_COLUMNS) is None:
            raise InputError(f"第{n}个表格的表头应为“{'”“'.join(form.SECTION_COLUMNS)}”(unknown table)", path=path)
        sid = next((s for s in map(lambda p: form.section_for_name(outline, p), reversed(paragraphs)) if s), None)
        if sid is None:
            known = "、".join(form.table_names(outline).values())
            raise InputError(f"第{n}个表格上方没有章节名（{outline.name}的章节为：{known}）(table without a section)",
                             path=path)
        if sid in sections:
            raise InputError(f"章节“{form.table_names(outline)[sid]}”有两张表格 (duplicate table)", path=path)
        name = form.table_names(outline)[sid]
        items = form.items_from_rows(sid, _rows(name, values, form.SECTION_COLUMNS, path), cells)
        if items:
            sections[sid] = items
    data["sections"] = sections
    return form.require_facts(form.validate_cells(data, cells, path), path, None)


def _table_values(table) -> list[list[Any]]:
    """Each row's cell texts (a cell's paragraphs joined by line breaks; a merged cell counted once)."""
    rows = []
    for n, row in enumerate(table.rows):
        if n > form.MAX_ROWS:
            break
        seen, values = set(), []
        for cell in row.cells:
            values.append(None if id(cell._tc) in seen else "\n".join(p.text for p in cell.paragraphs))
            seen.add(id(cell._tc))
        rows.append(values)
    return rows


def _columns(values: list[list[Any]], wanted: tuple[str, ...]) -> dict[str, int] | None:
    if not values:
        return None
    titles = {str(v).strip(): i for i, v in enumerate(values[0]) if v and str(v).strip()}
    return titles if all(w in titles for w in wanted) else None


def _rows(name: str, values: list[list[Any]], columns: tuple[str, str], path: Path):
    """The table's rows as form Rows: ``heading`` from the first of ``columns``, ``fact`` from the second."""
    if len(values) > form.MAX_ROWS:
        raise InputError(f"超过 {form.MAX_ROWS} 行，不像事实清单 (too many rows)", path=path, field=f"“{name}”表")
    titles = _columns(values, columns)
    assert titles is not None
    for number, row in enumerate(values[1:], start=2):
        for i, value in enumerate(row):
            if i not in titles.values() and form.cell_value(value) is not None:
                raise InputError(f"该列没有表头，内容无法归属：{value!r} (cell outside the table)", path=path,
                                 field=f"“{name}”表第{number}行第{i + 1}列")
        cell = {title: row[i] if i < len(row) else None for title, i in titles.items()}
        first, second = columns
        yield form.Row(heading=cell[first], fact=cell[second], heading_at=f"“{name}”表第{number}行“{first}”列",
                       fact_at=f"“{name}”表第{number}行“{second}”列")
