"""Fact sheets a writer fills in Excel or Word (or on the web page), besides YAML.

``read_table_sheet(path)`` reads a filled .xlsx or .docx into the same FactSheet the YAML gives;
``template_bytes(outline, suffix, sheet=None)`` writes the fill-in template (filled when a sheet is given).
``load_factsheet`` (draft/factsheet.py) dispatches here on the file's suffix.
"""

from __future__ import annotations

from pathlib import Path

from ...errors import InputError
from ..factsheet import FactSheet
from ..outline import Outline

TABLE_SUFFIXES = (".xlsx", ".docx")
# Formats a writer may have saved by habit: say what to do instead of "not YAML".
_OLD_FORMATS = {".xls": "Excel", ".et": "WPS 表格", ".doc": "Word", ".wps": "WPS 文字"}


def is_table_file(path: str | Path) -> bool:
    suffix = Path(path).suffix.lower()
    if suffix in _OLD_FORMATS:
        kind = _OLD_FORMATS[suffix]
        new = ".xlsx" if kind.endswith("表格") or kind == "Excel" else ".docx"
        raise InputError(f"不支持 {suffix} 格式：请在 {kind} 中另存为 {new} (unsupported format)", path=path)
    return suffix in TABLE_SUFFIXES


def read_table_sheet(path: str | Path, outline: Outline | str | None = None, prompts_dir=None) -> FactSheet:
    from .excel import read_workbook
    from .word import read_document

    path = Path(path)
    if not path.is_file():
        raise InputError("事实清单文件不存在 (file not found)", path=path)
    read = read_workbook if path.suffix.lower() == ".xlsx" else read_document
    return read(path, outline, prompts_dir)


def template_bytes(outline: Outline, suffix: str, sheet: FactSheet | None = None) -> bytes:
    from .excel import workbook_bytes
    from .word import document_bytes

    if suffix not in TABLE_SUFFIXES:
        raise InputError(f"模板只能是 .xlsx 或 .docx，不是 {suffix or '(无扩展名)'} (unsupported format)", field="out")
    return (workbook_bytes if suffix == ".xlsx" else document_bytes)(outline, sheet)
