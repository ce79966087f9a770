"""Blind round 2: clean reports give no finding, each planted slip gives exactly its code.

The reports and expectations in data/blind2/ were written before reading the checker.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline.checks import check_file
from pipeline.schema.factsheet_io import load_factsheet

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
    expected = case["expect"] + case.get("also", [])
    extra = [s for s in shown if not any(_matches(s[0], w) for w in expected)]
    assert extra == [], extra


# The rules fixed after the first blind run, on text other than the blind reports.

def test_chinese_decimal_percentages_read_whole():
    from pipeline.text.numbers import values

    assert values("合格率百分之八十七点二") == [(87.2, "%")]
    assert values("覆盖率百分之七十") == [(70.0, "%")]


def test_emergency_numbers_and_quoted_slogans_are_names_not_counts():
    from pipeline.text.numbers import values

    assert values("群众可拨打120求助，与122、12345联动") == []
    assert values("推行“五个一批”工作法") == []
    assert values("全年出警120次，参训110人") == [(120.0, "次"), (110.0, "人")]


def test_a_coming_congress_may_be_looked_forward_to_the_year_before():
    from pipeline.checks.timeline import find_time_slips

    assert find_time_slips("以实际行动喜迎党的十九大胜利召开。", 2016) == []
    assert [s.code for s in find_time_slips("以实际行动喜迎党的十九大胜利召开。", 2014)] == ["TIME_ANACHRONISM"]
    assert [s.code for s in find_time_slips("认真学习党的十九大精神。", 2016)] == ["TIME_ANACHRONISM"]


def test_long_numbered_sentence_is_not_a_long_heading():
    from pipeline.checks.structure import Node, check_numbering

    item = Node(3, "1.", "改造农村公路38公里，新建桥梁4座，完成年度计划的全部任务，群众出行条件明显改善，获得群众一致好评")
    bare = Node(2, "（二）", "全面推进机关党支部标准化规范化建设，着力提升基层党组织的政治功能和组织力量，持续夯实党建工作基础")
    assert len(item.heading) > 40 and len(bare.heading) > 40
    codes = [f.code for f in check_numbering([Node(1, "一、", "主要工作", [], [Node(2, "（一）", "交通", [], [item]), bare])])]
    assert codes == ["STRUCTURE_HEADING_TOO_LONG"]
