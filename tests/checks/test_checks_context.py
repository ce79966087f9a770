"""One rule for the numbers a report may state besides its facts, shared by drafting, check and eval."""

from __future__ import annotations

from pipeline.checks import check_text
from pipeline.checks.grounding import sheet_context, ungrounded_numbers
from pipeline.schema.factsheet import FactSheet
from pipeline.draft.whole import grounding_facts
from pipeline.evals.scoring import count_ungrounded

SHEET = FactSheet.model_validate(
    {
        "genre": "work_summary",
        "unit": "云岭市第二中学",
        "year": 2024,
        "signature": "云岭市第二中学党总支",
        "date": "2024-12-28",
        "sections": {"work": [{"heading": "开展3项专项行动", "facts": ["组织家访120户"]}]},
    }
)
TEXT = "2024年，学校开展3项专项行动，组织家访120户，2023年以来持续推进，于2024年12月28日总结。"


def test_sheet_context_names_headings_signature_year_and_date():
    context = [str(x) for x in sheet_context(SHEET)]
    assert "开展3项专项行动" in context and "云岭市第二中学党总支" in context
    assert "2024年12月28日" in context and "2023年" in context and "2025年" in context


def test_drafting_checker_and_eval_agree():
    assert ungrounded_numbers(TEXT, grounding_facts(SHEET)) == []
    assert [f.code for f in check_text(TEXT, facts=SHEET, year=2024) if f.category == "GROUNDING"] == []
    assert count_ungrounded([TEXT], SHEET) == 0
    invented = TEXT + "覆盖率达到96%。"
    assert [n.text for n in ungrounded_numbers(invented, grounding_facts(SHEET))] == ["96%"]
    assert [f.code for f in check_text(invented, facts=SHEET, year=2024)].count("GROUNDING_UNKNOWN_NUMBER") == 1
    assert count_ungrounded([invented], SHEET) == 1
