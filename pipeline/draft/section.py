"""One section: retrieve exemplars ▶ prompt within a token budget ▶ model ▶ clean ▶ ground ▶ check."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..checks.grounding import ground_text
from ..config import Settings
from ..store.protocol import Corpus
from ..text.markdown import BULLET_OR_NUMBER, EMPHASIS_MARK, HEADING_MARK
from ..text.markers import TOP_MARKER_AT_LINE_START
from ..store.tokens import count_tokens, truncate_tokens
from ..types import Finding, SearchHit, Source, placeholder
from . import prompts
from .exemplars import style_only
from .chat import ChatModel, Message, OnRetry, OnToken
from .offline import OFFLINE_MODEL, compose, missing_covers
from .task import SectionTask

log = logging.getLogger(__name__)

OFFLINE_EXEMPLARS = 3  # the offline composer looks for formula sentences in this many past sections
EXEMPLAR_TOKENS = 300  # each exemplar is cut to this: a style model, not a source
PROMPT_BUDGET = 4000  # tokens for system + section prompt; exemplars are dropped to fit


# --------------------------------------------------------------------------- retrieval


def retrieve(store: Corpus | None, task: SectionTask, k: int) -> list[SearchHit]:
    """Past sections of the same genre and role, by heading and facts. Never fatal."""
    if store is None or k <= 0:
        return []
    query = " ".join([task.heading, task.parent_heading or "", *task.facts])[:400]
    for genre in (task.genre, None):  # same genre first; any genre when it has nothing
        try:
            hits = store.search(query, k=k, genre=genre, role=task.role)
        except Exception as exc:  # noqa: BLE001 - a broken store only costs us exemplars
            log.warning("检索范文失败（%s），本节不用范文起草", exc)
            return []
        if hits:
            return hits
    return []


def source_of(hit: SearchHit) -> Source:
    meta = hit.metadata or {}
    path = meta.get("heading_path") or ""
    return Source(
        id=hit.id,
        score=float(hit.score),
        source=str(meta.get("source", "")),
        title=meta.get("title"),
        heading_path=path.split(" › ") if isinstance(path, str) and path else list(path or []),
    )


# --------------------------------------------------------------------------- prompt


def build_messages(task: SectionTask, prompts_dir=None, budget: int = PROMPT_BUDGET) -> tuple[list[Message], int]:
    """System + section prompt; exemplars are shortened, then dropped, until the prompt fits."""
    exemplars = [truncate_tokens(e, EXEMPLAR_TOKENS) for e in task.exemplars]
    while True:
        variables = task.prompt_vars() | {"exemplars": exemplars}
        system = prompts.render("system", prompts_dir, **variables)
        user = prompts.render("section", prompts_dir, **variables)
        tokens = count_tokens(system) + count_tokens(user)
        if tokens <= budget or not exemplars:
            return [{"role": "system", "content": system}, {"role": "user", "content": user}], tokens
        exemplars = exemplars[:-1]


# --------------------------------------------------------------------------- cleaning


_LATIN = re.compile(r"[A-Za-z]")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def is_english(paragraph: str) -> bool:
    """A paragraph written mostly in Latin letters (the model drifted out of Chinese)."""
    latin, han = len(_LATIN.findall(paragraph)), len(_HAN.findall(paragraph))
    return latin >= 12 and latin > 2 * han


def clean_reply(text: str, task: SectionTask) -> tuple[str, list[Finding]]:
    """Strip markdown headings, bullets, emphasis, a repeated heading line, and English drift."""
    findings: list[Finding] = []
    paragraphs: list[str] = []
    stripped_markdown = dropped_english = 0
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line or line.startswith("```"):
            continue
        if HEADING_MARK.match(line):
            stripped_markdown += 1
            heading = HEADING_MARK.sub("", line).strip(" *")
            # A heading line is structure, which belongs to code: drop it.
            if not heading or len(heading) <= 30:
                continue
            line = heading
        if task.heading and TOP_MARKER_AT_LINE_START.sub("", line).strip("。 ") == task.heading.strip("。 "):
            continue  # the model repeated our heading
        if BULLET_OR_NUMBER.match(line):
            stripped_markdown += 1
            line = BULLET_OR_NUMBER.sub("", line)
        if EMPHASIS_MARK.search(line):
            stripped_markdown += 1
            line = EMPHASIS_MARK.sub("", line)
        if is_english(line):
            dropped_english += 1
            continue
        paragraphs.append(line)
    loc = task.full_heading
    if stripped_markdown:
        findings.append(Finding("FORMAT_MARKDOWN_STRIPPED", "info", loc, f"已去除模型输出中的 Markdown 标记 {stripped_markdown} 处", task.section_id))
    if dropped_english:
        findings.append(Finding("LANGUAGE_ENGLISH_DRIFT", "warning", loc, f"模型输出夹杂英文段落 {dropped_english} 段，已删除", task.section_id))
    return "\n".join(paragraphs), findings


# --------------------------------------------------------------------------- grounding


def ground(text: str, facts: list[str], task: SectionTask | None = None) -> tuple[str, list[Finding]]:
    if task is None:
        return ground_text(text, facts)
    return ground_text(text, facts, location=task.full_heading, section_id=task.section_id)


def is_grounding_violation(f: Finding) -> bool:
    return f.code.startswith("GROUNDING_") or f.code.startswith("PLACEHOLDER_LEGACY")


# --------------------------------------------------------------------------- the section


def warm_up(task: SectionTask, prompts_dir=None) -> None:
    """Load the tokenizer, templates and checker once, before parallel sections race to do it."""
    build_messages(task, prompts_dir)
    ground("", [], task)


@dataclass
class ReportContext:
    """What every section's gate needs to know about the whole report (built once by the runner)."""

    allowed: list[str]  # every fact of the sheet + its context (unit, title, author …)
    headings: list[str]  # every heading of the report, without markers
    other_texts: Callable[[], list[str]] = lambda: []  # finished sections so far (cross-section repetition)


