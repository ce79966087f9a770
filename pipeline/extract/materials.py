"""The departments' materials as sentences, each with where it came from.

.docx/.txt/.md go through the ingest readers and cleaners (encoding, Word numbering, page noise)
and the heading parser, so a sentence knows the heading it sits under (二、存在的问题 → problems).
.xlsx is read cell by cell with openpyxl: a text cell is a passage; an indicator table (a header
naming years: 指标 | 2024年 | 2023年 | 单位) gives one sentence per row with this year's value.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from .sentence import Sentence

SUFFIXES = (".docx", ".txt", ".md", ".xlsx")
_SENTENCE_END = re.compile(r"(?<=[。！？；;!?])")
_HAN = re.compile(r"[\u4e00-\u9fff]")
TITLE = "标题"


def material_files(paths) -> list[Path]:
    """Files and folders → the readable materials in them (the ingest walk, with .xlsx)."""
    from ..ingest.read import iter_input_files

    return iter_input_files(paths, suffixes=SUFFIXES)


def split_sentences(paragraph: str) -> list[str]:
    """A paragraph cut after 。！？ and ； (each item of 一是……；二是…… is its own sentence)."""
    return [s.strip() for s in _SENTENCE_END.split(paragraph) if s.strip()]


def read_material(path: Path, name: str | None = None, prompts: Path | None = None) -> list[Sentence]:
    """``prompts``: the folder whose extract.yaml names the role headings and columns (the shipped one if None)."""
    name = name or path.name
    if path.suffix.lower() == ".xlsx":
        return read_workbook(path, name, prompts)
    return read_document(path, name, prompts)


def read_document(path: Path, name: str, prompts: Path | None = None) -> list[Sentence]:
    from ..ingest import parse_file

    out: list[Sentence] = []
    n = 0
    for doc in parse_file(path).documents:
        if doc.title:  # its year tells which year the material reports on
            out.append(Sentence(name, TITLE, doc.title))
        for paragraph in doc.preamble:
            n += 1
            out.extend(Sentence(name, f"第{n}段", s) for s in split_sentences(paragraph) if _HAN.search(s))
        for top in doc.sections:
            for sec in top.walk():
                n += 1  # the heading line
                role = _role(top.heading, top.role, prompts) or _role(sec.heading, None, prompts)
                for paragraph in sec.paragraphs:
                    n += 1
                    out.extend(
                        Sentence(name, f"第{n}段", s, heading=sec.heading, role=role)
                        for s in split_sentences(paragraph) if _HAN.search(s)
                    )
        for paragraph in doc.closing:
            n += 1
    return out


def _role(heading: str, parsed: str | None, prompts: Path | None = None) -> str | None:
    """The outline role a material's heading names (its problems and plans parts especially)."""
    from .rules import heading_role

    return heading_role(heading, prompts) or (parsed if parsed in ("problems", "plans", "basic_info") else None)


# --------------------------------------------------------------------------- Excel


def _open_workbook(path: Path):
    import zipfile

    import openpyxl

    from ..ingest.read import _check_size  # the same guards as every material: empty, too large

    _check_size(path)
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise InputError(f"无法打开 Excel 文件，文件可能已损坏 ({type(exc).__name__})", path=path) from None


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


_YEAR_HEADER = re.compile(r"^(?:(\d{4})年?(?:度)?|本年|今年|上年|去年|本年度|上年度)(?:数|数值|完成数|情况)?$")


def _header_kind(header: str, words: dict[str, list[str]]) -> str | None:
    for kind, names in words.items():
        if header in names:
            return kind
    return None


def read_workbook(path: Path, name: str, prompts: Path | None = None) -> list[Sentence]:
    from openpyxl.utils import get_column_letter

    from .rules import heading_role, load_vocabulary

    columns = load_vocabulary(prompts).columns
    book = _open_workbook(path)
    out: list[Sentence] = []
    try:
        for sheet in book.worksheets:
            rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            rows = [r for r in rows if any(r)]
            if not rows:
                continue
            header = rows[0]
            kinds = [_header_kind(h, columns) for h in header]
            years = {i: h for i, h in enumerate(header) if h and _YEAR_HEADER.match(h)}
            sheet_role = heading_role(sheet.title, prompts)
            for r, row in enumerate(rows[1:], start=2):
                label = next((row[i] for i, k in enumerate(kinds) if k == "label" and i < len(row) and row[i]), "")
                category = next((row[i] for i, k in enumerate(kinds) if k == "category" and i < len(row) and row[i]), "")
                role = heading_role(category, prompts) or heading_role(label, prompts) or sheet_role
                if years:
                    out.extend(_indicator_row(name, sheet.title, r, row, header, kinds, years, label, role))
                    continue
                for c, text in enumerate(row):
                    if not text or not _HAN.search(text) or c < len(kinds) and kinds[c] in ("label", "category", "skip"):
                        continue
                    if len(_HAN.findall(text)) < 6:
                        continue
                    where = f"{sheet.title}!{get_column_letter(c + 1)}{r}"
                    # a row's label (道德模范评选) names one row, not a topic: facts are grouped by covers
                    out.extend(Sentence(name, where, s, role=role) for s in split_sentences(text))
    finally:
        book.close()
    return out


def _indicator_row(name, title, r, row, header, kinds, years, label, role) -> list[Sentence]:
    """指标 | 2024年 | 2023年 | 单位 → “处置网络有害信息：2024年1260条；2023年980条” (one sentence)."""
    from openpyxl.utils import get_column_letter

    if not label:
        return []
    unit = next((row[i] for i, k in enumerate(kinds) if k == "unit" and i < len(row) and row[i]), "")
    parts = [f"{header[i]}{row[i]}{unit}" for i in sorted(years) if i < len(row) and row[i]]
    if not parts:
        return []
    span = f"{title}!A{r}:{get_column_letter(len(header))}{r}"
    return [Sentence(name, span, f"{label}：{'；'.join(parts)}", role=role)]


def read_materials(paths, prompts: Path | None = None) -> tuple[list[Sentence], list[Path]]:
    """Every sentence of every material, and the files read (names relative to a folder given);
    ``prompts``: the folder of extract.yaml (the shipped one if None)."""
    sentences: list[Sentence] = []
    files = material_files(paths)
    roots = [Path(p) for p in ([paths] if isinstance(paths, (str, Path)) else paths) if Path(p).is_dir()]
    roots = [r.resolve() for r in roots]
    for f in files:
        root = next((r for r in roots if f.is_relative_to(r)), None)
        name = f.relative_to(root).as_posix() if root else f.name
        sentences.extend(read_material(f, name, prompts))
    return sentences, files
