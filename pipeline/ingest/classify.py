"""Genre, year, organisation level, unit and section roles, from keywords in the right places.

Evidence counts most in the title, then in the opening (preamble, addressee), then in headings,
and least in the body; a genre is returned only when it clearly wins.
"""

from __future__ import annotations

import re
from collections import Counter

from ..types import Document, Section
from ..text.markers import is_date_line

# genre → [(pattern, weight)]
_GENRE_SIGNS: dict[str, list[tuple[re.Pattern[str], float]]] = {
    g: [(re.compile(p), w) for p, w in signs]
    for g, signs in {
        "rectification_report": [
            (r"整改(工作|落实|进展)?情况(的)?(报告|汇报)", 3), (r"巡(察|视)组?(反馈|整改)", 2), (r"整改", 0.5),
            (r"反馈(意见|问题)", 1), (r"整改组织落实|整改落实情况|巩固整改成果", 2),
        ],
        "inspection_report": [
            # (a 巡察组 whose feedback is being rectified names a rectification report, not an inspection)
            (r"巡察工作(汇报|要求)|根据巡察|巡察组(?!.{0,4}反馈)", 3), (r"巡察", 1), (r"接受巡察|本次巡察", 1.5),
        ],
        "integrity_report": [
            (r"党风廉政建设(责任制)?(落实|工作)?(情况)?(的)?(汇报|报告)|落实党风廉政建设责任制", 3),
            (r"党风廉政建设责任制", 1.5), (r"考核组", 2), (r"党风廉政", 0.5),
            (r"(履行|落实)全面从严治党(主体)?责任.{0,4}情况.{0,2}(报告|汇报)", 2),
        ],
        "half_year_summary": [
            (r"上半年.{0,12}(总结|工作)|半年(工作)?总结", 2), (r"下半年", 1.5), (r"上半年", 0.5),
        ],
        "work_summary": [
            (r"(年度|年)(工作)?总结|工作总结", 2), (r"全年|明年|下一年|新的一年", 0.5),
        ],
        "duty_report": [
            (r"述职|述廉|述学|述责", 2), (r"本人|我自", 0.3),
        ],
        "seminar_speech": [
            (r"研讨|交流发言|发言材料|心得体会|学习体会|的发言", 2), (r"以上发言|谈几点|谈.{0,6}体会", 2), (r"发言", 1),
        ],
    }.items()
}
_ZONE_WEIGHT = {"title": 3.0, "opening": 2.0, "headings": 1.0, "body": 0.3}


def _zones(doc: Document) -> dict[str, str]:
    headings = " ".join(s.heading for s in doc.walk())
    opening = " ".join([doc.addressee or ""] + doc.preamble[:2])
    body = "\n".join(p for s in doc.walk() for p in s.paragraphs) + "\n" + "\n".join(doc.preamble[2:] + doc.closing)
    return {"title": doc.title or "", "opening": opening, "headings": headings, "body": body}


def genre_scores(doc: Document) -> dict[str, float]:
    zones = _zones(doc)
    scores: dict[str, float] = {}
    for genre, signs in _GENRE_SIGNS.items():
        total = 0.0
        for zone, text in zones.items():
            for pattern, weight in signs:
                hits = len(pattern.findall(text))
                if hits:
                    total += _ZONE_WEIGHT[zone] * weight * min(hits, 3)
        scores[genre] = total
    # Half-year and year-end summaries need their period: a 总结 of 上半年 is not a year summary.
    if re.search(r"上半年|半年", zones["title"] + zones["opening"]):
        scores["work_summary"] *= 0.3
    return scores


def classify_genre(doc: Document) -> str | None:
    scores = genre_scores(doc)
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top < 3 or top < 1.3 * second:
        return None  # unsure
    return best


_YEAR = re.compile(r"(?<![0-9])(20[0-9]{2}|20[Xx×]{2}|二[〇零][一二三四五六七八九〇零]{2})\s*年")
_CN_YEAR = str.maketrans("〇零一二三四五六七八九", "00123456789")


