"""classify.py: genre, year, level, unit and roles from titles, openings, headings and text."""

from __future__ import annotations

import pytest

from pipeline.ingest import parse_text
from pipeline.ingest.classify import role_of_heading


def _doc(text):
    return parse_text(text).documents[0]


@pytest.mark.parametrize(
    "text,genre",
    [
        ("中共某县委宣传部关于巡察整改情况的报告\n根据县委第二巡察组反馈意见，现将整改落实情况报告如下。\n一、整改组织落实情况\n成立整改领导小组。",
         "rectification_report"),
        ("某市档案局巡察工作汇报\n根据巡察工作要求，现将有关情况汇报如下。\n一、单位基本情况\n略。", "inspection_report"),
        ("考核组的各位领导：\n现将局党组2023年度落实党风廉政建设责任制情况汇报如下。\n一、基本情况\n略。", "integrity_report"),
        ("某镇2021年上半年工作总结和下半年工作计划\n上半年，镇党委扎实推进各项工作。\n一、上半年工作情况\n略。\n二、下半年工作安排\n略。",
         "half_year_summary"),
        ("某区统计局2022年工作总结\n今年以来，局党组团结带领全局干部。\n一、主要工作及成效\n略。\n二、2023年工作思路\n略。", "work_summary"),
        ("2023年度述职述廉报告\n一年来，本人认真履行岗位职责。\n一、加强学习，提高素质\n略。", "duty_report"),
        ("在主题教育专题读书班上的研讨发言\n根据安排，我结合工作谈几点体会。\n一、深学细悟\n略。\n以上发言，不当之处请批评指正。",
         "seminar_speech"),
        ("关于召开会议的通知\n定于明日召开会议。", None),
    ],
)
def test_genre(text, genre):
    assert _doc(text).genre == genre


@pytest.mark.parametrize(
    "text,year",
    [
        ("某县2022年度工作总结\n正文。", 2022),
        ("工作总结\n2020年以来，我们做了很多工作。", 2020),
        ("20XX年工作总结\n2019年机构改革后做了工作。", None),
        ("二〇二三年工作总结\n正文。", 2023),
        ("工作总结\n今年以来，局里做了很多工作。", None),
    ],
)
def test_year(text, year):
    assert _doc(text).year == year


@pytest.mark.parametrize(
    "text,level,unit",
    [
        ("根据安排，现将市委宣传部有关情况汇报如下。\n一、基本情况\n市委宣传部共有科室八个。", "市", "市委宣传部"),
        ("根据安排，现将县委宣传部有关情况汇报如下。\n一、基本情况\n在州委和县委的领导下开展工作。", "县", "县委宣传部"),
        ("中共白沙镇委员会2023年工作总结\n今年，镇党委坚持稳中求进。", "乡镇", "中共白沙镇委员会"),
        ("省林业和草原局工作总结\n今年以来，省林业和草原局扎实推进各项工作。", "省", "省林业和草原局"),
        ("碧水区教育局2022年工作总结\n一年来，区教育局坚持立德树人。", "区", "碧水区教育局"),
        ("工作总结\n今年以来，我们扎实推进各项工作。", None, None),
    ],
)
def test_org_level_and_unit(text, level, unit):
    doc = _doc(text)
    assert (doc.org_level, doc.unit) == (level, unit)


@pytest.mark.parametrize(
    "heading,role",
    [
        ("单位基本情况", "basic_info"), ("基本情况", "basic_info"), ("上半年党建工作基本情况", "work"),
        ("20XX年以来工作开展情况", "work"), ("主要做法和成效", "work"), ("存在的主要问题", "problems"),
        ("存在的不足", "problems"), ("下步工作打算", "plans"), ("下半年工作安排", "plans"), ("2024年工作思路", "plans"),
        ("整改落实情况", "work"), ("巩固整改成果的下步打算", "plans"), ("今后努力方向", "plans"), ("强化理论武装", None),
    ],
)
def test_role_of_heading(heading, role):
    assert role_of_heading(heading) == role


def test_roles_are_inherited_and_unnamed_sections_before_problems_are_work():
    doc = _doc("工作总结\n一、强化政治建设\n（一）关于问题整改\n正文。\n二、存在的问题\n（一）学习不深\n三、下步打算\n四、附件说明\n略。")
    assert [(s.heading, s.role) for s in doc.walk()] == [
        ("强化政治建设", "work"), ("关于问题整改", "work"), ("存在的问题", "problems"), ("学习不深", "problems"),
        ("下步打算", "plans"), ("附件说明", "other")]


def test_year_prefers_the_signing_date_over_a_period_start():
    doc = _doc("关于2019年以来履行职责情况的汇报\n现将有关情况汇报如下。\n一、基本情况\n略。\n以上汇报，请批评指正。\n某县农业农村局\n2021年5月18日")
    assert doc.year == 2021
    assert _doc("关于2019年以来工作情况的汇报\n一、基本情况\n略。").year == 2019


def test_nested_unit_takes_the_inner_level():
    doc = _doc("中共澄江区松溪镇委员会2022年工作总结\n今年，镇党委团结带领全镇党员干部扎实工作。")
    assert (doc.org_level, doc.unit) == ("乡镇", "中共澄江区松溪镇委员会")


def test_sample_corpus_genres_and_years(repo):
    import re

    samples = sorted((repo / "corpus" / "samples").glob("*.*"))
    if not samples:
        pytest.skip("no sample corpus")
    from pipeline.ingest import parse_file
    from pipeline.types import GENRES

    checked = 0
    for path in samples:
        m = re.match(rf"({'|'.join(GENRES)})_.*_(\d{{4}})$", path.stem)
        if not m:
            continue
        doc = parse_file(path).documents[0]
        assert (doc.genre, doc.year) == (m.group(1), int(m.group(2))), path.name
        assert len(doc.sections) >= 3 and doc.org_level is not None, path.name
        checked += 1
    assert checked >= 1
