"""Hostile YAML: aliases that stand for an enormous document are refused before anything is built."""

from __future__ import annotations

import pytest

from pipeline.schema.factsheet_io import load_factsheet
from pipeline.schema.outline import load_outline
from pipeline.schema.yamlio import MAX_EXPANDED_CHARS, parse_yaml
from pipeline.errors import InputError
from pipeline.testing.hostile import alias_bomb
from pipeline.testing.limited import run_limited


def billion_laughs(levels: int = 9) -> str:
    lines = ['a0: &a0 "哈"']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_fact_sheet_is_refused_with_file_and_line(tmp_path):
    path = tmp_path / "facts.yaml"
    path.write_text(alias_bomb(), encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_factsheet(path)
    assert err.value.path == str(path) and "别名展开后过大" in err.value.message
    assert err.value.line == 6  # the list that holds the aliases (its first item)
    assert f"上限 {MAX_EXPANDED_CHARS}" in err.value.message


def test_billion_laughs_and_recursive_aliases_are_refused_at_once(tmp_path):
    with pytest.raises(InputError, match="别名展开后过大"):
        parse_yaml(billion_laughs(), "laughs.yaml")
    with pytest.raises(InputError, match="引用了自身"):
        parse_yaml("a: &x [1, *x]\n", "loop.yaml")
    with pytest.raises(InputError, match="嵌套过深"):
        parse_yaml("[" * 5000 + "]" * 5000, "deep.yaml")


def test_outline_files_use_the_same_reader(tmp_path):
    path = tmp_path / "outline.yaml"
    path.write_text("genre: integrity_report\n" + billion_laughs(), encoding="utf-8")
    with pytest.raises(InputError, match="别名展开后过大"):
        load_outline(path)


def test_ordinary_aliases_still_work():
    data, _ = parse_yaml("base: &b {heading: 甲, facts: [召开会议4次]}\nother: *b\n", "ok.yaml")
    assert data["other"] == {"heading": "甲", "facts": ["召开会议4次"]}


@pytest.mark.slow
def test_draft_of_an_alias_bomb_exits_2_in_bounded_memory_and_writes_nothing(tmp_path):
    facts = tmp_path / "facts.yaml"
    facts.write_text(alias_bomb(), encoding="utf-8")
    out = tmp_path / "out"
    run = run_limited(["draft", facts, "-o", out / "r.docx", "-q", "--store", tmp_path / "store"],
                      memory_mb=1500, timeout=300, cwd=tmp_path)
    assert run.returncode == 2, run.stderr[-2000:]
    assert "别名展开后过大" in run.stderr and "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    assert not out.exists()
    assert run.peak_mb < 600
