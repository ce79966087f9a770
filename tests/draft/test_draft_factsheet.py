"""Fact sheets: examples load; every bad input is one error naming file, field and line."""

from __future__ import annotations

import json

import pytest
from draft_support import example_sheets

from pipeline.schema.factsheet import FactSheet
from pipeline.schema.factsheet_io import load_factsheet
from pipeline.errors import InputError

HEAD = "genre: integrity_report\nunit: 中共示例县委办公室\nyear: 2024\n"


@pytest.mark.parametrize("path", example_sheets(), ids=lambda p: p.stem)
def test_examples_load(path):
    sheet = load_factsheet(path)
    assert sheet.all_facts()


def _error(tmp_path, text: str) -> InputError:
    path = tmp_path / "facts.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_factsheet(path)
    assert err.value.path == str(path)
    return err.value


@pytest.mark.parametrize(
    "text, field, line, words",
    [
        ("genre: nope\nunit: 中共示例县委\nyear: 2024\n", "genre", 1, "未知体裁"),
        (HEAD.replace("year: 2024", "year: 二〇二四"), "year", 3, "整数"),
        ("genre: integrity_report\nyear: 2024\nsections:\n  work: [召开会议4次]\n", "unit", None, "缺少"),
        (HEAD + "sections:\n  work:\n    - ok 1次\n  finance:\n    - x\n", "sections.finance", 7, "未知章节"),
        (HEAD + "sections:\n  work: []\n", "sections.work", 5, "为空"),
        (HEAD + "sections:\n  work:\n    - heading: 小标题\n      facts: 3\n", "sections.work[0].facts", 7, "列表"),
        (HEAD + "sections:\n  work:\n    - facts: [召开会议4次]\n", "sections.work[0].heading", 6, "缺少"),
        (HEAD + "sections:\n  work:\n    - \"  \"\n", "sections", None, "空"),
        (HEAD + "colour: red\nsections:\n  work: [a]\n", "colour", 4, "未知字段"),
    ],
)
def test_bad_input_names_field_and_line(tmp_path, text, field, line, words):
    err = _error(tmp_path, text)
    assert err.field == field
    if line is not None:
        assert err.line == line
    assert words in err.message
    assert "\n" not in err.one_line() and "facts.yaml" in err.one_line()


def test_malformed_yaml_names_the_line(tmp_path):
    err = _error(tmp_path, HEAD + "sections:\n  work: [未闭合\n")
    assert "YAML" in err.message and err.line is not None and err.line >= 5


def test_not_a_mapping_and_missing_file(tmp_path):
    assert "映射" in _error(tmp_path, "- just\n- a list\n").message
    with pytest.raises(InputError):
        load_factsheet(tmp_path / "absent.yaml")


def test_schema_command_prints_the_model_schema(cli):
    code, out, err = cli("schema", "factsheet")
    assert code == 0
    schema = json.loads(out)
    assert schema == json.loads(json.dumps(FactSheet.model_json_schema(), ensure_ascii=False))
    assert {"genre", "unit", "year"} <= set(schema["required"])
