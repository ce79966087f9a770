"""Values the store tests build by hand (imported by module name: `from conftest import …` would pick up
whichever area's conftest was imported first)."""

from __future__ import annotations

from pipeline.types import Document, Section


def make_doc(title="某县某局2022年度工作总结", genre="work_summary", year=2022, org_level="县", sections=None,
             preamble=("根据工作安排，现将有关情况报告如下。",)) -> Document:
    return Document(title=title, genre=genre, year=year, org_level=org_level, text="", preamble=list(preamble),
                    sections=list(sections or []))


def sec(level, marker, heading, paragraphs=(), children=(), role=None) -> Section:
    return Section(level=level, marker=marker, heading=heading, role=role, paragraphs=list(paragraphs),
                   children=list(children))


TOPICS = ["理论学习中心组集中学习", "意识形态工作责任制", "党风廉政建设主体责任", "作风建设和四风整治", "基层党组织标准化建设"]


def report_text(unit: str, year: int, topic: str) -> str:
    return (
        f"{unit}{year}年度工作总结\n"
        f"{year}年，{unit}在上级党组织的坚强领导下，各项工作取得新成效。现将有关情况总结如下。\n"
        "一、主要工作及成效\n"
        f"（一）抓好{topic}。全年围绕{topic}开展专项工作，制定实施方案，明确责任分工，推动任务落地见效。\n"
        "（二）强化制度建设。修订完善内部管理制度，规范议事决策程序，提高工作规范化水平。\n"
        "二、存在的问题\n"
        "一是学习的系统性还不够强。二是工作创新意识有待提升。\n"
        "三、下一年工作思路\n"
        f"持续深化{topic}，加强干部队伍建设，推动各项工作再上新台阶。\n"
    )
