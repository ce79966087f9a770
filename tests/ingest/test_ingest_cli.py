"""`bigan parse`: the JSON contract, the readable tree, and every bad input of the issue."""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from docx_factory import numbered_docx  # noqa: E402

SECTION_KEYS = {"level", "marker", "heading", "role", "paragraphs", "children"}


def _check_section(s):
    assert SECTION_KEYS <= set(s) and 1 <= s["level"] <= 4
    assert isinstance(s["marker"], str) and isinstance(s["heading"], str)
    assert all(isinstance(p, str) for p in s["paragraphs"])
    for c in s["children"]:
        _check_section(c)


def test_parse_json_shape(cli, shared_corpus):
    code, out, err = cli("parse", shared_corpus / "integrity_report_county_propaganda_2022.txt", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) >= {"source", "noise", "documents"}
    assert data["source"].endswith("integrity_report_county_propaganda_2022.txt")
    doc = data["documents"][0]
    assert {"title", "genre", "year", "org_level", "text", "placeholders", "sections"} <= set(doc)
    assert (doc["genre"], doc["year"], doc["org_level"]) == ("integrity_report", 2022, "县")
    for p in doc["placeholders"]:
        assert set(p) >= {"text", "start", "end"} and doc["text"][p["start"] : p["end"]] == p["text"]
    for s in doc["sections"]:
        _check_section(s)
    assert [s["marker"] for s in doc["sections"]] == ["一、", "二、", "三、", "四、"]


def test_parse_tree_shows_tree_roles_and_noise(cli, shared_corpus):
    code, out, err = cli("parse", shared_corpus / "half_year_party_building_2020.txt")
    assert code == 0, err
    assert "2020年党建工作上半年总结及下半年计划" in out
    assert "half_year_summary" in out and "2020" in out
    assert "一、上半年党建工作基本情况" in out and "（五）切实落实反腐倡廉" in out and "plans" in out
    assert "清除的噪声" in out and "举报倒卖" in out


def test_parse_docx_with_word_numbering(cli, tmp_path):
    path = numbered_docx(tmp_path / "r.docx", [(None, "某县文化馆2024年度工作总结"), (0, "主要工作及成效"),
                                               (1, "强化理论武装。全年组织学习十次。"), (0, "存在的问题"), (1, "学习不深。")])
    code, out, err = cli("parse", path, "--json")
    assert code == 0, err
    doc = json.loads(out)["documents"][0]
    assert [(s["marker"], s["heading"], [c["marker"] for c in s["children"]]) for s in doc["sections"]] == [
        ("一、", "主要工作及成效", ["（一）"]), ("二、", "存在的问题", ["（一）"])]


def _bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b" " * (30 * 1024 * 1024))
    return path


def _big(path: Path) -> Path:
    with path.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    return path


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "make",
    [
        lambda d: d / "nope.txt",
        lambda d: (d / "empty_dir").mkdir() or (d / "empty_dir"),
        lambda d: _write(d / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20),
        lambda d: _write(d / "empty.txt", b""),
        lambda d: _big(d / "huge.txt"),
        lambda d: _write(d / "broken.docx", b"this is not a zip file"),
        lambda d: _bomb(d / "bomb.docx"),
    ],
    ids=["nonexistent", "no-supported-files", "binary", "empty", "50MB", "corrupt-docx", "zip-bomb"],
)
def test_bad_input_one_line_error_naming_the_file(cli, tmp_path, make):
    path = make(tmp_path)
    code, out, err = cli("parse", path)
    assert code != 0
    lines = err.strip().split("\n")
    assert len(lines) == 1, err
    assert str(path) in lines[0] and "Traceback" not in err
    assert out == ""


UNSEEN = Path(__file__).parent / "data" / "unseen"


def test_parse_folder_json_lines_one_object_per_file(cli):
    code, out, err = cli("parse", UNSEEN, "--json")
    assert code == 0, err
    records = [json.loads(line) for line in out.strip().split("\n")]
    assert [Path(r["source"]).name for r in records] == sorted(p.name for p in UNSEEN.glob("*.txt"))
    for r in records:
        assert set(r) >= {"source", "noise", "documents"}
        for doc in r["documents"]:
            for s in doc["sections"]:
                _check_section(s)
    speech = next(r for r in records if r["source"].endswith("c_inspection_then_speech_gbk.txt"))
    assert [d["genre"] for d in speech["documents"]] == ["inspection_report", "seminar_speech"]


def test_parse_several_files_as_trees(cli, shared_corpus):
    # resolved: bigan prints the file it read, and ../shared may be a link to the real folder
    a, b = UNSEEN / "a_integrity_county_gbk.txt", (shared_corpus / "half_year_party_building_2020.txt").resolve()
    code, out, err = cli("parse", a, b)
    assert code == 0, err
    assert out.index(f"== {a}") < out.index("关于2023年度落实党风廉政建设责任制情况的报告") < out.index(f"== {b}")
    assert "2020年党建工作上半年总结及下半年计划" in out


def test_parse_folder_with_a_bad_file_reports_it_and_parses_the_rest(cli, tmp_path):
    (tmp_path / "good.txt").write_bytes((UNSEEN / "f_near_miss_half_year.txt").read_bytes())
    bad = _write(tmp_path / "empty.txt", b"")
    code, out, err = cli("parse", tmp_path, "--json")
    assert code != 0
    assert [Path(json.loads(line)["source"]).name for line in out.strip().split("\n")] == ["good.txt"]
    lines = err.strip().split("\n")
    assert len(lines) == 1 and "empty.txt" in lines[0] and str(bad.name) in lines[0] and "Traceback" not in err


def test_parse_folder_holding_one_file_still_prints_one_object(cli, tmp_path):
    (tmp_path / "r.txt").write_bytes((UNSEEN / "g_pages_numbered_wrapped.txt").read_bytes())
    code, out, err = cli("parse", tmp_path, "--json")
    assert code == 0, err
    assert json.loads(out)["documents"][0]["genre"] == "half_year_summary"
