"""Draft values of every genre's shape, built in code (fictional units, realistic numbers)."""

from __future__ import annotations

from pipeline.types import Draft, DraftMeta, SectionDraft


def make_draft(genre: str, sections: list[SectionDraft], **meta) -> Draft:
    base = dict(genre=genre, unit="青山县市场监督管理局", year=2024, title="青山县市场监督管理局2024年度工作总结")
    base.update(meta)
    return Draft(meta=DraftMeta(**base), sections=sections)


def integrity_draft() -> Draft:
    """Headed level-1 sections, level-2 sub-sections from the facts, placeholders, addressee, signature."""
    return make_draft(
        "integrity_report",
        [
            SectionDraft(
                id="basic_info",
                heading="基本情况",
                text="局机关内设科室8个，下设市场监管所6个，现有在编干部职工126人。\n局党组下设党支部5个，共有党员【待补充：党员人数】名。",
            ),
            SectionDraft(id="work", heading="主要做法和成效", text="一年来，局党组坚持把党风廉政建设摆在突出位置，推动责任层层落实。"),
            SectionDraft(
                id="work.1",
                heading="压紧压实主体责任",
                level=2,
                parent="work",
                text="一是召开党组会议专题研究党风廉政建设4次；二是签订责任书32份；三是开展廉政谈话【待补充：廉政谈话人次】人次。",
            ),
            SectionDraft(
                id="work.2",
                heading="持续加强作风建设",
                level=2,
                parent="work",
                text="坚持纠“四风”树新风，开展明察暗访12次，通报典型问题3起。",
            ),
            SectionDraft(id="problems", heading="存在的主要问题", text="一是个别干部廉洁自律意识有所松懈；二是基层监管所制度执行不够严格。"),
            SectionDraft(id="plans", heading="下步工作计划", text="下一步，我们将持续深化全面从严治党，推动党风廉政建设向纵深发展。"),
        ],
        title="青山县市场监督管理局2024年度\n落实党风廉政建设责任制情况汇报",
        addressee="考核组的各位领导",
        opening="根据县纪委监委安排，现将我局2024年度落实党风廉政建设责任制情况汇报如下。",
        closing="以上汇报，请批评指正。",
        signature="青山县市场监督管理局",
        date="2024-12-20",
        offline=True,
        model="offline",
        prompt_version="p-3f2a9c",
    )


def seminar_draft() -> Draft:
    """Headless opening/points/closing: the points' sub-sections are printed as 一、二、三、."""
    return make_draft(
        "seminar_speech",
        [
            SectionDraft(id="opening", heading="", role="other", text="根据会议安排，结合学习体会和工作实际，我谈几点认识。"),
            SectionDraft(id="points", heading="", role="work", text=""),
            SectionDraft(id="points.1", heading="坚定理想信念，筑牢思想根基", level=2, parent="points", text="理想信念是共产党人精神上的“钙”。"),
            SectionDraft(id="points.2", heading="严守纪律规矩，强化自我约束", level=2, parent="points", text="纪律是管党治党的戒尺。"),
            SectionDraft(id="points.3", heading="勇于担当作为，推动工作落实", level=2, parent="points", text="实干是最好的担当。"),
            SectionDraft(id="closing", heading="", role="other", text="以上发言，不当之处请批评指正。"),
        ],
        title="在党纪学习教育专题研讨会上的发言",
        model="qwen2.5-72b-instruct",
        prompt_version="p-77aa01",
    )


