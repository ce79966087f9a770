"""The one checker: used by `bigan check`, drafting (grounding), revision and evals.

Finding codes (stable; the prefix is the category):

| code | severity | what |
|---|---|---|
| STRUCTURE_SECTION_MISSING / _EXTRA / _ORDER | error / warning / warning | against the outline |
| STRUCTURE_NUMBER_SKIPPED / _REPEATED / _RESTARTED | error | numbering slips |
| STRUCTURE_MARKER_MISUSED | warning | 1、 for 1. ; 一. ; （一）、 ; half-width (一) |
| STRUCTURE_LEVEL_SKIPPED | warning | 1. directly under 一、 |
| STRUCTURE_HEADING_TOO_LONG | warning | heading over 40 characters |
| PLACEHOLDER_CANONICAL | warning | 【待补充：…】 left in a draft for submission |
| PLACEHOLDER_LEGACY | error | X, XX, 20XX, x余, *, ×, 〇 … |
| GROUNDING_UNKNOWN_NUMBER | error | a number not in the fact sheet |
| GROUNDING_UNUSED_FACT | warning | a fact the text never uses |
| TERMS_WRONG_FORM | error | a wrong or truncated political term |
| TIME_ANACHRONISM | error | cited before it existed |
| TIME_OUTDATED_GUIDANCE / TIME_CAMPAIGN_YEAR | error | superseded guidance; a campaign of another year |
| COPY_PASSAGE | warning (error in a draft) | a long passage identical to a corpus document or exemplar |
| LENGTH_OUT_OF_RANGE | warning | a section outside its outline's range |

Per-section quality gates (gates.py; drafting repairs what it safely can, ``bigan check`` on a
draft.json reports what is left; .docx/.txt/.md get only the prompt-label check, as a warning):

| code | severity | what |
|---|---|---|
| GROUNDING_UNUSED_FACT | error in a draft, warning in a document | a section's fact whose numbers or key words are missing |
| GROUNDING_FACT_ALTERED | warning (info when restored) | a fact's word with a character lost (善处置 for 妥善处置) |
| NAMES_FOREIGN | error | a unit, place or person of the exemplars/corpus that the fact sheet does not have |
| MARKUP_LABEL | error (info when stripped) | 【范文1】, 【事实】, an empty 【待补充：】, any other 【…】 |
| MARKUP_HEADING_ECHO | error (info when dropped) | the title or a heading echoed as a body line |
| MARKUP_NUMBERING | error | 一、 （一） 1. at a body line's start: the model's own structure |
| MARKUP_MARKDOWN | error (info when stripped) | # headings, **bold**, bullets, fences, tables |
| PLACEHOLDER_WRAPPED_FACT | warning (info when unwrapped) | a fact wrapped in 【待补充：…】 |
| REPEAT_SENTENCE | error | the same sentence twice in a section |
| REPEAT_ACROSS_SECTIONS | warning | a sentence another section already has |
| CLAIM_UNSUPPORTED | warning | a claim (status, duties, structure, honours, documents) in no fact and no stock phrasing |
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from ..errors import InputError
from ..types import Document, Draft, Finding, SectionDraft
from .copying import COPY_MIN_CHARS, CopyIndex, CorpusInput, copy_index, corpus_index, source_texts
from .grounding import Facts, allowed_numbers, context_allowed, facts_as_strings, sheet_context, ungrounded_against, unused_facts
from .markup import prompt_labels
from ..text.placeholders import find_canonical, find_legacy
from .length import check_lengths, check_section_length
from .structure import Node, check_numbering, check_outline, nodes_from_draft, nodes_from_sections
from .terms import find_term_slips
from .timeline import find_time_slips, load_timeline
from .vocab import load_vocab
from ..text.terms import load_terms

if TYPE_CHECKING:
    import datetime as dt

    from ..schema.outline import Outline
    from .gates import GateContext

# An outline as callers give it: loaded, or a genre id / outline file to load.
OutlineRef: TypeAlias = "Outline | str | Path | None"

__all__ = [
    "check_draft",
    "check_section",
    "check_file",
    "check_text",
    "summarize",
    "CheckContext",
    "COPY_MIN_CHARS",
    "copy_index",
    "source_texts",
]

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass
class CheckContext:
    """What every text check needs, prepared once per check run."""

    year: int | None = None
    date: dt.date | str | None = None
    allowed: list | None = None  # NumberMentions from facts + context; None = no grounding
    copy_index: CopyIndex | None = None
    labels: bool = False  # report prompt labels (【范文1】) here; a draft's gates do it per section
    prompts: str | Path | None = None  # folder of terms.yaml, timeline.yaml, gates.yaml … (default: shipped)


def _category_findings(
    text: str, ctx: CheckContext, location: str, section_id: str | None, offset: int = 0
) -> list[Finding]:
    out: list[Finding] = []

    def add(code: str, severity: str, message: str, start: int, end: int) -> None:
        out.append(Finding(code, severity, location, message, section_id, (offset + start, offset + end)))

    for ph in find_legacy(text):
        add("PLACEHOLDER_LEGACY", "error", f"旧式占位符“{ph.text}”：请填写实际内容或改为【待补充：…】", ph.start, ph.end)
    for ph in find_canonical(text):
        add("PLACEHOLDER_CANONICAL", "warning", f"待补充内容{ph.text}尚未填写（报送前须补齐）", ph.start, ph.end)
    if ctx.allowed is not None:
        for n in ungrounded_against(text, ctx.allowed):
            add("GROUNDING_UNKNOWN_NUMBER", "error", f"数字“{n.text}”不在事实清单中", n.start, n.end)
    for slip in find_term_slips(text, ctx.year, load_terms(prompts=ctx.prompts)):
        add("TERMS_WRONG_FORM", "error", slip.message, slip.start, slip.end)
    for slip in find_time_slips(text, ctx.year, ctx.date, load_timeline(prompts=ctx.prompts)):
        add(slip.code, slip.severity, slip.message, slip.start, slip.end)
    if ctx.labels:
        for start, end, label in prompt_labels(text, load_vocab(ctx.prompts)):
            add("MARKUP_LABEL", "warning", f"“{label}”是起草提示中的标签，正文不应出现", start, end)
    if ctx.copy_index:
        for start, end, source in ctx.copy_index.passages(text):
            n = sum(1 for ch in text[start:end] if not ch.isspace())
            add("COPY_PASSAGE", "warning", f"有{n}字与语料“{Path(source).name}”完全相同（疑似照抄）", start, end)
    return out


def check_text(
    text: str,
    *,
    facts: Facts = None,
    year: int | None = None,
    date: dt.date | str | None = None,
    corpus: CorpusInput = None,
    location: str = "",
    section_id: str | None = None,
    prompts: str | Path | None = None,
) -> list[Finding]:
    """Placeholders, grounding (when ``facts`` is given), terms, time and copying for one text."""
    ctx = _context(facts, year, date, None, corpus, prompts=prompts)
    return _category_findings(text, ctx, location, section_id)


def _context(
    facts: Facts, year: int | None, date: dt.date | str | None, period: str | None, corpus: CorpusInput, exclude: str | None = None,
    extra: Iterable[Any] = (), *, prompts: str | Path | None = None,
) -> CheckContext:
    allowed = None
    if facts is not None:
        context = [*context_allowed(year, date, period), *sheet_context(facts), *[e for e in extra if e]]
        allowed = allowed_numbers(facts_as_strings(facts), context)
    return CheckContext(year=year, date=date, allowed=allowed, copy_index=corpus_index(corpus, exclude), prompts=prompts)


def _paragraph_findings(node: Node, ctx: CheckContext) -> list[Finding]:
    out: list[Finding] = []
    if node.heading:
        out += _category_findings(node.heading, ctx, f"{node.label}（标题）", node.section_id)
    offset = 0
    for i, para in enumerate(node.paragraphs, start=1):
        loc = f"{node.label} 第{i}段" if node.label else f"第{i}段"
        out += _category_findings(para, ctx, loc, node.section_id, offset)
        offset += len(para) + 1
    return out


def _load_outline(outline: OutlineRef, quiet: bool, prompts: str | Path | None = None) -> Outline | None:
    if outline is None or not isinstance(outline, (str, Path)):
        return outline
    from ..schema.outline import load_outline

    try:
        return load_outline(str(outline), prompts)
    except Exception:
        if quiet:
            return None
        raise


def _texts_of(nodes: list[Node]) -> list[str]:
    return [t for root in nodes for n in root.walk() for t in [n.heading, *n.paragraphs] if t]


def _check_tree(
    nodes: list[Node],
    extra_blocks: list[tuple[str, str]],
    *,
    facts: Facts,
    outline: Outline | None,
    year: int | None,
    date: dt.date | str | None,
    period: str | None,
    corpus: CorpusInput,
    exclude: str | None = None,
    extra: Iterable[Any] = (),
    drafted: Draft | None = None,
    prompts: str | Path | None = None,
) -> list[Finding]:
    """``drafted``: the Draft the nodes come from — its sections then pass the per-section gates
    (copying, foreign names, markup, coverage, repetition, claims) as ``bigan check`` judges a
    model's draft: copying and unused facts are errors there."""
    ctx = _context(facts, year, date, period, corpus, exclude, extra, prompts=prompts)
    text_ctx = replace(ctx, copy_index=None) if drafted is not None else replace(ctx, labels=True)
    findings: list[Finding] = []
    for label, text in extra_blocks:
        if text:
            findings += _category_findings(text, text_ctx, label, None)
    for root in nodes:
        for node in root.walk():
            findings += _paragraph_findings(node, text_ctx)
    findings += check_numbering(nodes)
    if outline is not None:
        findings += check_outline(nodes, outline)
        findings += check_lengths(nodes, outline)
    if facts is not None:
        texts = _texts_of(nodes) + [t for _, t in extra_blocks]
        own = [f for s in (drafted.sections if drafted is not None else []) for f in s.facts]
        for fact in unused_facts(texts, facts, vocab=load_vocab(prompts)):
            if any(fact in f for f in own):
                continue  # judged in its own section by the gates
            severity = "error" if drafted is not None else "warning"
            findings.append(Finding("GROUNDING_UNUSED_FACT", severity, "全文", _unused_message(fact, texts)))
    if drafted is not None:
        findings += _gate_findings(drafted, facts, outline, ctx.copy_index, prompts)
    return findings


