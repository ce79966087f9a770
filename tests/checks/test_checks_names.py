"""names.py: which names a text states, and which of them come from another unit's report."""

from __future__ import annotations

import pytest

from pipeline.checks.names import find_names, foreign_names, unit_levels, load_names

COUNTY = "中共东溪县委宣传部"


def names(text: str, unit: str = COUNTY) -> list[tuple[str, str]]:
    return [(n.text, n.kind) for n in find_names(text, unit)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("石湾镇党委把党风廉政建设纳入全镇工作", [("石湾镇", "place"), ("全镇", "scope")]),
        ("局党组书记带头履行第一责任人职责", [("局党组", "organ")]),
        ("主动接受区纪委监委派驻纪检监察组监督", [("区纪委监委", "organ")]),
        ("配合区教育体育局开展检查", [("区教育体育局", "organ")]),
        ("全区学校食堂实现检查全覆盖", [("全区", "scope")]),
        ("柳溪镇坚持把警示教育作为重要防线", [("柳溪镇", "place")]),  # jieba takes 柳溪镇 for a person
        ("由分管领导王志刚同志牵头督办", [("王志刚", "person")]),
        ("吴建华乡长多次到司法所指导", [("吴建华", "person")]),  # 吴 / 建华 / 乡长: no 建华乡
    ],
)
def test_found(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "按照市委要求，县委常委会专题研究",  # the superior, and the unit's own level
        "指导各乡镇党委落实意识形态工作责任制",  # a kind of unit, not one
        "对全县47个单位开展专项检查",
        "县纪委监委派驻纪检监察组",
        "新改扩建村卫生室14个",  # 改扩建 + 村 is no place
        "严格执行中央八项规定精神",
    ],
)
def test_not_names(text):
    assert names(text) == []


def test_the_superiors_committee_and_government_is_no_place():
    # the 1.5B in a 区财政局 duty report (real-model eval): 市委 + 市政府 was read as a place “市委市”
    assert names("在市委市政府的正确领导下，认真履行职责", unit="临江市东湖区财政局") == []
    assert names("在县委县政府的坚强领导下", unit="中共青川县委宣传部") == []


def test_the_units_own_kind_of_organ_is_not_foreign():
    assert names("镇党委下设基层党组织23个", "中共石湾镇委员会") == []
    assert names("局党组会议专题研究9次", "绿岭县水利局") == []
    assert names("区委考核组各位领导", COUNTY) == [("区委", "organ")]
    assert names("区委考核组各位领导", "中共澄江区河阳镇委员会") == []  # 区 is above a 镇 in 澄江区


def test_a_numbered_body_of_a_lower_level():
    assert names("对照县委第二巡察组反馈意见", "白沙市财政局") == [("县委第二巡察组", "organ")]
    assert names("按照县委统一部署", "白沙市财政局") == []


def test_unit_levels():
    rules = load_names()
    assert unit_levels("中共澄江区河阳镇委员会", rules) == {"区", "镇"}
    assert unit_levels("中共青川县委宣传部", rules) == {"县"}


def test_foreign_only_when_the_references_have_it():
    text = "河阳镇党委把党风廉政建设纳入全镇总体布局，青川县委宣传部干部参加。"
    allowed = ["中共青川县委宣传部"]
    assert foreign_names(text, allowed, [], "中共青川县委宣传部") == []  # nothing to compare with
    found = foreign_names(text, allowed, ["中共澄江区河阳镇委员会：河阳镇党委……全镇"], "中共青川县委宣传部")
    assert [n.text for n in found] == ["河阳镇", "全镇"]
    # a name the fact sheet has is the writer's own, wherever else it appears
    assert foreign_names(text, allowed + ["与河阳镇开展结对共建"], ["河阳镇……全镇"], "中共青川县委宣传部")[0].text == "全镇"
