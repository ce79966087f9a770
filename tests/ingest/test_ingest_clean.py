"""clean.py on synthetic noisy text (written here, for fictional units), plus the no-loss property."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.ingest.clean import clean_text, noise_score, normalize_width, skeleton

BANNERED = """本资料由 abc_docs 上传于2021-03-02，仅供交流
更多精彩范文请关注微信公众号：写作宝典
第1页/共3页

临川区民政局2021年上半年工作总结
今年以来，区民政局在区委、区政府的领导下，扎实推进各项民政工作，现将有关情况总结如下。
一、上半年工作情况
（一）兜牢民生底线。全区发放低保金按月足额到位，困难群众基本生活得到保障。
二、下半年工作安排
（一）继续抓好社会救助。
第2页/共3页
下载原文档请点击：http://docs.example.net/view/123
如需定制请加客服QQ：12345678
"""


def _lines(result):
    return [s for s in result.text.split("\n") if s]


def test_banner_ads_and_contact_lines_are_removed_with_reasons():
    result = clean_text(BANNERED)
    lines = _lines(result)
    assert lines[0] == "临川区民政局2021年上半年工作总结"
    assert lines[-1] == "（一）继续抓好社会救助。"
    removed = [r.text for r in result.removals]
    assert any("上传于" in t for t in removed) and any("公众号" in t for t in removed)
    assert any("客服QQ" in t for t in removed) and any("点击" in t for t in removed)
    assert sum("页" in t for t in removed) == 2
    assert all(r.reason and r.line for r in result.removals)
    # every removed line is given with its line number in the raw text
    raw_lines = BANNERED.split("\n")
    for r in result.removals:
        assert raw_lines[r.line - 1].strip() == r.text


def test_vendor_lines_next_to_the_banner_go_with_it_but_the_title_stays():
    raw = "仅供学习 禁止外传\n星河文稿\n天天更新、实时分享\n会员专享资料\n\n芦溪镇2022年工作总结\n今年，镇党委坚持稳中求进。\n一、主要工作\n全年完成各项任务。"
    result = clean_text(raw)
    assert _lines(result)[0] == "芦溪镇2022年工作总结"
    assert {r.text for r in result.removals} == {"仅供学习 禁止外传", "星河文稿", "天天更新、实时分享", "会员专享资料"}


def test_report_text_mentioning_a_public_account_is_not_noise():
    line = "（二）创新宣传方式。依托县融媒体中心微信公众号、抖音号等平台发布信息，全年推送稿件一百余篇，阅读量稳步增长。"
    assert noise_score(line) == 0
    long_line = "依托县融媒体中心微信公众号、抖音号等新媒体平台，及时发布政策解读和工作动态，全年推送稿件一百余篇，进一步扩大了宣传覆盖面和影响力。"
    assert clean_text(long_line).text == long_line


def test_page_number_inside_a_sentence_is_removed():
    raw = "一、主要做法\n（一）抓学习。支部坚持集中学习制度，加强理论学习，2、推动学习成果转化。\n（二）抓作风。持续纠治四风，3、巩固作风建设成效。"
    result = clean_text(raw)
    assert "加强理论学习，推动学习成果转化。" in result.text
    assert "持续纠治四风，巩固作风建设成效。" in result.text
    assert [r.text for r in result.removals] == ["2、", "3、"]
    assert all("页码" in r.reason for r in result.removals)


def test_page_number_at_the_start_of_a_broken_line_is_removed_and_lines_joined():
    raw = "（一）抓学习。支部坚持集中学习制度，全年组织专题学习研讨多次，进一步推动\n2、学习成果转化为工作动力。\n（二）抓作风。持续纠治四风。"
    result = clean_text(raw)
    assert "进一步推动学习成果转化为工作动力。" in result.text
    assert [r.text for r in result.removals] == ["2、"]


def test_inline_lists_and_real_headings_are_not_page_numbers():
    raw = ("主要措施有：1、加强学习，2、改进作风，3、严格管理。先后召开第2、第3次会议，分1、2、3三个阶段推进。\n"
           "（一）抓学习。\n1、坚持集中学习。全年学习十次。\n2、坚持专题研讨。全年研讨四次。")
    result = clean_text(raw)
    assert result.removals == []
    assert "1、加强学习，2、改进作风，3、严格管理。" in result.text
    assert "\n2、坚持专题研讨。" in result.text


def test_broken_lines_are_joined_but_titles_headings_and_signatures_are_not():
    raw = ("东城街道2023年工作总结\n"
           "今年以来，街道党工委坚持以人民为中心，扎实推进基层治理，各项工\n"
           "作取得明显成效。\n"
           "一、主要工作\n"
           "全年举办各类活动三十场，惠及群众\n"
           "五千余人次；组织志愿服务\n"
           "十五次。\n"
           "特此报告。\n"
           "东城街道办事处\n"
           "2023年12月1日")
    lines = _lines(clean_text(raw))
    assert lines == [
        "东城街道2023年工作总结",
        "今年以来，街道党工委坚持以人民为中心，扎实推进基层治理，各项工作取得明显成效。",
        "一、主要工作",
        "全年举办各类活动三十场，惠及群众五千余人次；组织志愿服务十五次。",
        "特此报告。",
        "东城街道办事处",
        "2023年12月1日",
    ]


def test_hard_wrapped_text_is_rejoined_at_the_page_width():
    para = "区委宣传部坚持把学习贯彻党的二十大精神作为首要政治任务，统筹用好中心组学习、专题研讨、集中培训等方式推动学习走深走实"
    wrapped = "\n".join(para[i : i + 20] for i in range(0, len(para), 20)) + "。"
    raw = "一、主要做法\n" + wrapped + "\n二、存在问题\n学习还不够深入。"
    assert para + "。" in clean_text(raw).text.split("\n")


def test_width_spaces_and_stray_symbols():
    result = clean_text("（一）理论｜学习。全年组织学习１２次，覆盖ＡＢＣ三个支部,参 学 人 数 稳 步 增 长!")
    assert result.text == "（一）理论学习。全年组织学习12次，覆盖ABC三个支部，参学人数稳步增长！"
    assert [(r.text, "符号" in r.reason) for r in result.removals] == [("｜", True)]


def test_markers_are_kept_as_written():
    assert normalize_width("(一)加强领导,压实责任") == "(一)加强领导，压实责任"
    assert normalize_width("1.加强学习。增长3.5个百分点") == "1.加强学习。增长3.5个百分点"
    assert normalize_width("全年学习十次.下一步继续加强.") == "全年学习十次。下一步继续加强。"


def test_repeated_header_lines_are_removed():
    body = "\n".join(f"（{n}）第{n}项工作按计划推进，取得实效。\n柳林县档案馆内部资料" for n in "一二三四")
    result = clean_text("一、主要工作\n" + body)
    assert "内部资料" not in result.text
    assert sum("重复出现" in r.reason or "无关" in r.reason for r in result.removals) == 4


# ----------------------------------------------------------------------------- property

_PIECES = st.sampled_from(
    ["一、", "（一）", "1.", "1、", "2、", "（1）", "(二)", "一是", "。", "，", "；", "：", ",", "!", " ", "\u3000", "\n", "\n\n",
     "｜", "|", "Ｘ", "１２", "X", "20XX年", "2022年", "基本情况", "加强理论学习", "推动", "下载", "会员", "QQ群", "公众号",
     "分享于", "共3页", "第2页", "www.a.com", "特此报告。", "关于", "工作总结", "市委宣传部", "“", "”", "《", "》", "—", "\t",
     "精品文档 仅供参考", "蓝鲸文档网", "·2·", "（剩余2页未读）", "首页 > 公文 > ", "收藏 | 分享 | 举报", "文档格式：doc",
     "【精品】", "(完整版)", "附件2", "征求意见稿", "3、3、", "汇报", "2024年7月8日", "中共某县委宣传部"]
)
texts = st.lists(_PIECES, max_size=60).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_cleaning_only_removes_what_it_records(raw):
    result = clean_text(raw)
    kept, before = skeleton(result.text), skeleton(raw)
    removed = Counter(skeleton("".join(r.text for r in result.removals)))
    assert Counter(before) == Counter(kept) + removed
    it = iter(before)  # what is kept stays in order
    assert all(c in it for c in kept)


def test_page_number_opening_a_paragraph_is_removed_only_when_it_is_no_heading():
    long_sentence = "县委理论学习中心组全年开展集中学习，围绕党的二十大精神组织专题研讨，推动学习成果转化为发展实效。"
    raw = "（一）理论武装持续深化。全年组织学习。\n2、" + long_sentence + "\n（二）新闻宣传。\n1、抓好策划。正文。\n2、抓好报道。正文。"
    result = clean_text(raw)
    assert [r.text for r in result.removals] == ["2、"]
    assert "\n" + long_sentence in result.text and "\n2、抓好报道。" in result.text


def test_wrapped_heading_line_is_rejoined_at_the_page_width():
    heading = "（一）落实全面从严治党要求，做到精心研究部署和推动落实党风廉政建设和反腐败工作"
    body = "县委宣传部严格按照责任书各项工作任务，结合实际将宣传思想工作与党风廉政建设各项工作内容相融合，层层签订责任书。"

    def wrap(t):
        return [t[i : i + 24] for i in range(0, len(t), 24)]

    raw = "\n".join(["二、主要做法和成效", *wrap(heading), *wrap(body), "三、存在问题", "学习不深。"])
    lines = [s for s in clean_text(raw).text.split("\n") if s]
    assert lines == ["二、主要做法和成效", heading, body, "三、存在问题", "学习不深。"]


def test_report_words_that_sites_also_use_do_not_make_noise():
    raw = ("关于县融媒体平台建设情况的汇报\n"
           "今年以来，我们组织全县党员干部订阅党报党刊，\n"
           "发动工会会员参与志愿服务，新增公益广告\n"
           "一百余处，下载使用“学习强国”的干部职工持续增加。\n"
           "一、基本情况\n全县共有会员单位三十家")
    result = clean_text(raw)
    assert result.removals == []
    assert result.text.split("\n")[0] == "关于县融媒体平台建设情况的汇报"
    assert "订阅党报党刊，发动工会会员参与志愿服务，新增公益广告一百余处，下载使用" in result.text
    assert result.text.endswith("全县共有会员单位三十家")


def test_page_numbers_before_a_heading_and_above_page_one():
    raw = ("1、某县2022年工作总结\n今年以来，我们扎实推进各项工作，2、取得了明显成效。\n一、主要工作\n（一）抓学习。正文。\n"
           "3、（二）抓作风。正文。")
    result = clean_text(raw)
    assert [r.text for r in result.removals] == ["1、", "2、", "3、"]
    assert result.text.split("\n")[0] == "某县2022年工作总结"
    assert "\n（二）抓作风。正文。" in result.text


UNSEEN = """该文档由用户“笔耕不辍”分享
阅读更多精彩范文，请登录某某范文网
全文共4页

