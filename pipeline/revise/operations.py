"""What a writer can do to a draft, section by section. Every change is grounded and checked.

All functions take a loaded ``Draft`` and change it in memory; ``save`` writes it atomically and
bumps ``meta.revision`` (the web page's conflict check relies on that number).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..draftio import commit_draft, load_draft
from ..config import require_model
from ..errors import InputError
from ..text.markdown import FENCE_LINES, HEADING_LINES
from ..types import Draft, Finding, SectionDraft, Source, Version
from . import bridge, history
from .checking import check_hand_edit, ground_and_check, merge_findings, section_location
from .diff import DiffOp, char_diff

if TYPE_CHECKING:
    from ..config import Settings
    from .bridge import ChatModel, Corpus, OnRetry, OnToken

CANDIDATE_SOURCES = "candidate_sources"
SEEN_EXEMPLARS = "seen_exemplars"
OFFLINE_MESSAGE = (
    "按指令修改需要模型接口（--model 或环境变量 BIGAN_MODEL、OPENAI_BASE_URL）。"
    "离线时可以：换范文重写（regenerate）、手工编辑（edit）、修改事实后重写（facts）。"
)


# --------------------------------------------------------------------------- load / save


def load(path: str | Path) -> Draft:
    draft = load_draft(path)
    for s in draft.sections:
        history.ensure_history(s)
    return draft


def save(draft: Draft, path: str | Path, base: dict[str, Any] | None = None) -> int:
    """Atomic write under the draft's lock; returns the new revision number.

    ``base`` is ``draft.to_dict()`` as loaded: what other processes saved since then is merged in,
    and a change to a section they changed too raises ConflictError (nothing written). Without it
    the file must still be at the draft's revision. Afterwards ``draft`` is what the file holds.
    Every change to a draft passes here, so the whole-draft findings and unused facts are
    recomputed here, over the merged texts."""

    def prepare(merged: Draft) -> None:
        for s in merged.sections:
            history.ensure_history(s)
        bridge.refresh_whole_draft(merged)

    commit_draft(draft, path, base, prepare=prepare)
    return draft.meta.revision


def section(draft: Draft, section_id: str) -> SectionDraft:
    try:
        s = draft.section(section_id)
    except KeyError:
        ids = "、".join(x.id for x in draft.sections)
        raise InputError(f"没有章节 {section_id!r}，可选：{ids}", field="section") from None
    history.ensure_history(s)
    return s


# --------------------------------------------------------------------------- model output


def _simple_clean(text: str, sec: SectionDraft) -> str:
    """Fallback cleaner for a section the planner no longer knows: keep the body only."""
    text = HEADING_LINES.sub("", FENCE_LINES.sub("", text))
    lines = [ln.strip().replace("**", "") for ln in text.replace("\r\n", "\n").split("\n")]
    if lines and sec.heading and lines[0].rstrip("。：:") == sec.heading:
        lines = lines[1:]
    return "\n".join(ln for ln in lines if ln)


def clean_reply(text: str, draft: Draft, sec: SectionDraft) -> tuple[str, list[Finding]]:
    """Drafting's cleaner (headings and numbering belong to code, not to the model)."""
    from . import redraft

    try:
        task = redraft.section_task(draft, sec)
    except (InputError, ValueError):
        return _simple_clean(text, sec), []
    return bridge.clean(text, task)


def _limits(draft: Draft, sec: SectionDraft) -> tuple[int, int]:
    """Drafting's output limits for this section (generous ones for a section the plan lost)."""
    from . import redraft

    try:
        return bridge.output_limits(redraft.section_task(draft, sec))
    except (InputError, ValueError):
        return 2000, 2500


def revise_messages(draft: Draft, sec: SectionDraft, instruction: str) -> list[dict[str, str]]:
    from . import prompt

    siblings = [s.heading for s in draft.sections if s.id != sec.id and s.heading]
    return prompt.render_revise(
        title=draft.meta.title,
        genre=draft.meta.genre,
        unit=draft.meta.unit,
        year=str(draft.meta.year),
        heading=sec.heading or "（无标题段落）",
        siblings="、".join(siblings) or "（无）",
        facts="\n".join(f"- {f}" for f in (sec.facts or bridge.all_facts(draft))) or "（无）",
        text=sec.text,
        instruction=instruction,
    )


# --------------------------------------------------------------------------- operations


def propose_revision(draft: Draft, section_id: str, instruction: str, model: ChatModel, *,
                     on_token: OnToken | None = None, on_retry: OnRetry | None = None) -> Version:
    """Ask the model to revise a section; the grounded, checked result waits as the candidate.
    ``on_retry(attempt, reason)``: a cut stream is asked again; the tokens streamed so far are void."""
    from . import prompt

    instruction = instruction.strip()
    if not instruction:
        raise InputError("修改指令不能为空 (empty instruction)", field="instruction")
    sec = section(draft, section_id)
    require_model(model, OFFLINE_MESSAGE)
    max_tokens, max_chars = _limits(draft, sec)
    reply = model.generate(revise_messages(draft, sec, instruction), on_token=on_token, on_retry=on_retry,
                           max_tokens=max_tokens, max_chars=max_chars)
    body, cleaning = clean_reply(reply.text, draft, sec)
    if not body:
        from ..errors import ModelError

        raise ModelError("模型返回了空的修改稿 (empty reply)", field=section_id)
    body, gated = bridge.gate(draft, sec, body)
    body, findings = ground_and_check(draft, sec, body)
    findings = merge_findings(merge_findings(cleaning, gated), findings)
    if reply.finish_reason in ("runaway", "length"):
        why = getattr(reply, "defect", None) or "输出超长"
        findings.append(Finding("MODEL_RUNAWAY", "warning", section_location(sec), f"模型输出异常（{why}），已截断，请核对", sec.id))
    version = Version(
        text=body,
        instruction=instruction,
        model=getattr(reply, "model", "") or "",
        prompt_version=prompt.revise_prompt_version(),
        findings=findings,
        kind="revise",
    )
    history.set_candidate(sec, version)
    sec.extra.pop(CANDIDATE_SOURCES, None)
    return version


