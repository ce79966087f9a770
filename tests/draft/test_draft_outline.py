"""Outlines: one per genre with the section ids of docs/ARCHITECTURE.md; derived from a reference."""

from __future__ import annotations

import pytest
import yaml

from pipeline.schema.outline import load_outline
from pipeline.errors import InputError
from pipeline.types import GENRES

# From docs/ARCHITECTURE.md "Section ids per genre" — the contract examples and eval cases rely on.
IDS = {
    "inspection_report": ["basic_info", "work", "problems", "plans"],
    "integrity_report": ["basic_info", "work", "problems", "plans"],
    "rectification_report": ["organization", "rectification", "consolidation"],
    "half_year_summary": ["work", "shortcomings", "plans"],
    "work_summary": ["work", "problems", "plans"],
    "duty_report": ["study", "duty", "integrity", "shortcomings", "plans"],
    "seminar_speech": ["opening", "points", "closing"],
}


@pytest.mark.parametrize("genre", GENRES)
def test_every_genre_has_its_outline(genre):
    outline = load_outline(genre)
    assert outline.genre == genre
    assert [s.id for s in outline.sections] == IDS[genre]
    for s in outline.sections:
        assert s.length[0] < s.length[1]
    if genre == "seminar_speech":
        assert all(s.heading == "" for s in outline.sections)
    else:
        assert all(s.heading for s in outline.sections)


def test_outline_file_errors_name_the_line(tmp_path):
    path = tmp_path / "o.yaml"
    path.write_text("genre: work_summary\nname: x\nsections:\n  - id: Work\n    heading: 工作\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_outline(str(path))
    assert err.value.field == "sections[0].id" and err.value.line == 4


def test_outline_from_a_reference_report(cli, shared_corpus, tmp_path):
    source = shared_corpus / "integrity_report_county_propaganda_2022.txt"
    out = tmp_path / "mine.yaml"
    code, stdout, err = cli("outline", "from", source, "-o", out)
    assert code == 0, err
    derived = load_outline(str(out))
    assert derived.genre == "integrity_report"
    assert [s.id for s in derived.sections] == IDS["integrity_report"]
    work = derived.section("work")
    assert work.subsections == "from_facts" and len(work.covers) >= 3
    assert work.length[0] >= 1000  # the reference's 主要做法和成效 is long
    assert "XX" not in out.read_text(encoding="utf-8")  # legacy placeholders never become template text
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["title"].count("{unit}") <= 1


def test_draft_with_a_derived_outline(cli, shared_corpus, tmp_path, small_sheet):
    outline = tmp_path / "mine.yaml"
    assert cli("outline", "from", shared_corpus / "integrity_report_county_propaganda_2022.txt", "-o", outline)[0] == 0
    code, out, err = cli("draft", small_sheet, "--outline", outline, "--json", tmp_path / "d.json", "-q")
    assert code == 0, err
    from pipeline.draftio import load_draft

    draft = load_draft(tmp_path / "d.json")
    assert draft.meta.outline == str(outline)
    assert [s.id for s in draft.sections if s.level == 1][:2] == ["basic_info", "work"]