@dataclass
class SectionResult:
    text: str
    model: str
    tokens_in: int = 0
    tokens_out: int = 0
    tokens_cached: int = 0
    seconds: float = 0.0
    prompt_tokens: int = 0
    sources: list[Source] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    cached: bool = False
    attempts: int = 1
    asks: int = 1  # model requests that produced a reply: 2 when the section was asked again
    fallback: str | None = None  # why the offline composer wrote this section instead of the model


def output_limits(task: SectionTask) -> tuple[int, int]:
    """(max_tokens, max_chars) for one reply: about twice the section's upper length bound, so a
    model that loops stops long before it fills the context."""
    upper = max(120, task.length[1])
    return int(upper * 2 * TOKENS_PER_CHAR) + 64, upper * 2 + 100


# Chinese runs ~0.7 model tokens a character on Qwen/DeepSeek/GPT-4o-style tokenizers; the bound
# only has to be generous, not exact.
TOKENS_PER_CHAR = 0.8


def gate_context(task: SectionTask, report: ReportContext | None, raw_exemplars: list[str], prompts_dir=None):
    from ..checks.gates import GateContext

    return GateContext(
        section_id=task.section_id,
        full_heading=task.full_heading,
        facts=list(task.facts),
        allowed=list(report.allowed) if report else list(task.facts),
        unit=task.unit,
        title=task.title,
        headings=list(report.headings) if report else [task.heading],
        exemplars=raw_exemplars + [e for e in task.exemplars if e not in raw_exemplars],
        other_texts=list(report.other_texts()) if report else [],
        year=task.year,
        intro=task.intro,
        covers=list(task.covers),
        prompts=prompts_dir,
    )


def with_missing_covers(text: str, task: SectionTask, prompts_dir=None) -> str:
    """The outline's points that no fact touches, as 【待补充：…】 (as the offline composer does):
    the model is told to write only what the facts say, so code marks what is missing."""
    if task.intro or task.parent_id is not None or task.role not in ("basic_info", "work"):
        return text
    holes = [placeholder(c) for c in missing_covers(task.covers, task.facts, prompts_dir) if placeholder(c) not in text]
    return "\n".join([text, *holes]) if holes else text


def _attempt(task: SectionTask, model: ChatModel, messages: list[Message], facts: list[str], *, on_token, on_retry, report, raw_exemplars, prompts_dir, settings):
    """One model reply, cleaned, grounded and gated: (reply, text, findings, defects, violation).
    ``violation`` says what failed, for asking again (None when the reply passed every gate)."""
    from ..checks.gates import gate_section

    max_tokens, max_chars = output_limits(task)
    reply = model.generate(messages, on_token=on_token, task=task, on_retry=on_retry, max_tokens=max_tokens, max_chars=max_chars)
    text, findings = clean_reply(reply.text, task)
    grounded, ground_findings = ground(text, facts, task)
    gate = gate_section(grounded, gate_context(task, report, raw_exemplars, prompts_dir))
    defects = [*ground_findings, *gate.findings]
    problems = [gate.problems()] if gate.failed else []
    if reply.finish_reason in ("runaway", "length"):
        reason = reply.defect or "输出超长，可能不完整"
        defects.append(Finding("MODEL_RUNAWAY", "error", task.full_heading, f"模型输出异常：{reason}", task.section_id))
        problems.append(f"上一稿{reason}：本节约{task.length[0]}至{task.length[1]}字，每句话只写一次。")
    invented = [f for f in ground_findings if is_grounding_violation(f)]
    if settings.regenerate_on_violation and invented:
        problems.append("上一稿出现了事实中没有的数字（" + "；".join(f.message for f in invented[:3]) + "），数字只能来自所给事实。")
    return reply, gate.text, findings, defects, "".join(problems) or None


def _summary(defects: list[Finding]) -> str:
    """The errors that failed a section, in a line (for draft.json, the CLI and the page)."""
    seen: list[str] = []
    for f in defects:
        if f.severity == "error" and f.message not in seen:
            seen.append(f.message)
    return "；".join(seen[:4])


