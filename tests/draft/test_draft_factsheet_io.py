"""Fact sheets in Excel and Word: the template a writer fills, read back into the same FactSheet as the
YAML; every bad file is one line naming the file, sheet (or table), row and column, exit 2."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest
from draft_support import example_sheets
from sheet_filling import fill_docx, fill_xlsx

from pipeline.schema.factsheet_io import load_factsheet
from pipeline.errors import InputError

SUFFIXES = (".xlsx", ".docx")
INTEGRITY = next(p for p in example_sheets() if p.stem == "integrity_report")


@pytest.mark.parametrize("suffix", SUFFIXES)
@pytest.mark.parametrize("example", example_sheets(), ids=lambda p: p.stem)
def test_blank_template_filled_by_a_writer_loads_as_the_yaml(cli, tmp_path, example, suffix):
    sheet = load_factsheet(example)
    template = tmp_path / f"template{suffix}"
    code, _, err = cli("facts", "template", sheet.genre, "-o", template)
    assert code == 0, err
    filled = tmp_path / f"事实清单{suffix}"
    (fill_xlsx if suffix == ".xlsx" else fill_docx)(template, sheet, filled)
    assert load_factsheet(filled) == sheet


@pytest.mark.parametrize("example", example_sheets(), ids=lambda p: p.stem)
def test_from_converts_yaml_to_excel_to_word_and_back(cli, tmp_path, example):
    sheet = load_factsheet(example)
    xlsx, docx_ = tmp_path / "a.xlsx", tmp_path / "b.docx"
    assert cli("facts", "template", "--from", example, "-o", xlsx)[0] == 0
    assert cli("facts", "template", "--from", xlsx, "-o", docx_)[0] == 0
    assert load_factsheet(xlsx) == sheet and load_factsheet(docx_) == sheet


def test_template_has_header_sections_and_instructions(cli, tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "t.xlsx"
    code, _, err = cli("facts", "template", "inspection_report", "-o", path)
    assert code == 0 and "bigan draft" in err
    wb = load_workbook(path)
    assert wb.sheetnames == ["填写说明", "基本信息", "单位基本情况", "工作开展情况及成效", "存在的主要问题", "下步工作打算"]
    guide = " ".join(str(c.value) for c in wb["填写说明"]["A"] if c.value)
    assert "小标题" in guide and "【待补充" in guide and "bigan draft 事实清单.xlsx" in guide
    labels = [r[0].value for r in wb["基本信息"].iter_rows(min_row=2)]
    assert labels[:3] == ["体裁", "单位", "年度"] and {"称谓", "时段", "述职人/发言人", "汇报依据"} <= set(labels)
    assert wb["基本信息"]["B2"].value == "巡察工作汇报"
    work = wb["工作开展情况及成效"]
    assert "本节写" in work["A1"].value and [work["A2"].value, work["B2"].value] == ["小标题", "事实"]


def test_template_refuses_to_overwrite_and_odd_suffixes(cli, tmp_path):
    path = tmp_path / "t.xlsx"
    path.write_text("my filled sheet")
    code, _, err = cli("facts", "template", "work_summary", "-o", path)
    assert code == 2 and "--force" in err and path.read_text() == "my filled sheet"
    assert cli("facts", "template", "work_summary", "-o", path, "--force")[0] == 0
    code, _, err = cli("facts", "template", "work_summary", "-o", tmp_path / "t.csv")
    assert code == 2 and ".xlsx 或 .docx" in err
    code, _, err = cli("facts", "template", "memo", "-o", tmp_path / "m.xlsx")
    assert code == 2 and "未知体裁" in err and not (tmp_path / "m.xlsx").exists()


# ----------------------------------------------------------------------------- hostile and careless files


@pytest.fixture
def filled_xlsx(tmp_path, cli):
    """The integrity example as a filled workbook, to spoil in each test."""
    path = tmp_path / "事实清单.xlsx"
    assert cli("facts", "template", "--from", INTEGRITY, "-o", path)[0] == 0
    assert load_factsheet(path).genre == "integrity_report"
    return path


def _spoil(path, change):
    from openpyxl import load_workbook

    wb = load_workbook(path)
    change(wb)
    wb.save(path)


def _error(path) -> InputError:
    with pytest.raises(InputError) as err:
        load_factsheet(path)
    line = err.value.one_line()
    assert "\n" not in line and line.startswith(str(path))
    return err.value


@pytest.mark.parametrize(
    "change, field, words",
    [
        (lambda wb: wb["主要做法和成效"].cell(5, 2, 32), "主要做法和成效!B5", "应为文本"),
        (lambda wb: wb["主要做法和成效"].cell(5, 2, dt.datetime(2024, 3, 1, 9, 30)), "主要做法和成效!B5", "应为文本"),
        (lambda wb: wb["基本信息"].cell(4, 2, "二〇二四年"), "基本信息!B4", "整数"),
        (lambda wb: setattr(wb["基本信息"]["B3"], "value", None), "基本信息!B3", "缺少必填项“单位”"),
        (lambda wb: wb["基本信息"].cell(6, 2, "镇"), "基本信息!B6", "未知层级"),
        (lambda wb: wb["基本信息"].cell(2, 2, "会议纪要"), "基本信息!B2", "未知体裁"),
        (lambda wb: wb["基本信息"].cell(20, 1, "颜色"), "基本信息!A20", "未知项目"),
        (lambda wb: wb["基本信息"].cell(20, 2, "无名的值"), "基本信息!B20", "没有填写项目名"),
        (lambda wb: wb["基本信息"].cell(20, 1, "单位"), "基本信息!B20", "填了两次"),
        (lambda wb: wb["存在的主要问题"].cell(9, 4, "放错列的事实"), "存在的主要问题!D9", "没有表头"),
        (lambda wb: wb["下步工作计划"].cell(20, 1, "只有小标题"), "下步工作计划!B20", "不能为空"),
        (lambda wb: wb["下步工作计划"].delete_rows(2), "下步工作计划", "表头"),
    ],
)
def test_bad_cells_are_named(filled_xlsx, change, field, words):
    _spoil(filled_xlsx, change)
    err = _error(filled_xlsx)
    assert err.field == field and words in err.message


def test_sheet_names_and_missing_sheets(filled_xlsx):
    _spoil(filled_xlsx, lambda wb: setattr(wb["存在的主要问题"], "title", "问题清单"))
    err = _error(filled_xlsx)
    assert "未知工作表“问题清单”" in err.message and "存在的主要问题" in err.message
    _spoil(filled_xlsx, lambda wb: wb.remove(wb["基本信息"]))
    assert "缺少工作表“基本信息”" in _error(filled_xlsx).message


def test_extra_columns_are_notes_and_headings_with_markers_still_match(filled_xlsx):
    def change(wb):
        wb["主要做法和成效"].cell(2, 3, "来源")
        wb["主要做法和成效"].cell(3, 3, "办公室报送材料")
        wb["基本情况"].title = "一、基本情况"

    before = load_factsheet(filled_xlsx)
    _spoil(filled_xlsx, change)
    assert load_factsheet(filled_xlsx) == before


def test_several_lines_in_one_cell_are_several_facts(filled_xlsx):
    _spoil(filled_xlsx, lambda wb: wb["存在的主要问题"].cell(6, 2, "新问题一，涉及3个股室\n\n新问题二"))
    problems = load_factsheet(filled_xlsx).sections["problems"]
    assert problems[-2:] == ["新问题一，涉及3个股室", "新问题二"]


def test_blank_template_is_an_error_not_a_draft(cli, tmp_path):
    path = tmp_path / "blank.xlsx"
    cli("facts", "template", "work_summary", "-o", path)
    assert _error(path).field == "基本信息!B3"  # 单位 first


@pytest.mark.parametrize(
    "suffix, content, words",
    [
        (".xlsx", b"", "为空"),
        (".xlsx", "单位,年度\n青川县,2024\n".encode("gbk"), "不是有效的 zip"),
        (".xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "旧版 Excel"),
        (".docx", "单位：青川县\n".encode("utf-8"), "损坏的 .docx"),
        (".docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "旧版 Word"),
    ],
)
def test_files_that_are_not_workbooks(tmp_path, cli, suffix, content, words):
    path = tmp_path / f"事实清单{suffix}"
    path.write_bytes(content)
    assert words in _error(path).message
    code, out, err = cli("draft", path)
    assert code == 2 and words in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == [path]  # no half-written output


def test_zip_that_is_not_a_workbook_and_a_zip_bomb(tmp_path):
    path = tmp_path / "x.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "not a workbook")
    assert "缺少 xl/workbook.xml" in _error(path).message
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<a/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (40 * 1024 * 1024))
    assert "压缩炸弹" in _error(path).message


def test_old_formats_name_the_fix(tmp_path):
    for name, words in (("a.xls", "另存为 .xlsx"), ("a.doc", "另存为 .docx"), ("a.wps", "另存为 .docx")):
        path = tmp_path / name
        path.write_bytes(b"\xd0\xcf\x11\xe0")
        assert words in _error(path).message


# ----------------------------------------------------------------------------- Word


@pytest.fixture
def filled_docx(tmp_path, cli):
    path = tmp_path / "事实清单.docx"
    assert cli("facts", "template", "--from", INTEGRITY, "-o", path)[0] == 0
    return path


def test_word_cells_are_named(filled_docx):
    import docx

    doc = docx.Document(str(filled_docx))
    doc.tables[2].rows[3].cells[1].text = "  "  # a blank fact row is nothing …
    doc.tables[2].rows[4].cells[0].text = "新小标题"  # … but a heading without facts is an error
    doc.tables[2].rows[4].cells[1].text = ""
    doc.save(str(filled_docx))
    err = _error(filled_docx)
    assert err.field == "“主要做法和成效”表第5行“事实”列" and "不能为空" in err.message


def test_word_without_tables_or_section_names(tmp_path, filled_docx):
    import docx

    plain = tmp_path / "plain.docx"
    d = docx.Document()
    d.add_paragraph("2024年工作总结：召开会议4次。")
    d.save(str(plain))
    assert "基本信息" in _error(plain).message

    doc = docx.Document(str(filled_docx))
    for p in doc.paragraphs:
        if p.text == "存在的主要问题":
            p.text = "其他"
    doc.save(str(filled_docx))
    assert "上方没有章节名" in _error(filled_docx).message


# ----------------------------------------------------------------------------- where fact sheets are loaded


def test_draft_check_and_resume_take_a_workbook(cli, filled_xlsx, tmp_path):
    code, out, err = cli("draft", filled_xlsx, "-q")
    assert code == 0, err
    docx_, json_ = tmp_path / "事实清单.docx", tmp_path / "事实清单.draft.json"
    assert docx_.is_file() and json_.is_file()
    code, out, err = cli("check", json_, "--facts", filled_xlsx)
    assert code in (0, 1) and "Traceback" not in err
    code, out, err = cli("draft", "--resume", json_, "-q")
    assert code == 0 and "保留已完成章节" in err


def test_a_word_sheet_is_never_overwritten_by_its_draft(cli, filled_docx, tmp_path):
    before = filled_docx.read_bytes()
    code, out, err = cli("draft", filled_docx, "-q")
    assert code == 0, err
    assert filled_docx.read_bytes() == before and (tmp_path / "事实清单.draft.docx").is_file()
    code, out, err = cli("draft", filled_docx, "-o", filled_docx)
    assert code == 2 and "覆盖事实清单" in err and filled_docx.read_bytes() == before


def test_eval_case_may_name_a_workbook(tmp_path, filled_xlsx):
    from pipeline.evals.suite import load_case

    case = tmp_path / "case.yaml"
    case.write_text(f"facts_file: {filled_xlsx.name}\nassertions: {{}}\n", encoding="utf-8")
    assert load_case(case).factsheet == load_factsheet(filled_xlsx)


@pytest.mark.slow
def test_a_huge_word_fact_sheet_is_refused_before_python_docx_inflates_it(tmp_path):
    """python-docx inflates document.xml whole: a fact sheet is counted while inflated first, to 20 MB."""
    from pipeline.testing.hostile import wordy_docx
    from pipeline.testing.limited import run_limited

    path = wordy_docx(tmp_path / "事实清单.docx", paragraphs=3000)  # ~25 MB of XML, honestly declared
    assert sum(i.file_size for i in zipfile.ZipFile(path).infolist()) > 20 * 1024 * 1024
    run = run_limited(["draft", path, "-o", tmp_path / "out.docx"], memory_mb=1000, timeout=120)
    assert run.returncode == 2, run.stderr
    assert "压缩炸弹" in run.stderr and str(path) in run.stderr and "Traceback" not in run.stderr
    assert run.peak_mb < 250, f"peak {run.peak_mb:.0f} MB"
    assert not (tmp_path / "out.docx").exists()
