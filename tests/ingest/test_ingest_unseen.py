"""Noisy documents written to look like pages scraped from document-sharing sites (文库, 文档分享,
资料网站), none of which the cleaning rules were written from: every noise line is named, every
real line (including near-miss text about 公众号, 网站, 下载, 页) must survive, and the heading
tree, title, genre and year come out as a reader would see them."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from pipeline.ingest import parse_file
from pipeline.ingest.clean import skeleton
from pipeline.ingest.read import read_any

DATA = Path(__file__).parent / "data" / "unseen"
ANY = object()  # org_level not asserted (who wrote a 支部 report is not stated in it)


def _tree(sections):
    return [(s.marker, s.heading, _tree(s.children)) for s in sections]


def _leaf(marker, heading):
    return (marker, heading, [])


# file → (noise texts in order, [(title, genre, year, org_level, tree)], real text that must stay)
CASES = {
    "a_integrity_county_gbk.txt": (
        ["本文档由用户“清风徐来”上传分享，仅供参考", "下载文档可编辑，更多精品资料请访问 www.wendangku-demo.com",
         "第 1 页 共 4 页", "精品文档 仅供参考", "第 2 页 共 4 页", "3、", "精品文档 仅供参考", "第 3 页 共 4 页",
         "精品文档 仅供参考", "第 4 页 共 4 页", "微信：wdk2023  电话：0731-88886666",
         "相关热词搜索：党风廉政建设 责任制 报告 范文", "版权声明：本站文档均由用户上传，如有侵权请联系删除。"],
        [("关于2023年度落实党风廉政建设责任制情况的报告", "integrity_report", 2023, "县", [
            ("一、", "主要工作及成效", [
                _leaf("（一）", "压实主体责任"),
                ("（二）", "加强教育引导", [_leaf("1、", "抓好理论学习"), _leaf("2、", "开展警示教育"),
                                         _leaf("3、", "强化阵地建设")]),
                _leaf("（三）", "严格监督执纪")]),
            _leaf("二、", "存在的问题"),
            ("三、", "下步打算", [_leaf("（一）", "持续深化理论武装"), _leaf("（二）", "持续加强监督检查")])])],
        ["中共石门县文化和旅游局党组", "局机关微信公众号发布廉政信息120条，在单位网站开设“清风石门”专栏，干部可在内网下载学习资料。",
         "加强意识形态阵地管理，严格落实“三重一大”集体决策制度", "个别干部关注群众关切不够及时"],
    ),
    "b_work_summary_town_wrapped.txt": (
        ["【精品】word版本可编辑", "(此文档为word格式，可任意修改编辑!)", "【精品】", "1 / 3",
         "免费下载 | 立即下载 | 付费阅读", "2 / 3", "3 / 3", "扫码关注公众号获取更多精品范文"],
        [("青禾镇2024年度工作总结", "work_summary", 2024, "乡镇", [
            ("一、", "主要工作及成效", [_leaf("（一）", "理论学习走深走实"), _leaf("（二）", "产业发展提质增效"),
                                     _leaf("（三）", "民生保障持续加强")]),
            ("二、", "存在的问题", [_leaf("（一）", "产业链条短"), _leaf("（二）", "基础设施仍有短板")]),
            ("三、", "2025年工作打算", [_leaf("（一）", "做强特色产业"), _leaf("（二）", "提升治理效能")])])],
        ["团结带领全镇干部群众，紧扣年初目标任务", "覆盖群众3000余人次。", "同比增长7.2%。",
         "开通“青禾服务”微信公众号，发布政策信息300余条。", "推动一二三产业融合发展。", "青禾镇人民政府\n2024年12月25日"],
    ),
    "c_inspection_then_speech_gbk.txt": (
        ["原创力文档", "知识分享 创造价值", "用户上传于2023-07-12  浏览 1356 次", "2、", "3、",
         "推荐阅读：巡察工作汇报范文（精选5篇）", "4、"],
        [("关于市档案馆接受市委第三巡察组巡察的工作汇报", "inspection_report", 2023, "市", [
            _leaf("一、", "基本情况"),
            ("二、", "主要工作", [_leaf("（一）", "坚持政治引领"), _leaf("（二）", "推进档案数字化"),
                                _leaf("（三）", "加强安全管理")]),
            _leaf("三、", "存在的问题"), _leaf("四、", "下步工作打算")]),
         ("在“以学铸魂”专题研讨会上的交流发言", "seminar_speech", None, None, [
             _leaf("一、", "深刻把握以学铸魂的重大意义"), _leaf("二、", "坚持学以致用")])],
        ["党员大会4次，讲党课4次", "上线档案查询网站，群众可在线查阅、下载电子档案证明。",
         "一是政治理论学习深度不够。二是档案开发利用水平不高", "实际成效，围绕群众急难愁盼"],
    ),
    "d_duty_report_watermark.txt": (
        ["蓝鲸办公资源站", "微信：lanjing_bg  电话：13800001111", "本资料来源于网络，仅供学习交流使用", "蓝鲸办公资源站",
         "— 2 —", "蓝鲸办公资源站", "— 3 —", "蓝鲸办公资源站", "更多精品资料请关注公众号“蓝鲸办公”"],
        [("2022年度个人述职述廉报告", "duty_report", 2022, "区", [
            ("一、", "履职情况", [
                ("(一)", "抓好新闻宣传", [
                    _leaf("1.", "做好主题宣传"),
                    ("2.", "做强新媒体平台", [_leaf("(1)", "优化栏目设置"), _leaf("(2)", "规范审核流程")])]),
                _leaf("(二)", "加强队伍建设")]),
            _leaf("二、", "廉洁自律情况"), _leaf("三、", "存在的不足和下步打算")])],
        ["组织业务培训6期，编印学习资料汇编3册共120页，干部业务能力明显提升。", "中心微信公众号发布信息1200余条",
         "序号\t项目\t完成情况\n1\t主题宣传专栏\t8个", "述职人：张某某"],
    ),
    "e_rectification_fullwidth_bom.txt": (
        ["（此文档为ｗｏｒｄ格式，下载后可任意编辑修改！）", "ＸＸ文库精选 · 第１页／共３页", "ＸＸ文库精选 · 第２页／共３页", "3、",
         "ＸＸ文库精选 · 第３页／共３页"],
        [("关于县人社局巡察反馈意见整改情况的报告", "rectification_report", 2022, "县", [
            _leaf("一、", "整改组织落实情况"),
            ("二、", "反馈问题整改落实情况", [
                ("（一）", "关于“理论学习不深入”的问题", [_leaf("1、", "完善学习制度"), _leaf("2、", "开展专题研讨")]),
                _leaf("（二）", "关于“就业服务不精准”的问题"), _leaf("（三）", "关于“资金管理不规范”的问题")]),
            ("三、", "下一步工作打算", [_leaf("（一）", "巩固整改成果"), _leaf("（二）", "健全长效机制")])])],
        ["现将2022年整改进展情况报告如下。", "党风廉政建设责任进一步压实。", "\n严格财务审批流程", "追回违规发放资金2.6万元"],
    ),
    "f_near_miss_half_year.txt": (
        [],
        [("河阳区委网信办2023年上半年工作总结", "half_year_summary", 2023, "区", [
            ("一、", "上半年工作情况", [
                _leaf("（一）", "网站建设"), _leaf("（二）", "平台运维"),
                ("（三）", "资料整理", [_leaf("1.", "开展宣传活动"), _leaf("2.", "加强会员管理")])]),
            _leaf("二、", "存在的问题"),
            ("三、", "下半年工作计划", [_leaf("（一）", "强化网络安全监测，及时发现处置安全隐患"),
                                     _leaf("（二）", "做好重大活动期间网络安全保障工作")])])],
        ["每册共48页，供群众免费领取；提供政策文件下载服务，全年下载量1.2万次。", "区政务微信公众号发布信息120条"],
    ),
    "g_pages_numbered_wrapped.txt": (
        ["2、", "3、", "4、"],
        [("关于云溪区农业农村局2023年上半年工作总结及下半年工作计划", "half_year_summary", 2023, "区", [
            ("一、", "上半年工作开展情况", [
                _leaf("（一）", "粮食生产稳中有进"),
                ("（二）", "乡村产业加快发展", [_leaf("1、", "培育经营主体"), _leaf("2、", "打造特色品牌"),
                                         _leaf("3、", "推进农旅融合")]),
                _leaf("（三）", "农村改革持续深化")]),
            _leaf("二、", "存在的问题"),
            ("三、", "下半年工作计划", [
                _leaf("（一）", "抓好秋粮生产"),
                ("（二）", "做强乡村产业", [_leaf("1、", "壮大龙头企业"), _leaf("2、", "加快冷链物流建设")])])])],
        ["建设高标准农田1.8万亩，", "全区86个村集体经济收入", "确保全年粮食产量稳定在12万吨以上。",
         "二是新型经营主体带动能力不强，"],
    ),
    "h_breadcrumb_menu_meta.txt": (
        ["首页 > 公文写作 > 党建材料 > 述职报告", "发布时间：2024-01-15 09:30  来源：网友投稿  阅读：2315",
         "收藏 | 分享 | 举报 | 纠错", "(完整版)", "上一篇：2023年度党支部工作总结范文", "下一篇：2024年党建工作计划"],
        [("2023年度党支部书记抓基层党建工作述职报告", "duty_report", 2023, ANY, [
            ("一、", "履行职责情况", [_leaf("（一）", "抓班子带队伍"), _leaf("（二）", "抓阵地强服务")]),
            ("二、", "存在的问题", [_leaf("（一）", "理论学习有待深化"), _leaf("（二）", "党员教育管理方式较为单一")]),
            ("三、", "下步工作思路", [_leaf("（一）", "强化政治引领"), _leaf("（二）", "创新活动载体")])])],
        ["开通支部微信群，及时发布学习资料和通知。"],
    ),
    "i_running_header_truncation.txt": (
        ["文档标题：松林街道2023年度平安建设工作总结", "文档格式：doc  文档大小：36KB  页数：3", "全文共2156字，阅读约需6分钟",
         "·2·", "松林街道2023年度平安建设工作总结", "·3·", "松林街道2023年度平安建设工作总结", "……（剩余2页未读，继续阅读）",
         "ＷＷＷ．ＷＥＮＤＡＮＧ８８．ＣＯＭ\u3000原创文档下载", "温馨提示：本文档共3页，当前为第1页，如需完整版请下载"],
        [("松林街道2023年度平安建设工作总结", "work_summary", 2023, "乡镇", [
            ("一、", "主要工作", [_leaf("（一）", "矛盾纠纷多元化解"), _leaf("（二）", "社会治安防控"),
                                _leaf("（三）", "基层治理创新"), _leaf("（四）", "安全生产监管")]),
            _leaf("二、", "存在的问题"),
            ("三、", "2024年工作打算", [_leaf("（一）", "深化矛盾纠纷源头治理"), _leaf("（二）", "推进智慧安防小区建设")])])],
        ["通过“松林微治理”小程序受理群众诉求2300余件。", "辖区刑事案件同比下降17.3%。\n（三）"],
    ),
    "j_speech_then_report_gbk.txt": (
        ["热门文档 | 最新上传 | 会员中心", "如需原版请加微信 wxdoc2024", "4、", "猜你喜欢：乡村振兴讲话稿汇编"],
        # a leader's 讲话 at a work meeting is none of the seven genres: null, not a guess
        [("在全县乡村振兴工作推进会上的讲话", None, None, None, [
            _leaf("一、", "认清形势，进一步增强做好乡村振兴工作的责任感"),
            ("二、", "突出重点，扎实推进乡村振兴各项任务", [
                _leaf("1、", "抓好产业发展"), _leaf("2、", "抓好人才振兴"), _leaf("3、", "抓好生态保护")]),
            _leaf("三、", "压实责任，确保各项工作落地见效")]),
         ("关于花溪乡2024年上半年乡村振兴工作情况的汇报", "half_year_summary", 2024, "乡镇", [
             ("一、", "工作开展情况", [_leaf("（一）", "巩固脱贫成果"), _leaf("（二）", "发展特色产业")]),
             ("二、", "下半年工作打算", [_leaf("（一）", "持续抓好防返贫监测帮扶"), _leaf("（二）", "加快推进茶产业提质增效")])])],
        ["\n3、抓好生态保护。要持续开展农村人居环境整治", "奋力开创乡村振兴工作新局面！"],
    ),
    "k_attachment_and_colophon.txt": (
        [],  # 附件2, a date under the title, 附注, 抄送 and 印发 lines are the document's own
        [("青山县科技局2023年度领导班子述职述廉报告", "duty_report", 2023, "县", [
            ("一、", "履职尽责情况", [_leaf("（一）", "科技创新平台建设"), _leaf("（二）", "科技成果转化")]),
            _leaf("二、", "廉洁自律情况"), _leaf("三、", "存在的问题和下步打算")])],
        ["附件2\n", "（此件公开发布）", "抄送：县委办公室，县人大常委会办公室，县政府办公室。", "1\t高新技术企业培育\t42家",
         "2023年12月28日印发"],
    ),
}


@pytest.fixture(scope="module", params=sorted(CASES))
def case(request):
    name = request.param
    return name, parse_file(DATA / name), CASES[name]


def test_every_noise_line_and_only_noise_is_removed(case):
    name, result, (noise, _, _) = case
    assert [r.text for r in result.noise] == noise, name
    assert all(r.reason and r.line for r in result.noise)


def test_title_genre_year_and_tree(case):
    name, result, (_, documents, _) = case
    got = [(d.title, d.genre, d.year, d.org_level, _tree(d.sections)) for d in result.documents]
    want = [(t, g, y, lv, tree) for t, g, y, lv, tree in documents]
    for g, w in zip(got, want):
        assert g[:3] == w[:3], name
        if w[3] is not ANY:
            assert g[3] == w[3], name
        assert g[4] == w[4], name
    assert len(got) == len(want)


def test_real_text_survives_whole(case):
    name, result, (_, _, keep) = case
    text = "\n".join(d.text for d in result.documents)
    for piece in keep:
        assert piece in text, (name, piece)


def test_nothing_is_lost_without_a_record(case):
    name, result, _ = case
    raw = read_any(DATA / name)
    kept = skeleton("".join(d.text for d in result.documents))
    removed = Counter(skeleton("".join(r.text for r in result.noise)))
    assert Counter(skeleton(raw)) == Counter(kept) + removed, name


def test_the_unseen_files_come_in_both_encodings():
    raw = {p.name: p.read_bytes() for p in DATA.glob("*.txt")}
    gbk = [n for n, b in raw.items() if "gbk" in n]
    assert gbk and all(_not_utf8(raw[n]) for n in gbk)
    assert any(b.startswith(b"\xef\xbb\xbf") for b in raw.values())


def _not_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


NEAR_MISSES = [
    "围绕网络热词开展正面引导",
    "材料请以word格式报送",
    "加强版权保护，开展打击侵权盗版专项行动",
    "推荐阅读书目20种",
    "全年发布原创稿件300篇，阅读量达35万人次",
    "开展“扫黄打非”和版权执法检查12次",
    "建立举报受理平台，受理网民举报86件",
    "开通手机客户端，下载量突破5万次",
    "全县共有会员单位32家",
    "建设“学习强国”学习平台，全县注册用户8.6万人",
    "资金来源：县级财政",
]


@pytest.mark.parametrize("line", NEAR_MISSES)
def test_report_lines_with_site_words_are_kept(line):
    """Short report lines that share a word with the sites' banners, near the top as well."""
    from pipeline.ingest import parse_text

    text = ("关于2023年宣传工作情况的报告\n2023年，县委宣传部围绕中心、服务大局，扎实开展各项工作，现报告如下。\n"
            f"一、主要工作\n{line}\n（一）强化理论武装。全年学习12次。\n二、下步打算\n继续做好宣传工作。")
    result = parse_text(text)
    assert result.noise == [] and line in result.documents[0].text


