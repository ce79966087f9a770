"""Grounding: every number a text states must come from the fact sheet.

``ground_text`` replaces each ungrounded number (with its unit: "共开展23次" → "共开展【待补充：次数】")
and each legacy placeholder by the canonical 【待补充：…】 naming what is missing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ..types import Finding, placeholder
from .numbers import UNITS, NumberMention, extract_numbers, same_quantity
from .placeholders import find_legacy

Facts = Any  # list[str] | FactSheet | dict (a fact sheet as plain data) | None
Allowed = Iterable[Any]  # numbers (match any unit) or strings (their numbers)

# What is missing, by the unit that followed the number.
_NAMES: dict[str, str] = {
    "次": "次数", "场": "场次", "期": "期数", "轮": "轮次", "批次": "批次", "批": "批次", "回": "次数",
    "人": "人数", "名": "人数", "位": "人数", "人次": "人次", "户": "户数", "家": "家数",
    "元": "金额", "%": "比例", "‰": "比例", "百分点": "百分点数", "倍": "倍数",
    "月": "月份", "日": "日期", "号": "日期", "天": "天数", "周": "周数", "个月": "月数",
    "小时": "时长", "分钟": "时长", "课时": "课时数", "学时": "学时数", "周年": "周年数",
    "场次": "场次", "届": "届数", "岁": "年龄", "亩": "面积", "平方米": "面积", "平方公里": "面积",
    "公里": "里程", "吨": "数量", "分数": "比例",
}
_PLACE_SUFFIXES = ("省", "市", "县", "区", "州", "镇", "乡", "村", "街道", "社区")
_PERSON_AFTER = ("同志", "书记", "部长", "主任", "局长", "县长", "市长", "视察", "总书记")


def missing_name(unit: str | None, value: float | None = None) -> str:
    """次数, 人数, 金额, 比例, 年份 … from the unit a number carried."""
    if unit is None:
        return "具体数字"
    if unit == "年":
        return "年份" if value is None or value >= 1900 else "年数"
    return _NAMES.get(unit, f"{unit}数")


def fact_strings(facts: Facts) -> list[str]:
    """The fact strings of a fact sheet (and its sub-section headings), a dict, or a list."""
    if facts is None:
        return []
    if isinstance(facts, str):
        return [facts]
    if hasattr(facts, "all_facts") and hasattr(facts, "sections"):
        out = list(facts.all_facts())
        for items in facts.sections.values():
            out.extend(getattr(i, "heading", "") for i in items if not isinstance(i, str))
        return [s for s in out if s]
    if isinstance(facts, dict):
        sections = facts.get("sections", facts)
        out: list[str] = []

        def walk(node: Any) -> None:
            if isinstance(node, str):
                out.append(node)
            elif isinstance(node, dict):
                for key in ("heading", "facts"):
                    if key in node:
                        walk(node[key])
                if "heading" not in node and "facts" not in node:
                    for v in node.values():
                        walk(v)
            elif isinstance(node, (list, tuple)):
                for v in node:
                    walk(v)

        walk(sections)
        return out
    return [str(f) for f in facts]


def facts_only(facts: Facts) -> list[str]:
    """The fact items alone (no sub-section headings): what unused-fact reporting is about."""
    if isinstance(facts, dict):
        from ..draft.factsheet import FactSheet

        try:
            facts = FactSheet.model_validate(facts)
        except ValueError:
            pass
    if hasattr(facts, "all_facts"):
        return list(facts.all_facts())
    if isinstance(facts, dict):
        return [s for s in fact_strings(facts)]
    return fact_strings(facts)


def allowed_numbers(facts: Facts, also_allowed: Allowed = ()) -> list[NumberMention]:
    out: list[NumberMention] = []
    for fact in fact_strings(facts):
        out.extend(extract_numbers(fact, lone_one=True))
    for item in also_allowed:
        if item is None:
            continue
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            out.append(NumberMention(str(item), 0, 0, float(item), None))
        else:
            out.extend(extract_numbers(str(item)))
    return out


def context_allowed(year: int | None = None, date: Any = None, period: str | None = None) -> list[Any]:
    """Numbers a report may state without a fact: its year (and the years either side: 2023年以来,
    2025年工作思路), the date it is signed and its period."""
    out: list[Any] = []
    if year:
        out += [f"{year}年", f"{year - 1}年", f"{year + 1}年", year]
    if date:
        d = str(date)
        m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", d)
        out.append(f"{m.group(1)}年{int(m.group(2))}月{int(m.group(3))}日" if m else d)
    if period:
        out.append(period)
    return out


def sheet_context(facts: Any) -> list[Any]:
    """Everything a report may state numbers from besides its facts — the one rule drafting, the
    checker and evals share: unit, title, author, signature, the writer's own sub-section headings,
    the year (and the years either side), the date and the period."""
    if facts is None or isinstance(facts, (list, tuple, str)):
        return []
    get = facts.get if isinstance(facts, dict) else (lambda k: getattr(facts, k, None))
    out: list[Any] = [get(k) for k in ("unit", "title", "author", "signature") if get(k)]
    for items in (get("sections") or {}).values():
        for item in items:
            heading = item.get("heading") if isinstance(item, dict) else getattr(item, "heading", None)
            if heading:
                out.append(heading)
    year = get("year")
    year = int(year) if isinstance(year, int) or (isinstance(year, str) and year.isdigit()) else None
    return out + context_allowed(year, get("date"), get("period"))


def _is_grounded(n: NumberMention, allowed: list[NumberMention]) -> bool:
    return any(same_quantity(n, a) for a in allowed)


def ungrounded_numbers(text: str, facts: Facts, also_allowed: Allowed = ()) -> list[NumberMention]:
    allowed = allowed_numbers(facts, also_allowed)
    return [n for n in extract_numbers(text) if not _is_grounded(n, allowed)]


def _legacy_replacement(text: str, start: int, end: int, raw: str) -> tuple[int, str]:
    """How far a legacy placeholder's replacement reaches, and what it names."""
    rest = text[end:]
    if raw[:1].isdigit():  # 20XX
        return (end + 1, "年份") if rest.startswith("年") else (end, "年份")
    if rest.startswith(_PERSON_AFTER) or text[:start].endswith(("成员", "部长", "同志", "主任")):
        return end, "姓名"
    if rest.startswith(_PLACE_SUFFIXES):
        return end, "地名"
    pos = end
    if rest[:1] in ("余", "多"):
        pos += 1
    for unit in UNITS:
        if text.startswith(unit, pos):
            return pos + len(unit), missing_name(unit)
    if raw.endswith("余"):
        return end, "具体数字"
    return end, "具体内容"