def _gate_findings(draft: Draft, facts: Facts, outline: Outline | None, corpus: CopyIndex | None,
                   prompts: str | Path | None = None) -> list[Finding]:
    """The per-section gates over a draft's sections as they stand (nothing repaired)."""
    from .gates import draft_contexts, gate_section

    labels = {n.section_id: n.label for root in nodes_from_draft(draft) for n in root.walk()}
    out: list[Finding] = []
    for section, gctx in draft_contexts(draft, facts, outline, corpus, prompts=prompts):
        for f in gate_section(section.text or "", gctx, repair_text=False).findings:
            f.location = labels.get(section.id) or f.location
            out.append(f)
    return out


def _unused_message(fact: str, texts: list[str]) -> str:
    """Say which of a fact's numbers never appear when some of them do (a misquoted number)."""
    from ..text.numbers import extract_numbers, same_quantity

    said = [n for t in texts for n in extract_numbers(t)]
    nums = extract_numbers(fact)
    missing = [n.text for n in nums if not any(same_quantity(n, m) for m in said)]
    if nums and len(missing) < len(nums):
        return f"事实只用了一部分：“{fact}”中的“{'”“'.join(missing)}”未出现在正文"
    return f"事实未被使用：“{fact}”"


def check_draft(
    draft: Draft | Document,
    facts: Facts = None,
    outline: OutlineRef = None,
    year: int | None = None,
    corpus: CorpusInput = None,
    *,
    exclude_source: str | None = None,
    prompts: str | Path | None = None,
) -> list[Finding]:
    """Every check on a whole draft (draft.json) or parsed document.

    ``facts``: a FactSheet, its plain dict, or a list of fact strings (default: the draft's own
    facts); ``outline``: an Outline, genre id or outline file (default for a draft: its genre's);
    ``corpus``: a corpus store, chunks or texts to detect copied passages; ``prompts``: the folder
    of the outlines and rule vocabularies (default: the shipped one).
    """
    if isinstance(draft, Draft):
        meta = draft.meta
        if facts is None and draft.facts:
            facts = draft.facts
        if outline is None:
            outline = _load_outline(meta.outline or meta.genre, quiet=True, prompts=prompts)
        else:
            outline = _load_outline(outline, quiet=False, prompts=prompts)
        year = year or meta.year
        blocks = [("标题", meta.title), ("开头", meta.opening), ("结尾", meta.closing)]
        nodes = nodes_from_draft(draft)
        # The unit, title and signature are the writer's own words: numbers in them need no fact.
        findings = _check_tree(nodes, blocks, facts=facts, outline=outline, year=year, date=meta.date,
                               period=meta.period, corpus=corpus, exclude=exclude_source,
                               extra=(meta.unit, meta.title, meta.signature, meta.addressee), drafted=draft,
                               prompts=prompts)
    elif isinstance(draft, Document):
        outline = _load_outline(outline, quiet=False, prompts=prompts)
        year = year or draft.year
        blocks = [("标题", draft.title or "")] + [(f"开头 第{i}段", p) for i, p in enumerate(draft.preamble, start=1)]
        nodes = nodes_from_sections(draft.sections)
        findings = _check_tree(nodes, blocks, facts=facts, outline=outline, year=year, date=None,
                               period=None, corpus=corpus, exclude=exclude_source, prompts=prompts)
    else:
        raise TypeError(f"check_draft expects a Draft or Document, not {type(draft).__name__}")
    return sort_findings(findings)


