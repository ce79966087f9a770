"""Hostile input built on the spot, for tests and bench/hostile.py: zip bombs whose headers lie,
huge Word-like .docx files, YAML alias bombs. Nothing here is stored in the repository."""

from __future__ import annotations

import zipfile
from pathlib import Path


W_URI = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)
DOC_HEAD = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_URI}"><w:body>'.encode()
DOC_TAIL = b"<w:sectPr/></w:body></w:document>"
# A run as Word writes it: most of the bytes are formatting, a few characters are text.
WORD_RUN = ('<w:r><w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:eastAsia="仿宋_GB2312" w:hAnsi="仿宋_GB2312"/>'
            '<w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr>'
            '<w:t>{}</w:t></w:r>')


def deflate_repeated(head: bytes, chunk: bytes, copies: int, tail: bytes) -> tuple[bytes, int, int]:
    """Raw deflate of head + chunk * copies + tail without inflating it here: after a full flush
    the compressor starts afresh, so every copy of the chunk compresses to the same bytes.
    Returns (deflated, crc32, inflated size)."""
    import zlib

    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = co.compress(head) + co.flush(zlib.Z_FULL_FLUSH)
    block = co.compress(chunk) + co.flush(zlib.Z_FULL_FLUSH)
    data = start + block * copies + co.compress(tail) + co.flush()
    crc = zlib.crc32(head)
    for _ in range(copies):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    return data, crc, len(head) + len(chunk) * copies + len(tail)


def raw_zip(path: Path, entries: list[tuple[str, bytes, int, int]]) -> Path:
    """A zip written byte by byte: (name, deflated data, crc32, size CLAIMED in both headers)."""
    import struct

    out, central = bytearray(), bytearray()
    for name, data, crc, claimed in entries:
        encoded = name.encode()
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), claimed, len(encoded), 0)
        out += encoded + data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data), claimed,
                               len(encoded), 0, 0, 0, 0, 0, offset)
        central += encoded
    out += central + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(out), 0)
    path.write_bytes(bytes(out))
    return path


def package_parts() -> list[tuple[str, bytes, int, int]]:
    """[Content_Types].xml and _rels/.rels, deflated honestly."""
    import zlib

    parts = []
    for name, text in (("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", PACKAGE_RELS)):
        raw = text.encode()
        co = zlib.compressobj(9, zlib.DEFLATED, -15)
        parts.append((name, co.compress(raw) + co.flush(), zlib.crc32(raw), len(raw)))
    return parts


def lying_bomb(path: Path, inflated_mb: int = 1024, claimed: int = 300 * 1024) -> Path:
    """document.xml inflates to ``inflated_mb`` MB but both headers claim ``claimed`` bytes."""
    chunk = ("<w:p>" + WORD_RUN.format("巡察工作") * 100 + "</w:p>").encode()
    copies = inflated_mb * 1024 * 1024 // len(chunk)
    data, crc, _ = deflate_repeated(DOC_HEAD, chunk, copies, DOC_TAIL)
    return raw_zip(path, package_parts() + [("word/document.xml", data, crc, claimed)])


def wordy_docx(path: Path, paragraphs: int, chars_per_run: int = 4, runs: int = 40, seed: int = 7) -> Path:
    """An honest .docx with Word-like markup and varied text (a fictional report's vocabulary):
    ``paragraphs`` × ``runs`` runs of ``chars_per_run`` characters."""
    import random

    vocab = ("巡察组坚持问题导向聚焦监督重点深入查找党委履行全面从严治党主体责任方面存在的突出问题"
             "推动整改落实见行见效切实发挥利剑作用为高质量发展提供坚强保障各级党组织认真对照检查")
    rng = random.Random(seed)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", PACKAGE_RELS)
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(DOC_HEAD)
            for _ in range(paragraphs):
                body = "".join(WORD_RUN.format("".join(rng.choices(vocab, k=chars_per_run))) for _ in range(runs))
                fh.write(f"<w:p>{body}</w:p>".encode())
            fh.write(DOC_TAIL)
    return path


def alias_bomb(copies: int = 20_000, genre: str = "integrity_report", unit: str = "中共青禾县委办公室") -> str:
    """A fact sheet whose one long fact (~400 characters) is aliased ``copies`` times: ~240 KB on
    disk, ~8 M characters once expanded."""
    fact = "召开党风廉政建设专题会议研究部署全年工作，" * 20
    refs = "\n".join("    - *long" for _ in range(copies))
    return f"genre: {genre}\nunit: {unit}\nyear: 2024\nsections:\n  basic_info:\n    - &long {fact}\n{refs}\n"
