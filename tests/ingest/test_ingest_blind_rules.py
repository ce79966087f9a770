"""The rules added after blind round 2, each on its own small text (not the blind files' strings),
with the near misses they must leave alone."""

from __future__ import annotations

from pipeline.ingest import parse_text
from pipeline.ingest.clean import clean_text
from pipeline.ingest.parse import parse_document
from pipeline.ingest.classify import classify_year


def test_lone_number_line_cutting_a_sentence_is_a_page_number():
    raw = "一、工作情况\n全年共走访困难群众家庭215户，帮助解决实际\n3、\n问题42个，群众满意度明显提升。\n"
    result = clean_text(raw)
    assert "解决实际问题42个" in result.text
    assert [r.text for r in result.removals] == ["3、"]


def test_lone_number_line_after_a_finished_sentence_stays():
    # after a full stop the next line may be a heading whose text was pasted on the following line
    raw = "一、工作情况\n全年共走访困难群众家庭215户。\n3、\n问题42个已全部解决。\n"
    assert not clean_text(raw).removals


def test_running_header_beside_every_page_footer_goes_title_stays():
    raw = (
        "东湖街道2023年度工作总结\n一、主要工作\n街道全年新建口袋公园4个，改造背街小巷\n— 1 —\n东湖街道工作总结\n"
        "11条，居民出行更加便利。\n二、存在的问题\n老旧小区物业管理仍不规范。\n— 2 —\n东湖街道工作总结\n"
        "三、下一年工作思路\n持续推进城市更新。\n"
    )
    result = parse_text(raw)
    doc = result.documents[0]
    assert doc.title == "东湖街道2023年度工作总结"
    assert "东湖街道工作总结" not in doc.text
    assert doc.sections[0].paragraphs == ["街道全年新建口袋公园4个，改造背街小巷11条，居民出行更加便利。"]


def test_repeated_report_name_away_from_page_footers_stays():
    # the same report name twice, never beside a page number: a quoted title, not a running header
    raw = "一、主要工作\n下发了\n东湖街道工作总结\n的编写要求。\n二、存在的问题\n问题较多。\n东湖街道工作总结\n"
    removed = [r.text for r in clean_text(raw).removals]
    assert "东湖街道工作总结" not in removed


def test_page_line_between_paragraphs_keeps_the_paragraph_break():
    raw = "一、工作情况\n全年完成任务。\n- 1 -\n二、存在的问题\n基础薄弱。\n"
    assert "全年完成任务。\n二、存在的问题" in clean_text(raw).text


def test_attachment_list_before_signature_is_closing_not_headings():
    text = (
        "某某县档案馆工作总结\n一、主要工作\n（一）档案接收\n接收档案1200卷。\n二、下步打算\n继续做好工作。\n"
        "附件：1.档案接收情况统计表\n2.档案利用情况统计表\n某某县档案馆\n2023年12月20日"
    )
    doc = parse_document(text)
    assert [s.marker for s in doc.walk()] == ["一、", "（一）", "二、"]
    assert doc.closing[:2] == ["附件：1.档案接收情况统计表", "2.档案利用情况统计表"]


def test_numbered_items_at_the_end_without_attachment_line_stay_headings():
    text = "某某县档案馆工作总结\n一、下步打算\n1.加强接收\n2.加强利用\n某某县档案馆\n2023年12月20日"
    doc = parse_document(text)
    assert [s.marker for s in doc.walk()] == ["一、", "1.", "2."]


def _doc(opening: str, date: str, title: str = "述职报告"):
    return parse_document(f"{title}\n{opening}\n一、履职情况\n认真履职。\n张某某\n{date}")


def test_year_end_report_signed_in_january_takes_the_year_it_reports_on():
    assert classify_year(_doc("现将本人2021年度履职情况报告如下。", "2022年1月15日")) == 2021


def test_report_signed_later_in_the_year_keeps_its_date_year():
    assert classify_year(_doc("现将本人2021年度履职情况报告如下。", "2022年6月15日")) == 2022
    assert classify_year(_doc("现将本人履职情况报告如下。", "2022年1月15日")) == 2022
    assert classify_year(_doc("现将本人2021年度履职情况报告如下。", "2022年1月15日", "2022年述职报告")) == 2022
