"""Reading a fact sheet: ``load_factsheet(path)`` — YAML, or the form a writer fills in Excel or Word
(or on the web page); every caller loads through it.

``read_table_sheet(path)`` reads a filled .xlsx or .docx into the same FactSheet the YAML gives;
``template_bytes(outline, suffix, sheet=None)`` writes the fill-in template (filled when a sheet is given).
"""

from __future__ import annotations

from pathlib import Path

from ...errors import InputError
from ..factsheet import FactSheet
from ..outline import Outline, load_outline
from ..yamlio import key_node, line_of, node_for, read_yaml, validate

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


def load_factsheet(path, outline=None, prompts_dir=None) -> FactSheet:
    """Read and validate a fact sheet (.yaml, or the .xlsx/.docx form); every error names the file and
    the field path and line (YAML) or the sheet and cell (Excel, Word).

    Section ids are checked against the genre's outline (or ``outline``: an Outline, a genre id
    or an outline file).
    """
    if is_table_file(path):
        return read_table_sheet(path, outline, prompts_dir)
    data, root = read_yaml(path, "事实清单")
    sheet = validate(FactSheet, data, path, root, "事实清单")
    assert isinstance(sheet, FactSheet)
    if not isinstance(outline, Outline):
        outline = load_outline(outline or sheet.genre, prompts_dir)
    known = [s.id for s in outline.sections]
    for key, items in sheet.sections.items():
        where = ("sections", key)
        if key not in known:
            raise InputError(
                f"未知章节 id {key!r}（{outline.genre} 的章节为：{', '.join(known)}）",
                path=path, field=f"sections.{key}", line=line_of(key_node(root, where)),
            )
        if not items:
            raise InputError("事实列表为空 (empty facts)", path=path, field=f"sections.{key}",
                             line=line_of(node_for(root, where)[0]))
    if not sheet.all_facts():
        raise InputError("事实清单没有任何事实 (no facts)", path=path, field="sections", line=line_of(root))
    return sheet
