"""runin.py and heading_end.py: structure found inside running text (fictional units throughout)."""

from __future__ import annotations

from pipeline.ingest.heading_end import run_in_heading_end
from pipeline.ingest.rules import load_ingest_rules
from pipeline.ingest.runin import find_cuts, title_end

RULES = load_ingest_rules()


def _pieces(s: str, page_starts=()) -> list[str]:
    bounds = [0, *find_cuts(s, set(page_starts), RULES), len(s)]
    return [s[a:b] for a, b in zip(bounds, bounds[1:])]


def test_title_ends_at_the_last_report_word_the_text_does_not_go_on_from():
    s = "南岭县档案馆2023年工作总结和2024年工作思路2023年，县档案馆扎实推进各项工作。"
    assert s[: title_end(s, 0, RULES)] == "南岭县档案馆2023年工作总结和2024年工作思路"
    s = "关于巡察反馈意见整改情况的报告县委巡察办：根据县委统一部署，现将整改情况报告如下。"
    assert s[: title_end(s, 0, RULES)] == "关于巡察反馈意见整改情况的报告"
    s = "2023年度述职报告中共南岭镇委员会副书记 李明各位领导："
    assert s[: title_end(s, 0, RULES)] == "2023年度述职报告"
    for sentence in ["现将有关情况报告如下：", "根据县委要求，报告如下。", "一、主要工作情况汇报"]:
        assert title_end(sentence, 0, RULES) is None, sentence


def test_title_addressee_headings_and_closing_become_lines():
    s = ("关于巡察反馈意见整改情况的报告县委巡察办：根据县委统一部署，现将整改情况报告如下。"
         "一、整改组织落实情况（一）压实整改责任。成立领导小组。（二）细化整改措施。制定清单。"
         "二、整改落实情况整改任务全部完成。特此报告。中共南岭县档案馆党组2024年3月8日")
    assert _pieces(s) == [
        "关于巡察反馈意见整改情况的报告", "县委巡察办：", "根据县委统一部署，现将整改情况报告如下。",
        "一、整改组织落实情况", "（一）压实整改责任。成立领导小组。", "（二）细化整改措施。制定清单。",
        "二、整改落实情况整改任务全部完成。", "特此报告。", "中共南岭县档案馆党组", "2024年3月8日",
    ]


def test_numbering_slips_are_tolerated_and_lists_inside_paragraphs_stay():
    s = ("一、主要工作全年完成任务。（一）抓学习。学习十次。（三）抓作风。作风好转。"  # （二） skipped
         "二、存在的问题问题较多。二、下步打算继续努力。"  # 二、 repeated
         "三、保障措施各单位要高度重视。具体要求如下。1.加强领导。2.强化督查。")  # a list inside the section's text
    assert _pieces(s) == [
        "一、主要工作全年完成任务。", "（一）抓学习。学习十次。", "（三）抓作风。作风好转。",
        "二、存在的问题问题较多。", "二、下步打算继续努力。", "三、保障措施各单位要高度重视。具体要求如下。1.加强领导。2.强化督查。",
    ]


def test_a_first_sub_heading_runs_straight_after_its_parent():
    s = "二、主要做法和成效（一）强化组织领导1.健全机制。建立月调度制度。2.压实责任。签订责任书。"
    assert _pieces(s) == ["二、主要做法和成效", "（一）强化组织领导", "1.健全机制。建立月调度制度。", "2.压实责任。签订责任书。"]


def test_a_page_that_starts_mid_sentence_with_a_marker_like_word_is_not_cut():
    # page 2 starts with "一、形式…" only because the page broke inside "单一、形式"
    first = "一、存在的问题组织生活内容单"
    s = first + "一、形式单调。二、下步打算加强学习。"
    assert _pieces(s, page_starts=[len(first)]) == ["一、存在的问题组织生活内容单一、形式单调。", "二、下步打算加强学习。"]


def test_a_second_document_starts_at_its_title_mid_page():
    s = ("南岭镇2023年工作总结2023年，我镇扎实推进各项工作。一、主要工作完成任务。二、存在的问题基础薄弱。"
         "南岭镇2023年党风廉政建设责任制落实情况汇报县纪委：现将情况汇报如下。一、基本情况全镇共有党员300名。")
    pieces = _pieces(s)
    assert "南岭镇2023年党风廉政建设责任制落实情况汇报" in pieces and "县纪委：" in pieces
    assert pieces.index("南岭镇2023年党风廉政建设责任制落实情况汇报") == pieces.index("二、存在的问题基础薄弱。") + 1


def test_run_in_heading_end_on_headings_glued_to_their_paragraph():
    cases = {
        "推进档案数字化上半年完成馆藏档案扫描12万页，建成数字档案室": "推进档案数字化",
        "坚持问题导向，从严规范档案借阅管理对检查发现的问题建立台账，逐项整改到位": "坚持问题导向，从严规范档案借阅管理",
        "加强馆藏资源建设馆党支部把征集工作作为年度重点，新征集档案400卷": "加强馆藏资源建设",
        "夯实基层基础，推动档案工作提质增效一是健全制度，二是配强人员": "夯实基层基础，推动档案工作提质增效",
        "深刻认识档案工作的重要意义档案工作是党和国家的一项基础性工作，必须抓紧抓好": "深刻认识档案工作的重要意义",
    }
    for first, heading in cases.items():
        end = run_in_heading_end(first, RULES)
        assert end is not None and first[:end] == heading, first


def test_a_real_run_in_heading_or_a_short_sentence_is_not_cut():
    for first in [
        "强化理论武装",  # short: its own heading
        "坚持以人民为中心的发展思想，推动我馆各项工作取得新进展",  # 我馆 after a two-character fragment
        "认真履行领导班子成员“一岗双责”，抓好分管领域党风廉政建设",  # 领导班子成员 is one word
        "贯彻落实中央和省、市、县党委关于档案工作的决策部署",  # 县党委 is one word
    ]:
        assert run_in_heading_end(first, RULES) is None, first
