"""`bigan facts extract` from the command line: a sheet `bigan draft` loads as it is; bad input."""

from __future__ import annotations

import yaml

from pipeline.schema.factsheet_io import load_factsheet


def test_extract_then_draft(cli, materials, tmp_path):
    folder, data = materials
    out = tmp_path / "事实清单.yaml"
    code, stdout, err = cli("facts", "extract", folder, "--genre", "work_summary", "--unit", data["unit"], "-o", out)
    assert code == 0, err
    assert str(out) in stdout and "提取事实" in err and "离线规则" in err
    text = out.read_text(encoding="utf-8")
    # every fact carries its source as a comment line right above it
    lines = text.splitlines()
    items = [i for i, line in enumerate(lines) if line.lstrip().startswith("- ") and "heading:" not in line]
    assert items and all(lines[i - 1].lstrip().startswith("# 来源：") for i in items)
    assert "# 来源：网信工作统计表.xlsx 主要指标!A2:D2" in text
    sheet = load_factsheet(out)
    assert sheet.unit == data["unit"] and sheet.year == 2024 and set(sheet.sections) == {"work", "problems", "plans"}

    # the writer trims: delete one fact, then draft the sheet as it is
    raw = yaml.safe_load(text)
    raw["sections"]["plans"] = raw["sections"]["plans"][:2]
    out.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    code, stdout, err = cli("draft", out, "-o", tmp_path / "报告.docx", "-q")
    assert code == 0, err
    assert (tmp_path / "报告.docx").is_file()


def test_bad_input_is_one_line_and_exit_2(cli, tmp_path, materials):
    folder, _ = materials
    code, _, err = cli("facts", "extract", tmp_path / "nowhere", "--genre", "work_summary")
    assert code == 2 and "nowhere" in err and "Traceback" not in err

    broken = tmp_path / "坏表格.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    out = tmp_path / "f.yaml"
    code, _, err = cli("facts", "extract", broken, "--genre", "work_summary", "-o", out)
    assert code == 2 and "坏表格.xlsx" in err and "Excel" in err
    assert not out.exists()  # no half-written output

    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4")
    code, _, err = cli("facts", "extract", tmp_path / "x.pdf", "--genre", "work_summary")
    assert code == 2 and "x.pdf" in err

    code, _, err = cli("facts", "extract", folder, "--genre", "annual_party", "-o", out)
    assert code == 2 and "--genre" in err

    empty = tmp_path / "空文件夹"
    empty.mkdir()
    code, _, err = cli("facts", "extract", empty, "--genre", "work_summary")
    assert code == 2 and "空文件夹" in err

    nothing = tmp_path / "无事实"
    nothing.mkdir()
    (nothing / "a.txt").write_text("今年工作很忙。\n大家都很努力。\n", encoding="utf-8")
    code, _, err = cli("facts", "extract", nothing, "--genre", "work_summary", "--year", "2024", "-o", out)
    assert code == 2 and "没有找到可提取的事实" in err and not out.exists()


def test_extract_then_draft_on_last_years_report(cli, materials, tmp_path):
    """The whole path of issue 10: the departments' materials → fact sheet → this year's report
    written on last year's (the same fictional unit's 2023 report)."""
    from pathlib import Path

    from pipeline.draft.assemble import assemble_text
    from pipeline.draftio import load_draft

    last = Path(__file__).resolve().parents[1] / "draft" / "data" / "based_on" / "岚溪县委宣传部2023年工作总结.txt"
    folder, data = materials
    sheet = tmp_path / "事实清单.yaml"
    assert cli("facts", "extract", folder, "--genre", "work_summary", "--unit", data["unit"], "-o", sheet)[0] == 0
    code, _, err = cli("draft", sheet, "--based-on", last, "-o", tmp_path / "2024.docx", "-q")
    assert code == 0, err
    text = assemble_text(load_draft(tmp_path / "2024.draft.json"))
    for this_year in ("集中学习14次", "宣讲213场", "受众2.6万人次", "处置网络舆情46起", "对全县31个网站", "累计达到180个"):
        assert this_year in text, this_year
    for last_year in ("186场", "2.1万人次", "39起", "28个", "136篇", "168个", "茶文化旅游节", "主题教育"):
        assert last_year not in text, last_year
    assert "三、2025年工作思路" in text and "一是下一步" not in text
