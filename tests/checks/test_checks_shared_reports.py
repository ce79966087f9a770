"""The three real reports in ../shared/corpus: their real slips are found, nothing else is."""

from __future__ import annotations

import re
from collections import Counter

from pipeline.checks import check_file, summarize

LEGACY = re.compile(r"^(\d{0,3}[Xx]+余?|\*+)$")


def _by_code(findings):
    return Counter(f.code for f in findings)


def _legacy_texts(findings):
    return [re.search(r"“(.+?)”", f.message).group(1) for f in findings if f.code == "PLACEHOLDER_LEGACY"]


def test_half_year_2020(shared_corpus):
    findings = check_file(shared_corpus / "half_year_party_building_2020.txt")
    assert _by_code(findings) == {"PLACEHOLDER_LEGACY": 17, "TERMS_WRONG_FORM": 1}
    assert Counter(_legacy_texts(findings)) == {"X": 13, "XX": 4}
    (term,) = [f for f in findings if f.code == "TERMS_WRONG_FORM"]
    assert "以习近平为核心的党中央" in term.message and "以习近平同志为核心的党中央" in term.message
    assert "（二）紧扣政治根本" in term.location


def test_inspection_report(shared_corpus):
    findings = check_file(shared_corpus / "inspection_report_city_propaganda.txt")
    assert _by_code(findings) == {
        "PLACEHOLDER_LEGACY": 96,
        "STRUCTURE_MARKER_MISUSED": 11,  # 1、 2、 … where 1. 2. belong
        "STRUCTURE_NUMBER_REPEATED": 1,  # 二、 twice, then 四、
        "TERMS_WRONG_FORM": 1,  # “一岗双贵”
    }
    assert all(LEGACY.match(t) for t in _legacy_texts(findings))
    (repeat,) = [f for f in findings if f.code == "STRUCTURE_NUMBER_REPEATED"]
    assert repeat.location == "二、存在的主要问题" and "三、" in repeat.message
    misused = [f for f in findings if f.code == "STRUCTURE_MARKER_MISUSED"]
    assert all(re.search(r"“\d、”.*“\d\.”", f.message) for f in misused)
    (term,) = [f for f in findings if f.code == "TERMS_WRONG_FORM"]
    assert "一岗双贵" in term.message and "一岗双责" in term.message


def test_integrity_report_2022(shared_corpus):
    findings = check_file(shared_corpus / "integrity_report_county_propaganda_2022.txt")
    assert _by_code(findings) == {"PLACEHOLDER_LEGACY": 34}
    assert all(re.fullmatch(r"\*+", t) for t in _legacy_texts(findings))
    assert summarize(findings)["errors"] == 34


def test_year_override_changes_time_findings(shared_corpus):
    # The same legitimate 2022 text checked as if written in 2021 cites 二十大 too early.
    findings = check_file(shared_corpus / "integrity_report_county_propaganda_2022.txt", year=2021)
    assert _by_code(findings)["TIME_ANACHRONISM"] >= 1