def check_section(
    section: SectionDraft | str,
    facts: Facts = None,
    outline: OutlineRef = None,
    year: int | None = None,
    corpus: CorpusInput = None,
    *,
    date: dt.date | str | None = None,
    length: tuple[int, int] | None = None,
    gate: GateContext | None = None,
    prompts: str | Path | None = None,
) -> list[Finding]:
    """Checks for one section's text (drafting and revision call this per section).

    Grounding runs when ``facts`` is given; ``corpus`` (e.g. the section's exemplars) enables
    copy detection; ``length`` (or an outline section of the same id) the length check;
    ``gate`` (a ``gates.GateContext``, e.g. from ``gates.draft_contexts``) the per-section gates
    on the text as it stands (copying is then the gate's). Structure across sections needs the
    whole draft: see ``check_draft``.
    """
    text = section if isinstance(section, str) else section.text
    sid = None if isinstance(section, str) else section.id
    heading = "" if isinstance(section, str) else section.heading
    marker = "" if isinstance(section, str) else section.marker
    label = f"{marker}{heading[:14]}{'…' if len(heading) > 14 else ''}" or (sid or "")
    node = Node(1, marker, "", [p for p in text.split("\n")], [], sid, label)
    ctx = _context(facts, year, date, None, None if gate is not None else corpus, prompts=prompts)
    findings = []
    if gate is not None:
        from .gates import gate_section

        if corpus is not None and gate.corpus is None and not gate.exemplars:
            gate = replace(gate, corpus=corpus)
        findings += gate_section(text, gate, repair_text=False).findings
    offset = 0
    for i, para in enumerate(node.paragraphs, start=1):
        if para.strip():
            findings += _category_findings(para, ctx, f"{label} 第{i}段" if label else f"第{i}段", sid, offset)
        offset += len(para) + 1
    if length is None and outline is not None and sid is not None:
        outline = _load_outline(outline, quiet=True, prompts=prompts)
        try:
            sec = outline.section(sid) if outline is not None else None
        except KeyError:
            sec = None
        if sec is not None and (isinstance(section, str) or section.parent is None):
            length = tuple(sec.length)
    if length is not None:
        findings += check_section_length(text, length, label, sid)
    return sort_findings(findings)


