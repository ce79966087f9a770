"""Each clean pass on its own small text (fictional units): what it does, and that its switch turns
exactly that off. Reason codes are compared, never the messages."""

from __future__ import annotations

import pytest

from pipeline.ingest.clean import Cleaner, clean_text
from pipeline.ingest.lines import Reason, Shape
from pipeline.ingest.passes import PIPELINE


def _codes(result) -> list[str]:
    return [r.code for r in result.removals]


def _on_off(raw: str, name: str, **kw):
    return clean_text(raw, **kw), clean_text(raw, disable={name}, **kw)


def test_every_pass_has_a_unique_name_and_runs_on_some_shape():
    names = [p.name for p in PIPELINE]
    assert len(names) == len(set(names))
    assert all(p.shapes for p in PIPELINE)
    cleaner = Cleaner()
    assert "join_lines" in cleaner.pass_names(Shape.WRAPPED) and "join_lines" not in cleaner.pass_names(Shape.DOCX)
    assert "drop_blank_runs" in cleaner.pass_names(Shape.DOCX) and "strip_markdown" in cleaner.pass_names(Shape.MARKDOWN)


def test_an_unknown_pass_name_is_refused():
    with pytest.raises(ValueError, match="no_such_pass"):
        Cleaner(disable={"no_such_pass"})


def test_every_removal_carries_a_reason_code():
    raw = ("本文档由用户“晨光”上传分享\n- 1 -\n南岭县档案馆2023年工作总结\n一、主要工作\n"
           "全年接收档案【某某范文网】三千卷，完成数字化一万页，2、建成查档大厅。\n理论｜学习持续深化。\n")
    result = clean_text(raw)
    assert result.removals and all(r.code in {c.value for c in Reason} for r in result.removals)
    assert set(_codes(result)) >= {Reason.PAGE_LINE.value, Reason.SITE_MARK.value, Reason.STRAY_SYMBOL.value}


def test_strip_markdown():
    raw = "## 一、基本情况\n\n**南岭县档案馆**内设科室4个。\n\n---\n\n## 二、主要工作\n全年接收档案三千卷。"
    on, off = _on_off(raw, "strip_markdown", fmt="md")
    assert on.shape is Shape.MARKDOWN
    assert on.text.split("\n")[0] == "一、基本情况" and "**" not in on.text and "---" not in on.text
    assert off.text.startswith("## 一、基本情况") and "**" in off.text


def test_page_lines():
    raw = "一、主要工作\n全年完成任务。\n- 2 -\n二、存在的问题\n基础薄弱。"
    on, off = _on_off(raw, "page_lines")
    assert _codes(on) == [Reason.PAGE_LINE.value] and "- 2 -" not in on.text
    assert "- 2 -" in off.text


def test_site_navigation():
    raw = "首页 > 公文写作 > 党建材料\n南岭县档案馆2023年工作总结\n一、主要工作\n全年完成任务。\n收藏 | 分享 | 举报"
    on, off = _on_off(raw, "site_navigation")
    assert _codes(on) == [Reason.BREADCRUMB.value, Reason.MENU.value]
    assert "首页 > 公文写作" in off.text


def test_scored_noise():
    raw = "南岭县档案馆2023年工作总结\n一、主要工作\n全年完成任务。\n扫码关注公众号“档案之家”获取更多精品资料\n二、存在的问题\n基础薄弱。"
    on, off = _on_off(raw, "scored_noise")
    assert _codes(on) == [Reason.SITE_PROMOTION.value] and "扫码" not in on.text
    assert "扫码关注公众号" in off.text


def test_lone_page_numbers():
    raw = "一、工作情况\n全年共走访困难群众家庭215户，帮助解决实际\n3、\n问题42个，群众满意度明显提升。\n"
    on, off = _on_off(raw, "lone_page_numbers")
    assert _codes(on) == [Reason.LONE_PAGE_NUMBER.value] and "解决实际问题42个" in on.text
    assert "3、" in off.text


def test_footer_neighbours():
    raw = ("南岭县档案馆2023年工作总结\n一、主要工作\n全年接收档案三千卷，\n- 1 -\n南岭档案工作总结\n"
           "完成数字化一万页。\n二、存在的问题\n库房不足，\n- 2 -\n南岭档案工作总结\n设备老化。")
    on, off = _on_off(raw, "footer_neighbours")
    assert _codes(on).count(Reason.RUNNING_HEADER.value) == 2 and "南岭档案工作总结" not in on.text
    assert "南岭档案工作总结" in off.text


