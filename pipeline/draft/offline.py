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
from typing import Any

from ..errors import ModelError
from ..text.numerals import chinese_numeral
from ..types import placeholder
from .chat import Message, OnRetry, OnToken, Reply
from ..schema.outline import load_outline
from .task import SectionTask

OFFLINE_MODEL = "offline"
OFFLINE_NOTICE = "离线草稿：未配置模型，本稿由 bigan 离线起草器依据事实清单和提纲拼装，请人工润色。"

# Sentences added by the composer: deliberately free of digits and numerals. ``{me}`` is the
# writer's own word for themself (本人 or 我, as their facts say it) in personal genres; ``{h}``
# is a sub-section heading, used only when it reads as a noun phrase (see ``echoable``).
LEADS: dict[str, list[str]] = {
    # a short noun-phrase heading (食品安全, 体育工作) may be echoed
    "work": [
        "始终把{h}摆在突出位置，强化统筹部署，推动各项任务落地见效。",
        "坚持把{h}作为重要抓手，细化措施、压实责任，取得了积极成效。",
        "围绕{h}，聚焦重点、持续用力，推动工作往深里走、往实里落。",
        "着眼{h}，健全机制、完善举措，以钉钉子精神抓好落实。",
        "把{h}作为履职尽责的重要内容，主动谋划、精准发力，推动工作提质增效。",
    ],
    # a heading that is a verb phrase or a whole sentence already says what was done
    "work_free": [
        "紧扣目标任务，聚焦重点、狠抓落实，推动各项要求落地见效。",
        "坚持高标准谋划、高质量推进，相关工作取得了积极成效。",
        "对标上级部署，细化工作举措，确保各项任务落到实处。",
        "坚持问题导向，压实工作责任，推动相关工作取得新进展。",
        "强化统筹协调，完善推进机制，以钉钉子精神抓好落实。",
    ],
    "work_plain": [
        "坚持高标准谋划、高质量推进，各项工作取得了积极成效。",
        "紧扣目标任务，聚焦重点、狠抓落实，推动各项工作有序开展。",
    ],
    "problems": ["对照上级要求和群众期盼，工作中还存在一些差距和不足，主要表现在："],
    "problems:duty_report": ["对照组织要求和群众期盼，自身在学习和工作中还存在一些不足，主要是："],
    "problems:half_year_summary": ["在肯定成绩的同时，我们也清醒地认识到，工作中还存在一些短板和不足，主要是："],
    "problems:work_summary": ["在肯定成绩的同时，我们也清醒地认识到，工作中还存在一些短板和不足，主要是："],
    "problems_sub": ["在{h}方面，还存在以下不足："],
    "problems_free": ["主要表现在：", "具体表现为：", "突出表现在："],
    "plans": ["下一步，将坚持问题导向和目标导向，重点抓好以下工作："],
    "plans:half_year_summary": ["下半年，将紧扣全年目标任务，重点抓好以下工作："],
    "plans:work_summary": ["新的一年，将坚持稳中求进、守正创新，重点抓好以下工作："],
    "plans:duty_report": ["今后，{me}将以更高标准严格要求自己，着重在以下方面下功夫："],
    "plans:rectification_report": ["下一步，将持续巩固深化整改成果，重点抓好以下工作："],
    "plans_sub": ["围绕{h}，重点抓好以下工作："],
    "plans_free": ["重点抓好以下工作：", "主要措施是：", "着重从以下方面发力："],
    "rectification_sub": [
        "针对这一问题，坚持立行立改、标本兼治，主要采取了以下整改措施：",
        "对照反馈意见，逐项细化整改措施，重点抓了以下工作：",
        "坚持举一反三、即知即改，主要做法是：",
        "坚持边查边改、真改实改，推动问题整改到位：",
        "压实整改责任，明确整改时限，主要采取了以下措施：",
    ],
    "organization": ["收到巡察反馈意见后，{unit}高度重视，第一时间研究部署，切实扛起整改主体责任。"],
    "study": ["{me}始终把加强理论学习作为提高政治素质和履职能力的首要任务。"],
    "duty": ["{me}紧紧围绕分管工作职责，认真履职尽责，推动各项工作落地落实。"],
    "integrity": ["{me}始终严格遵守廉洁自律各项规定，自觉接受组织和群众监督。"],
    "duty_sub": ["在{h}方面，{me}认真履职尽责，主要做了以下工作："],
    "duty_free": ["{me}主要做了以下工作：", "工作中，{me}重点抓了以下几个方面：", "{me}着力推动了以下工作："],
    "points_sub": [
        "这次学习使我深受教育、深有感触。",
        "结合学习和工作实际，我有以下几点认识和思考。",
        "对照学习内容反思工作，我体会尤深。",
        "联系本职工作，我有几点具体思考。",
        "回顾实践，我有以下几点感悟。",
    ],
}
# One closing sentence for a level-1 section with facts of its own, chosen by the section's place in
# the outline so that no two parts of one report end alike.
TAILS: dict[str, list[str]] = {
    "work": [
        "通过以上举措，相关工作取得了扎实成效。",
        "各项措施落地见效，工作质效进一步提升。",
        "相关工作机制不断健全，工作成效持续显现。",
        "工作的系统性、针对性不断增强。",
        "为推动各项工作提供了有力保障。",
    ],
    "plans": ["切实以更加有力的举措推动各项工作再上新台阶。"],
    "plans:duty_report": ["{me}决心以更加饱满的精神状态、更加务实的作风，努力做出新的更大成绩。"],
    "work:duty_report": [],  # 述学/述职/述廉 end on the writer's own facts, not on a claim of success
    "problems": ["对这些问题，将高度重视，认真加以整改。"],
    "problems:duty_report": ["对这些不足，{me}将认真反思，切实加以改进。"],
}
NARRATIVE_ROLES = {"basic_info", "other"}
PERSONAL_GENRES = {"duty_report", "seminar_speech"}

