"""parse.py and split.py: heading trees, run-in and run-on headings, slips, titles, closings."""

from __future__ import annotations

import re
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.ingest import parse_text
from pipeline.ingest.clean import clean_text
from pipeline.text.markers import match_marker
from pipeline.ingest.parse import parse_document, parse_sections, split_heading
from pipeline.ingest.split import split_documents


def _outline(sections, depth=0):
    out = []
    for s in sections:
        out.append(("  " * depth) + s.marker + s.heading)
        out.extend(_outline(s.children, depth + 1))
    return out


def _heading(line):
    return split_heading(line, match_marker(line))


def test_run_in_heading_ends_at_the_first_full_stop():
    assert _heading("（一）强化理论武装。全年组织学习十次。") == ("强化理论武装", "全年组织学习十次。", None)
    assert _heading("1.坚持“学习强国。”平台学习。正文") == ("坚持“学习强国。”平台学习", "正文", None)


def test_heading_vocabulary_cuts_text_run_on_without_punctuation():
    assert _heading("一、基本情况全县共有党员干部一百二十名，设五个股室。") == (
        "基本情况", "全县共有党员干部一百二十名，设五个股室。", None)
    assert _heading("三、存在的主要问题一是学习不够深入；二是作风不够扎实。")[0] == "存在的主要问题"
    assert _heading("一、基本情况和主要做法") == ("基本情况和主要做法", None, None)
    assert _heading("二、主要做法和成效") == ("主要做法和成效", None, None)
    assert _heading("一、主要工作取得明显成效") == ("主要工作取得明显成效", None, None)
    assert _heading("（一）强化理论武装今年以来我局坚持把学习贯彻党的二十大精神作为首要政治任务，全年组织学习十次。") == (
        "强化理论武装", "今年以来我局坚持把学习贯彻党的二十大精神作为首要政治任务，全年组织学习十次。", None)
    assert _heading("（二）坚持以人民为中心的发展思想，推动我局各项工作取得新进展。正文。")[0] == "坚持以人民为中心的发展思想，推动我局各项工作取得新进展"
    assert _heading("一、基本情况我局内设科室五个下属单位三个共有干部职工八十六名")[0] == "基本情况"


def test_next_marker_on_the_same_line_starts_a_child():
    preamble, sections = parse_sections(["二、主要做法（一）强化领导。成立领导小组。", "（二）压实责任。签订责任书。"])
    assert _outline(sections) == ["二、主要做法", "  （一）强化领导", "  （二）压实责任"]
    assert sections[0].children[0].paragraphs == ["成立领导小组。"]


def test_four_levels_and_variants():
    lines = ["一、主要工作", "（一）抓学习", "1.集中学习。每月一次。", "（1）读原著。", "(2)悟原理", "2、专题研讨",
             "(二)抓作风", "二、下步打算"]
    preamble, sections = parse_sections(lines)
    assert preamble == []
    assert _outline(sections) == [
        "一、主要工作", "  （一）抓学习", "    1.集中学习", "      （1）读原著", "      (2)悟原理", "    2、专题研讨",
        "  (二)抓作风", "二、下步打算",
    ]
    assert [s.level for s in sections[0].walk()] == [1, 2, 3, 4, 4, 3, 2]


def test_number_lists_at_line_start_are_not_headings():
    for line in ("一、二季度全县经济运行平稳。", "三、四月份集中开展专项整治。", "二、三级医院各一所。"):
        assert match_marker(line) is None, line
    assert match_marker("二、三项重点工作完成情况").level == 1
    assert match_marker("四、下步工作打算").level == 1


def test_enumeration_stays_in_the_paragraph():
    preamble, sections = parse_sections(["一、存在问题", "一是学习不够深入；二是作风不够扎实。", "二、下步打算"])
    assert _outline(sections) == ["一、存在问题", "二、下步打算"]
    assert sections[0].paragraphs == ["一是学习不够深入；二是作风不够扎实。"]


def test_a_repeated_marker_stays_a_sibling_as_written():
    preamble, sections = parse_sections(["一、基本情况", "二、工作情况", "（一）抓学习。", "二、存在问题", "（一）学习不深。", "四、下步打算"])
    assert [s.marker for s in sections] == ["一、", "二、", "二、", "四、"]
    assert [len(s.children) for s in sections] == [0, 1, 1, 0]


def test_title_addressee_preamble_and_closing():
    doc = parse_document(
        "关于2023年度落实党风廉政建设责任制情况的报告\n县纪委监委：\n根据安排，现将有关情况报告如下。\n一、基本情况\n"
        "全局共有干部二十名。\n二、下步打算\n继续抓好落实。\n特此报告。\n县文化和旅游局\n2023年12月5日"
    )
    assert doc.title == "关于2023年度落实党风廉政建设责任制情况的报告"
    assert doc.addressee == "县纪委监委"
    assert doc.preamble == ["根据安排，现将有关情况报告如下。"]
    assert doc.closing == ["特此报告。", "县文化和旅游局", "2023年12月5日"]
    assert doc.sections[-1].paragraphs == ["继续抓好落实。"]


