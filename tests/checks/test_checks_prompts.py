"""The checker reads the rule files of the prompts folder it is given (terms, timeline, gates, outlines,
ingest rules), and the shipped folder when given none."""

from __future__ import annotations

import shutil

import pytest
import yaml

from pipeline.checks import check_file, check_text
from pipeline.errors import ConfigError
from pipeline.resources import shipped_prompts

TEXT = "对照上级要求，工作中还存在一些差距和不足，主要表现在：学习不够深入。"


@pytest.fixture
def folder(tmp_path):
    copy = tmp_path / "prompts"
    shutil.copytree(shipped_prompts(), copy)
    terms = yaml.safe_load((copy / "terms.yaml").read_text(encoding="utf-8"))
    terms["wrong_forms"].append({"wrong": "主要表现在", "right": "主要是", "note": "this folder only"})
    (copy / "terms.yaml").write_text(yaml.safe_dump(terms, allow_unicode=True), encoding="utf-8")
    return copy


def test_check_text_takes_the_terms_of_its_folder(folder):
    mine = [f for f in check_text(TEXT, prompts=folder) if f.code == "TERMS_WRONG_FORM"]
    assert [f.message for f in mine] == ["“主要表现在”应为“主要是”（this folder only）"]
    assert not [f for f in check_text(TEXT) if f.code == "TERMS_WRONG_FORM"]


def test_check_file_takes_every_rule_file_from_its_folder(folder, tmp_path):
    doc = tmp_path / "report.txt"
    doc.write_text("示例县2024年工作总结\n\n一、主要问题\n" + TEXT + "\n", encoding="utf-8")
    assert any(f.code == "TERMS_WRONG_FORM" for f in check_file(doc, prompts=folder))
    assert not any(f.code == "TERMS_WRONG_FORM" for f in check_file(doc))
    (folder / "ingest_rules.yaml").unlink()  # the document is parsed with the folder's rules too
    with pytest.raises(ConfigError) as exc:
        check_file(doc, prompts=folder)
    assert exc.value.path.endswith("ingest_rules.yaml") and str(folder) in exc.value.path


def test_bigan_check_reads_bigan_prompts_at_the_top_and_passes_it_down(folder, tmp_path, cli, monkeypatch):
    doc = tmp_path / "report.txt"
    doc.write_text("示例县2024年工作总结\n\n一、主要问题\n" + TEXT + "\n", encoding="utf-8")
    _code, out, _err = cli("check", doc, "--json")
    assert "TERMS_WRONG_FORM" not in out
    monkeypatch.setenv("BIGAN_PROMPTS", str(folder))
    _code, out, _err = cli("check", doc, "--json")
    assert "“主要表现在”应为“主要是”" in out