_DIGITS = re.compile(r"[0-9０-９%％]|[二三四五六七八九十百千万亿两]|一是|[XＸ×*＊〇]|【")
# Proper-noun signals: places, units and quoted titles belong to the exemplar's own report.
_NAMEY = re.compile(r"[省市州县区镇乡村]|《|“|”|[A-Za-z]")
_SENTENCE = re.compile(r"[^。！？；]+[。！？]")
_FORMULA_START = ("通过", "进一步", "切实", "有效", "推动", "不断", "全面", "持续")

# A writer's own enumeration (一是, （一）, 1., 第一，) before a fact: we number the items ourselves.
_ENUM_PREFIX = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+是[，,：:]?|第[一二三四五六七八九十]+[，,、：:]?|[（(][一二三四五六七八九十0-9]+[）)]"
    r"|[0-9]+(?:[、．]|\.(?![0-9]))|[一二三四五六七八九十]+、)\s*"
)
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
def _outline_order(genre: str) -> tuple[str, ...]:
    try:
        return tuple(s.id for s in load_outline(genre).sections)
    except Exception:  # noqa: BLE001 - a custom or broken outline only loses the spreading
        return ()


def _position(task: SectionTask) -> int:
    """The level-1 section's place in its genre's outline (stable; hashed for unknown ids)."""
    sid = task.section_id.split(".")[0]
    order = _outline_order(task.genre)
    return order.index(sid) if sid in order else _index(sid)


# Headings that start with a verb or an adverb of resolve (压紧压实…, 坚持…, 认真贯彻…) or that are
# whole sentences read badly inside 始终把…摆在突出位置 or 在…方面: such leads do not echo them.
_VERB_START = (
    "坚持", "始终", "持续", "持之以恒", "着力", "全面", "扎实", "深入", "切实", "不断", "大力", "认真", "严格", "从严",
    "压紧", "压实", "扛牢", "扛起", "深化", "加强", "强化", "推进", "推动", "落实", "抓好", "抓实", "抓牢", "做好",
    "做实", "健全", "完善", "提升", "提高", "优化", "聚焦", "围绕", "紧扣", "紧盯", "筑牢", "守牢", "织密", "夯实",
    "建强", "建立", "构建", "打好", "打造", "打赢", "开展", "实施", "贯彻", "践行", "增强", "巩固", "突出", "改善",
    "坚定", "牢固", "树牢", "以", "用", "在", "把", "将", "对", "关于", "针对", "本人", "我", "进一步", "积极", "主动",
    "精准", "统筹", "协同", "规范", "创新", "激发", "发挥", "服务于", "助力", "赋能", "防范", "化解", "整治", "纠治",
    "查处", "惩治", "整改", "狠抓", "全力", "全速", "奋力", "努力", "力促", "促进", "保障", "确保", "守护", "维护",
)


