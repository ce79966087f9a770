"""References impossible in the report's year (TIME_*), from prompts/timeline.yaml.

- TIME_ANACHRONISM (error): a congress, plenum, term or campaign cited before it existed
  (二十大 in a 2021 report).
- TIME_OUTDATED_GUIDANCE (error): a congress's 精神 as the guidance after its successor met
  (十九大精神 in a 2023 report, unless the same sentence names the successor).
- TIME_CAMPAIGN_YEAR (error): carrying out (开展 …) a campaign that ended in an earlier year
  (开展党史学习教育 in a 2023 report).

When only the year is known, the report may have been written any day of that year, so only what
is impossible on every day of it is reported.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..resources import shipped_prompts
from ..text.datafile import load_rules


def _date(value, *, end: bool = False) -> dt.date:
    """2022-10-16, 2022-10 or 2022 → a date (the last day of the month/year when ``end``)."""
    if isinstance(value, dt.date):
        return value
    parts = [int(p) for p in re.findall(r"\d+", str(value))][:3]
    if not parts:
        raise ValueError(f"not a date: {value!r}")
    y = parts[0]
    if len(parts) == 1:
        return dt.date(y, 12, 31) if end else dt.date(y, 1, 1)
    m = parts[1]
    if len(parts) == 2:
        if end:
            nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        return dt.date(y, m, 1)
    return dt.date(y, m, parts[2])


@dataclass
class Timeline:
    congresses: list[tuple[str, int, dt.date]] = field(default_factory=list)
    plenums: dict[tuple[str, str], dt.date] = field(default_factory=dict)  # ("十九届", "六中") → date
    terms: list[tuple[str, dt.date]] = field(default_factory=list)
    campaigns: list[tuple[str, list[re.Pattern[str]], dt.date, dt.date]] = field(default_factory=list)


def load_timeline(path: str | Path | None = None, *, prompts: str | Path | None = None) -> Timeline:
    """Parse ``path``, else ``prompts``/timeline.yaml (cached until the file changes)."""
    path = Path(path) if path else Path(prompts or shipped_prompts()) / "timeline.yaml"
    return load_rules(path, _build_timeline, what="时间线数据", kind="timeline")


def _build_timeline(data: dict) -> Timeline:
    return Timeline(
        congresses=[(c["name"], int(c["number"]), _date(c["date"])) for c in data.get("congresses", [])],
        plenums={
            (cc, n): _date(d) for cc, sessions in (data.get("plenums") or {}).items() for n, d in sessions.items()
        },
        terms=[(t["term"], _date(t["since"])) for t in data.get("terms", [])],
        campaigns=[
            (c["name"], [re.compile(p) for p in c["patterns"]], _date(c["start"]), _date(c["end"], end=True))
            for c in data.get("campaigns", [])
        ],
    )


@dataclass
class TimeSlip:
    code: str
    severity: str
    start: int
    end: int
    message: str


# Not after 第: 第二十届运动会 is an ordinal, not the 20th Central Committee.
_CONGRESS = re.compile(r"(?<![第一二三四五六七八九十])(十七|十八|十九|二十)大")
_PLENUM = re.compile(r"(?<![第一二三四五六七八九十])(十八|十九|二十)届([一二三四五六七])中全会")
_TERM_OF = re.compile(r"(?<![第一二三四五六七八九十])(十八|十九|二十)届(?![0-9一二三四五六七八九十]{0,3}(?:运动会|亚运|全运|博览会|交易会|论坛|大会|中国))")
_CARRY_OUT = re.compile(r"(?:开展|启动|部署|动员|组织|迎接)[好了]?[“\"《]?$")
_SENTENCE_END = "。；;！？\n"


# 迎接党的二十大胜利召开 (2021–2022): looking forward to the coming congress is not citing it.
_FORWARD_BEFORE = re.compile(r"(?:迎接|喜迎|迎|献礼|筹备|即将召开的|召开前夕的?)[“\"]?(?:党的)?$")
_FORWARD_AFTER = re.compile(r"^(?:胜利)?召开(?:前|前夕|之际)")


def _looks_forward(text: str, start: int, held: dt.date, latest: dt.date) -> bool:
    """A mention of a congress still to come, in the year or two before it (not earlier)."""
    if held.year - latest.year > 1:
        return False
    before = text[max(0, start - 8) : start]
    after = text[start + 3 : start + 10]
    return bool(_FORWARD_BEFORE.search(before)) or (
        bool(_FORWARD_AFTER.match(after)) and bool(re.search(r"迎|献礼|筹备", text[max(0, start - 12) : start]))
    )


def _fmt(d: dt.date) -> str:
    return f"{d.year}年{d.month}月"


def _sentence(text: str, start: int, end: int) -> str:
    a = max(text.rfind(c, 0, start) for c in _SENTENCE_END) + 1
    ends = [i for i in (text.find(c, end) for c in _SENTENCE_END) if i >= 0]
    return text[a : min(ends) if ends else len(text)]


def find_time_slips(
    text: str, year: int | None, date: dt.date | str | None = None, timeline: Timeline | None = None
) -> list[TimeSlip]:
    if not year and not date:
        return []
    tl = timeline or load_timeline()
    if date:
        try:
            earliest = latest = _date(date)
        except (ValueError, TypeError):
            earliest, latest = dt.date(int(year), 1, 1), dt.date(int(year), 12, 31)
    else:
        earliest, latest = dt.date(int(year), 1, 1), dt.date(int(year), 12, 31)
    label = f"{year}年" if year else str(date)
    slips: list[TimeSlip] = []
    congress_by_name = {name: (num, d) for name, num, d in tl.congresses}
    successor = {num: (name, d) for name, num, d in tl.congresses}

    for m in _CONGRESS.finditer(text):
        name = m.group()
        if name not in congress_by_name:
            continue
        num, held = congress_by_name[name]
        if held > latest and not _looks_forward(text, m.start(), held, latest):
            slips.append(TimeSlip("TIME_ANACHRONISM", "error", m.start(), m.end(),
                                  f"{label}的报告不可能提到{name}（{_fmt(held)}召开）"))
            continue
        nxt = successor.get(num + 1)
        if nxt and nxt[1] < earliest:
            rest = text[m.end() : m.end() + 14]
            cut = min([i for i in (rest.find(c) for c in "。；，、") if i >= 0] + [len(rest)])
            if "精神" in rest[: cut + 1] or rest.startswith("精神") or re.match(r"[和及]?[^。；，]{0,10}精神", rest):
                if not rest.startswith("以来") and nxt[0] not in _sentence(text, m.start(), m.end()):
                    slips.append(TimeSlip(
                        "TIME_OUTDATED_GUIDANCE", "error", m.start(), m.end(),
                        f"{label}已是{nxt[0]}之后，不宜再以{name}精神为当前指导（应为党的{nxt[0]}精神）",
                    ))

    for m in _PLENUM.finditer(text):
        held = tl.plenums.get((m.group(1) + "届", m.group(2) + "中"))
        if held and held > latest:
            slips.append(TimeSlip("TIME_ANACHRONISM", "error", m.start(), m.end(),
                                  f"{label}的报告不可能提到{m.group()}（{_fmt(held)}召开）"))
    plenum_spans = [m.span() for m in _PLENUM.finditer(text)]
    for m in _TERM_OF.finditer(text):
        if any(s <= m.start() < e for s, e in plenum_spans):
            continue
        name = m.group(1) + "大"
        if name in congress_by_name and congress_by_name[name][1] > latest:
            slips.append(TimeSlip("TIME_ANACHRONISM", "error", m.start(), m.end(),
                                  f"{label}的报告不可能提到{m.group()}（{name}于{_fmt(congress_by_name[name][1])}召开）"))

    for term, since in tl.terms:
        if since <= latest:
            continue
        for m in re.finditer(re.escape(term), text):
            slips.append(TimeSlip("TIME_ANACHRONISM", "error", m.start(), m.end(),
                                  f"“{term}”{_fmt(since)}才提出，{label}的报告不可能使用"))

    for name, patterns, start, end in tl.campaigns:
        for pattern in patterns:
            for m in pattern.finditer(text):
                if start > latest:
                    slips.append(TimeSlip("TIME_ANACHRONISM", "error", m.start(), m.end(),
                                          f"{name}{_fmt(start)}才开始，{label}的报告不可能提到"))
                # By year, not day: a December report may well say it carried out a campaign that
                # ended in July of the same year.
                elif end.year < earliest.year and _CARRY_OUT.search(text[max(0, m.start() - 8) : m.start()]):
                    slips.append(TimeSlip("TIME_CAMPAIGN_YEAR", "error", m.start(), m.end(),
                                          f"{name}已于{_fmt(end)}结束，{label}的报告不宜再写“开展”该活动"))
    slips.sort(key=lambda s: s.start)
    out: list[TimeSlip] = []
    for s in slips:
        if out and s.start < out[-1].end and s.code == out[-1].code:
            continue
        out.append(s)
    return out
