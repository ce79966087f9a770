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

import hashlib
import re
import time
from typing import Any

from ..errors import ModelError
from ..numerals import chinese_numeral
from ..types import placeholder
from .model import Message, OnToken, Reply
from .task import SectionTask

OFFLINE_MODEL = "offline"
OFFLINE_NOTICE = "离线草稿：未配置模型，本稿由 bigan 离线起草器依据事实清单和提纲拼装，请人工润色。"

# Sentences added by the composer: deliberately free of digits and numerals.
LEADS: dict[str, list[str]] = {
    "work": [
        "始终把{h}摆在突出位置，强化统筹部署，推动各项任务落地见效。",
        "坚持把{h}作为重要抓手，细化措施、压实责任，取得了积极成效。",
        "围绕{h}，聚焦重点、持续用力，推动工作往深里走、往实里落。",
        "着眼{h}，健全机制、完善举措，以钉钉子精神抓好落实。",
        "把{h}作为履职尽责的重要内容，主动谋划、精准发力，推动工作提质增效。",
    ],
    "work_plain": [
        "坚持高标准谋划、高质量推进，各项工作取得了积极成效。",
        "紧扣目标任务，聚焦重点、狠抓落实，推动各项工作有序开展。",
    ],
    "problems": ["对照上级要求和群众期盼，工作中还存在一些差距和不足，主要表现在："],
    "problems_sub": ["在{h}方面，还存在以下不足："],
    "plans": ["下一步，将坚持问题导向和目标导向，重点抓好以下工作："],
    "plans_sub": ["围绕{h}，重点抓好以下工作："],
    "rectification_sub": ["针对这一问题，坚持立行立改、标本兼治，主要采取了以下整改措施："],
    "organization": ["收到巡察反馈意见后，{unit}高度重视，把抓好巡察整改作为重要政治任务，切实扛起整改主体责任。"],
    "study": ["本人始终把加强理论学习作为提高政治素质和履职能力的首要任务。"],
    "duty": ["本人紧紧围绕分管工作职责，认真履职尽责，推动各项工作落地落实。"],
    "integrity": ["本人始终严格遵守廉洁自律各项规定，自觉接受组织和群众监督。"],
    "duty_sub": ["在{h}方面，认真履职尽责，主要做了以下工作："],
    "points_sub": ["这次学习使我深受教育、深有感触。", "结合学习和工作实际，我有以下几点认识和思考。", "对照学习内容反思工作，我体会尤深。"],
}
TAILS: dict[str, list[str]] = {
    "work": [
        "通过以上举措，相关工作取得了扎实成效。",
        "各项措施落地见效，工作质效进一步提升。",
        "相关工作机制不断健全，工作成效持续显现。",
        "工作的系统性、针对性不断增强。",
        "为推动各项工作提供了有力保障。",
    ],
    "plans": ["切实以更加有力的举措推动各项工作再上新台阶。"],
    "problems": ["对这些问题，将高度重视，认真加以整改。"],
}
NARRATIVE_ROLES = {"basic_info", "other"}

_DIGITS = re.compile(r"[0-9０-９%％]|[二三四五六七八九十百千万亿两]|一是|[XＸ×*＊〇]|【")
# Proper-noun signals: places, units and quoted titles belong to the exemplar's own report.
_NAMEY = re.compile(r"[省市州县区镇乡村]|《|“|”|[A-Za-z]")
_SENTENCE = re.compile(r"[^。！？；]+[。！？]")
_FORMULA_START = ("通过", "进一步", "切实", "有效", "推动", "不断", "全面", "持续")


def _pick(options: list[str], key: str, offset: int = 0) -> str:
    """Deterministic choice: sub-sections (work.2) cycle through the options so siblings differ.

    ``offset`` decorrelates a second choice (the tail) from the first (the lead) for one section.
    """
    tail = key.rsplit(".", 1)[-1]
    index = int(tail) - 1 if "." in key and tail.isdigit() else int(hashlib.sha1(key.encode("utf-8")).hexdigest(), 16)
    return options[(index + offset) % len(options)]


# Headings that already start with an adverb or a verb of resolve read badly after 始终把/坚持把.
_SELF_STARTING = ("坚持", "始终", "持续", "持之以恒", "着力", "全面", "扎实", "深入", "切实", "不断", "大力")
HEADING_FREE = [
    "紧扣目标任务，聚焦重点、狠抓落实，推动各项要求落地见效。",
    "坚持高标准谋划、高质量推进，取得了积极成效。",
    "对标上级部署，细化工作举措，确保各项任务落到实处。",
    "坚持问题导向，压实工作责任，推动相关工作取得新进展。",
]


def clean_fact(fact: str) -> str:
    """One fact as a clause: no trailing punctuation, inner semicolons softened to commas."""
    text = " ".join(fact.split()).strip()
    text = text.rstrip("。；;，,、.！!")
    return text.replace("；", "，").replace(";", "，")


def enumerate_facts(facts: list[str], per_paragraph: int = 4) -> list[str]:
    """一是……；二是……。 in paragraphs of a few items each."""
    clauses = [clean_fact(f) for f in facts if clean_fact(f)]
    paragraphs: list[str] = []
    for start in range(0, len(clauses), per_paragraph):
        group = clauses[start : start + per_paragraph]
        items = [f"{_ordinal(start + i)}是{c}" for i, c in enumerate(group)]
        paragraphs.append("；".join(items) + "。")
    return paragraphs


