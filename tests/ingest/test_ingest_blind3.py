"""Blind round 3: nine documents in eight files, one of every shape, expectations written first.

Written for the page-dump issue, with fictional units and new content (data/blind3/): a numbered
page dump with ASCII punctuation and blank lines between pages; a page dump holding two reports
(the second starting mid-page, no signature before it) with the site banner glued to page 1; a
page dump saved as Word (one paragraph per page); a page dump without page numbers whose
paragraphs are separated only by ideographic-space indents; a GBK, CRLF text hard-wrapped at 32
with page footers, a running header and a watermark; a one-paragraph-a-line web page (UTF-8 BOM,
navigation, meta line, a page number pasted mid-sentence, read-more and disclaimer lines);
Markdown with a banner quote, bold, a table and a rule; and Word paragraphs with empty paragraphs
and a table. One test per (document, aspect), as in round 2 (docs/ingest.md records the first run).
"""

from __future__ import annotations

from pathlib import Path

from blind_support import Case, blind_tests  # tests/ingest is on the path (see docx_factory)

BLIND = Path(__file__).parent / "data" / "blind3"

CASES: dict[str, Case] = {
    "pd_inspection": Case(
        file="pd_inspection_qinglan.txt",
        index=0,
        title="青岚县水利局关于配合县委第三巡察组巡察工作的汇报",
        genre="inspection_report",
        year=2024,
        org_level="县",
        addressee="县委第三巡察组",
        tree=[
            ("一、", "单位基本情况", []),
            ("二、", "工作开展情况及成效", [
                ("（一）", "坚持政治引领，压实管党治党责任", []),
                ("（二）", "聚焦主责主业，推动水利事业高质量发展", []),
                ("（三）", "加强干部队伍建设", []),
            ]),
            ("三、", "存在的主要问题", []),
            ("四、", "下步工作打算", [
                ("（一）", "持续强化理论武装", []),
                ("（二）", "从严加强工程监管", []),
                ("（三）", "加强干部队伍建设", []),
            ]),
        ],
        noise=["由会员分享", "珍藏版", "人人文库网"],
        kept=[
            "2021年以来累计完成水利投资9.6亿元，建成青岚河防洪治理二期工程，新增和恢复灌溉面积3.2万亩，"
            "巩固提升农村供水工程48处，农村自来水普及率达到93.5%。",
            "35岁以下干部仅占17%",
            "以上汇报，请巡察组批评指正。",
        ],
        exact=["中共青岚县水利局党组", "2024年4月18日"],
    ),
    "pd_two_rectification": Case(
        file="pd_two_reports_linxi.txt",
        index=0,
        n_documents=2,
        title="中共临溪市统计局党组关于市委第二巡察组反馈意见整改情况的报告",
        genre="rectification_report",
        year=2023,
        org_level="市",
        addressee="市委巡察工作领导小组办公室",
        tree=[
            ("一、", "整改组织落实情况", [
                ("（一）", "提高站位，迅速落实抓整改", []),
                ("（二）", "细化责任，压实整改责任链条", []),
            ]),
            ("二、", "反馈问题整改落实情况", [
                ("（一）", "关于“统计数据质量把关不严”的问题", []),
                ("（二）", "关于“基层统计基础工作薄弱”的问题", []),
                ("（三）", "关于“统计执法检查力度不够”的问题", []),
            ]),
            ("三、", "巩固整改成果的下步打算", []),
        ],
        noise=["由会员分享", "珍藏版"],
        kept=["对全市1260家联网直报企业开展数据核查，纠正差错数据83条。", "特此报告。"],
    ),
    "pd_two_integrity": Case(
        file="pd_two_reports_linxi.txt",
        index=1,
        n_documents=2,
        title="临溪市统计局2023年度落实党风廉政建设责任制情况汇报",
        genre="integrity_report",
        year=2023,
        org_level="市",
        addressee="市委考核组",
        tree=[
            ("一、", "基本情况", []),
            ("二、", "主要做法和成效", [
                ("（一）", "强化主体责任落实", []),
                ("（二）", "深化廉政警示教育", []),
                ("（三）", "加强重点领域监督", []),
            ]),
            ("三、", "存在的主要问题", []),
            ("四、", "下步工作计划", [
                ("（一）", "进一步压实管党治党责任", []),
                ("（二）", "进一步健全防范统计造假长效机制", []),
                ("（三）", "进一步加强日常监督管理", []),
            ]),
        ],
        noise=[],
        kept=["组织观看警示教育片4场次，开展廉政党课3次，组织党员干部到市廉政教育基地接受教育1次。"],
        exact=["中共临溪市统计局党组", "2024年1月12日"],
    ),
    "pd_word_duty": Case(
        file="pd_duty_baishi.docx",
        index=0,
        title="2023年度述职述廉报告",
        genre="duty_report",
        year=2023,
        org_level="乡镇",
        addressee="各位领导、同志们",
        tree=[
            ("一、", "述职：聚焦主责主业，推动各项工作落地见效", [
                ("（一）", "抓实基层党建", []),
                ("（二）", "推进乡村振兴", []),
                ("（三）", "创新基层治理", []),
            ]),
            ("二、", "述廉：严守纪律规矩，保持清正廉洁", []),
            ("三、", "存在的不足", []),
            ("四、", "今后努力方向", []),
        ],
        noise=[],
        kept=["全年排查化解矛盾纠纷216件，化解率达到98.6%，全镇未发生重大安全事故和群体性事件。"],
        exact=["述职人：周晓", "2024年1月8日"],
    ),
    "pd_unnumbered_speech": Case(
        file="pd_speech_nongye.txt",
        index=0,
        title="以学促干 勇挑重担——在县农业农村局党组理论学习中心组专题研讨会上的发言",
        genre="seminar_speech",
        year=2024,
        org_level="县",
        tree=[
            ("一、", "深学细悟，筑牢推动乡村振兴的思想根基", []),
            ("二、", "对标对表，找准分管工作的短板弱项", []),
            ("三、", "真抓实干，推动各项任务落地见效", []),
        ],
        noise=[],
        kept=["全县规模以上农产品加工企业仅有23家，农产品加工转化率只有61%。", "以上发言，不当之处请批评指正。"],
    ),
    "wrapped_gbk_half_year": Case(
        file="wrapped_half_year_songhe.txt",
        index=0,
        title="松河街道2024年上半年工作总结及下半年工作打算",
        genre="half_year_summary",
        year=2024,
        org_level="乡镇",
        tree=[
            ("一、", "上半年工作开展情况", [
                ("（一）", "经济运行稳中向好", []),
                ("（二）", "城市管理精细高效", []),
                ("（三）", "民生保障持续加强", []),
            ]),
            ("二、", "存在的问题", []),
            ("三、", "下半年工作打算", [
                ("（一）", "全力稳增长", []),
                ("（二）", "着力惠民生", []),
            ]),
        ],
        noise=["本文由网友上传分享", "下载文档可编辑", "精品文档 可编辑", "第 1 页 共", "松河街道上半年工作总结", "写材料的小助手"],
        kept=[
            "上半年完成辖区规模以上工业产值28.4亿元，同比增长6.1%；新引进商贸服务企业19家，完成固定资产投资5.7亿元，为年度目标的52%。",
            "新增就业岗位860个，发放各类救助资金312万元，建成社区嵌入式养老服务站2个，为辖区2100名老人提供助餐服务。",
        ],
        exact=["松河街道办事处", "2024年7月5日"],
    ),
    "lines_bom_work_summary": Case(
        file="lines_work_summary_xiyuan.txt",
        index=0,
        title="西苑区文化和旅游局2023年工作总结",
        genre="work_summary",
        year=2023,
        org_level="区",
        tree=[
            ("一、", "2023年主要工作", [
                ("（一）", "文化惠民工程扎实推进", []),
                ("（二）", "文旅市场加快复苏", []),
                ("（三）", "文物保护利用不断加强", []),
            ]),
            ("二、", "存在的问题", []),
            ("三、", "2024年工作思路", []),
        ],
        noise=["首页 > 工作总结", "发布时间", "网友投稿", "相关推荐", "免责声明"],
        kept=["新建城市书房4家，区图书馆年接待读者，达到41.6万人次。", "成功创建国家4A级旅游景区1家。"],
        exact=["西苑区文化和旅游局", "2024年1月3日"],
    ),
    "md_integrity": Case(
        file="md_integrity_shuangqiao.md",
        index=0,
        title="双桥镇2024年度党风廉政建设责任制落实情况汇报",
        genre="integrity_report",
        year=2024,
        org_level="乡镇",
        addressee="区委考核组各位领导",
        tree=[
            ("一、", "基本情况", []),
            ("二、", "主要做法和成效", [
                ("（一）", "压实主体责任", []),
                ("（二）", "强化日常监督", []),
                ("（三）", "深化作风建设", []),
            ]),
            ("三、", "存在的主要问题", []),
            ("四、", "下步工作计划", []),
        ],
        noise=["某某公文网"],
        markup=["**", "---", "#"],
        kept=[
            "镇党委全年召开专题会议研究党风廉政建设工作6次，与各村（社区）、站所签订责任书49份。",
            "严格落实中央八项规定精神，全镇“三公”经费支出同比下降9.2%。",
        ],
        exact=["中共双桥镇委员会", "2024年12月18日"],
    ),
    "docx_rectification": Case(
        file="docx_rectification_dongping.docx",
        index=0,
        title="中共东坪县民政局党组关于县委第四巡察组反馈意见整改进展情况的报告",
        genre="rectification_report",
        year=2024,
        org_level="县",
        addressee="县委巡察办",
        tree=[
            ("一、", "整改工作开展情况", []),
            ("二、", "具体问题整改进展", [
                ("（一）", "关于“社会救助资金审核不严”的问题", [
                    ("1.", "开展救助对象全面复核", []),
                    ("2.", "完善审核审批制度", []),
                ]),
                ("（二）", "关于“养老机构安全监管不到位”的问题", []),
            ]),
            ("三、", "下一步工作打算", []),
        ],
        noise=["本文档由用户上传"],
        kept=["对全县低保、特困对象9816人逐户复核，清退不符合条件对象213人。"],
        exact=["中共东坪县民政局党组", "2024年8月20日"],
    ),
}
(parsed, test_blind_title, test_blind_genre, test_blind_year, test_blind_org_level, test_blind_tree,
 test_blind_noise_removed, test_blind_real_text_kept, test_blind_addressee) = blind_tests(CASES, BLIND)