关于2023年度履行全面从严治党主体责任情况的报告
市委：
    今年以来，市统计局党组坚持以习近平新时代中国特色社会主义思想为指导，认真履行全面从严治党主体责任，现将有关情况报告如下。
    一、主要做法和成效
    （一）强化政治建设。局党组全年召开会议研究党建工作6次，开展专题学习12次。
（二）压实主体责任
局党组书记带头履行第一责任人职责，与班子成员签订责任书，
逐级传导压力。
【某某范文网 整理】
    二、存在的问题
    一是理论学习还不够深入；二是监督作用发挥还不够充分。
    三、下步工作打算
    继续压紧压实管党治党政治责任。
    特此报告。
                                        中共某市统计局党组
                                        2023年12月26日
需要更多资料的朋友请私信，联系人：王老师  邮箱：abc@example.com
"""


def test_unseen_style_of_sharing_site_noise_end_to_end():
    from pipeline.ingest import parse_text

    result = parse_text(UNSEEN, "unseen.txt")
    assert [r.line for r in result.noise] == [1, 2, 3, 13, 21]
    doc = result.documents[0]
    assert doc.title == "关于2023年度履行全面从严治党主体责任情况的报告" and doc.addressee == "市委"
    assert (doc.genre, doc.year, doc.org_level) == ("integrity_report", 2023, "市")
    assert [s.marker + s.heading for s in doc.sections] == ["一、主要做法和成效", "二、存在的问题", "三、下步工作打算"]
    assert doc.sections[0].children[1].paragraphs == ["局党组书记带头履行第一责任人职责，与班子成员签订责任书，逐级传导压力。"]
    assert doc.closing == ["特此报告。", "中共某市统计局党组", "2023年12月26日"]
    assert "范文" not in doc.text and "私信" not in doc.text


def test_watermarks_stamped_into_paragraphs_are_removed():
    raw = "（一）抓学习。全年组织学习【某某范文网】十次，覆盖全体党员（来源：某某公文网）。\n（二）抓网格。推进网格化管理（全覆盖）。"
    result = clean_text(raw)
    assert result.text == "（一）抓学习。全年组织学习十次，覆盖全体党员。\n（二）抓网格。推进网格化管理（全覆盖）。"
    assert [r.text for r in result.removals] == ["【某某范文网】", "（来源：某某公文网）"]


def test_page_number_right_before_a_real_list_item_of_the_same_style():
    """Page 3 starts with the real item 3、: "3、3、强化…" loses the page number, the item stays."""
    raw = ("1、提高政治站位。要深刻认识安全生产的极端重要性。\n2、突出工作重点。要聚焦重点行业，开展隐患排查整治。\n"
           "3、3、强化责任落实。各地各部门要落实属地管理责任。\n4、4、严格督查问责。对工作不力的要严肃追责。")
    result = clean_text(raw)
    assert [r.text for r in result.removals] == ["3、", "4、"]
    assert "\n3、强化责任落实。" in result.text and "\n4、严格督查问责。" in result.text


def test_watermark_stamped_into_the_text_is_cut_out_and_the_line_kept():
    raw = ("某县2023年工作总结\n2023年，全县上下团结奋斗，经济社会发展取得新成效。\n蓝鲸文档网\n"
           "一、主要工作\n（一）产业发展。全年新建高标准农田5600亩，培育家庭农场12家，蓝鲸文\n档网引进农产品加工企业2家。\n"
           "（二）民生保障。新改建农村公路18公里，蓝鲸文档网完成危房改造36户。\n蓝鲸文档网")
    result = clean_text(raw)
    assert "蓝鲸" not in result.text and "文档网" not in result.text
    assert "培育家庭农场12家，引进农产品加工企业2家。" in result.text and "18公里，完成危房改造36户。" in result.text
    kept, before = skeleton(result.text), skeleton(raw)
    assert Counter(before) == Counter(kept) + Counter(skeleton("".join(r.text for r in result.removals)))
