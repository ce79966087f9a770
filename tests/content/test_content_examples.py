"""The example fact sheets in examples/: one per genre, valid, using the contract's section ids."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from pipeline.schema.factsheet import FactSheet, SubSection
from pipeline.types import GENRES

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"


def contract_section_ids() -> dict[str, list[str]]:
    """Section ids per genre, read from the table in docs/ARCHITECTURE.md (the contract)."""
    table: dict[str, list[str]] = {}
    text = (REPO / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0] in GENRES:
            table[cells[0]] = re.findall(r"([a-z_]+):", cells[1])
    return table


def load(genre: str) -> FactSheet:
    path = EXAMPLES / f"{genre}.yaml"
    return FactSheet.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def test_term_rules_catch_anachronisms(check_terms, legacy_placeholder):
    assert check_terms("扎实开展党纪学习教育", 2023)
    assert check_terms("深入贯彻党的二十大精神", 2021)
    assert check_terms("严格落实八项规定精神", 2024)
    assert check_terms("扎实开展党纪学习教育，严格落实中央八项规定精神", 2024) == []
    assert legacy_placeholder.findall("全县XX个单位，开展***次") == ["XX", "***"]
    assert legacy_placeholder.findall("二〇二四年，版心156×225毫米") == []


def test_contract_table_covers_every_genre():
    assert set(contract_section_ids()) == set(GENRES)


@pytest.mark.parametrize("genre", GENRES)
def test_example_is_valid_and_uses_contract_ids(genre):
    sheet = load(genre)
    assert sheet.genre == genre
    ids = contract_section_ids()[genre]
    assert set(sheet.sections) <= set(ids), f"unknown section ids: {set(sheet.sections) - set(ids)}"
    # Keys in outline order, so the sheet reads like the report it becomes.
    assert list(sheet.sections) == [i for i in ids if i in sheet.sections]
    assert sheet.org_level and sheet.date and (sheet.signature or sheet.author)


@pytest.mark.parametrize("genre", GENRES)
def test_example_facts_are_concrete(genre):
    sheet = load(genre)
    facts = sheet.all_facts()
    assert len(facts) >= 6
    with_numbers = [f for f in facts if re.search(r"\d", f)]
    assert len(with_numbers) / len(facts) >= 0.4, "most facts should carry numbers"
    assert len(set(facts)) == len(facts), "duplicate fact"


@pytest.mark.parametrize("genre", GENRES)
def test_example_terms_fit_the_year(genre, check_terms, legacy_placeholder):
    sheet = load(genre)
    text = "\n".join([sheet.title or "", *sheet.all_facts()])
    for item in (i for items in sheet.sections.values() for i in items):
        if isinstance(item, SubSection):
            text += "\n" + item.heading
    assert check_terms(text, sheet.year) == []
    assert legacy_placeholder.findall(text) == []


def test_work_sections_have_sub_sections():
    for genre in ("integrity_report", "inspection_report", "work_summary", "half_year_summary"):
        work = load(genre).sections["work"]
        subs = [i for i in work if isinstance(i, SubSection)]
        assert 3 <= len(subs) <= 5, genre
        assert all(2 <= len(s.facts) <= 4 for s in subs), genre


def test_plain_lists_for_problems_and_plans():
    sheet = load("integrity_report")
    assert all(isinstance(i, str) for i in sheet.sections["problems"] + sheet.sections["plans"])


def test_demo_example_is_the_richest():
    counts = {g: len(load(g).all_facts()) for g in GENRES}
    assert counts["integrity_report"] == max(counts.values())
    sheet = load("integrity_report")
    assert set(sheet.sections) == set(contract_section_ids()["integrity_report"])
    assert sheet.addressee and sheet.signature and sheet.date


def test_some_example_misses_a_whole_section():
    ids = contract_section_ids()
    missing = {g: set(ids[g]) - set(load(g).sections) for g in GENRES}
    assert any(missing.values()), "one example must leave a section out to show 【待补充：…】"
    assert missing["half_year_summary"] == {"shortcomings"}


def test_seminar_speech_shape():
    sheet = load("seminar_speech")
    assert set(sheet.sections) == {"opening", "points", "closing"}
    points = sheet.sections["points"]
    assert len(points) == 3 and all(isinstance(p, SubSection) for p in points)
    assert sheet.author


def test_rectification_is_problem_by_problem():
    sheet = load("rectification_report")
    subs = sheet.sections["rectification"]
    assert len(subs) >= 3 and all(isinstance(s, SubSection) for s in subs)
    # Each heading is a reported problem, each fact an action with its numbers.
    assert all(len(s.heading) >= 12 for s in subs)
    assert all(any(re.search(r"\d", f) for f in s.facts) for s in subs)


def test_examples_have_teaching_comments():
    for genre in GENRES:
        text = (EXAMPLES / f"{genre}.yaml").read_text(encoding="utf-8")
        comments = [ln for ln in text.splitlines() if ln.lstrip().startswith("#")]
        assert len(comments) >= 3 and any(re.search(r"[\u4e00-\u9fff]", c) for c in comments), genre


def test_readme_names_every_genre_and_section_id():
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    for genre, ids in contract_section_ids().items():
        assert f"`{genre}`" in readme
        assert all(f"`{i}`" in readme for i in ids), genre