EDGE_LINES = [  # a document's own lines above the title or below the signature (公文 practice)
    ("top", "（内部资料 注意保存）"), ("top", "会议材料之三"), ("top", "征求意见稿"),
    ("top", "桃源乡党政办公室编印"), ("top", "附件1"), ("under", "（2024年12月20日）"), ("under", "（讨论稿）"),
    ("bottom", "附件：2024年度重点项目完成情况表"), ("bottom", "（联系人：李某某）"), ("bottom", "（此件不公开）"),
    ("bottom", "桃源乡党政办公室 2024年12月30日印发"), ("bottom", "共印20份"),
]


@pytest.mark.parametrize("where,line", EDGE_LINES)
def test_real_lines_at_the_top_and_bottom_are_kept(where, line):
    from pipeline.ingest import parse_text

    base = read_any(Path(__file__).parents[2] / "corpus" / "samples" / "work_summary_taoyuanxiang_2024.txt")
    title, rest = base.split("\n", 1)
    text = {"top": f"{line}\n{base}", "under": f"{title}\n{line}\n{rest}", "bottom": f"{base}\n{line}"}[where]
    result = parse_text(text)
    assert result.noise == [] and line in result.documents[0].text
    assert result.documents[0].title == "桃源乡2024年工作总结和2025年工作思路"
