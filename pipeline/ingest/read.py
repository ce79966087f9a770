"""Reading input files: .txt/.md in any common Chinese encoding, and .docx with Word numbering.

Every guard raises ``InputError`` naming the file, so the CLI can print one line and the store
stays untouched.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ..errors import InputError
from ..types import CHANGES_TITLE

SUPPORTED_SUFFIXES = (".txt", ".md", ".docx")
MAX_BYTES = 20 * 1024 * 1024  # a report is a few hundred KB; anything this big is not one
# .docx zip-bomb guards, checked on the zip directory before python-docx inflates anything.
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_MEMBER_RATIO = 200  # compressed XML rarely exceeds ~20:1


def iter_input_files(paths, suffixes: tuple[str, ...] = SUPPORTED_SUFFIXES) -> list[Path]:
    """Expand files and folders into the supported files they hold (sorted, no duplicates).
    ``suffixes``: what counts as supported (`bigan facts extract` adds .xlsx)."""
    kinds = " ".join(suffixes)
    found: list[Path] = []
    for raw in [paths] if isinstance(paths, (str, Path)) else paths:
        path = Path(raw)
        if not path.exists():
            raise InputError("文件或文件夹不存在 (no such file or folder)", path=path)
        if path.is_dir():
            inside = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in suffixes
                and not any(part.startswith(".") or part.startswith("~$") for part in p.relative_to(path).parts)
            )
            if not inside:
                raise InputError(f"文件夹中没有可读取的文件（支持 {kinds}）(no supported files)", path=path)
            found.extend(inside)
        elif path.suffix.lower() in suffixes:
            found.append(path)
        else:
            raise InputError(
                f"不支持的文件类型 {path.suffix or '(无扩展名)'}（支持 {kinds}）(unsupported file type)", path=path
            )
    unique: dict[Path, None] = {}
    for p in found:
        unique.setdefault(p.resolve(), None)
    return list(unique)


def _check_size(path: Path) -> int:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"无法读取文件：{exc.strerror}", path=path) from None
    if size == 0:
        raise InputError("文件为空 (empty file)", path=path)
    if size > MAX_BYTES:
        raise InputError(
            f"文件过大：{size / 1024 / 1024:.1f} MB，上限 {MAX_BYTES // 1024 // 1024} MB (file too large)", path=path
        )
    return size


_CJK = re.compile(r"[\u4e00-\u9fff]")


def _looks_chinese(text: str) -> bool:
    """Most non-ASCII characters are Chinese (also true of a mostly-ASCII GBK file)."""
    non_ascii = [c for c in text if ord(c) > 127]
    return bool(non_ascii) and len(_CJK.findall(text)) >= 0.5 * len(non_ascii)


def _control_ratio(text: str) -> float:
    bad = sum(1 for c in text if (ord(c) < 32 and c not in "\t\n\r\f") or 0x7F <= ord(c) < 0xA0 or c == "\ufffd")
    return bad / max(1, len(text))


def decode_bytes(data: bytes, path: Path | str = "<bytes>") -> str:
    """Decode text bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030/GBK, else detected."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data:
        raise InputError("不是文本文件（含有二进制内容）(binary file)", path=path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # GB18030 is a superset of GBK and GB2312: prefer it whenever the bytes decode to Chinese.
    try:
        text = data.decode("gb18030")
        if _looks_chinese(text) and _control_ratio(text) < 0.01:
            return text
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError("无法识别文件编码，可能不是文本文件 (undecodable / binary)", path=path)
    encoding = best.encoding.lower()
    if encoding.replace("_", "") in {"gbk", "gb2312", "hz", "cp936", "gb18030"}:
        encoding = "gb18030"
    text = data.decode(encoding, errors="replace")
    if _control_ratio(text) > 0.01:
        raise InputError("不是文本文件（无法解码）(binary file)", path=path)
    return text


def read_text_file(path: str | Path) -> str:
    path = Path(path)
    _check_size(path)
    text = decode_bytes(path.read_bytes(), path)
    if _control_ratio(text) > 0.01:
        raise InputError("不是文本文件（含有控制字符）(binary file)", path=path)
    if not text.strip():
        raise InputError("文件没有文字内容 (no text)", path=path)
    return text


# ----------------------------------------------------------------------------- .docx


# What an Office Open XML package must hold, and what its OLE2 (97-2003) predecessor is called.
_PACKAGES = {
    ".docx": ("word/document.xml", "这是旧版 Word (.doc) 文件，请在 Word 中另存为 .docx (old .doc format)"),
    ".xlsx": ("xl/workbook.xml", "这是旧版 Excel (.xls) 文件，请在 Excel 中另存为 .xlsx (old .xls format)"),
}


def check_package(path: Path, kind: str = ".docx") -> None:
    """Size, zip-bomb and corruption guards for a .docx or .xlsx, before any library inflates it."""
    member, old_format = _PACKAGES[kind]
    _check_size(path)
    try:
        with zipfile.ZipFile(path) as zf:
            total = 0
            names = set()
            for info in zf.infolist():
                names.add(info.filename)
                total += info.file_size
                ratio = info.file_size / max(1, info.compress_size)
                if total > MAX_UNZIPPED_BYTES or (info.file_size > 1024 * 1024 and ratio > MAX_MEMBER_RATIO):
                    raise InputError(
                        f"疑似压缩炸弹：{info.filename} 解压后 {info.file_size / 1024 / 1024:.0f} MB（压缩比 {ratio:.0f}:1），拒绝打开 (zip bomb)",
                        path=path,
                    )
    except zipfile.BadZipFile:
        with path.open("rb") as fh:
            if fh.read(8) == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # OLE2: a 97-2003 file renamed
                raise InputError(old_format, path=path) from None
        raise InputError(f"损坏的 {kind} 文件（不是有效的 zip 包）(corrupt {kind})", path=path) from None
    except OSError as exc:
        raise InputError(f"无法读取 {kind}：{exc}", path=path) from None
    if member not in names:
        raise InputError(f"损坏的 {kind} 文件（缺少 {member}）(corrupt {kind})", path=path)


def read_docx(path: str | Path) -> str:
    """Paragraphs and tables in document order, one line each; Word auto-numbering rebuilt."""
    path = Path(path)
    check_package(path, ".docx")
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from .numbering import WordNumbering

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on bad packages
        raise InputError(f"损坏的 .docx 文件：{type(exc).__name__}", path=path) from None
    numbering = WordNumbering.from_document(document)
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para = Paragraph(child, document)
            if para.text.startswith(CHANGES_TITLE):
                break  # bigan's 对照表 after a report written on last year's: not part of the report
            marker = numbering.marker_for(para)
            # A manual line break (w:br) inside a paragraph is layout; tabs mark table cells here.
            lines.append(marker + para.text.replace("\n", "").replace("\t", " "))
        elif tag == "tbl":
            lines.extend(_table_lines(Table(child, document)))
    text = "\n".join(lines)
    if not text.strip():
        raise InputError("文件没有文字内容 (no text)", path=path)
    return text


def _table_lines(table) -> list[str]:
    """One line per row, cells separated by a tab; merged cells (repeated objects) once."""
    lines = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(p.text.strip() for p in cell.paragraphs if p.text.strip()))
        if any(cells):
            lines.append("\t".join(cells))
    return lines


def read_any(path: str | Path) -> str:
    path = Path(path)
    if not path.exists():
        raise InputError("文件不存在 (no such file)", path=path)
    if path.is_dir():
        raise InputError("这是文件夹，不是文件 (is a folder)", path=path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return read_docx(path)
    if suffix in (".txt", ".md"):
        return read_text_file(path)
    raise InputError(f"不支持的文件类型 {suffix or '(无扩展名)'}（支持 .txt .md .docx）", path=path)
