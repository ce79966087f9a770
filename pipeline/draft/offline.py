"""The offline composer: a deterministic drafter used when no model endpoint is configured.

It implements the ChatModel door (``generate(messages, task=…)``) so the runner, grounding, cache,
resume and eval treat it like any model. From a ``SectionTask`` it writes:

- a lead sentence suited to the genre and role (stock phrasing, no numbers);
- the facts as proper sentences: narrative for 基本情况/开场/结尾, 一是……；二是……。 otherwise;
- one closing sentence borrowed from the exemplars' formulaic language, only when it carries no
  numbers, names, places or legacy placeholders;
- 【待补充：…】 for each point of the outline's ``covers`` the facts do not touch.

It never writes a number that is not in the facts: every sentence it adds is number-free.
"""

from __future__ import annotations

import functools
import hashlib
import re
import time
from pathlib import Path
from typing import Any

from ..errors import ModelError
from ..text.markers import ENUMERATION_PREFIX
from ..text.numerals import chinese_numeral
from ..text.words import char_bigrams
from ..types import placeholder
from .chat import Message, OnRetry, OnToken, Reply
from .phrases import load_phrases
from ..schema.outline import load_outline
from .task import SectionTask

OFFLINE_MODEL = "offline"
OFFLINE_NOTICE = "离线草稿：未配置模型，本稿由 bigan 离线起草器依据事实清单和提纲拼装，请人工润色。"

# The sentences the composer adds (leads, tails) and its word lists are data: prompts/offline.yaml,
# read through ``load_phrases``. They are deliberately free of digits and numerals.
NARRATIVE_ROLES = {"basic_info", "other"}
PERSONAL_GENRES = {"duty_report", "seminar_speech"}

_DIGITS = re.compile(r"[0-9０-９%％]|[二三四五六七八九十百千万亿两]|一是|[XＸ×*＊〇]|【")
# Proper-noun signals: places, units and quoted titles belong to the exemplar's own report.
_NAMEY = re.compile(r"[省市州县区镇乡村]|《|“|”|[A-Za-z]")
_SENTENCE = re.compile(r"[^。！？；]+[。！？]")

# 本人/我 opening a fact in a personal report: after 一是 the subject is already understood.
# (我局, 我们, 我县… are the unit speaking and stay.)
_SELF_PREFIX = re.compile(r"^(?:本人|我(?![国省市州县区镇乡村局委办部院校厅所们单司处科站队街中党支组团会]))(?!的)")
_SELF_ANYWHERE = re.compile(r"(?:^|[，。；、：])\s*我(?![国省市州县区镇乡村局委办部院校厅所们单司处科站队街中党支组团会])")


def _index(key: str) -> int:
    """Sub-sections (work.2) count from their number; other keys hash to a stable index."""
    tail = key.rsplit(".", 1)[-1]
    return int(tail) - 1 if "." in key and tail.isdigit() else int(hashlib.sha1(key.encode("utf-8")).hexdigest(), 16)


def _pick(options: list[str], key: str, offset: int = 0) -> str:
    """Deterministic choice: sub-sections (work.2) cycle through the options so siblings differ."""
    return options[(_index(key) + offset) % len(options)]


def _pick_once(options: list[str], index: int) -> str:
    """The index-th option, or nothing once they run out: a stock sentence is never said twice."""
    return options[index] if 0 <= index < len(options) else ""


@functools.lru_cache(maxsize=32)
def _outline_order(genre: str, prompts: Path | None) -> tuple[str, ...]:
    try:
        return tuple(s.id for s in load_outline(genre, prompts).sections)
    except Exception:  # noqa: BLE001 - a custom or broken outline only loses the spreading
        return ()


def _position(task: SectionTask, prompts: Path | None) -> int:
    """The level-1 section's place in its genre's outline (stable; hashed for unknown ids)."""
    sid = task.section_id.split(".")[0]
    order = _outline_order(task.genre, prompts)
    return order.index(sid) if sid in order else _index(sid)


def echoable(heading: str, prompts: Path | None = None) -> bool:
    """A short noun-phrase heading (食品安全, 营商环境, 体育工作) that a lead may name: not one that
    starts with a verb or is a whole sentence (offline.yaml ``verb_start``)."""
    h = heading.strip().rstrip("。；，、.！!")
    verbs = load_phrases(prompts).verb_start
    return bool(h) and len(h) <= 10 and not re.search(r"[，,；;：:、。！？“”《》]", h) and not h.startswith(verbs)


