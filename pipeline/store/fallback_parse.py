"""LOCAL FALLBACK, used only while ``pipeline.ingest.parse_file`` is not available.

The ingest area owns reading, cleaning and parsing. This is a deliberately tiny stand-in so the
store can be exercised on its own: UTF-8 / GB18030 text, the four heading levels by regex, no
noise removal, no classification beyond the genre/year hints in the file name. It is never used
once the real parser exists (see ``corpus._parse_file``).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from ..types import Document, ParseResult, Section

SUFFIXES = (".txt", ".md")
_LEVELS = [
    (1, re.compile(r"^([一二三四五六七八九十]+、)(.*)$")),
    (2, re.compile(r"^([（(][一二三四五六七八九十]+[）)])(.*)$")),
    (3, re.compile(r"^(\d{1,2}[.．、])(?!\d)(.*)$")),
    (4, re.compile(r"^([（(]\d{1,2}[）)])(.*)$")),
]


def iter_input_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            raise InputError("路径不存在 (no such file or folder)", path=path)
    if not files:
        raise InputError("没有可读取的文件 (no supported files)", path=", ".join(map(str, paths)))
    return files


def parse_file(path: Path) -> ParseResult:
    raw = path.read_bytes()
    if not raw.strip():
        raise InputError("文件为空 (empty file)", path=path)
    if b"\x00" in raw[:4096]:
        raise InputError("不是文本文件 (binary file)", path=path)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InputError("无法识别文件编码 (unknown encoding)", path=path)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title = lines[0] if lines and len(lines[0]) < 60 and not lines[0].endswith("。") else None
    preamble: list[str] = []
    top: list[Section] = []
    stack: list[Section] = []
    for line in lines[1 if title else 0 :]:
        for level, pattern in _LEVELS:
            match = pattern.match(line)
            if match:
                heading, _, rest = match.group(2).partition("。")
                section = Section(level=level, marker=match.group(1), heading=heading,
                                  paragraphs=[rest] if rest else [])
                while stack and stack[-1].level >= level:
                    stack.pop()
                (stack[-1].children if stack else top).append(section)
                stack.append(section)
                break
        else:
            (stack[-1].paragraphs if stack else preamble).append(line)
    year = re.search(r"(20\d\d)", path.name)
    genre = next((g for g in ("inspection_report", "integrity_report", "rectification_report", "half_year_summary",
                              "work_summary", "duty_report", "seminar_speech") if path.name.startswith(g)), None)
    doc = Document(title=title, genre=genre, year=int(year.group(1)) if year else None, org_level=None,
                   text="\n".join(lines), preamble=preamble, sections=top)
    return ParseResult(source=str(path), documents=[doc])
