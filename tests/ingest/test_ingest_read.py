"""read.py: encodings, .docx with Word numbering and tables, and every guard."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.ingest.numbering import chinese_number, format_number
from pipeline.ingest.read import decode_bytes, iter_input_files, read_any, read_docx, read_text_file

sys.path.insert(0, str(Path(__file__).parent))
from docx_factory import numbered_docx  # noqa: E402

TEXT = "一、基本情况\n全馆共有干部职工十二名，设三个股室。㐀\n"


@pytest.mark.parametrize(
    "encoding,prefix",
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b""), ("utf-16-le", b"\xff\xfe")],
)
def test_text_encodings(tmp_path, encoding, prefix):
    path = tmp_path / "a.txt"
    path.write_bytes(prefix + TEXT.encode(encoding))
    assert read_text_file(path) == TEXT


def test_gbk_detected_and_read_as_gb18030(tmp_path):
    text = "考核组的各位领导：\n根据会议安排，现将县委宣传部落实党风廉政建设责任制情况汇报如下。"
    path = tmp_path / "gbk.txt"
    path.write_bytes(text.encode("gbk"))
    assert read_any(path) == text


def test_short_gbk_is_not_mistaken_for_another_codepage():
    assert decode_bytes("特此报告。".encode("gbk")) == "特此报告。"


def test_iter_input_files(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ("b.txt", "a.md", "sub/c.docx", "skip.pdf", ".hidden.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    files = iter_input_files([tmp_path])
    assert [p.name for p in files] == ["a.md", "b.txt", "c.docx"]
    assert iter_input_files([tmp_path / "b.txt", tmp_path / "b.txt"]) == [(tmp_path / "b.txt").resolve()]


@pytest.mark.parametrize(
    "make,needle",
    [
        (lambda d: d / "missing.txt", "不存在"),
        (lambda d: (d / "empty").mkdir() or d / "empty", "没有可读取的文件"),
        (lambda d: _write(d / "x.pdf", b"%PDF-1.4"), "不支持"),
    ],
)
def test_iter_input_files_guards(tmp_path, make, needle):
    path = make(tmp_path)
    with pytest.raises(InputError) as info:
        iter_input_files([path])
    assert needle in info.value.message and info.value.path == str(path)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _zip_bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"\0" * (40 * 1024 * 1024))  # 40 MB of zeros → a few KB
    return path


@pytest.mark.parametrize(
    "name,make,needle",
    [
        ("binary.txt", lambda p: _write(p, b"\x7fELF\x02\x01\x01\x00\x00\x00" * 50), "二进制"),
        ("random.txt", lambda p: _write(p, bytes(range(128, 256)) * 40 + b"\x01\x02\x03" * 40), "文本"),
        ("empty.txt", lambda p: _write(p, b""), "为空"),
        ("blank.md", lambda p: _write(p, b" \n\n\t \n"), "没有文字"),
        ("corrupt.docx", lambda p: _write(p, b"PK\x03\x04 not really a zip"), "损坏"),
        ("nodoc.docx", lambda p: _nodoc(p), "损坏"),
        ("bomb.docx", _zip_bomb, "压缩炸弹"),
        ("old.docx", lambda p: _write(p, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), ".doc"),
    ],
)
def test_bad_files_raise_input_error_naming_the_file(tmp_path, name, make, needle):
    path = make(tmp_path / name)
    with pytest.raises(InputError) as info:
        read_any(path)
    assert needle in info.value.message
    assert info.value.path == str(path)


def _nodoc(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "hi")
    return path


def test_oversized_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "big.txt"
    with path.open("wb") as fh:  # sparse: 50 MB without writing 50 MB
        fh.truncate(50 * 1024 * 1024)
    with pytest.raises(InputError) as info:
        read_any(path)
    assert "过大" in info.value.message and info.value.path == str(path)


def test_docx_word_numbering_is_reconstructed(tmp_path):
    path = numbered_docx(
        tmp_path / "n.docx",
        [
            (None, "某县文化馆2024年度工作总结"),
            (0, "主要工作及成效"),
            (1, "强化理论武装。全年组织学习10次。"),
            (2, "坚持集中学习。"),
            (3, "细项甲。"),
            (3, "细项乙。"),
            (2, "坚持专题研讨。"),
            (1, "丰富群众活动。"),
            (2, "举办演出。"),
            (0, "存在的问题"),
            (1, "学习不够深入。"),
        ],
        table=[["项目", "数量"], ["演出", "30场"]],
        table_after=8,
    )
    lines = read_docx(path).split("\n")
    assert lines == [
        "某县文化馆2024年度工作总结",
        "一、主要工作及成效",
        "（一）强化理论武装。全年组织学习10次。",
        "1.坚持集中学习。",
        "（1）细项甲。",
        "（2）细项乙。",
        "2.坚持专题研讨。",
        "（二）丰富群众活动。",
        "1.举办演出。",  # counters restart under a new parent
        "项目\t数量",  # the table, in document order
        "演出\t30场",
        "二、存在的问题",
        "（一）学习不够深入。",
    ]


@pytest.mark.parametrize(
    "n,fmt,expected",
    [(1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (12, "chineseCounting", "十二"),
     (20, "chineseCounting", "二十"), (35, "chineseCountingThousand", "三十五"), (3, "decimal", "3"),
     (2, "lowerLetter", "b"), (4, "upperRoman", "IV"), (3, "decimalEnclosedCircle", "③"),
     (7, "decimalFullWidth", "７")],
)
def test_number_formats(n, fmt, expected):
    assert format_number(n, fmt) == expected


def test_chinese_number_hundreds():
    assert [chinese_number(n) for n in (100, 105, 110, 999)] == ["一百", "一百零五", "一百一十", "九百九十九"]


def test_mostly_ascii_gbk_file(tmp_path):
    text = "Report 2023: budget 1,200,000 yuan; contact office A-12.\n审计局\n" + "line %d ok\n" * 40
    path = tmp_path / "mixed.txt"
    path.write_bytes(text.encode("gbk"))
    assert read_any(path) == text


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_any_bytes_decode_or_raise_input_error(data):
    try:
        text = decode_bytes(data, "x.txt")
    except InputError as exc:
        assert exc.path == "x.txt"
    else:
        assert isinstance(text, str)
