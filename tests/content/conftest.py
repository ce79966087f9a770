"""Fixtures for the content area: rules that every sample report and example fact sheet must keep."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

# Term → first year a document may use it (../shared/reference/gongwen.md, "What a year may cite").
# A report for an earlier year that uses the term is anachronistic.
TERM_FIRST_YEAR: dict[str, int] = {
    "二十大": 2022,
    "二十届": 2023,
    "二十届三中": 2024,
    "二十届四中": 2025,
    "主题教育": 2019,
    "学习贯彻习近平新时代中国特色社会主义思想主题教育": 2023,
    "党纪学习教育": 2024,
    "深入贯彻中央八项规定精神学习教育": 2025,
    "两个确立": 2021,
    "新质生产力": 2023,
}
# Campaign names that belong to one year's work; later reports mention them only as past.
TERM_LAST_YEAR: dict[str, int] = {
    "党史学习教育": 2022,
}
# Legacy template placeholders; a clean exemplar must have none (〇 in dates and 156×225 are fine).
LEGACY_PLACEHOLDER = re.compile(r"(?<![A-Za-z])(?:20XX|X{1,3}|x余|\*{1,3})(?![A-Za-z])|×(?!\d)")


def term_problems(text: str, year: int) -> list[str]:
    problems = []
    for term, first in TERM_FIRST_YEAR.items():
        if term in text and year < first:
            problems.append(f"{term} used in {year} (first allowed {first})")
    for term, last in TERM_LAST_YEAR.items():
        if term in text and year > last:
            problems.append(f"{term} used in {year} (campaign over by {last})")
    # Required full forms.
    for m in re.finditer(r"八项规定", text):
        before = text[max(0, m.start() - 2) : m.start()]
        if before != "中央":
            problems.append(f"bare 八项规定 at {m.start()}: …{text[max(0, m.start() - 8) : m.end() + 4]}…")
    for m in re.finditer(r"为核心的党中央", text):
        if not text[: m.start()].endswith("以习近平同志"):
            problems.append("为核心的党中央 without 以习近平同志")
    return problems


@pytest.fixture
def check_terms() -> Callable[[str, int], list[str]]:
    return term_problems


@pytest.fixture
def legacy_placeholder() -> re.Pattern[str]:
    return LEGACY_PLACEHOLDER
