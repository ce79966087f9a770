"""Offline 以文写文: last year's sentences carried into this year, with this year's facts.

Sentence by sentence, a part of last year's report becomes this year's:
- years move on (2023年 → 2024年, 2024年工作思路 → 2025年工作思路; a date such as 2023年5月 does not);
- a clause naming a dated event of last year (a campaign this year's facts do not mention, a month
  or a day) is dropped; a sentence left without substance goes with it;
- a number is replaced by this year's number for the same activity: the fact whose number has the
  same kind of unit and the most similar words around it (集中学习12次 → 集中学习14次); a number
  with no such fact becomes 【待补充：…】;
- a list of problems or plans (一是……；二是……) keeps its lead and its stringing, with this
  year's items;
- what this year's facts add is appended (此外，……).
Number-free sentences (leads, formulas, the way items are strung) stay as they were.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..checks.grounding import missing_name
from ..text.markers import ENUMERATION_WORD
from ..text.numbers import NumberMention, extract_numbers
from ..text.words import char_bigrams, dice
from ..types import placeholder
from .changes import Change
from .offline import clean_fact, enumerate_facts

_SENTENCE = re.compile(r"[^。！？]*[。！？]|[^。！？]+$")
_CLAUSE = re.compile(r"([，；：,;:])")
_STOPS = "，；：,;:。！？、"
_DATE = re.compile(r"(?:(?:\d{4})年)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:份|\d{1,2}日|[一二三四五六七八九十]{1,3}日)?")
_CAMPAIGN = re.compile(r"[\u4e00-\u9fff]{2}(?:主题教育|学习教育|专项行动|专项整治)")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_WORDING = re.compile(r"[\u4e00-\u9fff“”A-Za-z]+")  # what similarity compares: words, quotes, names
_YEAR = re.compile(r"(20\d{2})(?=年)(?!年(?:\d{1,2}|[一二三四五六七八九十]{1,3})月)")
SIMILAR = 0.3  # context similarity a number needs to stand for last year's number


@dataclass
class YearContext:
    last: int  # the year last year's report is about
    this: int
    congresses: list[tuple[str, object]] = field(default_factory=list)  # (十九大, date) oldest first
    campaigns: list = field(default_factory=list)  # timeline.yaml campaigns: (name, patterns, start, end)

    def shift(self, text: str) -> str:
        """2023年 → 2024年 and 2024年 → 2025年 (years of last year's report move by the gap)."""
        gap = self.this - self.last

        def move(m: re.Match) -> str:
            y = int(m.group(1))
            return str(y + gap) if y in (self.last, self.last + 1, self.last - 1) else m.group(1)

        text = _YEAR.sub(move, text)
        return self._congress(text)

    def _congress(self, text: str) -> str:
        """党的十九大精神 → 党的二十大精神 when a later congress met before this year ended."""
        import datetime as dt

        met = [name for name, date in self.congresses if date <= dt.date(self.this, 12, 31)]
        if len(met) < 2:
            return text
        for old in met[:-1]:
            text = text.replace(f"{old}精神", f"{met[-1]}精神")
        return text


def year_context(last: int, this: int, prompts: Path | None = None) -> YearContext:
    """``prompts``: the folder of timeline.yaml (congresses, campaigns)."""
    from ..checks.timeline import load_timeline

    try:
        timeline = load_timeline(prompts=prompts)
    except Exception:  # noqa: BLE001 - without the timeline, congresses are not moved on, campaigns not found
        return YearContext(last, this)
    congresses = [(name, date) for name, _, date in sorted(timeline.congresses, key=lambda c: c[2])]
    return YearContext(last, this, congresses, list(timeline.campaigns))


def similarity(a: str, b: str) -> float:
    return dice(char_bigrams(a, _WORDING), char_bigrams(b, _WORDING))


def _counted(text: str) -> list[NumberMention]:
    """Quantities, without years and the parts of dates (those are time, not facts)."""
    dates = [m.span() for m in _DATE.finditer(text)]
    return [
        n for n in extract_numbers(text)
        if not (n.unit == "年" and n.value >= 1900) and not any(s <= n.start < e for s, e in dates)
    ]


def _near(context: str) -> str:
    """The activity word right before a number (the last four characters of its context)."""
    return context.split("|", 1)[0][-4:]


def _context(text: str, mentions: list[NumberMention], i: int) -> str:
    """The words around the i-th number, within its clause and between its neighbours."""
    n = mentions[i]
    lo = mentions[i - 1].end if i else 0
    hi = mentions[i + 1].start if i + 1 < len(mentions) else len(text)
    before = text[lo : n.start]
    cut = max(before.rfind(c) for c in "，；。：,;:")
    before = before[cut + 1 :][-10:]
    after = text[n.end : hi]
    stops = [after.find(c) for c in "，；。：,;:、" if after.find(c) >= 0]
    after = after[: min(stops)] if stops else after
    return before + "|" + after[:8]


@dataclass
class FactPool:
    """This year's facts for one part of the report, and which of their numbers are placed."""

    facts: list[str]
    mentions: list[list[NumberMention]] = field(default_factory=list)
    contexts: list[list[str]] = field(default_factory=list)
    placed: set[tuple[int, int]] = field(default_factory=set)
    touched: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.mentions = [_counted(f) for f in self.facts]
        self.contexts = [[_context(f, ms, i) for i in range(len(ms))] for f, ms in zip(self.facts, self.mentions)]

    @property
    def text(self) -> str:
        return "\n".join(self.facts)

    def match(self, mention: NumberMention, context: str) -> tuple[int, int, float] | None:
        """The unplaced fact number of the same kind of unit with the most similar context: the
        words around it, or the activity right before it (开展宣讲186场 ~ 精神宣讲213场)."""
        best = None
        for fi, ms in enumerate(self.mentions):
            for mi, m in enumerate(ms):
                if (fi, mi) in self.placed or m.family != mention.family:
                    continue
                theirs = self.contexts[fi][mi]
                score = max(similarity(context, theirs), similarity(_near(context), _near(theirs)))
                if score >= SIMILAR and (best is None or score > best[2]):
                    best = (fi, mi, score)
        return best

    def leftovers(self) -> list[str]:
        """What the carried text does not state yet: whole facts never used, and the clauses of
        partly used facts whose numbers found no place."""
        out: list[str] = []
        for fi, fact in enumerate(self.facts):
            ms = self.mentions[fi]
            if fi not in self.touched:
                out.append(fact)
                continue
            missing = [m for mi, m in enumerate(ms) if (fi, mi) not in self.placed]
            if not missing:
                continue
            parts = _CLAUSE.split(fact)[::2]
            out.extend(p for p in parts if any(m.text in p for m in missing))
        return out


def _stale_event(clause: str, pool: FactPool, campaigns: list) -> str | None:
    """A dated event of last year in the clause (a campaign or a date this year's facts do not state)."""
    facts = pool.text
    for m in _DATE.finditer(clause):
        if m.group(0) not in facts:
            return m.group(0)
    for _name, patterns, _start, _end in campaigns:
        for p in patterns:
            found = p.search(clause)
            if found and found.group(0) not in facts:
                return found.group(0)
    for m in _CAMPAIGN.finditer(clause):
        if m.group(0) not in facts:
            return m.group(0)
    return None


def _clauses(sentence: str) -> list[tuple[str, str]]:
    parts = _CLAUSE.split(sentence)
    return [(parts[i], parts[i + 1] if i + 1 < len(parts) else "") for i in range(0, len(parts), 2)]


def _end(sentence: str, original: str) -> str:
    """Keep the sentence's own stop after clauses were dropped (no dangling comma)."""
    body = sentence.rstrip("，；：,;:。！？ ")
    stop = original.rstrip()[-1:] if original.rstrip()[-1:] in "。！？" else ""
    return body + stop if body else ""


def carry_sentence(sentence: str, pool: FactPool, years: YearContext, where: str) -> tuple[str | None, list[Change]]:
    """This year's version of one of last year's sentences (None: dropped), and what changed."""
    shifted = years.shift(sentence)
    kept: list[str] = []
    events: list[str] = []
    for clause, stop in _clauses(shifted):
        event = _stale_event(clause, pool, years.campaigns)
        if event:
            events.append(event)
            continue
        kept.append(clause + stop)
    body = _end("".join(kept), shifted) if events else shifted
    changes: list[Change] = []
    if events and len(_HAN.findall(body)) < 4:
        return None, [Change("dropped", where, sentence.strip(), "", f"上年的时间性事项：{'、'.join(events)}")]
    mentions = _counted(body)
    matches = []
    for i, n in enumerate(mentions):
        found = pool.match(n, _context(body, mentions, i))
        if found:
            pool.placed.add((found[0], found[1]))
            pool.touched.add(found[0])
        matches.append(found)
    if events and mentions and not any(matches):
        return None, [Change("dropped", where, sentence.strip(), "", f"上年的时间性事项：{'、'.join(events)}")]
    if events:
        changes.append(Change("dropped", where, sentence.strip(), body, f"删去上年的时间性事项：{'、'.join(events)}"))
    out: list[str] = []
    pos = 0
    for i, (n, found) in enumerate(zip(mentions, matches)):
        out.append(body[pos : n.start])
        if found:
            new = pool.mentions[found[0]][found[1]]
            out.append(new.text)
            if abs(new.value - n.value) > 1e-9 or new.unit != n.unit:
                lead = _context(body, mentions, i).split("|", 1)[0]
                changes.append(Change("changed", where, lead + n.text, lead + new.text))
        else:
            out.append(placeholder(missing_name(n.unit, n.value)))
        pos = n.end
    out.append(body[pos:])
    new_sentence = "".join(out)
    if mentions and not all(matches):
        changes.append(Change("placeholder", where, sentence.strip(), new_sentence, "本年事实中没有对应的数字"))
    return new_sentence, changes


def split_sentences(paragraph: str) -> list[str]:
    return [s for s in _SENTENCE.findall(paragraph) if s.strip()]


_PLAN_CUE = re.compile(r"^(?:下一步|下步|明年|今后|新的一年|20\d{2}年)[，,]?(?:我们|我部|我局)?(?:将|拟|要)?(?:计划)?")


def plan_item(fact: str) -> str:
    """A plan as an item of the plans list: its own time cue goes (the list's lead says it)."""
    return _PLAN_CUE.sub("", fact.strip(), count=1) or fact


def _restring(paragraph: str, items: list[str], where: str) -> tuple[str, list[Change]] | None:
    """A paragraph strung as 一是……；二是……: its lead with this year's items in the same stringing."""
    m = ENUMERATION_WORD.search(paragraph)
    if not m:
        return None
    lead, old = paragraph[: m.start()], paragraph[m.start() :]
    if ENUMERATION_WORD.findall(old)[:1] != ["一是"]:
        return None
    changes = [Change("dropped", where, item.strip("；;。 "), "", "上年的条目，已换为本年的条目")
               for item in re.split(rf"[；;。](?={ENUMERATION_WORD.pattern})|[。]$", old) if item.strip("；;。 ")]
    listed = " ".join(enumerate_facts(items, per_paragraph=len(items) or 1)) if items else placeholder("本年度的具体内容")
    return lead + listed, changes


@dataclass
class Carried:
    paragraphs: list[str]
    changes: list[Change]


def carry_paragraphs(paragraphs: list[str], pool: FactPool, years: YearContext, where: str, *, role: str) -> Carried:
    """A part of last year's report, carried into this year with ``pool``'s facts."""
    out: list[str] = []
    changes: list[Change] = []
    listed = False
    for paragraph in paragraphs:
        if role in ("problems", "plans") and not listed and "一是" in paragraph:
            lead_end = paragraph.index("一是")
            lead, lead_changes = _carry_text(paragraph[:lead_end], pool, years, where)
            items = [plan_item(f) for f in pool.facts] if role == "plans" else pool.facts
            restrung = _restring(paragraph, items, where)
            if restrung is not None:
                text, item_changes = restrung
                out.append(lead + text[lead_end:] if lead else text[lead_end:])
                changes += lead_changes + item_changes
                pool.touched.update(range(len(pool.facts)))
                pool.placed.update((fi, mi) for fi, ms in enumerate(pool.mentions) for mi in range(len(ms)))
                listed = True
                continue
        text, more = _carry_text(paragraph, pool, years, where)
        changes += more
        if text.strip():
            out.append(text)
    extra = [clean_fact(f) for f in pool.leftovers()]
    extra = [e for e in extra if e]
    if extra:
        changes += [Change("new", where, "", e) for e in extra]
        # after last year's own words: 此外，……; a part new this year: its facts strung as usual
        out.extend(["此外，" + "。".join(extra) + "。"] if out else enumerate_facts(extra))
    return Carried(out, changes)


def _carry_text(text: str, pool: FactPool, years: YearContext, where: str) -> tuple[str, list[Change]]:
    out: list[str] = []
    changes: list[Change] = []
    for sentence in split_sentences(text):
        new, more = carry_sentence(sentence, pool, years, where)
        changes += more
        if new:
            out.append(new)
    return "".join(out), changes
