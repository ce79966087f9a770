"""A badly typed draft.json is one error naming the file and field (exit 2) in every command that
reads it — check, export, revise (one shot and interactive) and serve — never a traceback."""

from __future__ import annotations

import copy
import io
import json
import sys
from pathlib import Path

import pytest

from pipeline.draftio import load_draft
from pipeline.errors import InputError

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> dict:
    from pipeline.config import load_settings
    from pipeline.draft.runner import run_draft

    folder = tmp_path_factory.mktemp("good")
    path = folder / "draft.json"
    run_draft(REPO / "examples" / "integrity_report.yaml", load_settings(cache_dir=folder / "cache"), store=None,
              json_path=path)
    return json.loads(path.read_text(encoding="utf-8"))


def _set(path: tuple, value):
    def change(data: dict) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


BAD = [
    (("meta",), [], "meta", "键值映射"),
    (("meta", "year"), "二〇二四", "meta.year", "整数"),
    (("sections",), {}, "sections", "列表"),
    (("sections", 1, "text"), ["第一段"], "sections[1].text", "文本"),
    (("sections", 1, "history"), "x", "sections[1].history", "列表"),
    (("sections", 1, "current"), "最新", "sections[1].current", "整数"),
    (("facts",), [], "facts", "键值映射"),
    (("facts", "sections"), "x", "facts.sections", "键值映射"),
    (("facts", "sections", "work"), [{"heading": "小标题"}], "facts.sections.work[0].facts", "缺少"),
    (("findings",), [{"severity": "error"}], "findings[0].code", "缺少"),
]


@pytest.mark.parametrize("where, value, field, words", BAD, ids=[f for _, _, f, _ in BAD])
def test_bad_field_is_named_with_its_line(good, tmp_path, where, value, field, words):
    data = copy.deepcopy(good)
    _set(where, value)(data)
    path = tmp_path / "draft.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_draft(path)
    err = info.value
    assert err.path == str(path) and err.field == field and words in err.message
    assert err.line and path.read_text(encoding="utf-8").splitlines()[err.line - 1].strip()


@pytest.mark.parametrize("command", ["check", "export", "revise-one", "revise", "serve"])
def test_every_command_exits_2_with_one_line(good, tmp_path, cli, monkeypatch, command):
    data = copy.deepcopy(good)
    data["meta"] = []
    bad = tmp_path / "bad.draft.json"
    bad.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    args = {
        "check": ["check", bad],
        "export": ["export", bad, "-o", tmp_path / "out.docx"],
        "revise-one": ["revise", bad, "--section", "work"],
        "revise": ["revise", bad],
        "serve": ["serve", bad, "--port", "1"],  # must fail before it listens
    }[command]
    monkeypatch.setattr(sys, "stdin", io.StringIO("list\nquit\n"))
    code, out, err = cli(*args)
    assert code == 2, (out, err)
    assert err.strip() == f"bigan: 错误: {bad}:2: meta: 应为键值映射 (expected a mapping)"
    assert not (tmp_path / "out.docx").exists()


def test_a_valid_draft_still_loads_with_its_types(good, tmp_path):
    path = tmp_path / "draft.json"
    path.write_text(json.dumps(good, ensure_ascii=False), encoding="utf-8")
    draft = load_draft(path)
    assert isinstance(draft.meta.year, int) and draft.sections and draft.facts["genre"] == "integrity_report"
    assert draft.to_dict()["sections"] == good["sections"]
