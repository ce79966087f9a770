"""prompts/ingest_rules.yaml: every weight named and explained, bad files refused, the rules really
used, and the parser version following the rules and the code."""

from __future__ import annotations

import shutil
from dataclasses import fields

import pytest
import yaml

from pipeline.errors import ConfigError
from pipeline.ingest import parse_text, parser_version, version_sources
from pipeline.ingest.clean import clean_text
from pipeline.ingest.rules import RULES_FILE, Weights, load_ingest_rules, rules_path


@pytest.fixture
def prompts_copy(tmp_path):
    folder = tmp_path / "prompts"
    folder.mkdir()
    shutil.copy(rules_path(), folder / RULES_FILE)
    return folder


def _edit(folder, change) -> None:
    path = folder / RULES_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_every_weight_is_named_and_says_why():
    rules = load_ingest_rules()
    assert set(rules.why) == {f.name for f in fields(Weights)}
    assert all(len(why) >= 10 for why in rules.why.values())


def test_a_missing_unknown_or_unexplained_weight_is_a_config_error_naming_the_file(prompts_copy):
    _edit(prompts_copy, lambda d: d["weights"].pop("noise_threshold"))
    with pytest.raises(ConfigError, match="noise_threshold") as err:
        load_ingest_rules(prompts_copy)
    assert RULES_FILE in str(err.value.path)
    shutil.copy(rules_path(), prompts_copy / RULES_FILE)
    _edit(prompts_copy, lambda d: d["weights"].update(made_up={"value": 1, "why": "no pass reads this one"}))
    with pytest.raises(ConfigError, match="made_up"):
        load_ingest_rules(prompts_copy)
    shutil.copy(rules_path(), prompts_copy / RULES_FILE)
    _edit(prompts_copy, lambda d: d["weights"]["edge_top_lines"].pop("why"))
    with pytest.raises(ConfigError, match="edge_top_lines"):
        load_ingest_rules(prompts_copy)


def test_the_vocabulary_and_the_weights_come_from_the_file(prompts_copy):
    raw = "南岭县档案馆2023年工作总结\n一、主要工作\n全年完成任务。\n档案之友俱乐部欢迎您\n二、存在的问题\n库房不足。"
    assert not clean_text(raw).removals  # not a site word the project knows
    _edit(prompts_copy, lambda d: d["noise"]["telltale"].append("俱乐部欢迎您"))
    rules = load_ingest_rules(prompts_copy)
    assert [r.text for r in clean_text(raw, rules=rules).removals] == ["档案之友俱乐部欢迎您"]
    _edit(prompts_copy, lambda d: d["weights"]["noise_threshold"].update(value=40))
    assert not clean_text(raw, rules=load_ingest_rules(prompts_copy)).removals


def test_run_in_heading_vocabulary_comes_from_the_file(prompts_copy):
    line = "一、馆藏资源建设新增进馆档案1200卷，征集名人档案40件。"
    assert parse_text(line).documents[0].sections[0].heading != "馆藏资源建设"
    _edit(prompts_copy, lambda d: d["headings"]["vocabulary"].append("馆藏资源建设"))
    doc = parse_text(line, rules=load_ingest_rules(prompts_copy)).documents[0]
    assert doc.sections[0].heading == "馆藏资源建设"


def test_parser_version_changes_with_the_rules(prompts_copy):
    before = parser_version(prompts_copy)
    assert before == parser_version(prompts_copy)  # stable
    _edit(prompts_copy, lambda d: d["weights"]["edge_top_lines"].update(value=11))
    assert parser_version(prompts_copy) != before


def test_parser_version_covers_the_text_vocabulary_ingest_reads_with():
    # heading markers, numbers and placeholders live in pipeline/text since the layers clean-up: a change
    # there changes what a file parses to, so it must re-parse stored files like a change in ingest does
    names = {p.relative_to(p.parents[1]).as_posix() if p.parent.name == "text" else p.name for p in version_sources()}
    assert {"text/markers.py", "text/numbers.py", "text/placeholders.py", "types.py", "clean.py", "parse.py"} <= names
