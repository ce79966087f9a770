"""Which sentences of the materials are facts of the report's year (offline, rule-based).

A sentence is a fact when, after the clauses about other years and other units are taken out, it
still says something was done (an activity word) with a number or a named document (《…》). Under
a material's problems or plans heading, or with a plan cue (下一步、明年将…), a sentence needs no
number: it is a fact of the problems or plans section. The words are data: prompts/extract.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..text.numbers import extract_numbers
from .sentence import Sentence

_CLAUSE = re.compile(r"([，,；;])")
_DOC_NAME = re.compile(r"《[^》]{2,60}》")
_HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Vocabulary:
    activity_words: list[str]
    comparison: list[str]
    other_year: list[str]
    plan: list[str]
    problem: list[str]
    other_unit: list[str]
    judgement: list[str]
    heading_roles: dict[str, list[str]]
    columns: dict[str, list[str]] = field(default_factory=dict)


def vocabulary_path(prompts_dir=None) -> Path:
    from ..resources import shipped_prompts as default_dir

    return Path(prompts_dir or default_dir()) / "extract.yaml"


def load_vocabulary(prompts_dir=None) -> Vocabulary:
    from ..text.datafile import load_rules

    def build(data: dict) -> Vocabulary:
        return Vocabulary(
            **{k: list(data.get(k, [])) for k in ("activity_words", "comparison", "other_year", "plan", "problem", "other_unit", "judgement")},
            heading_roles={k: list(v) for k, v in (data.get("heading_roles") or {}).items()},
            columns={k: list(v) for k, v in (data.get("columns") or {}).items()},
        )

    return load_rules(vocabulary_path(prompts_dir), build, what="提取词表", kind="extract")


def heading_role(heading: str, prompts_dir=None) -> str | None:
    """problems / plans / basic_info when a material's heading (or a sheet's category) names it."""
    if not heading:
        return None
    for role, words in load_vocabulary(prompts_dir).heading_roles.items():
        if any(w in heading for w in words):
            return role
    return None


def higher_levels(unit: str | None) -> str:
    """The levels above the unit, as a regex alternation (a county's unit by default)."""
    u = unit or ""
    if re.search(r"[县区镇乡街]", u):
        return "省|市"
    if "市" in u:
        return "省"
    if "省" in u:
        return "(?!)"  # nothing but 全国/中央 is above a province
    return "省|市"


class Patterns:
    """The vocabulary's patterns, with the report's year filled in."""

    def __init__(self, year: int, prompts_dir=None, unit: str | None = None) -> None:
        v = load_vocabulary(prompts_dir)
        years = {"year": year, "prev": year - 1, "next": year + 1, "before": year - 2, "higher": higher_levels(unit)}

        def compile_all(items: list[str]) -> list[re.Pattern[str]]:
            out = []
            for p in items:  # str.replace, not format: regex quantifiers {0,6} use braces too
                for name, value in years.items():
                    p = p.replace("{" + name + "}", str(value))
                out.append(re.compile(p))
            return out

        self.year = year
        self.activity = v.activity_words
        self.comparison = compile_all(v.comparison)
        self.other_year = compile_all(v.other_year)
        self.plan = compile_all(v.plan)
        self.problem = compile_all(v.problem)
        self.other_unit = compile_all(v.other_unit)
        self.judgement = compile_all(v.judgement)

    @staticmethod
    def any(patterns: list[re.Pattern[str]], text: str) -> bool:
        return any(p.search(text) for p in patterns)


@dataclass
class Candidate:
    """A fact proposed from one sentence: the sentence with other years' and other units' clauses out."""

    text: str
    sentence: Sentence
    role: str  # work | problems | plans | basic_info
    dropped: list[str] = field(default_factory=list)  # clauses taken out, and why


def clauses(text: str) -> list[tuple[str, str]]:
    """(clause, the punctuation after it)."""
    parts = _CLAUSE.split(text)
    out = []
    for i in range(0, len(parts), 2):
        out.append((parts[i], parts[i + 1] if i + 1 < len(parts) else ""))
    return out


def _has_figure(text: str, year: int) -> bool:
    """A number that is not just a year (2024年), or a named document."""
    if _DOC_NAME.search(text):
        return True
    return any(not (n.unit == "年" and n.value >= 1900) for n in extract_numbers(text))


_NOT_COUNTS = {None, "年", "月", "日", "号", "%", "‰"}


def _has_activity(text: str, pat: Patterns) -> bool:
    """An activity word, or a counted quantity (8次, 85户, 2.3万元) that only something done yields."""
    return any(w in text for w in pat.activity) or any(n.unit not in _NOT_COUNTS for n in extract_numbers(text))


def _strip_year_header(text: str, year: int) -> str:
    """An indicator row's “处置网络有害信息：2024年1260条” reads as “处置网络有害信息1260条”."""
    return re.sub(rf"：(?:{year}年度?|本年|今年)(?=[0-9０-９])", "", text)


def this_year(sentence: Sentence, pat: Patterns) -> tuple[str, list[str]] | None:
    """The sentence without its clauses about other years or units (较上年增加2次, 上年处置39起),
    and those clauses; None when the whole sentence is about another year or unit."""
    text = sentence.text.strip().rstrip("。；;！!？?")
    parts = clauses(text)
    if not parts:
        return None
    first = parts[0][0].strip()
    if pat.any(pat.other_year, first) or pat.any(pat.other_unit, first) or pat.any(pat.comparison, first):
        return None  # 上年同期，… / 2023年，… / 比去年多… / 市委宣传部全年… : not our year's work
    kept: list[str] = []
    dropped: list[str] = []
    for clause, stop in parts:
        c = clause.strip()
        if not c:
            continue
        if kept and (pat.any(pat.comparison, c) or pat.any(pat.other_year, c) or pat.any(pat.other_unit, c)):
            dropped.append(c)
            continue
        kept.append(c + stop)
    return _strip_year_header("".join(kept).rstrip("，,；;、 "), pat.year), dropped


def propose(sentence: Sentence, pat: Patterns) -> Candidate | None:
    ours = this_year(sentence, pat)
    if ours is None:
        return None
    fact, dropped = ours
    if len(_HAN.findall(fact)) < 4:
        return None
    role = _role(fact, sentence, pat)
    if role in ("work", "basic_info"):
        if not _has_figure(fact, pat.year) or not _has_activity(fact, pat):
            return None
    elif len(_HAN.findall(fact)) < 8:
        return None  # a bare heading-like line under 存在问题
    if not _has_figure(fact, pat.year) and pat.any(pat.judgement, fact) and role == "work":
        return None
    return Candidate(fact, sentence, role, dropped)


def _role(fact: str, sentence: Sentence, pat: Patterns) -> str:
    if sentence.role in ("problems", "plans"):
        return sentence.role
    if pat.any(pat.plan, fact):
        return "plans"
    if sentence.role == "basic_info":
        return "basic_info"
    if pat.any(pat.problem, fact) and not _has_figure(fact, pat.year):
        return "problems"
    return "work"


def propose_all(sentences: list[Sentence], year: int, prompts_dir=None, unit: str | None = None) -> list[Candidate]:
    pat = Patterns(year, prompts_dir, unit)
    out: list[Candidate] = []
    seen: set[str] = set()
    for s in sentences:
        c = propose(s, pat)
        if c is not None and c.text not in seen:
            seen.add(c.text)
            out.append(c)
    return out