def _year_value(token: str) -> int | None:
    if re.search(r"[Xx×]", token):
        return None  # 20XX: a template, no year
    if token[0] == "二":
        return int(token.translate(_CN_YEAR))
    return int(token)


def classify_year(doc: Document) -> int | None:
    """The report's own year: the title's, else the date it was signed, else the opening's.

    "2019年以来" names where a period starts, not the report's year, so it only counts last;
    a template year (20XX) where the year should be means no year at all.
    """
    since: int | None = None
    closing = " ".join(line for line in doc.closing if is_date_line(line))
    opening = " ".join([doc.addressee or ""] + doc.preamble[:2])
    zones = [doc.title or "", closing, opening]
    # A year-end report signed early next year ("2023年1月10日") reports on the year its opening
    # names as 年度 ("现将本人2022年度学习、工作…情况报告如下"), not the year it was signed in.
    signed = _YEAR.search(closing)
    if not _YEAR.search(doc.title or "") and signed and re.search(r"年\s*[1-3]\s*月", closing[signed.start():]):
        prior = _year_value(signed.group(1))
        if prior and re.search(rf"{prior - 1}\s*年度", opening):
            return prior - 1
    for text in zones:
        m = _YEAR.search(text)
        if not m:
            continue
        year = _year_value(m.group(1))
        if year is None:
            return None
        if text[m.end():].lstrip().startswith("以来"):
            since = since or year
            continue
        return year
    if since:
        return since
    # Body: a year only when one clearly dominates (mentioned at least twice, most often).
    years = [y for y in (_year_value(m.group(1)) for m in _YEAR.finditer(doc.text)) if y]
    if not years:
        return None
    (year, n), *_ = Counter(years).most_common(1)
    return year if n >= 2 else None


# A unit names its level: 市委宣传部, 县纪委监委, 县文化馆, 镇党委, 街道党工委.
_LEVEL_WORD = r"(自治区|省|市|州|盟|县|旗|区|乡|镇|街道)"
_BODY_SUFFIX = r"(?:委员会|纪委监委|人民政府|人大常委会|政协|党工委|党委|政府|办事处|委)"  # the level's own bodies
_DEPT_SUFFIX = r"(?:委员会|办公室|部|局|馆|院|中心|所|站|队|校|办|委)"  # a named department
# 社区, 辖区, 景区, 园区, 小区 … and 超市, 夜市 … name no unit of that level (城区 and 城市 may: 新城区, 盐城市)
_UNIT_LEVEL_WORD = r"(自治区|省|(?<![超夜股集])市|州|盟|县|旗|(?<![社辖景园小片校街])区|乡|镇|街道)"
_UNIT = re.compile(rf"(?<![全各本该跨分省市县区乡镇]){_UNIT_LEVEL_WORD}(?:({_BODY_SUFFIX})([\u4e00-\u9fff]{{0,6}}?{_DEPT_SUFFIX})?|([\u4e00-\u9fff]{{1,8}}?{_DEPT_SUFFIX}))(?!组|成员|工作|面|势|限)")
_LEVEL = {"省": "省", "自治区": "省", "市": "市", "州": "市", "盟": "市", "县": "县", "旗": "县", "区": "区",
          "乡": "乡镇", "镇": "乡镇", "街道": "乡镇"}
_INNER_LEVEL = re.compile(rf"(?<=[\u4e00-\u9fff]){_LEVEL_WORD}(?:委员会|党委|党工委|人民政府|政府|办事处|纪委监委|委(?!员))")
_NOT_UNIT = re.compile(r"级|全|各|与|及|的|在|等|、|党员|干部")


