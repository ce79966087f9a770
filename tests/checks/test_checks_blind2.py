"""Blind round 2: clean reports give no finding, each planted slip gives exactly its code.

The reports and expectations in data/blind2/ were written before reading the checker.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline.checks import check_file
from pipeline.draft.factsheet import load_factsheet

DATA = Path(__file__).parent / "data" / "blind2"
SPEC = yaml.safe_load((DATA / "expectations.yaml").read_text(encoding="utf-8"))
IGNORE = set(SPEC["ignore"])


def _matches(code: str, wanted: str) -> bool:
    return code.startswith(wanted) if wanted.endswith("_") else code == wanted


def run_case(case: dict) -> list:
    sheet = load_factsheet(DATA / case["facts"])
    findings = check_file(DATA / case["file"], facts=sheet, year=case["year"])
    return [f for f in findings if f.code not in IGNORE]


def test_every_fact_sheet_is_valid():
    for case in SPEC["cases"]:
        sheet = load_factsheet(DATA / case["facts"])
        assert sheet.year == case["year"]


@pytest.mark.parametrize("case", SPEC["cases"], ids=[c["file"] for c in SPEC["cases"]])
def test_blind2_case(case):
    findings = run_case(case)
    shown = [(f.code, getattr(f, "message", "")) for f in findings]
    for wanted in case["expect"]:
        assert any(_matches(f.code, wanted) for f in findings), (wanted, shown)
    extra = [s for s in shown if not any(_matches(s[0], w) for w in case["expect"])]
    assert extra == [], extra