def echoable(heading: str) -> bool:
    """A short noun-phrase heading (食品安全, 营商环境, 体育工作) that a lead may name."""
    h = heading.strip().rstrip("。；，、.！!")
    return bool(h) and len(h) <= 10 and not re.search(r"[，,；;：:、。！？“”《》]", h) and not h.startswith(_VERB_START)


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


# A short fact that only names an activity: 校园食品安全专项检查, 消防安全演练.
_ACTIVITY = re.compile(r"^[^，,；;。0-9０-９]{2,18}(?:专项检查|检查|专项行动|行动|活动|专项整治|整治|培训|宣传|调研|督查|排查|演练|巡查|竞赛)$")
_DOING = ("开展", "组织", "举办", "召开", "完成", "参加", "承办", "参与", "配合", "迎接", "接受", "部署", "启动", "安排")


def clean_fact(fact: str, *, drop_self: bool = False, done: bool = False) -> str:
    """One fact as a clause: no enumeration of its own, no trailing punctuation, inner sentence
    stops and semicolons softened to commas (the clause is joined with ；). ``done``: the fact is
    something done (a work list), so a bare activity gets its verb."""
    text = " ".join(fact.split()).strip()
    text = _ENUM_PREFIX.sub("", text, count=1)
    if drop_self:
        text = _SELF_PREFIX.sub("", text, count=1)
    text = text.rstrip("。；;，,、.！!：: ")
    if done and _ACTIVITY.search(text) and not text.startswith(_VERB_START + _DOING):
        text = "开展" + text  # a bare activity (校园食品安全专项检查) needs its verb after 一是
    text = re.sub(r"[。；;](?=”|’|）|\))", "", text)  # 。 just inside a closing quote or bracket
    text = re.sub(r"[。；;！!]", "，", text)
    return re.sub(r"[，,、]{2,}", "，", text)


def enumerate_facts(facts: list[str], per_paragraph: int = 5, *, drop_self: bool = False, done: bool = False) -> list[str]:
    """一是……；二是……。 in paragraphs of at most ``per_paragraph`` items, evenly filled (six items
    are three and three, not five and a lone 六是); a single fact is not numbered."""
    clauses = [c for c in (clean_fact(f, drop_self=drop_self, done=done) for f in facts) if c]
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


_GENERIC = {"情况", "方面", "工作", "建设", "落实", "主要", "具体", "推进", "措施", "以及", "成效", "有关"}


def _bigrams(text: str) -> set[str]:
    han = re.sub(r"[^\u4e00-\u9fff]", " ", text)
    grams = set()
    for part in han.split():
        grams.update(part[i : i + 2] for i in range(len(part) - 1))
    return grams - _GENERIC


# A fact naming one of these touches the general point on the left.
_IMPLIES = {
    "党组织": ("党支部", "党小组", "党总支", "党委", "党组"),
    "人员": ("干部", "职工", "编制", "在编"),
    "职能": ("负责", "职责", "主管", "承担"),
    "内设机构": ("股室", "科室", "处室", "内设", "中心", "站所"),
}
# Points about results or progress (主要成效, 分管工作推进情况) are met by facts that carry figures.
_RESULT_COVER = re.compile(r"成效|成果|推进情况|完成情况")


def missing_covers(covers: list[str], facts: list[str]) -> list[str]:
    """Outline points that no fact touches (no shared two-character word)."""
    joined = " ".join(facts)
    joined += " ".join(k for k, words in _IMPLIES.items() if any(w in joined for w in words))
    seen = _bigrams(joined)
    has_figures = bool(re.search(r"[0-9０-９]", joined))
    return [c for c in covers if not (_bigrams(c) & seen) and not (has_figures and _RESULT_COVER.search(c))]