def test_site_names():
    raw = "星辰资料站\n南岭县档案馆2023年工作总结\n一、主要工作\n全年完成任务。"
    on, off = _on_off(raw, "site_names")
    assert _codes(on) == [Reason.SITE_NAME.value]
    assert off.text.startswith("星辰资料站")


def test_repeated_lines():
    body = "\n".join(f"（{n}）第{n}项工作按计划推进，取得实效。\n南岭县档案馆内部资料" for n in "一二三四")
    on, off = _on_off("一、主要工作\n" + body, "repeated_lines")
    assert _codes(on).count(Reason.REPEATED_LINE.value) == 4
    assert off.text.count("内部资料") == 4


def test_top_banner():
    raw = "仅供学习 禁止外传\n星河文稿\n\n南岭县档案馆2023年工作总结\n今年，我馆扎实推进各项工作。"
    on, off = _on_off(raw, "top_banner")
    assert [(r.text, r.code) for r in on.removals][-1] == ("星河文稿", Reason.TOP_BANNER.value)
    assert "星河文稿" in off.text


def test_bottom_block():
    raw = "南岭县档案馆2023年工作总结\n今年，我馆扎实推进各项工作。\n特此报告。\n南岭县档案馆\n2023年12月1日\n如需原版请加微信 nlda2023\n天天更新"
    on, off = _on_off(raw, "bottom_block")
    assert on.text.endswith("2023年12月1日") and Reason.BOTTOM_BLOCK.value in _codes(on)
    assert off.text.endswith("天天更新")


def test_watermark_lines_keep_a_line_with_text_besides_the_watermark():
    raw = ("某县2023年工作总结\n2023年，全县上下团结奋斗。\n蓝鲸文档网\n一、主要工作\n"
           "（一）产业发展。全年新建高标准农田5600亩，蓝鲸文\n档网引进企业2家。\n蓝鲸文档网")
    on, off = _on_off(raw, "watermark_lines")
    assert "引进企业2家。" in on.text and "蓝鲸" not in on.text
    assert "蓝鲸文档网" not in off.text.split("\n")  # the watermark lines still go: only the memory of them is off
    assert "蓝鲸文" in off.text  # …so the stamped copy is not found


def test_drop_noise_lines_is_what_removes_judged_lines():
    raw = "南岭县档案馆2023年工作总结\n一、主要工作\n全年完成任务。\n- 2 -\n二、存在的问题\n基础薄弱。"
    on, off = _on_off(raw, "drop_noise_lines")
    assert Reason.PAGE_LINE.value in _codes(on)
    assert off.removals == [] and "- 2 -" in off.text


def test_pasted_page_numbers():
    raw = "一、主要做法\n（一）抓学习。支部坚持集中学习制度，加强理论学习，2、推动学习成果转化。\n（二）抓作风。持续纠治四风，3、巩固作风建设成效。"
    on, off = _on_off(raw, "pasted_page_numbers")
    assert [r.text for r in on.removals] == ["2、", "3、"] and set(_codes(on)) == {Reason.PAGE_NUMBER_IN_SENTENCE.value}
    assert "2、推动" in off.text