def rectification_draft() -> Draft:
    """Level-1 sections with problem-by-problem level-2 sub-sections; stored markers are wrong on purpose."""
    return make_draft(
        "rectification_report",
        [
            SectionDraft(id="organization", heading="整改组织落实情况", marker="一、", text="成立整改工作领导小组，制定整改方案。"),
            SectionDraft(id="rectification", heading="整改落实情况", marker="一、", text=""),
            SectionDraft(id="rectification.1", heading="关于理论学习不深入的问题", level=2, parent="rectification", marker="（二）", text="整改情况：修订党组理论学习中心组学习制度。"),
            SectionDraft(id="rectification.2", heading="关于财务管理不规范的问题", level=2, parent="rectification", text="整改情况：清理往来账款【待补充：清理金额】万元。"),
            SectionDraft(id="consolidation", heading="巩固整改成果的下步打算", text="持续巩固整改成果，建立长效机制。"),
        ],
        title="中共青山县市场监督管理局党组关于巡察整改情况的报告",
        closing="特此报告。",
        signature="中共青山县市场监督管理局党组",
        date="二〇二四年七月一日",
    )


def duty_draft() -> Draft:
    """Five flat level-1 sections; one failed section with no text."""
    return make_draft(
        "duty_report",
        [
            SectionDraft(id="study", heading="述学", text="坚持把学习作为第一要务。"),
            SectionDraft(id="duty", heading="述职", text="认真履行岗位职责。"),
            SectionDraft(id="integrity", heading="述廉", text="严格遵守中央八项规定精神。"),
            SectionDraft(id="shortcomings", heading="存在的不足", text="", status="failed"),
            SectionDraft(id="plans", heading="今后努力方向", text="进一步加强学习，提升能力。"),
        ],
        title="2024年度述职述廉报告",
    )


def summary_draft() -> Draft:
    """A year-end summary down to level 4: levels 3 and 4 are run-in headings by default."""
    return make_draft(
        "work_summary",
        [
            SectionDraft(id="work", heading="主要工作及成效", text=""),
            SectionDraft(id="work.1", heading="市场秩序持续向好", level=2, parent="work", text=""),
            SectionDraft(id="work.1.1", heading="食品安全", level=3, parent="work.1", text="完成食品抽检1260批次，合格率98.6%。\n约谈问题企业【待补充：约谈企业数】家。"),
            SectionDraft(id="work.1.1.1", heading="校园食品", level=4, parent="work.1.1", text="检查学校食堂45家"),
            SectionDraft(id="work.1.2", heading="特种设备", level=3, parent="work.1", text=""),
            SectionDraft(id="problems", heading="存在的问题", text="基层监管力量仍显薄弱。"),
            SectionDraft(id="plans", heading="下一年工作思路", text="聚焦主责主业，持续优化营商环境。"),
        ],
        period="全年",
        date="2024年01月05日",
    )


def long_draft() -> Draft:
    """The integrity report grown to about three pages: shows odd and even page footers."""
    draft = integrity_draft()
    more = {
        "work.1": "全年共开展党组理论学习中心组学习12次，围绕党纪学习教育开展专题研讨4次，局领导班子成员讲授廉政党课6次。",
        "work.2": "聚焦群众身边的不正之风和腐败问题，开展专项整治，督促整改问题【待补充：整改问题数】个，推动建章立制9项。",
        "problems": "三是对新入职干部的廉政教育针对性不够强，警示教育的覆盖面和震慑力还需进一步提升。",
        "plans": "一是压紧压实管党治党政治责任；二是持续深化作风建设，驰而不息纠治“四风”；三是强化日常监督，抓早抓小、防微杜渐。",
    }
    for section in draft.sections:
        if section.id in more:
            section.text += ("\n" + more[section.id]) * 3
    # One paragraph of several full lines (the 28-characters-a-line check needs continuation lines).
    draft.section("problems").text += (
        "\n四是一些党员干部对党纪学习教育的认识还不够深刻，学用结合不够紧密，运用党规党纪指导实践、推动工作的能力还有差距，"
        "特别是在落实中央八项规定精神、整治形式主义为基层减负等方面，还存在思想认识不到位、工作措施不精准、跟踪问效不及时等问题，需要在今后工作中切实加以改进。"
    )
    return draft


ALL_DRAFTS = {
    "integrity_report": integrity_draft,
    "seminar_speech": seminar_draft,
    "rectification_report": rectification_draft,
    "duty_report": duty_draft,
    "work_summary": summary_draft,
}
