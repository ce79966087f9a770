"""One section: retrieve exemplars ▶ prompt within a token budget ▶ model ▶ clean ▶ ground ▶ check."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from ..checks import check_section
from ..checks.grounding import ground_text
from ..config import Settings
from ..store.tokens import count_tokens, truncate_tokens
from ..types import Finding, SearchHit, Source, placeholder
from . import prompts
from .model import ChatModel, Message, OnRetry, OnToken
from .task import SectionTask

log = logging.getLogger(__name__)

EXEMPLARS_K = 3
EXEMPLAR_TOKENS = 500  # each exemplar is cut to this
PROMPT_BUDGET = 4000  # tokens for system + section prompt; exemplars are dropped to fit


# --------------------------------------------------------------------------- retrieval


def retrieve(store: Any, task: SectionTask, k: int = EXEMPLARS_K) -> list[SearchHit]:
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


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
_BULLET = re.compile(r"^\s*(?:[-*+•·]\s+|\d{1,2}[.)、](?!\d)\s*(?=\S))")  # not 1.5万
_EMPHASIS = re.compile(r"(\*\*|__|\*|`{1,3})")
_MARKER_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")
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
        if _MD_HEADING.match(line):
            stripped_markdown += 1
            heading = _MD_HEADING.sub("", line).strip(" *")
            # A heading line is structure, which belongs to code: drop it.
            if not heading or len(heading) <= 30:
                continue
            line = heading
        if task.heading and _MARKER_HEADING.sub("", line).strip("。 ") == task.heading.strip("。 "):
            continue  # the model repeated our heading
        if _BULLET.match(line):
            stripped_markdown += 1
            line = _BULLET.sub("", line)
        if _EMPHASIS.search(line):
            stripped_markdown += 1
            line = _EMPHASIS.sub("", line)
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


def copied_passages(text: str, task: SectionTask) -> list[Finding]:
    """Passages copied from this section's exemplars, by the one checker.

    Only copy findings are kept here: every other check runs once over the whole draft
    (``check_draft``), so a finding is not reported twice.
    """
    if not task.exemplars or not text:
        return []
    try:
        found = check_section(text, year=task.year, corpus=list(task.exemplars))
    except Exception as exc:  # noqa: BLE001 - a checker bug must not lose a drafted section
        log.warning("检查照抄时出错：%s", exc)
        return []
    out = []
    for f in found:
        if f.code.startswith("COPY"):
            f.section_id = task.section_id
            f.location = f.location or task.full_heading
            out.append(f)
    return out


def is_grounding_violation(f: Finding) -> bool:
    return f.code.startswith("GROUNDING_") or f.code.startswith("PLACEHOLDER_LEGACY")


# --------------------------------------------------------------------------- the section


def warm_up(task: SectionTask, prompts_dir=None) -> None:
    """Load the tokenizer, templates and checker once, before parallel sections race to do it."""
    build_messages(task, prompts_dir)
    ground("", [], task)


@dataclass
class SectionResult:
    text: str
    model: str
    tokens_in: int = 0
    tokens_out: int = 0
    seconds: float = 0.0
    prompt_tokens: int = 0
    sources: list[Source] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    cached: bool = False
    attempts: int = 1


def draft_section(
    task: SectionTask,
    model: ChatModel,
    *,
    settings: Settings | None = None,
    store: Any = None,
    grounding_facts: list[str] | None = None,
    on_token: OnToken | None = None,
    prompts_dir=None,
    on_retry: OnRetry | None = None,
) -> SectionResult:
    """Write one section's body. ``grounding_facts``: every number the section may state.
    ``on_retry(attempt, reason)``: the text streamed to ``on_token`` so far is void (a cut stream
    retried, or the section asked again after inventing a number)."""
    settings = settings or Settings()
    facts = grounding_facts if grounding_facts is not None else task.facts
    hits = retrieve(store, task)
    task.exemplars = [h.text for h in hits]
    messages, prompt_tokens = build_messages(task, prompts_dir or settings.prompts)
    # on_retry only when someone listens: a ChatModel written before it existed still works.
    retry_kw = {"on_retry": on_retry} if on_retry is not None else {}
    reply = model.generate(messages, on_token=on_token, task=task, **retry_kw)
    text, findings = clean_reply(reply.text, task)
    grounded, ground_findings = ground(text, facts, task)
    total = reply
    if settings.regenerate_on_violation and any(is_grounding_violation(f) for f in ground_findings) and not model.offline:
        # Ask once more, stating the violation; whatever comes back is grounded again.
        task.violation = "；".join(f.message for f in ground_findings[:5]) + "。数字只能来自所给事实。"
        messages, prompt_tokens = build_messages(task, prompts_dir or settings.prompts)
        if on_retry is not None:
            on_retry(2, "首稿出现事实中没有的数字，要求重写")
        total = model.generate(messages, on_token=on_token, task=task, **retry_kw)
        text, findings = clean_reply(total.text, task)
        grounded, ground_findings = ground(text, facts, task)
        findings.append(Finding("GROUNDING_REGENERATED", "info", task.full_heading, "首稿出现事实中没有的数字，已要求重写一次", task.section_id))
    if total.finish_reason == "length":
        findings.append(Finding("MODEL_LENGTH_LIMIT", "warning", task.full_heading,
                                "模型输出达到长度上限，本节可能不完整", task.section_id))
    for f in ground_findings:
        f.section_id = f.section_id or task.section_id
        f.location = f.location or task.full_heading
    if not grounded.strip() and not task.intro:
        grounded = placeholder(f"{task.full_heading}的具体内容")
    ground_findings += copied_passages(grounded, task)
    return SectionResult(
        text=grounded,
        model=total.model,
        tokens_in=reply.tokens_in + (total.tokens_in if total is not reply else 0),
        tokens_out=reply.tokens_out + (total.tokens_out if total is not reply else 0),
        seconds=reply.seconds + (total.seconds if total is not reply else 0.0),
        prompt_tokens=prompt_tokens,
        sources=[source_of(h) for h in hits],
        findings=findings + ground_findings,
        cached=reply.cached,
        attempts=reply.attempts,
    )