_FILLER = "\n".join(f"（{n}）第{n}项工作按计划推进。" for n in ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三"])


@pytest.mark.parametrize("name, raw, gone", [
    ("urls", "县档案馆全年在门户网站发布信息326条，网址为www.nanling-da.cn，阅读量较上年增长两成，市民足不出户即可查询馆藏目录。",
     "www.nanling-da.cn"),
    ("site_marks", "全年组织学习【某某范文网】十次，覆盖全体党员，参学人数稳步增长。", "【某某范文网】"),
    ("stray_symbols", "理论｜学习持续深化，覆盖全体党员。", "｜"),
])
def test_pieces_of_lines(name, raw, gone):
    # (away from the top and bottom, where a line with a site word in it would go whole)
    on, off = _on_off(f"一、主要工作\n{_FILLER}\n{raw}\n{_FILLER}", name)
    assert gone not in on.text and [r.text for r in on.removals] == [gone]
    assert gone in off.text


def test_join_lines():
    raw = "一、主要工作\n全年举办各类活动三十场，惠及群众\n五千余人次。"
    on, off = _on_off(raw, "join_lines")
    assert "惠及群众五千余人次。" in on.text
    assert "惠及群众\n五千余人次。" in off.text


def test_drop_blank_runs_keeps_word_paragraphs_apart():
    raw = "一、主要工作\n\n\n全年举办各类活动三十场，惠及群众\n五千余人次。"
    on, off = _on_off(raw, "drop_blank_runs", join_lines=False)
    assert on.shape is Shape.DOCX and on.text == "一、主要工作\n\n全年举办各类活动三十场，惠及群众\n五千余人次。"
    assert "\n\n\n" in off.text


def test_stamped_watermarks():
    raw = "蓝鲸文档网\n一、主要工作\n（二）民生保障。新改建农村公路18公里，蓝鲸文档网完成危房改造36户。\n蓝鲸文档网"
    on, off = _on_off(raw, "stamped_watermarks")
    assert "18公里，完成危房改造36户。" in on.text and Reason.STAMPED_WATERMARK.value in _codes(on)
    assert "蓝鲸文档网完成" in off.text


def test_width():
    on, off = _on_off("全年组织学习１２次,参 学 人 数 稳 步 增 长!", "width")
    assert on.text == "全年组织学习12次，参学人数稳步增长！"
    assert off.text == "全年组织学习１２次,参 学 人 数 稳 步 增 长!"


# ----------------------------------------------------------------------------- the page-dump shape

_PAGE_1 = ("1、南岭县档案馆关于巡察整改情况的报告县委巡察办:根据县委统一部署,现将整改情况报告如下。一、整改组织落实情况"
           "(一)压实整改责任。馆党支部成立整改工作领导小组,制定整改方案,明确责任人和完成时限,逐项推进落实,确保整改工作有序开展,取得实效,"
           "全年召开专题会议研究整改工作六次,对照问题清单逐条销号,形成长效机制,巩固整改成果。馆领导班子带头认领问题,逐项制定措施,"
           "分管领导具体抓、科室负责人直接抓,一级抓一级、层层抓落实,把整改责任压实到岗位、落实到个人,做到问题不查清不放过、整改不到位不放过、"
           "群众不满意不放过,以钉钉子精神抓好每一项整改任务,同时把整改工作与档案馆日常业务工作结合起来,统筹谋划、一体推进,以整改促提升,")
_PAGE_2 = ("2、定期调度进展,确保件件有着落、事事有回音。(二)细化整改措施。对照反馈意见逐条制定措施,建立台账,实行销号管理,"
           "定期通报进展情况,对推进缓慢的事项及时督促提醒,确保按期完成整改任务,不留死角,不走过场,推动整改工作往深里走、往实里走。"
           "二、整改落实情况反馈的问题已全部整改到位,相关制度已经建立并严格执行,整改成效得到群众认可,档案查阅服务效率明显提升,"
           "馆藏档案数字化率由去年的百分之六十提高到百分之八十五,查档平均等待时间由三十分钟缩短到十分钟以内,"
           "群众来馆查档的满意度测评结果为优秀,下一步将持续巩固整改成果,推动档案事业高质量发展。特此报告。")
_BANNER = "《南岭县档案馆关于巡察整改情况的报告.docx》由会员分享,可在线阅读,更多相关《南岭县档案馆关于巡察整改情况的报告.docx(2页珍藏版)》请在某某文档上搜索。"
_DUMP = "\n".join([_BANNER, _PAGE_1, _PAGE_2])


def test_page_dump_is_detected_and_cut_into_lines():
    result = clean_text(_DUMP)
    assert result.shape is Shape.PAGE_DUMP
    lines = result.text.split("\n")
    assert lines[:4] == ["南岭县档案馆关于巡察整改情况的报告", "县委巡察办：", "根据县委统一部署，现将整改情况报告如下。", "一、整改组织落实情况"]
    assert [s[:4] for s in lines[4:]] == ["（一）压", "（二）细", "二、整改", "特此报告"]
    assert "确保件件有着落" in lines[4]  # the page break inside the paragraph is gone


def test_page_dump_punctuation():
    on, off = _on_off(_DUMP, "page_dump_punctuation")
    assert "\n（一）压实整改责任。" in on.text
    assert "\n(一)压实整改责任。" in off.text  # a marker at a line's start is kept as written otherwise


def test_banner_sentence():
    glued = _BANNER + _PAGE_1 + "\n" + _PAGE_2
    on, off = _on_off(glued, "banner_sentence")
    assert on.removals[0].code == Reason.BANNER_SENTENCE.value and on.text.startswith("南岭县档案馆关于巡察整改情况的报告\n")
    assert "会员分享" in off.text and "压实整改责任" in off.text  # a page-long line is never dropped whole


def test_page_dump_lines():
    on, off = _on_off(_DUMP, "page_dump_lines")
    assert [r.text for r in on.removals if r.code == Reason.PAGE_DUMP_NUMBER.value] == ["1、", "2、"]
    assert len(off.text.split("\n")) == 2 and off.text.startswith("1、")  # the two pages as they came
