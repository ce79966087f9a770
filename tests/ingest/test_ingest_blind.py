"""Blind round 2: eight documents written without looking at the ingest code, expectations first.

Each file under data/blind/ mimics what writers paste from document-sharing sites: banners,
per-page headers and footers, page numbers in several styles (one "N、" pasted mid-sentence),
hard wraps, stray and full-width characters, QR/公众号 prompts, several reports in one file,
numbering slips — and legitimate lines that look like noise (公众号/网站 work with numbers, a
"第3页" inside a citation, 附件 lines, signatures). One test per (document, aspect), so the
pass/fail table in docs/ingest.md maps one-to-one onto test ids.
"""

from __future__ import annotations

from pathlib import Path

from blind_support import Case, blind_tests  # tests/ingest is on the path (see docx_factory)

BLIND = Path(__file__).parent / "data" / "blind"

CASES: dict[str, Case] = {
    "inspection_gbk": Case(
        file="inspection_shiquanxian_2024.txt",
        index=0,
        title="石泉县农业农村局关于配合县委第二巡察组巡察工作的汇报",
        genre="inspection_report",
        year=2024,
        org_level="县",
        addressee="县委第二巡察组",
        tree=[
            ("一、", "单位基本情况", []),
            ("二、", "工作开展情况及成效", [
                ("（一）", "坚持政治引领，压实管党治党责任", []),
                ("（二）", "聚焦主责主业，推动乡村振兴落地见效", []),
                ("（三）", "加强宣传阵地建设", []),
            ]),
            ("三、", "存在的主要问题", [
                ("（一）", "理论学习深度不够", []),
                ("（二）", "基层监督存在薄弱环节", []),
                ("（三）", "干部队伍结构不优", []),
            ]),
            ("四、", "下步工作打算", [
                ("（一）", "持续强化理论武装", []),
                ("（二）", "从严加强资金监管", []),
                ("（三）", "加强干部队伍建设", []),
            ]),
        ],
        noise=["首页 > 范文大全", "【精品】", "浏览次数", "下载后可编辑", "本文档由用户上传", "- 1 -",
               "- 2 -", "- 3 -", "石泉县农业农村局巡察工作汇报", "扫码关注公众号", "All Rights Reserved"],
        kept=[
            "层层签订责任书73份。",
            "局微信公众号“石泉农业”全年推送信息326条，关注人数达到1.8万人，局门户网站更新政策解读45篇，有效扩大了惠农政策知晓面。",
            "个别项目验收把关不严，资料归档不够规范。",
            "35岁以下干部占比偏低",
            "以上汇报如有不妥，请巡察组批评指正。",
        ],
        exact=["中共石泉县农业农村局党组", "2024年5月8日"],
    ),
    "integrity_bom": Case(
        file="integrity_beilingshi_2023.txt",
        index=0,
        title="北岭市生态环境局2023年度党风廉政建设责任制落实情况汇报",
        genre="integrity_report",
        year=2023,
        org_level="市",
        addressee="市委考核组",
        tree=[
            ("一、", "基本情况", []),
            ("二、", "主要做法和成效", [
                ("（一）", "强化责任落实", []),
                ("（二）", "深化警示教育", []),
                ("（四）", "加强作风建设", [
                    ("(1)", "严格执行中央八项规定精神…", []),
                    ("(2)", "规范公务用车管理…", []),
                ]),
            ]),
            ("三、", "存在的主要问题", []),
            ("四、", "下步工作计划", [
                ("（一）", "进一步压实主体责任", []),
                ("（二）", "进一步加强日常监督", []),
                ("（三）", "进一步巩固作风建设成果", []),
            ]),
        ],
        noise=["文库精选", "原创力文档", "第1页 共3页", "第2页 共3页", "第3页 共3页", "www.fanwenku.cn",
               "本站所有文档"],
        kept=[
            "学习《北岭市典型案例汇编》（第3页至第12页收录的本系统案例）并开展讨论",
            "局党组现有成员7人，机关设党支部6个，党员112名。",
            "全年发文数量同比下降18%。",
            "一是压力传导存在层层递减现象",
            "通过短信、微信等方式发送廉洁提醒",
            "附件：1.2023年度党风廉政建设责任分解表",
            "2.警示教育活动开展情况统计表",
        ],
        exact=["北岭市生态环境局党组", "2023年12月15日"],
    ),
    "rectification_md": Case(
        file="rectification_hexiqu_2024.md",
        index=0,
        title="河西区住房和城乡建设局关于区委第三巡察组巡察反馈意见整改情况的报告",
        genre="rectification_report",
        year=2024,
        org_level="区",
        addressee="区委巡察办",
        tree=[
            ("一、", "整改组织落实情况", []),
            ("二、", "整改落实情况", [
                ("（一）", "关于“贯彻落实上级决策部署有差距”的问题", [
                    ("1.", "关于老旧小区改造推进缓慢的问题", []),
                    ("2.", "关于建筑市场监管不到位的问题", []),
                    ("2.", "关于安全生产隐患排查不彻底的问题", []),
                ]),
                ("（二）", "关于“全面从严治党‘两个责任’落实不到位”的问题", [
                    ("1.", "关于廉政风险防控不到位的问题", []),
                    ("2.", "关于违规发放津补贴的问题", []),
                ]),
            ]),
            ("三、", "巩固整改成果的下步打算", []),
        ],
        noise=["本文来源于网络", "下载后可编辑", "微信扫一扫", "二维码", "第 2 页", "更多范文",
               "example.com"],
        # (first run expected "------" in the removal log too; a horizontal rule is Markdown layout,
        # which .md stripping drops like "##" and "**", not sharing-site noise)
        markup=["------", "##", "**"],
        kept=[
            "已完成改造小区23个，惠及居民4100余户。",
            "查处违法违规行为17起。",
            "一是持续抓好未完成事项整改",
        ],
        exact=["河西区住房和城乡建设局党组", "2024年9月20日"],
    ),
    "half_year_a": Case(
        file="half_year_two_reports.txt",
        index=0,
        n_documents=2,
        title="青石镇2024年上半年工作总结及下半年工作计划",
        genre="half_year_summary",
        year=2024,
        org_level="乡镇",
        tree=[
            ("一、", "上半年工作情况", [
                ("（一）", "经济运行稳中有进", []),
                ("（二）", "项目建设提速增效", []),
                ("（三）", "民生保障有力有效", []),
            ]),
            ("二、", "存在的不足", []),
            ("三、", "下半年工作安排", [
                ("（一）", "全力抓好项目建设", []),
                ("（二）", "持续改善民生福祉", []),
            ]),
        ],
        noise=["【精品文档】", "WORD版", "— 1 —", "— 2 —", "更多范文"],
        kept=[
            "坚持稳中求进工作总基调，统筹推进经济发展、乡村振兴和社会治理各项工作",
            "完成固定资产投资3.1亿元",
            "全镇在建重点项目14个",
            "新增城镇就业312人，发放各类救助资金286万元，完成农村危房改造18户。",
            "力争下半年再开工项目5个以上。",
            "二是项目储备不足，招商引资成效不明显",
        ],
        exact=["青石镇人民政府", "2024年7月5日"],
    ),
    "half_year_b": Case(
        file="half_year_two_reports.txt",
        index=1,
        n_documents=2,
        title="城南区教育局2023年上半年工作总结",
        genre="half_year_summary",
        year=2023,
        org_level="区",
        tree=[
            ("一、", "主要工作", [
                ("1、", "基础教育提质扩容", []),
                ("2、", "教师队伍建设持续加强", []),
                ("3、", "教育督导不断强化", []),
            ]),
            ("二、", "存在的问题", []),
            ("三、", "下半年工作打算", []),
        ],
        noise=["— 1 —", "更多范文"],
        kept=[
            "今年以来，区教育局以办好人民满意的教育为目标，扎实推进各项工作。",
            "新建改扩建学校3所，新增学位2400个。",
            "下半年，我们将聚焦“双减”政策落实，持续提升课后服务质量，确保秋季学期顺利开学。",
        ],
    ),
    "work_summary_docx": Case(
        file="work_summary_songlinxiang_2023.docx",
        index=0,
        title="松林乡2023年度工作总结",
        genre="work_summary",
        year=2023,
        org_level="乡镇",
        tree=[
            ("一、", "主要工作及成效", [
                ("（一）", "产业发展持续壮大", []),
                ("（二）", "基础设施不断完善", []),
                ("（三）", "社会治理平安和谐", []),
            ]),
            ("二、", "存在的问题", []),
            ("三、", "下一年工作思路", []),
        ],
        noise=["本文档来自于网络收集整理", "第1页", "更多精品文档"],
        kept=[
            "茶叶种植面积达到1.2万亩，实现茶产业综合产值8600万元。",
            "一是产业链条短",
            "做强茶叶主导产业。",
            "道路硬化（公里）",
        ],
        exact=["松林乡人民政府", "2023年12月28日"],
    ),
    "duty_gbk_crlf": Case(
        file="duty_report_county_2022.txt",
        index=0,
        title="…述职述廉报告…",
        genre="duty_report",
        year=2022,
        org_level="县",
        tree=[
            ("一、", "加强理论学习，不断提高政治素质", [
                ("（一）", "坚持读原著学原文", [
                    ("1、", "认真学习党的二十大报告…", []),
                    ("2、", "深入学习习近平法治思想…", []),
                ]),
                ("（二）", "坚持学用结合", []),
            ]),
            ("二、", "履职尽责，扎实推进分管工作", [
                ("（一）", "人民调解工作提质增效", []),
                ("（二）", "法律援助惠民利民", []),
                ("（三）", "社区矫正安全稳定", []),
            ]),
            ("三、", "严守纪律规矩，保持清正廉洁", []),
            ("四、", "存在的不足", []),
            ("五、", "今后努力方向", []),
        ],
        noise=["第一范文网", "收藏本页", "·2·", "·3·", "温馨提示", "付费后下载"],
        kept=[
            "调解成功率达到98.3%，有效维护了基层社会和谐稳定。",
            "办理法律援助案件416件，为农民工挽回经济损失530余万元。",
            "一是理论学习的系统性还不够强",
        ],
        exact=["述职人：张某某", "2023年1月10日"],
    ),
    "seminar_utf8": Case(
        file="seminar_speech_shujuju_2024.txt",
        index=0,
        title="在市委理论学习中心组2024年第三次专题研讨会上的发言",
        genre="seminar_speech",
        year=2024,
        org_level="市",
        addressee="各位领导、同志们",
        tree=[
            ("一、", "深刻把握数字政府建设的重大意义", []),
            ("二、", "清醒认识当前工作中的短板弱项", []),
            ("三、", "扎实推动各项任务落地见效", []),
        ],
        noise=["精品文档", "欢迎下载", "关注微信公众号【笔杆子范文】", "扫描下方二维码"],
        kept=[
            "政务服务“一网通办”实现率达到96.5%",
            "全市142个网站栏目中仍有17个更新不及时，微信公众号等政务新媒体管理也有待加强。",
            "一是加快推进数据共享。",
            "以上发言，不妥之处请批评指正。",
            "数据共享率",
            "平台整合数",
        ],
        # stray spaces between Chinese characters are gone; full-width letters folded
        exact=["结合学习体会和数据工作实际", "谈几点认识和打算", "AI+政务", "市数据局党组书记、局长"],
    ),
    "xinde_gbk": Case(
        file="xinde_liuwanzhen_2024.txt",
        index=0,
        title="学习贯彻党的二十届三中全会精神心得体会…",
        genre="seminar_speech",
        year=2024,
        org_level="乡镇",
        tree=[
            ("一、", "要在学深悟透上下功夫", []),
            ("二、", "要在改革创新上求突破", []),
            ("三、", "要在为民服务上见实效", []),
        ],
        noise=["【精品】", "第1页/共2页", "第2页/共2页", "免责声明"],
        kept=[
            "持续推进“我为群众办实事”实践活动，着力解决群众急难愁盼问题，让改革成果更多更公平惠及全镇群众。",
            "开展专题宣讲21场次",
            "总之，作为基层党委书记",
        ],
        exact=["柳湾镇党委书记", "2024年8月"],
    ),
}

(parsed, test_blind_title, test_blind_genre, test_blind_year, test_blind_org_level, test_blind_tree,
 test_blind_noise_removed, test_blind_real_text_kept, test_blind_addressee) = blind_tests(CASES, BLIND)
