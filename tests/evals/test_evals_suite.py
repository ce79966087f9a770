from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline.schema.factsheet_io import load_factsheet
from pipeline.errors import InputError
from pipeline.evals.suite import load_case, load_suite
from pipeline.types import GENRES


def test_core_suite_covers_every_genre_with_hard_cases(core_dir):
    suite = load_suite(core_dir)
    assert suite.name == "core"
    assert len(suite.cases) >= 20
    assert {c.genre for c in suite.cases} == set(GENRES)
    ids = [c.id for c in suite.cases]
    assert len(ids) == len(set(ids))
    # ids are stable: the file name unless given
    assert all(c.id == c.path.stem for c in suite.cases)
    tags = {t for c in suite.cases for t in c.tags}
    assert {"few_numbers", "missing_sections", "tempting", "chinese_numerals", "wan_units", "problem_by_problem"} <= tags
    tempting = [c for c in suite.cases if "tempting" in c.tags]
    assert any("增长明显" in f for c in tempting for f in c.factsheet.all_facts())
    assert any("覆盖率显著提高" in f for c in tempting for f in c.factsheet.all_facts())


def test_every_case_fact_sheet_passes_the_drafting_loader(core_dir, tmp_path):
    # The runner reads fact sheets with load_factsheet (section ids checked against the outline).
    for case in load_suite(core_dir).cases:
        path = tmp_path / f"{case.id}.yaml"
        path.write_text(case.facts_yaml(), encoding="utf-8")
        assert load_factsheet(path).unit == case.factsheet.unit
        for n in case.assertions.numbers_must_appear:
            assert any(n in f for f in case.factsheet.all_facts()), (case.id, n)


def test_smoke_suite_takes_one_case_per_genre_from_core():
    smoke = load_suite("smoke")
    assert smoke.name == "smoke"
    assert sorted(c.genre for c in smoke.cases) == sorted(GENRES)
    core_ids = {c.id for c in load_suite("core").cases}
    assert {c.id for c in smoke.cases} <= core_ids


def test_cases_filter_by_glob(core_dir):
    suite = load_suite(core_dir, cases="integrity_*,seminar_tempting")
    assert {c.id for c in suite.cases} == {"integrity_full", "integrity_missing_sections", "integrity_cn_numerals", "seminar_tempting"}
    with pytest.raises(InputError, match="未匹配"):
        load_suite(core_dir, cases="nothing_*")


def _write(path: Path, data) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


FACTS = {"genre": "work_summary", "unit": "某县某局", "year": 2024, "sections": {"work": ["完成任务3项"]}}


def test_facts_file_is_relative_to_the_case(tmp_path):
    _write(tmp_path / "sheets" / "a.yaml", FACTS)
    case = load_case(_write(tmp_path / "cases" / "c1.yaml", {"facts_file": "../sheets/a.yaml", "assertions": {"length": [10, 100]}}))
    assert case.id == "c1" and case.genre == "work_summary" and case.assertions.length == (10, 100)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"facts": FACTS, "facts_file": "x.yaml"}, "<root>"),
        ({"facts": {**FACTS, "genre": "poem"}}, "facts.genre"),
        ({"facts": {**FACTS, "sections": {"bogus": ["一条事实"]}}}, "facts.sections.bogus"),
        ({"facts": FACTS, "assertions": {"max_placeholders": -1}}, "assertions.max_placeholders"),
        ({"facts": FACTS, "assertions": {"length": [100, 10]}}, "assertions.length"),
        ({"facts": FACTS, "surprise": 1}, "surprise"),
    ],
)
def test_bad_case_names_file_and_field(tmp_path, data, field):
    path = _write(tmp_path / "bad.yaml", data)
    with pytest.raises(InputError) as err:
        load_case(path)
    assert err.value.path.endswith("bad.yaml")
    assert err.value.field == field


def test_malformed_yaml_and_duplicate_ids(tmp_path):
    bad = tmp_path / "s1" / "cases" / "x.yaml"
    bad.parent.mkdir(parents=True)
    bad.write_text("facts: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_suite(tmp_path / "s1")
    assert err.value.line is not None
    _write(tmp_path / "s2" / "cases" / "a.yaml", {"id": "same", "facts": FACTS})
    _write(tmp_path / "s2" / "cases" / "b.yaml", {"id": "same", "facts": FACTS})
    with pytest.raises(InputError, match="重复"):
        load_suite(tmp_path / "s2")


def test_unknown_suite_is_an_input_error():
    with pytest.raises(InputError, match="找不到评测套件"):
        load_suite("no_such_suite")
