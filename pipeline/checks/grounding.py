"""Grounding: every number a text states must come from the fact sheet.

``ground_text`` replaces each ungrounded number (with its unit: "共开展23次" → "共开展【待补充：次数】")
and each legacy placeholder by the canonical 【待补充：…】 naming what is missing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Union

from ..schema.factsheet import FactSheet
from ..types import Finding, placeholder
from ..text.numbers import UNITS, NumberMention, extract_numbers, same_quantity
from ..text.placeholders import find_canonical, find_legacy
from .vocab import GateVocab


# The checks' facts= as given: a FactSheet, a fact sheet as plain data, fact strings, one string, or None.
Facts = Union[FactSheet, Mapping[str, Any], Sequence[str], str, None]
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


def fact_strings(sheet: FactSheet) -> list[str]:
    """The fact strings of a fact sheet, then its sub-section headings."""
    out = list(sheet.all_facts())
    for items in sheet.sections.values():
        out.extend(getattr(i, "heading", "") for i in items if not isinstance(i, str))
    return [s for s in out if s]


def plain_fact_strings(data: Mapping[str, Any]) -> list[str]:
    """The fact strings and sub-section headings of a fact sheet as plain data (``Draft.facts``,
    which may be partial), in the order written; a mapping without ``sections`` is its sections."""
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

    walk(data.get("sections", data))
    return out


def facts_as_strings(facts: Facts) -> list[str]:
    """The edge where the checks' ``facts=`` becomes strings: a FactSheet (``fact_strings``), its
    plain dict (``plain_fact_strings``), a list of facts, one fact, or None. Grounding below this
    takes the strings only."""
    if facts is None:
        return []
    if isinstance(facts, str):
        return [facts]
    if hasattr(facts, "all_facts") and hasattr(facts, "sections"):
        return fact_strings(facts)
    if isinstance(facts, dict):
        return plain_fact_strings(facts)
    return [str(f) for f in facts]


def facts_only(facts: Facts) -> list[str]:
    """The fact items alone (no sub-section headings): what unused-fact reporting is about."""
    if isinstance(facts, dict):
        from ..schema.factsheet import FactSheet

        try:
            facts = FactSheet.model_validate(facts)
        except ValueError:
            pass
    if hasattr(facts, "all_facts"):
        return list(facts.all_facts())
    return facts_as_strings(facts)  # a list, or a dict that is no whole sheet (its headings too)


def allowed_numbers(facts: Iterable[str], also_allowed: Allowed = ()) -> list[NumberMention]:
    """The numbers ``facts`` (fact strings: ``facts_as_strings`` makes them) and ``also_allowed`` state."""
    out: list[NumberMention] = []
    for fact in facts:
        out.extend(extract_numbers(fact, lone_one=True))
    for item in also_allowed:
        if item is None:
            continue
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            out.append(NumberMention(str(item), 0, 0, float(item), None))
        else:
            out.extend(extract_numbers(str(item)))
    return out


def context_allowed(year: int | None = None, date: dt.date | str | None = None, period: str | None = None) -> list[Any]:
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


def ungrounded_numbers(text: str, facts: Iterable[str], also_allowed: Allowed = ()) -> list[NumberMention]:
    return ungrounded_against(text, allowed_numbers(facts, also_allowed))


def ungrounded_against(text: str, allowed: list[NumberMention]) -> list[NumberMention]:
    """The numbers of ``text`` that nothing in ``allowed`` (``allowed_numbers``, prepared once for
    many texts) supports."""
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
    facts: Iterable[str],
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


@dataclass
class FactUse:
    """How much of one fact a text uses (fact coverage)."""

    fact: str
    missing_numbers: list[str]  # the fact's numbers the text never states
    words: list[str]  # the fact's key words
    missing_words: list[str]  # … the text does not contain
    weights: dict[str, float] = field(default_factory=dict)  # a word shared by k facts weighs 1/k

    @property
    def share(self) -> float:
        """Weighted share of the key words the text contains (1.0 for a fact without key words)."""
        total = sum(self.weights.get(w, 1.0) for w in self.words)
        missing = sum(self.weights.get(w, 1.0) for w in self.missing_words)
        return 1.0 - missing / total if total else 1.0

    def used(self, min_share: float, min_share_no_numbers: float | None = None) -> bool:
        """All numbers there, and enough key words: ``min_share`` for a fact with numbers (they are
        most of the evidence), ``min_share_no_numbers`` (default the same) for one without."""
        if self.missing_numbers:
            return False
        has_numbers = bool(extract_numbers(self.fact))
        need = min_share if has_numbers or min_share_no_numbers is None else min_share_no_numbers
        return self.share >= need - 1e-9


def key_words(fact: str, vocab: GateVocab | None = None) -> list[str]:
    """The words that make a fact this fact: jieba words of two or more characters outside its
    numbers and placeholders, minus filler (prompts/gates.yaml ``coverage.filler``)."""
    from .vocab import load_vocab
    from ..text.words import content_words

    vocab = vocab or load_vocab()
    spans = [(n.start, n.end) for n in extract_numbers(fact)]
    spans += [(p.start, p.end) for p in find_canonical(fact)]
    chars = list(fact)
    for start, end in spans:
        chars[start:end] = [" "] * (end - start)
    return content_words("".join(chars), vocab.filler, vocab.words)


def word_weights(facts: Iterable[str], vocab: GateVocab | None = None) -> dict[str, float]:
    """1/k for a key word that k of ``facts`` contain: words several facts share (村级, 小微权力 in
    two facts) say less about which of them a text used than a fact's own words (薄弱环节)."""
    from ..text.words import compact

    flat = [compact(f) for f in facts if f]
    weights: dict[str, float] = {}
    for fact in facts:
        for w in key_words(fact, vocab):
            if w not in weights:
                weights[w] = 1.0 / max(1, sum(w in f for f in flat))
    return weights