def edit_text(draft: Draft, section_id: str, text: str) -> Version:
    """The writer's own text becomes the current version at once (checked, not rewritten)."""
    sec = section(draft, section_id)
    text = "\n".join(p.strip() for p in text.replace("\r\n", "\n").split("\n") if p.strip())
    if text == sec.text:
        raise InputError("文本没有变化 (no change)", field=section_id)
    version = Version(text=text, instruction="手工编辑", model="", findings=check_hand_edit(draft, sec, text), kind="edit")
    history.append_version(sec, version)
    return version


def accept(draft: Draft, section_id: str) -> int:
    sec = section(draft, section_id)
    index = history.accept(sec)
    sources = sec.extra.pop(CANDIDATE_SOURCES, None)
    if sources is not None:  # a regenerated version was written from these exemplars
        sec.sources = [Source(**s) for s in sources]
    return index


def reject(draft: Draft, section_id: str) -> Version:
    sec = section(draft, section_id)
    sec.extra.pop(CANDIDATE_SOURCES, None)
    return history.reject(sec)


def undo(draft: Draft, section_id: str) -> int:
    return history.undo(section(draft, section_id))


def redo(draft: Draft, section_id: str) -> int:
    return history.redo(section(draft, section_id))


def diff(draft: Draft, section_id: str, a: int | str = "current", b: int | str = "candidate") -> list[DiffOp]:
    sec = section(draft, section_id)
    return char_diff(history.version_at(sec, a).text, history.version_at(sec, b).text)


# --------------------------------------------------------------------------- regenerate and facts


def propose_regenerate(draft: Draft, section_id: str, settings: Settings, *, model: ChatModel | None = None,
                       store: Corpus | None = None, on_token: OnToken | None = None, on_retry: OnRetry | None = None) -> Version:
    """Redraft a section from exemplars it was not drafted with (works offline too)."""
    from . import redraft

    sec = section(draft, section_id)
    # Every exemplar any version of this section was written from is skipped, so each
    # regeneration draws on new ones (drafting falls back to other genres, then to none).
    seen = {s.id for s in sec.sources} | set(sec.extra.get(SEEN_EXEMPLARS, []))
    seen |= {s["id"] for s in sec.extra.get(CANDIDATE_SOURCES, [])}
    result = redraft.redraft_section(
        draft, sec, settings, model=model, store=store, on_token=on_token, on_retry=on_retry,
        exclude_ids=tuple(sorted(seen)),
    )
    sec.extra[SEEN_EXEMPLARS] = sorted(seen | {s.id for s in result.sources})
    if result.text == sec.text:
        why = (
            "语料库中没有其他可用的范文（可先 bigan ingest 更多范文）"
            if not result.sources
            else "离线起草器主要依据事实清单拼装，换了范文正文也没有变化（配置模型后可按指令修改）"
        )
        raise InputError(f"换范文重写的结果与当前版本相同：{why}；也可手工编辑。", field=section_id)
    version = result.version("换范文重写", "regenerate")
    history.set_candidate(sec, version)
    sec.extra[CANDIDATE_SOURCES] = [asdict(s) for s in result.sources]
    return version


@dataclass
class FactsUpdate:
    changed: list[str] = field(default_factory=list)  # section ids recomposed
    unmatched: list[str] = field(default_factory=list)  # ids in the sheet without a drafted section


def parse_facts_yaml(text: str) -> dict[str, Any]:
    """Validate an edited fact sheet (YAML) and return it as plain data."""
    from pydantic import ValidationError

    from ..schema.factsheet import FactSheet
    from ..schema.yamlio import parse_yaml

    data, _ = parse_yaml(text, "facts")  # the one YAML reader: aliases bounded like a fact sheet file's
    if not isinstance(data, dict):
        raise InputError("事实清单应为键值映射 (a mapping)", path="facts")
    try:
        return FactSheet.model_validate(data).plain()
    except ValidationError as exc:
        err = exc.errors()[0]
        raise InputError(err["msg"], path="facts", field=".".join(str(p) for p in err["loc"])) from None


def facts_yaml(draft: Draft) -> str:
    import yaml

    return yaml.safe_dump(draft.facts, allow_unicode=True, sort_keys=False, width=1000)


def update_facts(draft: Draft, facts: dict[str, Any], settings: Settings, *, model: ChatModel | None = None,
                 store: Corpus | None = None) -> FactsUpdate:
    """Replace the fact sheet, then recompose every section whose facts changed (new versions)."""
    from ..schema.factsheet import FactSheet
    from . import redraft

    sheet = FactSheet.model_validate(facts)
    if sheet.genre != draft.meta.genre:
        raise InputError("不能在修改事实时更换体裁 (genre cannot change)", path="facts", field="genre")
    draft.facts = sheet.plain()
    planned = redraft.plan(draft)
    out = FactsUpdate()
    ids = {s.id for s in draft.sections}
    out.unmatched = [k for k in planned if k not in ids]
    for sec in draft.sections:
        history.ensure_history(sec)
        wanted = planned[sec.id].section.facts if sec.id in planned else []
        if wanted == list(sec.facts):
            continue
        sec.facts = list(wanted)
        result = redraft.redraft_section(draft, sec, settings, model=model, store=store)
        history.append_version(sec, result.version("事实更新后重写", "facts"))
        if result.sources:
            sec.sources = list(result.sources)
        out.changed.append(sec.id)
    return out