def ground_text(
    text: str,
    facts: Facts,
    also_allowed: Allowed = (),
    *,
    location: str = "",
    section_id: str | None = None,
) -> tuple[str, list[Finding]]:
    """Replace ungrounded numbers and legacy placeholders by 【待补充：…】; say what was replaced."""
    edits: list[tuple[int, int, str, str, str]] = []  # start, end, name, code, original
    for ph in find_legacy(text):
        end, name = _legacy_replacement(text, ph.start, ph.end, ph.text)
        edits.append((ph.start, end, name, "PLACEHOLDER_LEGACY", text[ph.start : end]))
    for n in ungrounded_numbers(text, facts, also_allowed):
        edits.append((n.start, n.end, missing_name(n.unit, n.value), "GROUNDING_UNKNOWN_NUMBER", n.text))
    edits.sort(key=lambda e: (e[0], -e[1]))  # at the same start the longer edit wins
    kept: list[tuple[int, int, str, str, str]] = []
    for e in edits:
        if kept and e[0] < kept[-1][1]:
            continue  # overlapping (20XX年 is both a blank and a year): the first wins
        kept.append(e)
    out: list[str] = []
    findings: list[Finding] = []
    pos = 0
    new_len = 0
    for start, end, name, code, original in kept:
        out.append(text[pos:start])
        new_len += start - pos
        ph = placeholder(name)
        out.append(ph)
        if code == "PLACEHOLDER_LEGACY":
            msg = f"旧式占位符“{original}”已替换为{ph}"
        else:
            msg = f"数字“{original}”不在事实清单中，已替换为{ph}"
        findings.append(Finding(code, "warning", location, msg, section_id, (new_len, new_len + len(ph))))
        new_len += len(ph)
        pos = end
    out.append(text[pos:])
    return "".join(out), findings


_CJK = re.compile(r"[\u4e00-\u9fff]+")


def _bigrams(text: str) -> set[str]:
    grams: set[str] = set()
    for run in _CJK.findall(text):
        grams.update(run[i : i + 2] for i in range(len(run) - 1))
    return grams


def unused_facts(texts: Iterable[str] | str, facts: Facts, min_overlap: float = 0.5) -> list[str]:
    """Facts no text uses: a fact with numbers is used when all of them appear (as quantities) in
    the texts; a fact without numbers when enough of its character bigrams do."""
    texts = [texts] if isinstance(texts, str) else list(texts)
    joined = "\n".join(texts)
    mentioned = extract_numbers(joined)
    grams = _bigrams(joined)
    unused: list[str] = []
    for fact in facts_only(facts):
        nums = extract_numbers(fact)
        if nums:
            if all(any(same_quantity(n, m) for m in mentioned) for n in nums):
                continue
        else:
            fg = _bigrams(fact)
            if not fg or len(fg & grams) / len(fg) >= min_overlap:
                continue
        unused.append(fact)
    return unused
