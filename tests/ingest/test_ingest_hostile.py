"""Hostile .docx files: zip bombs whose headers lie, huge documents, foreign compression.

The files are built here; the ones that would eat memory are read by a child process capped with
RLIMIT_AS (pipeline.testing.limited), and its peak memory is checked."""

from __future__ import annotations

import zipfile

import pytest
from docx import Document
from pipeline.testing.hostile import lying_bomb, wordy_docx

from pipeline.errors import InputError
from pipeline.ingest import read
from pipeline.ingest.read import MAX_TEXT_CHARS, read_docx
from pipeline.testing.limited import run_limited

READ_ONE = (
    "import sys, resource\n"
    "from pipeline.ingest.read import read_docx\n"
    "print(len(read_docx(sys.argv[1])))\n"
)


@pytest.mark.slow
def test_zip_bomb_whose_header_understates_the_size_is_stopped_in_bounded_memory(tmp_path):
    path = lying_bomb(tmp_path / "liar.docx", inflated_mb=1024, claimed=300 * 1024)
    assert path.stat().st_size < 20 * 1024 * 1024 and zipfile.ZipFile(path).getinfo("word/document.xml").file_size == 300 * 1024
    run = run_limited(["parse", path], memory_mb=1000, timeout=120)
    assert run.returncode == 2, run.stderr
    line = run.stderr.strip()
    assert line.startswith(f"bigan: 错误: {path}: ") and "损坏" in line and "MemoryError" not in line
    assert run.peak_mb < 200, f"peak {run.peak_mb:.0f} MB"


def test_running_count_stops_at_the_limit_whatever_the_header_says(tmp_path, monkeypatch):
    path = wordy_docx(tmp_path / "wordy.docx", paragraphs=600)  # ~5 MB of XML, honestly declared
    monkeypatch.setattr(read, "MAX_UNZIPPED_BYTES", 1024 * 1024)
    monkeypatch.setattr(read, "check_package", lambda p, kind=".docx": None)  # as if the directory had lied
    with pytest.raises(InputError) as info:
        read_docx(path)
    assert "压缩炸弹" in info.value.message and "停止读取" in info.value.message and info.value.path == str(path)


@pytest.mark.slow
def test_big_docx_is_read_as_a_stream_in_bounded_memory(tmp_path):
    path = wordy_docx(tmp_path / "big.docx", paragraphs=12_000)  # ~100 MB of XML, 1.9 M characters
    run = run_limited([path], code=READ_ONE, memory_mb=1000, timeout=300)
    assert run.returncode == 0, run.stderr[-1500:]
    assert int(run.stdout.strip()) == 12_000 * 40 * 4 + 12_000 - 1
    assert run.peak_mb < 150, f"peak {run.peak_mb:.0f} MB"


@pytest.mark.slow
def test_docx_holding_more_text_than_any_report_is_refused_quickly(tmp_path):
    path = wordy_docx(tmp_path / "long.docx", paragraphs=50_000, chars_per_run=160, runs=1)  # 8 M characters
    run = run_limited(["parse", path], memory_mb=1000, timeout=120)
    assert not run.timed_out and run.returncode == 2, run.stderr[-1500:]
    assert "文字过多" in run.stderr and f"{MAX_TEXT_CHARS}" in run.stderr
    assert run.peak_mb < 200, f"peak {run.peak_mb:.0f} MB"


def test_entries_in_another_compression_are_refused(tmp_path):
    path = tmp_path / "bz.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_BZIP2) as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(InputError, match="压缩方式"):
        read_docx(path)


def test_stream_reader_matches_python_docx_on_merged_table_cells_and_runs(tmp_path):
    doc = Document()
    p = doc.add_paragraph("一、基本情况")
    p.add_run("\t附表").add_break()
    p.add_run("续")
    table = doc.add_table(rows=3, cols=3)
    for r in range(3):
        for c in range(3):
            table.cell(r, c).text = f"格{r}{c}"
    table.cell(0, 0).merge(table.cell(0, 1))  # horizontal span
    table.cell(1, 2).merge(table.cell(2, 2))  # vertical span
    table.cell(2, 0).text = ""
    doc.add_paragraph("二、主要做法")
    path = tmp_path / "t.docx"
    doc.save(str(path))

    expected = []
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    loaded = Document(str(path))
    for child in loaded.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            expected.append(Paragraph(child, loaded).text.replace("\n", "").replace("\t", " "))
        elif tag == "tbl":
            for row in Table(child, loaded).rows:
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        cells.append(" ".join(q.text.strip() for q in cell.paragraphs if q.text.strip()))
                if any(cells):
                    expected.append("\t".join(cells))
    assert read_docx(path) == "\n".join(expected)
    assert "格11\t格12 格22" in read_docx(path)  # the vertical span: its text again in the row it continues


def test_malformed_utf16_is_one_error_naming_the_file(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes(b"\xff\xfe" + "一、巡察工作开展情况".encode("utf-16-le") + b"\x00\xd8A")  # lone surrogate, odd count
    with pytest.raises(InputError) as info:
        read.read_any(path)
    assert "UTF-16" in info.value.message and info.value.path == str(path)
    good = tmp_path / "good16.txt"
    good.write_bytes(b"\xff\xfe" + "一、巡察工作开展情况".encode("utf-16-le"))
    assert read.read_any(good).startswith("一、巡察")