def _unit_mentions(text: str) -> list[tuple[str, str]]:
    """(level, unit as written without a place name) for each mention, e.g. ("市", "市委宣传部")."""
    out = []
    for m in _UNIT.finditer(text):
        name = m.group(0)
        if _NOT_UNIT.search(name[len(m.group(1)):]):
            continue  # 市级代表…, 县和乡镇…: not a unit's name
        level = _LEVEL[m.group(1)]
        inner = list(_INNER_LEVEL.finditer(name))
        if inner:  # 区松溪镇委员会: the 镇 is the unit, the 区 only where it lies
            level = _LEVEL[inner[-1].group(1)]
        out.append((level, name))
    return out


def classify_unit(doc: Document) -> tuple[str | None, str | None]:
    """(org_level, unit): the unit the report speaks for — the one named most, opening first.

    Departments (…宣传部, …文化馆) outrank bare 县委/市委, which are usually the superior body.
    """
    opening = " ".join([doc.addressee or ""] + doc.preamble[:2])
    counts: Counter[tuple[str, str]] = Counter()
    for mention in _unit_mentions(doc.text):
        counts[mention] = min(counts[mention] + 1, 5)  # the body votes, but cannot outvote the title
    for mention in _unit_mentions(opening):
        counts[mention] += 3
    for mention in _unit_mentions(doc.title or ""):
        counts[mention] += 10
    if not counts:
        return None, None
    in_title = _unit_mentions(doc.title or "")

    def rank(item):
        (_, name), votes = item
        # 县委, 市政府: usually the superior body, not the writer (but 镇党委 writes its own reports)
        bare = bool(re.fullmatch(r"(省|自治区|市|州|县|区)(委|政府|人民政府)", name))
        return votes + (3 if not bare else -4) + (4 if in_title and in_title[0][1] == name else 0)

    (level, unit), _ = max(counts.items(), key=rank)
    # Give the place name when the title or opening states it: 青川县文化馆.
    full = re.search(rf"(?:^|[\s，。、：“（]|中共|关于)([\u4e00-\u9fff]{{1,4}}){re.escape(unit)}", (doc.title or "") + "\n" + opening)
    if full:
        place = re.split(r"根据|按照|现将|围绕|关于|[年度在将由对的和及与是为把以]", full.group(1))[-1]
        unit = place + unit
    return level, unit


# ----------------------------------------------------------------------------- roles

_ROLE_SIGNS: list[tuple[str, re.Pattern[str]]] = [
    ("work", re.compile(r"整改.{0,6}(情况|落实|进展)|组织落实")),
    ("problems", re.compile(r"问题|不足|短板|差距|困难|原因分析|薄弱")),
    ("plans", re.compile(r"下步|下一步|打算|计划|安排|思路|努力方向|今后|巩固.{0,4}成果|展望|目标任务")),
    ("work", re.compile(r"(上半年|全年|年度|以来|期间).{0,10}情况|做法|成效|工作开展|开展情况|主要工作|工作情况|落实情况|履行|述学|述职|述廉|措施")),
    ("basic_info", re.compile(r"基本情况|基本概况|概况|总体情况|单位简介|单位情况")),
]


def role_of_heading(heading: str) -> str | None:
    for role, pattern in _ROLE_SIGNS:
        if pattern.search(heading):
            return role
    return None


def assign_roles(doc: Document, genre: str | None = None) -> None:
    """Role per section from its heading; children inherit their top-level section's role."""
    seen_late = False  # after problems/plans, an unnamed section is not "work" any more
    for top in doc.sections:
        role = role_of_heading(top.heading)
        if role in ("problems", "plans"):
            seen_late = True
        if role is None:
            role = "work" if (genre == "seminar_speech" or not seen_late) else "other"
        _inherit(top, role)


def _inherit(section: Section, role: str) -> None:
    section.role = role
    for child in section.children:
        own = role_of_heading(child.heading)
        # A top-level "other" section lets its children speak for themselves.
        _inherit(child, own if role == "other" and own else role)


def classify(doc: Document) -> Document:
    """Fill genre, year, org_level, unit and roles in place; returns the document."""
    doc.genre = classify_genre(doc)
    doc.year = classify_year(doc)
    doc.org_level, doc.unit = classify_unit(doc)
    assign_roles(doc, doc.genre)
    return doc