def _ordinal(i: int) -> str:
    """0 → 一, 9 → 十, 10 → 十一 (the i-th item counted from one)."""
    return chinese_numeral(i + 1)


def narrative(facts: list[str]) -> str:
    return "".join(clean_fact(f) + "。" for f in facts if clean_fact(f))


_GENERIC = {"情况", "方面", "工作", "建设", "落实", "主要", "具体", "推进", "措施", "以及", "成效", "有关"}


def _bigrams(text: str) -> set[str]:
    han = re.sub(r"[^\u4e00-\u9fff]", " ", text)
    grams = set()
    for part in han.split():
        grams.update(part[i : i + 2] for i in range(len(part) - 1))
    return grams - _GENERIC


# A fact naming one of these touches the general point on the left.
_IMPLIES = {"党组织": ("党支部", "党小组", "党总支", "党委", "党组"), "人员": ("干部", "职工", "编制", "在编")}


def missing_covers(covers: list[str], facts: list[str]) -> list[str]:
    """Outline points that no fact touches (no shared two-character word)."""
    joined = " ".join(facts)
    joined += " ".join(k for k, words in _IMPLIES.items() if any(w in joined for w in words))
    seen = _bigrams(joined)
    return [c for c in covers if not (_bigrams(c) & seen)]


def formula_sentences(exemplars: list[str]) -> list[str]:
    """Exemplar sentences that are pure formula: no numbers, names, places or placeholders."""
    found: list[str] = []
    for text in exemplars:
        for sentence in _SENTENCE.findall(text):
            s = sentence.strip()
            if 10 <= len(s) <= 40 and s.startswith(_FORMULA_START) and not _DIGITS.search(s) and not _NAMEY.search(s):
                found.append(s)
    return found


def compose(task: SectionTask) -> str:
    """The section body, paragraphs separated by newlines."""
    h = task.heading
    h_plain = h.rstrip("。；，")
    fill = {"h": h_plain, "h_plain": h_plain, "unit": task.unit}
    key = f"{task.genre}:{task.section_id}"
    parent_id = task.section_id.split(".")[0]
    sub = task.parent_id is not None
    paragraphs: list[str] = []

    if task.role in NARRATIVE_ROLES:
        if task.facts:
            paragraphs.append(narrative(task.facts))
    else:
        if sub and task.genre == "rectification_report":
            lead = _pick(LEADS["rectification_sub"], key)
        elif sub and task.genre == "seminar_speech":
            lead = _pick(LEADS["points_sub"], key)
        elif sub and task.genre == "duty_report" and task.role == "work":
            lead = _pick(LEADS["duty_sub"], key)
        elif sub and task.role == "work" and h_plain.startswith(_SELF_STARTING):
            lead = _pick(HEADING_FREE, key)
        elif sub:
            lead = _pick(LEADS.get(f"{task.role}_sub", LEADS["work"]), key)
        elif parent_id in LEADS and task.genre in ("duty_report", "rectification_report"):
            lead = _pick(LEADS[parent_id], key)
        elif task.role == "work":
            lead = _pick(LEADS["work_plain"], key)
        else:
            lead = _pick(LEADS[task.role], key)
        lead = lead.format(**fill)
        items = enumerate_facts(task.facts)
        if items:
            paragraphs.append(lead + items[0])
            paragraphs.extend(items[1:])
        elif not task.intro:
            paragraphs.append(lead)
        if task.intro and not task.facts:
            paragraphs = []
    # Placeholders for expected points: where the outline's covers are a checklist (基本情况, 组织落实
    # …), or where the writer gave nothing at all; problem and plan lists stand on their own.
    if not task.intro and not sub and (task.role in ("basic_info", "work") or not task.facts):
        for cover in missing_covers(task.covers, task.facts):
            paragraphs.append(placeholder(cover))
    if not paragraphs and not task.intro:
        paragraphs.append(placeholder(f"{task.full_heading}的具体内容"))
    if paragraphs and task.role in TAILS and task.facts and not task.intro and task.genre != "seminar_speech":
        borrowed = formula_sentences(task.exemplars)
        tail = _pick(borrowed, key) if borrowed else _pick(TAILS[task.role], key, offset=2)
        if len(task.facts) >= 2 and not paragraphs[-1].startswith("【"):
            paragraphs[-1] += tail
    return "\n".join(paragraphs)


class OfflineComposer:
    """ChatModel door for the offline drafter. Needs the ``task``; the messages are ignored."""

    name = OFFLINE_MODEL
    offline = True

    def describe(self) -> dict[str, Any]:
        return {"model": OFFLINE_MODEL, "offline": True}

    def generate(
        self, messages: list[Message], *, on_token: OnToken | None = None, task: Any = None, on_retry: Any = None
    ) -> Reply:  # on_retry: never called, nothing is retried offline
        if not isinstance(task, SectionTask):
            raise ModelError("离线起草器只能起草章节（需要章节任务）；修改润色请配置模型 (offline drafter needs a section task)")
        start = time.monotonic()
        text = compose(task)
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
