"""Draft a whole report: every section in parallel (bounded), each saved to draft.json as it finishes.

``run_draft(facts_path, settings, …) -> Draft``. With ``resume=`` (a draft.json), sections whose
status is ``done`` (and whose facts did not change) are kept; only the rest are drafted again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any, Literal

from ..config import Settings, redact_url
from ..draftio import commit_draft, load_draft
from ..errors import BiganError, InputError, ModelError
from ..store.protocol import Corpus
from ..types import Draft, Finding, SectionDraft, Version
from .assemble import PlannedSection, build_meta, plan_sections
from .events import DraftEvents, NullEvents
from ..schema.factsheet_io import load_factsheet
from .chat import ChatModel
from .model import get_model
from .offline import OFFLINE_NOTICE
from ..schema.outline import Outline, load_outline
from .prompts import prompt_version
from .section import ReportContext, SectionResult, draft_section, warm_up
from .whole import RunStats, bigan_version, grounding_facts, now, refresh_whole_draft

log = logging.getLogger(__name__)


def open_corpus(settings: Settings, events: DraftEvents | None = None) -> Corpus | None:
    """The corpus store, or None (with a warning) when it is missing, empty or broken."""
    def warn(msg: str) -> None:
        if events is not None:
            events.warning(msg)
        else:
            log.warning(msg)

    from ..store.corpus import open_store  # lazily: it loads chromadb

    try:
        store = open_store(settings)
        if not store.exists():
            warn(f"语料库为空或不存在（{redact_url(settings.chroma_url) or settings.store}），本次起草不使用范文；可先运行 bigan ingest")
            return None
        if store.count() == 0:
            warn("语料库中没有范文，本次起草不使用范文")
            return None
        return store
    except Exception as exc:  # noqa: BLE001 - drafting works without exemplars
        warn(f"语料库无法打开（{exc}），本次起草不使用范文")
        return None


def gate_problems(findings: list[Finding]) -> list[str]:
    """What keeps a section from a clean ✓: its errors and warnings, most serious first."""
    order = {"error": 0, "warning": 1}
    return [f.message for f in sorted(findings, key=lambda f: order.get(f.severity, 2)) if f.severity in order]


def _announce_limit(events: DraftEvents, start: int) -> Callable[[int, str], None]:
    """A lowered limit is worth a line (the endpoint takes fewer requests than configured)."""
    last = [start]

    def listener(limit: int, reason: str) -> None:
        lowered, last[0] = limit < last[0], limit
        if lowered:
            events.warning(f"模型服务{reason}，并发已降为 {limit}")

    return listener


def _apply(section: SectionDraft, result: SectionResult, pv: str) -> None:
    section.text = result.text
    section.status = "done"
    section.model = result.model
    section.tokens_in = result.tokens_in
    section.tokens_out = result.tokens_out
    section.seconds = round(result.seconds, 3)
    section.sources = result.sources
    section.findings = result.findings
    section.prompt_version = pv
    section.extra.pop("error", None)
    section.extra["prompt_tokens"] = result.prompt_tokens
    if result.cached:
        section.extra["cached"] = True
    section.extra.pop("fallback", None)
    if result.fallback:
        section.extra["fallback"] = result.fallback
    if result.asks > 1:
        section.extra["asks"] = result.asks
    original = Version(text=result.text, model=result.model, prompt_version=pv, at=now(), findings=list(result.findings))
    section.history = [original]
    section.current = -1


def run_draft(
    facts_path: str | Path | None,
    settings: Settings,
    *,
    outline: str | Path | Outline | None = None,
    model: ChatModel | None = None,
    json_path: str | Path | None = None,
    resume: str | Path | None = None,
    store: Corpus | Literal["auto"] | None = "auto",
    events: DraftEvents | None = None,
    stats: RunStats | None = None,
    based_on: str | Path | None = None,
) -> Draft:
    """Draft every section of the fact sheet; saves ``json_path`` after each finished section.
    ``based_on``: last year's report (file or stored source) whose structure and wording to keep.
    ``store``: the corpus of exemplars ("auto": the configured one, when it has any; None: none).
    ``events``: told of each section's progress (none: only the log hears warnings, and the model
    is not asked to stream)."""
    import time

    if based_on is not None:
        from .based_on import run_based_on

        if resume is not None or outline is not None:
            raise InputError("--based-on 不能与 --resume 或 --outline 同用（结构取自上年报告）", field="--based-on")
        if facts_path is None:
            raise InputError("缺少事实清单 (no fact sheet given)")
        return run_based_on(facts_path, based_on, settings, model=model, json_path=json_path, events=events, stats=stats)

    started = time.monotonic()
    stats = stats if stats is not None else RunStats()
    tell = events if events is not None else NullEvents()
    previous: Draft | None = None
    previous_snapshot: dict[str, Any] | None = None
    if resume is not None:
        previous = load_draft(resume)
        if json_path is None or Path(json_path).resolve() == Path(resume).resolve():
            previous_snapshot = previous.to_dict()
        facts_path = facts_path or previous.meta.facts_path
        outline = outline or (previous.meta.outline or None)
        json_path = json_path or resume
        if not facts_path:
            raise InputError("草稿中没有记录事实清单路径，请同时给出 FACTS.yaml", path=resume, field="meta.facts_path")
        beside = Path(resume).parent / Path(facts_path).name
        if not Path(facts_path).is_file() and beside.is_file():
            facts_path = beside  # recorded relative to another working directory
    if facts_path is None:
        raise InputError("缺少事实清单 (no fact sheet given)")

    outline_ref = str(outline) if outline is not None and not isinstance(outline, Outline) else ""
    sheet_outline = load_outline(outline, settings.prompts) if outline is not None else None
    sheet = load_factsheet(facts_path, sheet_outline, settings.prompts)
    the_outline = sheet_outline or load_outline(sheet.genre, settings.prompts)
    if the_outline.genre != sheet.genre:
        raise InputError(f"提纲体裁 {the_outline.genre} 与事实清单体裁 {sheet.genre} 不一致", path=facts_path, field="genre")

    model = model or get_model(settings)
    pv = prompt_version(settings.prompts)
    meta = build_meta(sheet, the_outline, outline_ref=outline_ref or sheet.genre)
    meta.facts_path = str(facts_path)
    meta.model = model.name
    meta.offline = model.offline
    meta.prompt_version = pv
    meta.created_at = now()
    meta.bigan_version = bigan_version()
    planned = plan_sections(sheet, the_outline, meta.title)
    draft = Draft(meta=meta, sections=[p.section for p in planned], facts=sheet.plain())
    if meta.offline:
        draft.extra["notice"] = OFFLINE_NOTICE
    draft.extra["settings"] = {k: v for k, v in settings.public_dict().items() if k in ("model", "base_url", "temperature", "concurrency")}

    if previous is not None:
        if previous.meta.genre != sheet.genre:
            raise InputError("续写的草稿与事实清单体裁不一致", path=resume, field="meta.genre")
        old = {s.id: s for s in previous.sections}
        for i, p in enumerate(planned):
            before = old.get(p.section.id)
            if before is not None and before.status == "done" and before.facts == p.section.facts and before.heading == p.section.heading:
                p.section = before
                draft.sections[i] = before
                stats.kept.append(before.id)
        draft.meta.created_at = previous.meta.created_at or draft.meta.created_at
        draft.meta.revision = previous.meta.revision

    lock = threading.Lock()
    # What this run last saw of json_path: a writer's edits there (the page, the terminal) are
    # merged into every save; a section the writer changed keeps the writer's version.
    seen: dict[str, Any] | None = previous_snapshot
    overruled: set[str] = set()

    def save() -> None:
        nonlocal seen
        if json_path is not None:
            with lock:
                report = commit_draft(draft, json_path, seen, replace=seen is None, keep_theirs=True)
                seen = draft.to_dict()
                for sid in set(report.overruled) - overruled:
                    overruled.add(sid)
                    tell.warning(f"章节 {sid} 已在别处修改，保留那边的版本，不写入本次起草结果", sid)

    todo: list[PlannedSection] = []
    for p in planned:
        if p.section.status == "done":
            tell.section_skipped(p.section.id, p.section.heading)
            continue
        if p.task.intro and not p.task.facts:
            # A parent whose body is only its sub-sections: nothing to write, nothing to ask.
            p.section.text, p.section.status, p.section.prompt_version = "", "done", pv
            p.section.model = model.name
            p.section.history = [Version(text="", model=model.name, prompt_version=pv, at=now())]
            continue
        p.section.status = "pending"
        todo.append(p)
    save()

    corpus = open_corpus(settings, events) if store == "auto" and todo else (None if store == "auto" else store)
    if todo:
        warm_up(todo[0].task, settings.prompts)
    facts_for_grounding = grounding_facts(sheet)
    report = ReportContext(
        allowed=facts_for_grounding,
        headings=[p.task.heading for p in planned if p.task.heading] + [meta.title],
        other_texts=lambda: [s.text for s in draft.sections if s.status == "done" and s.text],
    )

    def work(p: PlannedSection) -> SectionResult:
        began = time.monotonic()
        if events is not None:
            events.section_started(p.section.id, p.section.heading or p.task.full_heading)
            on_token = lambda piece: events.section_token(p.section.id, piece)  # noqa: E731
            on_retry = lambda attempt, reason: events.section_retry(p.section.id, attempt, reason)  # noqa: E731
        else:
            on_token = on_retry = None
        result = draft_section(
            p.task, model, settings=settings, store=corpus, grounding_facts=facts_for_grounding, on_token=on_token,
            prompts_dir=settings.prompts, on_retry=on_retry, report=report,
        )
        result.seconds = time.monotonic() - began  # the whole section: retrieve, prompt, model, ground
        return result

    workers = max(1, min(settings.concurrency, len(todo) or 1))
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="bigan-section")
    # The model's adaptive limit decides how many of these threads have a request in flight.
    limiter = getattr(model, "limiter", None)
    unsubscribe = limiter.subscribe(_announce_limit(events, limiter.limit)) if limiter is not None and events is not None else None
    futures = {pool.submit(work, p): p for p in todo}
    try:
        for future in as_completed(futures):
            p = futures[future]
            try:
                result = future.result()
            except BiganError as exc:
                with lock:
                    if p.section.id in overruled:
                        continue
                    p.section.status = "failed"
                    p.section.extra["error"] = exc.message
                stats.failed[p.section.id] = exc.message
                tell.section_failed(p.section.id, exc.message)
                save()
                continue
            with lock:
                if p.section.id in overruled:
                    continue
                _apply(p.section, result, pv)
            stats.drafted.append(p.section.id)
            stats.section_seconds[p.section.id] = result.seconds
            stats.prompt_tokens[p.section.id] = result.prompt_tokens
            if result.cached:
                stats.cached.append(p.section.id)
            if result.fallback:
                stats.fallbacks[p.section.id] = result.fallback
            if result.asks > 1:
                stats.asked_again.append(p.section.id)
            stats.tokens_in[p.section.id] = result.tokens_in
            stats.tokens_out[p.section.id] = result.tokens_out
            stats.tokens_cached[p.section.id] = result.tokens_cached
            tell.section_done(p.section.id, seconds=result.seconds, chars=len(result.text), fallback=result.fallback,
                              problems=gate_problems(result.findings))
            save()
    except BaseException:
        # Ctrl-C or a bug: stop queued sections; finished ones are already in draft.json for --resume.
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        if unsubscribe is not None:
            unsubscribe()
    pool.shutdown(wait=True)
    if limiter is not None:
        stats.concurrency = limiter.limit
        stats.concurrency_lowest = limiter.lowest

    refresh_whole_draft(draft, sheet, the_outline, settings.prompts)
    stats.wall_s = time.monotonic() - started
    save()
    if stats.failed:
        first = next(iter(stats.failed.values()))
        where = f"，可运行 bigan draft --resume {json_path} 续写" if json_path else ""
        raise ModelError(f"{len(stats.failed)} 个章节起草失败（{first}）{where}", path=json_path)
    return draft