def _read_facts(facts: Facts, prompts: str | Path | None = None) -> Any:
    if facts is None or not isinstance(facts, (str, Path)):
        return facts
    from ..schema.factsheet_io import load_factsheet

    return load_factsheet(facts, None, prompts)


def check_file(
    path: str | Path,
    facts: Facts = None,
    outline: OutlineRef = None,
    year: int | None = None,
    corpus: CorpusInput = None,
    *,
    prompts: str | Path | None = None,
) -> list[Finding]:
    """Check a .docx, .md, .txt or draft.json file (``facts`` may be a fact sheet path)."""
    path = Path(path)
    if not path.is_file():
        raise InputError("文件不存在 (file not found)", path=path)
    suffix = path.suffix.lower()
    facts = _read_facts(facts, prompts)
    if suffix == ".json":
        from ..draftio import load_draft

        return check_draft(load_draft(path), facts, outline, year, corpus, exclude_source=str(path), prompts=prompts)
    if suffix not in (".txt", ".md", ".docx", ".text", ".markdown"):
        raise InputError(f"不支持的文件类型 {suffix or '(无扩展名)'}：应为 .docx、.md、.txt 或 draft.json", path=path)
    documents = _parse(path, prompts)
    if not documents:
        raise InputError("文件没有可检查的正文 (no text)", path=path)
    findings: list[Finding] = []
    for i, doc in enumerate(documents, start=1):
        found = check_draft(doc, facts, outline, year, corpus, exclude_source=str(path), prompts=prompts)
        if len(documents) > 1:
            name = doc.title or f"第{i}篇"
            for f in found:
                f.location = f"《{name[:16]}》 {f.location}"
        findings += found
    return findings


def _parse(path: Path, prompts: str | Path | None = None) -> list[Document]:
    """The documents of a .docx/.md/.txt, cleaned by ``prompts``/ingest_rules.yaml when a folder is given."""
    from ..ingest import parse_file  # lazily: ingest imports this package
    from ..ingest.rules import load_ingest_rules

    return parse_file(path, rules=load_ingest_rules(prompts) if prompts else None).documents


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: SEVERITY_ORDER.get(f.severity, 3))


def summarize(findings: Iterable[Finding]) -> dict[str, Any]:
    """Counts by severity, category and code; ``ok`` is true when nothing has severity error."""
    findings = list(findings)
    by_severity = Counter(f.severity for f in findings)
    return {
        "total": len(findings),
        "errors": by_severity.get("error", 0),
        "warnings": by_severity.get("warning", 0),
        "infos": by_severity.get("info", 0),
        "by_category": dict(sorted(Counter(f.category for f in findings).items())),
        "by_code": dict(sorted(Counter(f.code for f in findings).items())),
        "ok": by_severity.get("error", 0) == 0,
    }