def context_years(context: Iterable[Any]) -> set[int]:
    """The years a report's context states (its year and the years either side, its period, its
    title): a fact that repeats one (2023年以来 in a report on 2023年以来) is used without it."""
    years: set[int] = set()
    for item in context:
        if isinstance(item, int) and not isinstance(item, bool) and item >= 1900:
            years.add(item)
        elif item:
            years.update(int(n.value) for n in extract_numbers(str(item)) if n.unit in ("年", "年度") and n.value and n.value >= 1900)
    return years


def fact_use(
    fact: str, text: str, mentioned: list[NumberMention] | None = None, vocab: GateVocab | None = None,
    weights: dict[str, float] | None = None, years: set[int] | frozenset[int] = frozenset(),
) -> FactUse:
    """Which of a fact's numbers and key words ``text`` lacks (``mentioned``: its numbers, when
    known; ``weights``: from ``word_weights`` over the fact sheet; ``years``: context years, not
    required — see ``context_years``)."""
    from ..text.words import compact

    mentioned = extract_numbers(text) if mentioned is None else mentioned
    missing_numbers = [
        n.text for n in extract_numbers(fact)
        if not any(same_quantity(n, m) for m in mentioned) and not (n.unit in ("年", "年度") and n.value in years)
    ]
    flat = compact(text)
    words = key_words(fact, vocab)
    return FactUse(fact, missing_numbers, words, [w for w in words if w not in flat], dict(weights or {}))


@dataclass
class Altered:
    """A key word of a fact written with one character lost (妥善处置 → 善处置)."""

    start: int
    end: int
    wrong: str  # as the text has it, with the characters around it
    right: str  # as the fact has it


def altered_words(use: FactUse, text: str, context: int = 2) -> list[Altered]:
    """Key words a text lacks because it dropped one of their characters: a fact's word with
    ``context`` characters beside it (either side, within the fact's letters), one character of
    the word deleted, found in the text where the intact form is not (善处置网络 for 妥善处置网络)."""
    out: list[Altered] = []
    for w in use.missing_words:
        pos = use.fact.find(w)
        if pos < 0 or len(w) < 2:
            continue
        for left, right in ((pos - context, pos + len(w) + context), (pos - context, pos + len(w)), (pos, pos + len(w) + context)):
            window = use.fact[max(0, left) : right]
            if left >= 0 and right <= len(use.fact) and all(ch.isalnum() for ch in window):
                break
        else:
            continue  # no letters beside the word: one lost character would be guesswork
        start = pos - max(0, left)
        for i in range(start, start + len(w)):
            short = window[:i] + window[i + 1 :]
            at = text.find(short)
            if at >= 0 and window not in text:
                out.append(Altered(at, at + len(short), short, window))
                break
    return out


def fact_uses(texts: Iterable[str] | str, facts: Facts, vocab: GateVocab | None = None) -> list[FactUse]:
    """One FactUse per fact (the fact items alone, not sub-section headings) over the joined texts."""
    texts = [texts] if isinstance(texts, str) else list(texts)
    joined = "\n".join(texts)
    mentioned = extract_numbers(joined)
    items = facts_only(facts)
    weights = word_weights(items, vocab)
    years = context_years(sheet_context(facts))
    return [fact_use(f, joined, mentioned, vocab, weights, years) for f in items]


def unused_facts(texts: Iterable[str] | str, facts: Facts, min_share: float | None = None, vocab: GateVocab | None = None) -> list[str]:
    """Facts no text uses: a fact is used when all its numbers appear (as quantities) and enough of
    its key words do (prompts/gates.yaml ``coverage``; ``min_share`` overrides both thresholds)."""
    from .vocab import load_vocab

    vocab = vocab or load_vocab()
    if min_share is not None:
        return [u.fact for u in fact_uses(texts, facts, vocab) if not u.used(min_share)]
    return [u.fact for u in fact_uses(texts, facts, vocab) if not u.used(vocab.min_share, vocab.min_share_no_numbers)]