def _offline(task, facts, report, raw_exemplars, prompts_dir, on_token):
    """The offline composer's section, through the same cleaning, grounding and gates."""
    from ..checks.gates import gate_section

    body = compose(task, prompts_dir)
    if on_token is not None:
        on_token(body)
    text, findings = clean_reply(body, task)
    text, ground_findings = ground(text, facts, task)
    gate = gate_section(text, gate_context(task, report, raw_exemplars, prompts_dir))
    return gate.text, findings, [*ground_findings, *gate.findings]


def draft_section(
    task: SectionTask,
    model: ChatModel,
    *,
    settings: Settings | None = None,
    store: Corpus | None = None,
    grounding_facts: list[str] | None = None,
    on_token: OnToken | None = None,
    prompts_dir=None,
    on_retry: OnRetry | None = None,
    report: ReportContext | None = None,
) -> SectionResult:
    """Write one section's body and hold it to the gates.

    A reply that fails a gate (missing facts, other units' names, copied exemplars, leaked labels,
    repetition, a runaway stream …) is asked for once more with the problems stated; if it fails
    again, the offline composer writes the section and the result says why (``fallback``).
    ``grounding_facts``: every string a number may come from. ``on_retry(attempt, reason)``: the
    text streamed to ``on_token`` so far is void."""
    settings = settings or Settings()
    prompts_dir = prompts_dir or settings.prompts
    facts = grounding_facts if grounding_facts is not None else task.facts
    if not task.facts and not model.offline:
        # Nothing to write from: a model could only invent or copy its exemplar. The offline composer
        # lays out the outline's points as 【待补充：…】 for the writer, and no request is made.
        text, findings, defects = _offline(task, facts, report, [], prompts_dir, on_token)
        findings.append(Finding("SECTION_NO_FACTS", "info", task.full_heading,
                                "本节事实清单为空，未请模型起草，按提纲留出待补充内容", task.section_id))
        return SectionResult(text=text, model=OFFLINE_MODEL, findings=_dedupe(findings + defects), asks=0)
    # The exemplar count is for models (the real-model eval picks it); the offline composer borrows
    # only number- and name-free formulas from its exemplars and keeps its own count.
    hits = retrieve(store, task, k=OFFLINE_EXEMPLARS if model.offline else settings.exemplars)
    raw_exemplars = [h.text for h in hits]
    task.exemplars = [style_only(t) for t in raw_exemplars]
    task.violation = None
    messages, prompt_tokens = build_messages(task, prompts_dir)
    replies = []
    attempt = dict(on_token=on_token, on_retry=on_retry, report=report, raw_exemplars=raw_exemplars, prompts_dir=prompts_dir, settings=settings)
    reply, text, findings, defects, violation = _attempt(task, model, messages, facts, **attempt)
    replies.append(reply)
    fallback = None
    if violation and not model.offline:
        # Ask once more, stating each problem; whatever comes back is held to the same gates.
        task.violation = violation
        messages, prompt_tokens = build_messages(task, prompts_dir)
        if on_retry is not None:
            on_retry(len(replies) + 1, "上一稿未通过检查，要求重写")
        reply, text, findings, defects, violation = _attempt(task, model, messages, facts, **attempt)
        replies.append(reply)
        findings.append(Finding("GATE_ASKED_AGAIN", "info", task.full_heading, "首稿未通过检查，已说明问题要求重写一次", task.section_id))
        if violation:
            fallback = _summary(defects) or "重写稿仍未通过检查"
            if on_retry is not None:
                on_retry(len(replies) + 1, "重写稿仍未通过检查，本节改用离线起草")
            text, findings, defects = _offline(task, facts, report, raw_exemplars, prompts_dir, on_token)
            findings.append(Finding(
                "GATE_FALLBACK", "warning", task.full_heading,
                f"模型两稿均未通过检查（{fallback}），本节改用离线起草，请人工润色", task.section_id,
            ))
    if not model.offline and fallback is None:
        text = with_missing_covers(text, task, prompts_dir)
    for f in defects:
        f.section_id = f.section_id or task.section_id
        f.location = f.location or task.full_heading
    if not text.strip() and not task.intro:
        text = placeholder(f"{task.full_heading}的具体内容")
    return SectionResult(
        text=text,
        model=OFFLINE_MODEL if fallback else replies[-1].model,
        tokens_in=sum(r.tokens_in for r in replies),
        tokens_out=sum(r.tokens_out for r in replies),
        tokens_cached=sum(getattr(r, "tokens_cached", None) or 0 for r in replies),
        seconds=sum(r.seconds for r in replies),
        prompt_tokens=prompt_tokens,
        sources=[source_of(h) for h in hits],
        findings=_dedupe(findings + defects),
        cached=all(r.cached for r in replies),
        attempts=sum(r.attempts for r in replies),
        asks=len(replies),
        fallback=fallback,
    )


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen, out = set(), []
    for f in findings:
        key = (f.code, f.message, f.span)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
