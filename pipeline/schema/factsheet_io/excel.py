"""Fact sheets as Excel workbooks (openpyxl): 填写说明, 基本信息, then one sheet per outline section.

Errors name the sheet and cell: ``事实清单.xlsx: 主要做法和成效!B7: 应为文本 (expected text)：32``.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from ...errors import InputError
from ...types import ORG_LEVELS
from ..factsheet import FactSheet
from ..outline import Outline
from . import form

_HEAD_FILL = "F2DCDB"
_NOTE_COLOR = "6A737D"
_SCAN_ROWS = 10  # the header row is looked for among the first rows (a note may sit above it)


def workbook_bytes(outline: Outline, sheet: FactSheet | None = None) -> bytes:
    """The fill-in workbook for ``outline``; with ``sheet``, filled with its values and facts."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor=_HEAD_FILL)
    note = Font(color=_NOTE_COLOR)
    wrap = Alignment(wrap_text=True, vertical="top")

    wb = Workbook()
    guide = wb.active
    guide.title = form.GUIDE_NAME
    guide["A1"] = f"事实清单 · {outline.name}"
    guide["A1"].font = Font(bold=True, size=14)
    for i, line in enumerate(form.guide_lines(".xlsx"), start=3):
        guide.cell(i, 1, line)
    guide.column_dimensions["A"].width = 110

    header = wb.create_sheet(form.HEADER_NAME)
    header.append([*form.HEADER_COLUMNS, form.NOTE_COLUMN])
    for f in form.header_fields():
        value = form.header_value(f.name, sheet) if sheet is not None else (
            form.genre_value(outline.genre) if f.name == "genre" else None)
        why = "由模板决定，勿改" if f.name == "genre" else f.note
        header.append([f.label, value, ("必填。" if f.required else "") + why])
        if isinstance(value, dt.date):
            header.cell(header.max_row, 2).number_format = "yyyy-mm-dd"
    levels = DataValidation(type="list", formula1='"' + ",".join(ORG_LEVELS) + '"', allow_blank=True)
    header.add_data_validation(levels)
    for row in header.iter_rows(min_row=2):
        if row[0].value == FactSheet.model_fields["org_level"].title:
            levels.add(row[1])
        row[2].font = note
    _style_table(header, {"A": 16, "B": 48, "C": 60}, bold, head_fill, wrap, header_row=1)

    for sid, name in form.table_names(outline).items():
        osec = outline.section(sid)
        ws = wb.create_sheet(name)
        ws["A1"] = form.section_hint(osec)
        ws["A1"].font = note
        ws.append(list(form.SECTION_COLUMNS))
        for row in form.section_rows(sheet.sections.get(sid, []) if sheet is not None else []):
            ws.append(list(row))
        _style_table(ws, {"A": 28, "B": 100}, bold, head_fill, wrap, header_row=2)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _style_table(ws, widths: dict[str, int], bold, fill, wrap, *, header_row: int) -> None:
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    for cell in ws[header_row]:
        cell.font, cell.fill = bold, fill
    for row in ws.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = wrap
    ws.freeze_panes = ws.cell(header_row + 1, 1)


# --------------------------------------------------------------------------- reading


def read_workbook(path: Path, outline: Outline | str | None = None, prompts_dir=None) -> FactSheet:
    from openpyxl import load_workbook

    from ...ingest.read import FACT_SHEET_INFLATE_LIMIT, check_package

    check_package(path, ".xlsx", inflate_limit=FACT_SHEET_INFLATE_LIMIT)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a bad package
        raise InputError(f"无法读取 Excel 文件：{type(exc).__name__} (unreadable .xlsx)", path=path) from None
    try:
        names = wb.sheetnames
        if form.HEADER_NAME not in names:
            raise InputError(f"缺少工作表“{form.HEADER_NAME}” (missing sheet)", path=path)
        cells = form.Cells(fallback=form.HEADER_NAME)
        data = form.header_from_rows(_rows(wb[form.HEADER_NAME], form.HEADER_NAME, path, form.HEADER_COLUMNS), cells, path)
        outline = form.outline_for(data, cells, outline, path, prompts_dir)
        sections: dict[str, Any] = {}
        for name in names:
            if name in (form.HEADER_NAME, form.GUIDE_NAME):
                continue
            sid = form.section_for_name(outline, name)
            if sid is None:
                known = "、".join(form.table_names(outline).values())
                raise InputError(f"未知工作表“{name}”（{outline.name}的章节表为：{known}）(unknown sheet)", path=path)
            if sid in sections:
                raise InputError(f"章节“{name}”有两张工作表 (duplicate sheet)", path=path)
            items = form.items_from_rows(sid, _rows(wb[name], name, path, form.SECTION_COLUMNS), cells)
            if items:
                sections[sid] = items
    finally:
        wb.close()
    data["sections"] = sections
    sheet = form.validate_cells(data, cells, path)
    return form.require_facts(sheet, path, None)


def _ref(sheet: str, row: int, col: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{sheet}!{get_column_letter(col)}{row}"


def _find_header(ws, name: str, path: Path, wanted: tuple[str, str]) -> tuple[int, dict[str, int], list]:
    """Row number, {column title: index} and the rows after it; InputError when the header row is missing."""
    ws.reset_dimensions()  # read-only mode trusts the file's stated size; some writers state it wrong
    rows = ws.iter_rows(values_only=True)
    for number, row in enumerate(rows, start=1):
        titles = {str(v).strip(): i for i, v in enumerate(row) if isinstance(v, str) and v.strip()}
        if all(w in titles for w in wanted):
            return number, titles, rows
        if number >= _SCAN_ROWS:
            break
    raise InputError(f"找不到表头行“{'”“'.join(wanted)}”(missing header row)", path=path, field=name)


def _cells_after(ws, name: str, path: Path, wanted: tuple[str, str]):
    """(row number, {title: value}) for each row below the header; a value under no title is an error."""
    header_row, titles, rows = _find_header(ws, name, path, wanted)
    filled = 0
    for number, row in enumerate(rows, start=header_row + 1):
        if not any(form.cell_value(v) is not None for v in row):
            continue  # formatted but empty rows do not count
        filled += 1
        if filled > form.MAX_ROWS:
            raise InputError(f"超过 {form.MAX_ROWS} 行，不像事实清单 (too many rows)", path=path, field=name)
        for i, value in enumerate(row):
            if i not in titles.values() and form.cell_value(value) is not None:
                raise InputError(f"该列没有表头，内容无法归属：{value!r} (cell outside the table)", path=path,
                                 field=_ref(name, number, i + 1))
        yield number, {title: (row[i] if i < len(row) else None) for title, i in titles.items()}, titles


def _rows(ws, name: str, path: Path, columns: tuple[str, str]):
    """The table's rows as form Rows: ``heading`` from the first of ``columns``, ``fact`` from the second."""
    first, second = columns
    for number, values, titles in _cells_after(ws, name, path, columns):
        yield form.Row(
            heading=values[first], fact=values[second],
            heading_at=_ref(name, number, titles[first] + 1), fact_at=_ref(name, number, titles[second] + 1),
        )