def self_word(task: SectionTask) -> str:
    """本人 or 我, whichever the writer uses in this part of a personal report; "" when the facts do
    not say (the lead then goes without a subject, as 述职 prose often does, rather than guess)."""
    if task.genre == "seminar_speech":
        return "我"
    if task.genre not in PERSONAL_GENRES:
        return ""
    joined = "\n".join(task.facts)
    if "本人" in joined:
        return "本人"
    return "我" if _SELF_ANYWHERE.search(joined) else ""


def clean_fact(fact: str, *, drop_self: bool = False, done: bool = False, prompts: Path | None = None) -> str:
    """One fact as a clause: no enumeration of its own, no trailing punctuation, inner sentence
    stops and semicolons softened to commas (the clause is joined with ；). ``done``: the fact is
    something done (a work list), so a bare activity gets its verb."""
    text = " ".join(fact.split()).strip()
    text = ENUMERATION_PREFIX.sub("", text, count=1)
    if drop_self:
        text = _SELF_PREFIX.sub("", text, count=1)
    text = text.rstrip("。；;，,、.！!：: ")
    if done:
        words = load_phrases(prompts)
        if words.activity.search(text) and not text.startswith(words.verb_start + words.doing):
            text = "开展" + text  # a bare activity (校园食品安全专项检查) needs its verb after 一是
    text = re.sub(r"[。；;](?=”|’|）|\))", "", text)  # 。 just inside a closing quote or bracket
    text = re.sub(r"[。；;！!]", "，", text)
    return re.sub(r"[，,、]{2,}", "，", text)


