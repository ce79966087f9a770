"""Reading input files: .txt/.md in any common Chinese encoding, and .docx with Word numbering.

Every guard raises ``InputError`` naming the file, so the CLI can print one line and the store
stays untouched.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from ..errors import InputError
from ..types import CHANGES_TITLE

SUPPORTED_SUFFIXES = (".txt", ".md", ".docx")
MAX_BYTES = 20 * 1024 * 1024  # a report is a few hundred KB; anything this big is not one
# .docx zip-bomb guards: on the zip directory first, then a running count of the bytes really
# inflated (MAX_UNZIPPED_BYTES over all the parts read), whatever the headers claim.
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
# A fact sheet in Word or Excel is a few tables: python-docx and openpyxl inflate a part whole, so the
# package is inflated and counted first, to this limit.
FACT_SHEET_INFLATE_LIMIT = 20 * 1024 * 1024
MAX_MEMBER_RATIO = 200  # compressed XML rarely exceeds ~20:1
MAX_TEXT_CHARS = MAX_BYTES // 3  # text taken from a .docx: what a 20 MB UTF-8 text file holds (~7 M characters)


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
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:  # an odd number of bytes, a lone surrogate
            raise InputError(
                f"UTF-16 文本已损坏（第 {exc.start} 字节起：{exc.reason}），请重新另存为 UTF-8 (malformed UTF-16)", path=path
            ) from None
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
#
# A .docx is read as a stream: the zip entries through a running byte count (a header can lie about
# the inflated size; the count cannot), document.xml through lxml's iterparse, each paragraph and
# table row turned into its line and then dropped, so memory stays flat however large the file.
# The text follows python-docx's rules (runs and hyperlinks; w:tab, w:br, w:cr, w:noBreakHyphen;
# tables row by row, a merged cell once), which bigan used before and which stored chunks assume.

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
MAIN_PART = "word/document.xml"
READ_CHUNK = 64 * 1024  # inflate at most this much per read: a lying header cannot make one read huge


class _Inflated:
    """A zip entry read with a running count of the bytes inflated so far, across all the entries
    of one file (``budget``); stops at the limit whatever the zip header claimed."""

    def __init__(self, raw, budget: list[int], path: Path, name: str) -> None:
        self.raw, self.budget, self.path, self.name = raw, budget, path, name

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read(READ_CHUNK if n is None or n < 0 else min(n, READ_CHUNK))
        self.budget[0] += len(data)
        if self.budget[0] > MAX_UNZIPPED_BYTES:
            raise InputError(
                f"疑似压缩炸弹：解压 {self.name} 时已超过 {MAX_UNZIPPED_BYTES // 1024 // 1024} MB，停止读取 (zip bomb)",
                path=self.path,
            )
        return data


# What an Office Open XML package must hold, and what its OLE2 (97-2003) predecessor is called.
_PACKAGES = {
    ".docx": ("word/document.xml", "这是旧版 Word (.doc) 文件，请在 Word 中另存为 .docx (old .doc format)"),
    ".xlsx": ("xl/workbook.xml", "这是旧版 Excel (.xls) 文件，请在 Excel 中另存为 .xlsx (old .xls format)"),
}


def check_package(path: Path, kind: str = ".docx", *, inflate_limit: int | None = None) -> None:
    """Size, zip-bomb and corruption guards for a .docx or .xlsx on its zip directory, before anything
    inflates (honest bombs, foreign compression); ``read_docx`` then counts what really inflates.

    ``inflate_limit``: also inflate every entry in small reads, counting, and refuse the file past
    that many bytes whatever the headers claim — for readers (python-docx, openpyxl) that inflate a
    whole part at once, such as the fact-sheet loaders."""
    member, old_format = _PACKAGES[kind]
    _check_size(path)
    try:
        with zipfile.ZipFile(path) as zf:
            total = 0
            names = set()
            for info in zf.infolist():
                names.add(info.filename)
                if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                    # Office writes deflate only; bzip2/lzma entries inflate in one unbounded step.
                    raise InputError(f"不支持的压缩方式（{info.filename}），不是 Office 保存的 {kind} (unsupported compression)", path=path)
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
    if inflate_limit is not None:
        _count_inflated(path, inflate_limit)


def _count_inflated(path: Path, limit: int) -> None:
    budget = [0]
    try:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                with zf.open(info) as raw:
                    entry = _Inflated(raw, budget, path, info.filename)
                    while entry.read():
                        if budget[0] > limit:
                            raise InputError(
                                f"疑似压缩炸弹：解压 {info.filename} 时已超过 {limit // 1024 // 1024} MB，拒绝打开 (zip bomb)",
                                path=path,
                            )
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise InputError(f"损坏的压缩包：{exc} (corrupt package)", path=path) from None


def read_docx(path: str | Path) -> str:
    """Paragraphs and tables in document order, one line each; Word auto-numbering rebuilt."""
    import zlib

    from lxml import etree

    path = Path(path)
    check_package(path, ".docx")
    try:
        with zipfile.ZipFile(path) as zf:
            budget = [0]
            numbering = _word_numbering(zf, budget, path)
            with zf.open(MAIN_PART) as raw:
                text = "\n".join(_body_lines(_Inflated(raw, budget, path, MAIN_PART), numbering, path))
    except InputError:
        raise
    except zipfile.BadZipFile:  # e.g. a header that understates the size: the CRC cannot match
        raise InputError("损坏的 .docx 文件：压缩包内容与其记录的大小或校验值不符 (corrupt .docx)", path=path) from None
    except (etree.XMLSyntaxError, zlib.error, EOFError, OSError, ValueError) as exc:
        raise InputError(f"损坏的 .docx 文件：{type(exc).__name__}", path=path) from None
    if not text.strip():
        raise InputError("文件没有文字内容 (no text)", path=path)
    return text


def _xml_part(zf: zipfile.ZipFile, name: str, budget: list[int], path: Path):
    """A small part (numbering, styles, relationships) parsed whole, or None when absent."""
    from lxml import etree

    if name not in zf.NameToInfo:
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_blank_text=True)
    with zf.open(name) as raw:
        return etree.parse(_Inflated(raw, budget, path, name), parser).getroot()


def _word_numbering(zf: zipfile.ZipFile, budget: list[int], path: Path):
    """Numbering definitions and paragraph styles, found through document.xml's relationships."""
    from .numbering import WordNumbering

    targets = {"numbering": "word/numbering.xml", "styles": "word/styles.xml"}
    rels = _xml_part(zf, "word/_rels/document.xml.rels", budget, path)
    if rels is not None:
        for rel in rels:
            kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
            target = rel.get("Target") or ""
            if kind in targets and rel.get("TargetMode") != "External" and target:
                targets[kind] = target.lstrip("/") if target.startswith("/") else "word/" + target
    return WordNumbering.from_parts(_xml_part(zf, targets["numbering"], budget, path),
                                    _xml_part(zf, targets["styles"], budget, path))