def formula_sentences(exemplars: list[str]) -> list[str]:
    """Exemplar sentences that are pure formula: no numbers, names, places or placeholders."""
    found: list[str] = []
    for text in exemplars:
        for sentence in _SENTENCE.findall(text):
            s = sentence.strip()
            if 10 <= len(s) <= 40 and s.startswith(_FORMULA_START) and not _DIGITS.search(s) and not _NAMEY.search(s):
                found.append(s)
    return found


def _by_genre(table: dict[str, list[str]], role: str, genre: str) -> list[str] | None:
    own = f"{role}:{genre}"
    return table[own] if own in table else table.get(role)


def _lead(task: SectionTask, h: str, me: str) -> str:
    """The sentence before the first item (may be empty: a stock lead is not repeated)."""
    sub = task.parent_id is not None
    parent_id = task.section_id.split(".")[0]
    n = _index(task.section_id) if sub else 0
    named = echoable(h)
    if sub and task.genre == "rectification_report":
        return _pick_once(LEADS["rectification_sub"], n)
    if sub and task.genre == "seminar_speech":
        return _pick_once(LEADS["points_sub"], n)
    if sub and task.genre == "duty_report" and task.role == "work":
        return _pick(LEADS["duty_sub"], task.section_id) if named else _pick_once(LEADS["duty_free"], n)
    if sub and task.role in ("problems", "plans"):
        return LEADS[f"{task.role}_sub"][0] if named else _pick_once(LEADS[f"{task.role}_free"], n)
    if sub:
        # named and heading-free leads draw from different pools: by sub number both stay unique
        return _pick_once(LEADS["work"], n) if named else _pick_once(LEADS["work_free"], n)
    if parent_id in _OWN_LEADS and task.genre in ("duty_report", "rectification_report"):
        return _pick(LEADS[parent_id], task.section_id)
    if task.role == "work":
        return _pick(LEADS["work_plain"], task.section_id)
    return _pick(_by_genre(LEADS, task.role, task.genre) or LEADS["work_plain"], task.section_id)


_OWN_LEADS = ("study", "duty", "integrity", "organization")


def _tail(task: SectionTask, me: str) -> str:
    pool = _by_genre(TAILS, task.role, task.genre)
    if not pool:
        return ""
    borrowed = formula_sentences(task.exemplars)
    if borrowed:
        return _pick(borrowed, task.section_id)
    return pool[(_position(task) + 2) % len(pool)].format(me=me)


def compose(task: SectionTask) -> str:
    """The section body, paragraphs separated by newlines."""
    h = task.heading.strip().rstrip("。；，、.")
    me = self_word(task)
    fill = {"h": h, "h_plain": h, "unit": task.unit, "me": me}
    sub = task.parent_id is not None
    paragraphs: list[str] = []

    if task.role in NARRATIVE_ROLES:
        if task.facts:
            paragraphs.append(narrative(task.facts))
    else:
        lead = _lead(task, h, me).format(**fill)
        items = enumerate_facts(task.facts, drop_self=task.genre in PERSONAL_GENRES, done=task.role == "work")
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
        for cover in missing_covers(task.covers, task.facts):
            paragraphs.append(placeholder(cover))
    if not paragraphs and not task.intro:
        paragraphs.append(placeholder(f"{task.full_heading}的具体内容"))
    # One closing sentence on a level-1 list of the writer's own (sub-sections end on their facts).
    if (paragraphs and not sub and not task.intro and len(task.facts) >= 2 and task.genre != "seminar_speech"
            and task.role not in NARRATIVE_ROLES and not paragraphs[-1].startswith("【")):
        tail = _tail(task, fill["me"])
        if tail:
            paragraphs[-1] += tail
    return "\n".join(paragraphs)


class OfflineComposer:
    """ChatModel door for the offline drafter. Needs the ``task``; the messages are ignored."""

    name = OFFLINE_MODEL
    offline = True

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