def enumerate_facts(
    facts: list[str], per_paragraph: int = 5, *, drop_self: bool = False, done: bool = False, prompts: Path | None = None
) -> list[str]:
    """一是……；二是……。 in paragraphs of at most ``per_paragraph`` items, evenly filled (six items
    are three and three, not five and a lone 六是); a single fact is not numbered."""
    clauses = [c for c in (clean_fact(f, drop_self=drop_self, done=done, prompts=prompts) for f in facts) if c]
    if len(clauses) <= 1:
        return [c + "。" for c in clauses]
    groups = -(-len(clauses) // per_paragraph)
    size = -(-len(clauses) // groups)
    paragraphs: list[str] = []
    for start in range(0, len(clauses), size):
        group = clauses[start : start + size]
        items = [f"{_ordinal(start + i)}是{c}" for i, c in enumerate(group)]
        paragraphs.append("；".join(items) + "。")
    return paragraphs


def _ordinal(i: int) -> str:
    """0 → 一, 9 → 十, 10 → 十一 (the i-th item counted from one)."""
    return chinese_numeral(i + 1)


def narrative(facts: list[str]) -> str:
    return "".join(c + "。" for c in (clean_fact(f) for f in facts) if c)


def _bigrams(text: str, generic: frozenset[str]) -> set[str]:
    return char_bigrams(text) - generic


def missing_covers(covers: list[str], facts: list[str], prompts: Path | None = None) -> list[str]:
    """Outline points that no fact touches (no shared two-character word; a fact naming one of a
    point's implied words touches it; facts with figures meet the points about results)."""
    words = load_phrases(prompts)
    joined = " ".join(facts)
    joined += " ".join(k for k, implied in words.implies.items() if any(w in joined for w in implied))
    seen = _bigrams(joined, words.generic_words)
    has_figures = bool(re.search(r"[0-9０-９]", joined))
    return [c for c in covers
            if not (_bigrams(c, words.generic_words) & seen) and not (has_figures and words.result_points.search(c))]


def formula_sentences(exemplars: list[str], prompts: Path | None = None) -> list[str]:
    """Exemplar sentences that are pure formula: no numbers, names, places or placeholders."""
    starts = load_phrases(prompts).formula_start
    found: list[str] = []
    for text in exemplars:
        for sentence in _SENTENCE.findall(text):
            s = sentence.strip()
            if 10 <= len(s) <= 40 and s.startswith(starts) and not _DIGITS.search(s) and not _NAMEY.search(s):
                found.append(s)
    return found


def _by_genre(table: dict[str, list[str]], role: str, genre: str) -> list[str] | None:
    own = f"{role}:{genre}"
    return table[own] if own in table else table.get(role)


def _lead(task: SectionTask, h: str, me: str, prompts: Path | None) -> str:
    """The sentence before the first item (may be empty: a stock lead is not repeated)."""
    sub = task.parent_id is not None
    parent_id = task.section_id.split(".")[0]
    n = _index(task.section_id) if sub else 0
    named = echoable(h, prompts)
    leads = load_phrases(prompts).leads
    if sub and task.genre == "rectification_report":
        return _pick_once(leads["rectification_sub"], n)
    if sub and task.genre == "seminar_speech":
        return _pick_once(leads["points_sub"], n)
    if sub and task.genre == "duty_report" and task.role == "work":
        return _pick(leads["duty_sub"], task.section_id) if named else _pick_once(leads["duty_free"], n)
    if sub and task.role in ("problems", "plans"):
        return leads[f"{task.role}_sub"][0] if named else _pick_once(leads[f"{task.role}_free"], n)
    if sub:
        # named and heading-free leads draw from different pools: by sub number both stay unique
        return _pick_once(leads["work"], n) if named else _pick_once(leads["work_free"], n)
    if parent_id in _OWN_LEADS and task.genre in ("duty_report", "rectification_report"):
        return _pick(leads[parent_id], task.section_id)
    if task.role == "work":
        return _pick(leads["work_plain"], task.section_id)
    return _pick(_by_genre(leads, task.role, task.genre) or leads["work_plain"], task.section_id)


_OWN_LEADS = ("study", "duty", "integrity", "organization")


def _tail(task: SectionTask, me: str, prompts: Path | None) -> str:
    pool = _by_genre(load_phrases(prompts).tails, task.role, task.genre)
    if not pool:
        return ""
    borrowed = formula_sentences(task.exemplars, prompts)
    if borrowed:
        return _pick(borrowed, task.section_id)
    return pool[(_position(task, prompts) + 2) % len(pool)].format(me=me)


def compose(task: SectionTask, prompts: Path | None = None) -> str:
    """The section body, paragraphs separated by newlines (phrases from ``prompts``/offline.yaml)."""
    h = task.heading.strip().rstrip("。；，、.")
    me = self_word(task)
    fill = {"h": h, "h_plain": h, "unit": task.unit, "me": me}
    sub = task.parent_id is not None
    paragraphs: list[str] = []

    if task.role in NARRATIVE_ROLES:
        if task.facts:
            paragraphs.append(narrative(task.facts))
    else:
        lead = _lead(task, h, me, prompts).format(**fill)
        items = enumerate_facts(task.facts, drop_self=task.genre in PERSONAL_GENRES, done=task.role == "work", prompts=prompts)
        if items:
            paragraphs.append(lead + items[0])
            paragraphs.extend(items[1:])
        elif not task.intro and lead:
            paragraphs.append(lead)
        if task.intro and not task.facts:
            paragraphs = []
    # Placeholders for expected points: where the outline's covers are a checklist (基本情况, 组织落实
    # …), or where the writer gave nothing at all; problem and plan lists stand on their own.
    if not task.intro and not sub and (task.role in ("basic_info", "work") or not task.facts):
        for cover in missing_covers(task.covers, task.facts, prompts):
            paragraphs.append(placeholder(cover))
    if not paragraphs and not task.intro:
        paragraphs.append(placeholder(f"{task.full_heading}的具体内容"))
    # One closing sentence on a level-1 list of the writer's own (sub-sections end on their facts).
    if (paragraphs and not sub and not task.intro and len(task.facts) >= 2 and task.genre != "seminar_speech"
            and task.role not in NARRATIVE_ROLES and not paragraphs[-1].startswith("【")):
        tail = _tail(task, fill["me"], prompts)
        if tail:
            paragraphs[-1] += tail
    return "\n".join(paragraphs)


class OfflineComposer:
    """ChatModel door for the offline drafter. Needs the ``task``; the messages are ignored.
    ``prompts``: the folder whose offline.yaml holds the phrase banks."""

    name = OFFLINE_MODEL
    offline = True

    def __init__(self, prompts: Path | None = None) -> None:
        self.prompts = prompts

    def describe(self) -> dict[str, Any]:
        return {"model": OFFLINE_MODEL, "offline": True}

    def generate(
        self,
        messages: list[Message],
        *,
        on_token: OnToken | None = None,
        task: SectionTask | None = None,
        on_retry: OnRetry | None = None,
        max_tokens: int | None = None,
        max_chars: int | None = None,
    ) -> Reply:  # on_retry is never called (nothing is retried offline); the composer sets its own length
        if not isinstance(task, SectionTask):
            raise ModelError("离线起草器只能起草章节（需要章节任务）；修改润色请配置模型 (offline drafter needs a section task)")
        start = time.monotonic()
        text = compose(task, self.prompts)
        if on_token:
            on_token(text)
        return Reply(
            text=text,
            model=OFFLINE_MODEL,
            tokens_in=0,
            tokens_out=len(text),
            finish_reason="stop",
            seconds=time.monotonic() - start,
        )
