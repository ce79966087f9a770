"""With a model: each part of last year's report rewritten into this year's (prompts/based_on.md).

Through the one model door (``ChatModel.generate``); the reply is cleaned like any section
(``section.clean_reply``), then guarded: a clause naming a dated event of last year that this
year's facts do not state is taken out, and ``based_on._section`` grounds every number against
this year's facts (so a number of last year the model kept becomes 【待补充：…】). Each part is
held to the section gates (``checks.gates``) with last year's text as the same unit's own words (no
copy or foreign-name source): its facts all used, no leaked labels or numbering, nothing repeated.
A part that fails is asked once more with the problems stated; a part that fails again, or whose
call fails, keeps its offline text with a warning, so one bad reply never loses the draft.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor

from ..checks.grounding import sheet_context
from ..config import Settings
from ..errors import BiganError
from ..types import GENRE_NAMES, Finding
from . import prompts
from .carry_over import FactPool, YearContext, _clauses, _stale_event, split_sentences
from .events import DraftEvents, NullEvents
from .chat import ChatModel
from ..schema.factsheet import FactSheet
from .section import clean_reply
from .task import SectionTask

log = logging.getLogger(__name__)


def drop_last_year_events(text: str, facts: list[str], campaigns: list = ()) -> tuple[str, list[str]]:
    """The text without clauses naming a dated event of last year (a date, a campaign of
    ``campaigns``: timeline.yaml's) that ``facts`` do not state; and the events taken out."""
    pool = FactPool(list(facts))
    paragraphs: list[str] = []
    events: list[str] = []
    for paragraph in text.split("\n"):
        out: list[str] = []
        for sentence in split_sentences(paragraph):
            kept = []
            for clause, stop in _clauses(sentence):
                event = _stale_event(clause, pool, list(campaigns))
                if event:
                    events.append(event)
                else:
                    kept.append(clause + stop)
            body = "".join(kept).rstrip("，；：,;: ")
            if len(body) >= 4:
                out.append(body + ("" if body.endswith(("。", "！", "？")) else "。"))
        if out:
            paragraphs.append("".join(out))
    return "\n".join(paragraphs), events


def _task(part, parent_heading: str | None, sheet: FactSheet, title: str) -> SectionTask:
    return SectionTask(
        genre=sheet.genre, genre_name=GENRE_NAMES.get(sheet.genre, sheet.genre), unit=sheet.unit, year=sheet.year,
        title=title, section_id=part.id, heading=part.heading, role=part.role, level=part.level,
        parent_id=part.parent, parent_heading=parent_heading, facts=list(part.facts),
    )


class _GateFailed(Exception):
    """A part's two replies both failed the section gates: its offline text stays."""


def _reply(model: ChatModel, system: str, user: str, task: SectionTask, part, allowed: list[str], headings: list[str],
           settings: Settings, campaigns: list = ()):
    """One reply, cleaned, last year's dated events taken out, held to the section gates."""
    from ..checks.gates import GateContext, gate_section

    reply = model.generate([{"role": "system", "content": system}, {"role": "user", "content": user}], task=task)
    text, found = clean_reply(reply.text, task)
    text, events = drop_last_year_events(text, part.facts, campaigns)
    if events:
        found.append(Finding("BASED_ON_LAST_YEAR_EVENT", "warning", task.full_heading,
                             f"模型沿用了上年的时间性事项（{'、'.join(events)}），已删去", part.id))
    ctx = GateContext(
        section_id=part.id, full_heading=task.full_heading, facts=list(part.facts), allowed=allowed, unit=task.unit,
        title=task.title, headings=headings, year=task.year, intro=bool(part.children) and not part.facts,
        prompts=settings.prompts,
    )
    gate = gate_section(text, ctx)
    return gate.text, found + [f for f in gate.findings if f.severity != "error"], gate


def rewrite_parts(parts, carried: dict[str, list[str]], sheet: FactSheet, years: YearContext, model: ChatModel,
                  settings: Settings, *, title: str = "", events: DraftEvents | None = None) -> tuple[dict[str, list[str]], dict[str, list[Finding]]]:
    """Every part's text from the model (its offline text where the call fails), and findings."""
    headings = {p.id: p.heading for p in parts}
    all_headings = [p.heading for top in parts for p in [top, *top.children] if p.heading] + [title]
    allowed = [*sheet.all_facts(), *(str(x) for x in sheet_context(sheet))]
    todo = [(p, headings.get(p.parent)) for top in parts for p in [top, *top.children] if p.paragraphs or p.facts]
    texts = dict(carried)
    findings: dict[str, list[Finding]] = {}
    tell = events if events is not None else NullEvents()

    def work(item):
        part, parent_heading = item
        began = time.monotonic()
        task = _task(part, parent_heading, sheet, title)
        tell.section_started(part.id, task.full_heading)
        system = prompts.render("system", settings.prompts, **task.prompt_vars())
        user = prompts.render(
            "based_on", settings.prompts, **task.prompt_vars(), last_year=years.last, model_text=list(part.paragraphs),
        )
        text, found, gate = _reply(model, system, user, task, part, allowed, all_headings, settings, years.campaigns)
        if gate.failed:
            again = f"{user}\n\n{gate.problems()}"
            text, found, gate = _reply(model, system, again, task, part, allowed, all_headings, settings, years.campaigns)
            if gate.failed:
                raise _GateFailed(gate.problems())
        tell.section_done(part.id, seconds=time.monotonic() - began, chars=len(text))
        return part, text, found

    with ThreadPoolExecutor(max_workers=max(1, min(settings.concurrency, len(todo) or 1)), thread_name_prefix="bigan-based-on") as pool:
        futures = [pool.submit(work, item) for item in todo]
        for (part, _), future in zip(todo, futures):
            try:
                _, text, found = future.result()
            except _GateFailed as failed:
                findings[part.id] = [Finding("BASED_ON_GATE_FALLBACK", "warning", part.heading,
                                             f"模型两稿均未通过检查（{failed.args[0][:120]}），本部分为离线稿", part.id)]
                tell.section_done(part.id, seconds=0.0, chars=0, fallback=failed.args[0])
                continue
            except BiganError as exc:
                log.warning("改写“%s”失败（%s），保留离线稿", part.heading, exc.message)
                findings[part.id] = [Finding("BASED_ON_MODEL_FAILED", "warning", part.heading,
                                             f"模型改写失败（{exc.message}），本部分为离线稿", part.id)]
                tell.section_failed(part.id, exc.message)
                continue
            if text.strip():
                texts[part.id] = text.split("\n")
            findings[part.id] = found
    return texts, findings