def _run_text(run) -> str:
    out = []
    for e in run:
        tag = e.tag
        if tag == W + "t":
            out.append(e.text or "")
        elif tag in (W + "tab", W + "ptab"):
            out.append("\t")
        elif tag == W + "br":
            out.append("\n" if e.get(W + "type", "textWrapping") == "textWrapping" else "")
        elif tag == W + "cr":
            out.append("\n")
        elif tag == W + "noBreakHyphen":
            out.append("-")
    return "".join(out)


def _paragraph_text(p) -> str:
    out = []
    for child in p:
        if child.tag == W + "r":
            out.append(_run_text(child))
        elif child.tag == W + "hyperlink":
            out.extend(_run_text(r) for r in child if r.tag == W + "r")
    return "".join(out)


def _int_attr(element, name: str, default: int) -> int:
    if element is None:
        return default
    try:
        return int(element.get(W + name, default))
    except (TypeError, ValueError):
        return default


def _row_cells(tr, above: dict[int, str]) -> list[str]:
    """The cells of one table row (a horizontally merged cell once; a vertically merged one with
    the text of the cell it continues); updates ``above`` (grid column → text) for the next row."""
    cells: list[str] = []
    offset = _int_attr(tr.find(f"{W}trPr/{W}gridBefore"), "val", 0)
    for tc in tr:
        if tc.tag != W + "tc":
            continue
        props = tc.find(W + "tcPr")
        span = max(1, _int_attr(props.find(W + "gridSpan") if props is not None else None, "val", 1))
        merge = props.find(W + "vMerge") if props is not None else None
        if merge is not None and merge.get(W + "val", "continue") == "continue":
            text = above.get(offset, "")
        else:
            text = " ".join(t for t in (_paragraph_text(p).strip() for p in tc if p.tag == W + "p") if t)
        for col in range(offset, offset + span):
            above[col] = text
        offset += span
        cells.append(text)
    return cells


def _body_lines(stream, numbering, path: Path):
    """One line per body paragraph (its Word number in front) and per table row (cells joined by
    tabs), in document order; every element is freed once read. The text is capped at
    ``MAX_TEXT_CHARS``."""
    from lxml import etree

    chars = 0
    above: dict[int, str] = {}
    events = etree.iterparse(stream, events=("end",), tag=(W + "p", W + "tr", W + "tbl"),
                             resolve_entities=False, no_network=True, load_dtd=False)
    for _, element in events:
        parent = element.getparent()
        at_body = parent is not None and parent.tag == W + "body"
        if element.tag == W + "p" and at_body:
            text = _paragraph_text(element)
            if text.startswith(CHANGES_TITLE):
                return  # bigan's 对照表 after a report written on last year's: not part of the report
            # A manual line break (w:br) inside a paragraph is layout; tabs mark table cells here.
            line = numbering.marker_for(element, text) + text.replace("\n", "").replace("\t", " ")
        elif element.tag == W + "tr" and parent is not None and _at_body(parent):
            cells = _row_cells(element, above)
            line = "\t".join(cells) if any(cells) else None
        elif element.tag == W + "tbl" and at_body:
            above = {}
            line = None
        else:
            continue  # a paragraph in a cell or text box, a nested table: read with its row
        if line is not None:
            chars += len(line) + 1
            if chars > MAX_TEXT_CHARS:
                raise InputError(
                    f"文字过多：超过 {MAX_TEXT_CHARS} 字（相当于 {MAX_BYTES // 1024 // 1024} MB 的文本文件），不是一篇报告 (too much text)",
                    path=path,
                )
            yield line
        _free(element)


def _at_body(tbl) -> bool:
    parent = tbl.getparent()
    return tbl.tag == W + "tbl" and parent is not None and parent.tag == W + "body"


def _free(element) -> None:
    """Drop what has been read: the element's content and the siblings before it."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


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