def test_no_title_when_the_text_opens_with_a_sentence():
    doc = parse_document("根据巡察工作要求，现将有关情况汇报如下。\n一、单位基本情况\n略。")
    assert doc.title is None and doc.preamble == ["根据巡察工作要求，现将有关情况汇报如下。"]


def test_speech_subtitle_joins_the_title():
    doc = parse_document("坚定理想信念 勇于担当作为\n——在理论学习中心组专题研讨会上的发言\n根据安排，我谈几点体会。\n一、深学细悟\n正文。")
    assert doc.title == "坚定理想信念 勇于担当作为——在理论学习中心组专题研讨会上的发言"


REPORT = "南山区司法局2022年工作总结\n今年以来，区司法局扎实推进法治建设。\n一、主要工作及成效\n全年办理法律援助案件八十件。\n二、存在的问题\n队伍力量不足。\n三、下一年工作思路\n继续深化改革。\n特此报告。"
SPEECH = "以学铸魂 以学促干\n——在主题教育读书班上的交流发言\n各位领导、同志们：\n根据安排，我谈三点体会。\n一、坚持学思用贯通\n要学深悟透。\n二、坚持知信行统一\n要真信笃行。\n以上发言，不当之处请批评指正。"


def test_several_documents_in_one_file_are_split():
    parts = split_documents(REPORT + "\n推荐阅读：更多范文请访问本站\n" + SPEECH)
    assert len(parts) == 2  # the 推荐阅读 line is still here: cleaning is a separate stage
    result = parse_text(REPORT + "\n\n推荐阅读：更多范文请访问本站\n\n" + SPEECH, "two.txt")
    assert [d.title for d in result.documents] == ["南山区司法局2022年工作总结", SPEECH.split("\n")[0] + SPEECH.split("\n")[1]]
    assert [d.genre for d in result.documents] == ["work_summary", "seminar_speech"]
    assert result.documents[1].addressee == "各位领导、同志们"
    assert any("推荐阅读" in r.text for r in result.noise)


def test_one_document_is_not_split_at_its_own_headings():
    assert len(split_documents(REPORT)) == 1
    assert len(split_documents(SPEECH)) == 1


# ----------------------------------------------------------------------------- property

_PIECES = st.sampled_from(
    ["一、", "二、", "（一）", "(二)", "1.", "2、", "（1）", "一是", "。", "，", "；", "：", "！", "\n", "\n", "\n",
     "基本情况", "存在的主要问题", "下步打算", "加强理论学习", "全县共有", "推动", "汇报", "报告", "特此报告。",
     "2022年", "20XX年", "X次", "考核组：", "“", "”", "——", "会员", "下载", "（", "）", "3.5", "市委宣传部",
     "附件2", "征求意见稿", "（讨论稿）", "情况", "一是", "2024年7月8日", "中共某县委宣传部", "工作思路"]
)


def _content(text: str) -> Counter:
    """Letters, digits and CJK characters: what a reader would call the text."""
    return Counter(c for c in text if c.isalnum())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=50).map("".join))
def test_parsing_never_crashes_and_never_loses_text(raw):
    result = parse_text(raw, "prop.txt")
    cleaned = clean_text(raw).text
    assert _content("".join(d.text for d in result.documents)) == _content(cleaned)
    for doc in result.documents:
        parts = [doc.title or "", doc.addressee or "", *doc.preamble, *doc.closing]
        for s in doc.walk():
            parts += [s.marker, s.heading, *s.paragraphs]
            assert 1 <= s.level <= 4
            assert s.role is None or s.role in ("basic_info", "work", "problems", "plans", "other")
        assert _content("".join(parts)) == _content(doc.text)
        for p in doc.placeholders:
            assert doc.text[p.start : p.end] == p.text
    assert re.sub(r"\s", "", "".join(d.text for d in result.documents)) == re.sub(r"\s", "", cleaned)


def test_markdown_markup_is_layout_not_text(tmp_path):
    from pipeline.ingest import parse_file

    path = tmp_path / "r.md"
    path.write_text("# 某区档案馆2023年工作总结\n\n今年以来，区档案馆**扎实推进**各项工作。\n\n## 一、主要工作及成效\n\n"
                    "**（一）强化理论武装。** 全年组织学习10次。\n\n| 项目 | 数量 |\n|---|---|\n| 接收档案 | 3000卷 |\n\n"
                    "## 二、存在的问题\n\n---\n\n学习不深。\n", encoding="utf-8")
    doc = parse_file(path).documents[0]
    assert doc.title == "某区档案馆2023年工作总结"
    assert _outline(doc.sections) == ["一、主要工作及成效", "  （一）强化理论武装", "二、存在的问题"]
    assert doc.sections[0].children[0].paragraphs == ["全年组织学习10次。", "项目\t数量", "接收档案\t3000卷"]
    assert "*" not in doc.text and "#" not in doc.text and doc.placeholders == []


def test_a_part_heading_inside_a_report_does_not_split_it():
    text = "某县2023年工作总结\n一、主要工作\n正文。\n第二部分 明年打算\n一、总体思路\n正文。"
    assert len(split_documents(text)) == 1
