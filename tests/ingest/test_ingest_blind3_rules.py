"""The rules added after blind round 3, each on its own small text (not the blind files' strings),
with the near misses they must leave alone."""

from __future__ import annotations

from pipeline.ingest import parse_text
from pipeline.ingest.classify import classify_unit
from pipeline.ingest.clean import clean_text
from pipeline.ingest.lines import Shape
from pipeline.ingest.parse import parse_document, split_heading
from pipeline.text.markers import match_marker

_PARAGRAPH = "全镇新建高标准农田一千二百亩，新改建农村公路十八公里，完成危房改造三十六户，群众满意度持续提升，各项工作稳步推进，"


def test_a_page_dump_without_page_numbers_breaks_paragraphs_at_their_indents():
    pages = [
        "南岭镇2024年上半年工作总结　　上半年，我镇扎实推进各项工作。　　一、上半年工作情况　　" + _PARAGRAPH * 4,
        "取得明显成效。　　二、存在的问题　　产业基础仍然薄弱，" + _PARAGRAPH * 4,
        "群众增收渠道不多。　　三、下半年工作打算　　继续抓好项目建设，" + _PARAGRAPH * 3 + "确保完成全年任务。",
    ]
    result = clean_text("\n".join(pages))
    assert result.shape is Shape.PAGE_DUMP
    doc = parse_text("\n".join(pages)).documents[0]
    assert doc.title == "南岭镇2024年上半年工作总结"
    assert [s.heading for s in doc.sections] == ["上半年工作情况", "存在的问题", "下半年工作打算"]


def test_long_paragraph_lines_with_indents_are_no_page_dump():
    lines = ["南岭镇2024年上半年工作总结", "　　一、上半年工作情况", "　　" + _PARAGRAPH * 4 + "取得明显成效。",
             "　　二、存在的问题", "　　" + _PARAGRAPH * 4 + "仍有差距。"]
    assert clean_text("\n".join(lines)).shape is not Shape.PAGE_DUMP


def test_an_author_line_between_title_and_addressee_is_cut_out_of_a_page_dump():
    page = ("1、2024年度述职报告中共南岭镇委员会组织委员 郑远各位领导、同志们：现将本人一年来的履职情况报告如下。"
            "一、主要工作" + _PARAGRAPH * 4 + "成效明显。二、存在的不足学习不够深入。")
    doc = parse_text(page + "\n2、" + _PARAGRAPH * 4 + "特此报告。").documents[0]
    assert doc.title == "2024年度述职报告" and doc.addressee == "各位领导、同志们"
    assert doc.preamble[0] == "中共南岭镇委员会组织委员郑远"


def test_an_addressee_naming_a_unit_is_not_taken_for_an_author():
    page = ("1、南岭镇2024年度党风廉政建设责任制落实情况汇报县委考核组各位领导：现将有关情况汇报如下。"
            "一、基本情况" + _PARAGRAPH * 4 + "成效明显。二、存在的问题学习不够深入。")
    doc = parse_text(page + "\n2、" + _PARAGRAPH * 4 + "特此报告。").documents[0]
    assert doc.addressee == "县委考核组各位领导"


def test_a_heading_with_a_colon_and_no_sentence_after_it_stays_whole():
    line = "一、述责：压实管党治党责任，推动全面从严治党向基层延伸"
    assert split_heading(line, match_marker(line))[:2] == ("述责：压实管党治党责任，推动全面从严治党向基层延伸", None)
    # near miss: a label, a colon and then text with a sentence end is a run-in heading
    line = "（一）整改情况：建立问题台账，已完成整改12项。"
    assert split_heading(line, match_marker(line))[:2] == ("整改情况", "建立问题台账，已完成整改12项。")


def test_a_rectification_report_naming_the_inspection_team_is_no_inspection_report():
    doc = parse_text("南岭县档案馆党支部关于县委第二巡察组反馈意见整改进展情况的报告\n县委巡察办：\n一、整改工作开展情况\n"
                     "召开专题会议研究整改工作。\n二、下一步工作打算\n持续巩固整改成果。").documents[0]
    assert doc.genre == "rectification_report"
    near = parse_text("南岭县档案馆关于配合县委第二巡察组巡察工作的汇报\n县委第二巡察组：\n一、单位基本情况\n"
                      "县档案馆内设科室四个。\n二、存在的主要问题\n基础薄弱。").documents[0]
    assert near.genre == "inspection_report"


def test_community_and_market_are_no_units_but_a_street_office_is():
    doc = parse_document("一、主要工作\n建成社区养老服务站2个，新建农贸超市服务中心1个。\n南岭街道办事处\n2024年7月5日")
    assert classify_unit(doc) == ("乡镇", "街道办事处")
    near = parse_document("一、主要工作\n新城区教育局全年新建学校2所。\n盐城市教育局组织专项检查。")
    assert classify_unit(near)[0] in ("区", "市")
