"""Quality gates per section: what a leader reading a model's section would see wrong with it.

``gate_section(text, ctx)`` repairs what is safe to repair (prompt labels, echoed headings,
Markdown, facts wrapped in 【待补充：…】) and reports every gate; a finding of severity ``error``
means the section fails: drafting asks the model once more with ``GateResult.problems()`` and
falls back to the offline composer if it fails again. With ``repair=False`` nothing is changed
and every leak is reported as it stands: ``bigan check`` on a draft.json does this.

| gate | code | drafting (repair) | check (no repair) |
|---|---|---|---|
| fact coverage | GROUNDING_UNUSED_FACT | error | error |
|  | GROUNDING_FACT_ALTERED | info (restored from the fact) | warning |
| copying | COPY_PASSAGE | error | error |
| foreign names | NAMES_FOREIGN | error | error |
| leaked markup | MARKUP_LABEL, MARKUP_HEADING_ECHO, MARKUP_MARKDOWN | info (stripped) / error | error |
|  | MARKUP_NUMBERING | error | error |
| wrapped facts | PLACEHOLDER_WRAPPED_FACT | info (unwrapped) | warning |
| repetition | REPEAT_SENTENCE / REPEAT_ACROSS_SECTIONS | error / warning | error / warning |
| unsupported claims | CLAIM_UNSUPPORTED | warning | warning |
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..schema.outline import Outline
from ..types import Draft, Finding, SectionDraft
from .claims import load_claims, unsupported_claims
from .copying import COPY_MIN_CHARS, CopyIndex, CorpusInput, corpus_index, source_texts
from .grounding import FactUse, Facts, altered_words, context_years, fact_use, word_weights
from .markup import Leak, MarkupContext, find_leaks, repair
from .names import foreign_names, load_names
from ..text.numbers import extract_numbers
from .repetition import Likeness, repeats_across, repeats_within
from .vocab import load_vocab

GATE_CODES = (
    "GROUNDING_UNUSED_FACT", "GROUNDING_FACT_ALTERED", "COPY_PASSAGE", "NAMES_FOREIGN", "MARKUP_LABEL", "MARKUP_HEADING_ECHO",
    "MARKUP_MARKDOWN", "MARKUP_NUMBERING", "PLACEHOLDER_WRAPPED_FACT", "REPEAT_SENTENCE",
    "REPEAT_ACROSS_SECTIONS", "CLAIM_UNSUPPORTED",
)
# Severity of a leak left in the text (check mode), by code.
_LEFT_IN = {"PLACEHOLDER_WRAPPED_FACT": "warning"}
_LEAK_WHAT = {
    "MARKUP_LABEL": "提示标签",
    "MARKUP_HEADING_ECHO": "照录的标题",
    "MARKUP_MARKDOWN": "Markdown 标记",
    "MARKUP_NUMBERING": "正文中自加的标题序号",
    "PLACEHOLDER_WRAPPED_FACT": "包在【待补充：…】里的事实",
}


@dataclass
class GateContext:
    section_id: str
    full_heading: str  # e.g. "（一）扛牢管党治党政治责任" ("" for heading-less parts)
    facts: list[str]  # the section's own facts: coverage is measured on these
    allowed: list[str]  # every string names/numbers may come from: all facts + sheet context
    unit: str
    title: str
    headings: list[str]  # every heading of the report (all sections, without markers)
    exemplars: list[str] = field(default_factory=list)  # raw exemplar texts shown to the model
    other_texts: list[str] = field(default_factory=list)  # texts of other finished sections
    year: int | None = None
    intro: bool = False  # a short lead before sub-sections: no coverage requirement
    covers: list[str] = field(default_factory=list)  # outline points (a line that is one is an echoed heading)
    corpus: CorpusInput = None  # the corpus: a CopyIndex (checks.copy_index) or what copying.source_texts accepts
    copy_min: int = COPY_MIN_CHARS
    prompts: str | Path | None = None  # folder of gates.yaml, names.yaml, stock.yaml (default: prompts/)


@dataclass
class GateResult:
    text: str  # after the safe repairs
    findings: list[Finding]

    @property
    def failed(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    def problems(self) -> str:
        """One short paragraph in Chinese stating each failed gate, for asking the model again."""
        errors = [f for f in self.findings if f.severity == "error"]
        if not errors:
            return ""
        by_code: dict[str, list[Finding]] = defaultdict(list)
        for f in errors:
            by_code[f.code].append(f)
        parts = [_problem(code, found) for code, found in by_code.items()]
        return "上一稿未通过检查：" + "；".join(p for p in parts if p) + "。请据此重写本节正文。"


def _quote(items: list[str], n: int = 3, width: int = 24) -> str:
    shown = [i if len(i) <= width else i[:width] + "…" for i in items[:n]]
    return "、".join(f"“{s}”" for s in shown) + ("等" if len(items) > n else "")


def _problem(code: str, found: list[Finding]) -> str:
    what = [_subject(f) for f in found]
    if code == "GROUNDING_UNUSED_FACT":
        return f"漏写了本节的事实{_quote(what, 4, 40)}，每条事实都要写进正文"
    if code == "COPY_PASSAGE":
        return f"照抄了范文原文{_quote(what, 2)}，范文只能参考文风，不得照抄"
    if code == "NAMES_FOREIGN":
        return f"出现了其他单位的名称{_quote(what, 5, 12)}，只能写本单位"
    if code == "MARKUP_NUMBERING":
        return "正文中自加了一、（一）1.等标题序号，正文只写成段的文字，不加小标题和序号"
    if code in ("MARKUP_LABEL", "MARKUP_HEADING_ECHO", "MARKUP_MARKDOWN"):
        return f"正文中出现了{_LEAK_WHAT[code]}{_quote(what, 3, 16)}，不要照录提示中的标签、标题和格式符号"
    if code == "REPEAT_SENTENCE":
        return f"同一句话重复出现{_quote(what, 2)}，每句只写一次"
    return "；".join(f.message for f in found[:2])


def _subject(f: Finding) -> str:
    """What a finding is about, as its message quotes it first (“…”)."""
    start = f.message.find("“")
    end = f.message.find("”", start + 1)
    return f.message[start + 1 : end] if start >= 0 and end > start else f.message


def _markup_context(ctx: GateContext) -> MarkupContext:
    heading = ctx.full_heading
    return MarkupContext(
        title=ctx.title,
        headings=tuple(h for h in [*ctx.headings, heading, *ctx.covers] if h),
        facts=tuple(a for a in [*ctx.facts, *ctx.allowed] if a and a not in (ctx.title, ctx.unit) and a not in ctx.headings),
    )


def _reference_index(ctx: GateContext) -> tuple[CopyIndex | None, CopyIndex | None]:
    exemplars = CopyIndex(source_texts(ctx.exemplars), ctx.copy_min, skeleton=True) if ctx.exemplars else None
    corpus = corpus_index(ctx.corpus, min_chars=ctx.copy_min, skeleton=True)
    return exemplars or None, corpus


def gate_section(text: str, ctx: GateContext, *, repair_text: bool = True) -> GateResult:
    """Run every gate over one section's body (see the module docstring for codes and severities)."""
    vocab = load_vocab(ctx.prompts)
    loc, sid = ctx.full_heading or ctx.section_id, ctx.section_id
    findings: list[Finding] = []

    def add(code: str, severity: str, message: str, span: tuple[int, int] | None = None) -> None:
        findings.append(Finding(code, severity, loc, message, sid, span))

    mctx = _markup_context(ctx)
    leaks = find_leaks(text, mctx, vocab)
    if repair_text:
        fixed = repair(text, leaks)
        _report_repairs([lk for lk in leaks if lk.safe], add)
        leaks = [lk for lk in find_leaks(fixed, mctx, vocab) if not lk.safe]
        text = fixed
    for lk in leaks:
        severity = _LEFT_IN.get(lk.code, "error")
        add(lk.code, severity, _leak_message(lk), (lk.start, lk.end))

    weights = word_weights(list(dict.fromkeys([*ctx.facts, *ctx.allowed])), vocab)
    years = context_years([ctx.year - 1, ctx.year, ctx.year + 1] if ctx.year else []) | context_years([ctx.title])
    for fact in ctx.facts:
        for alt in altered_words(fact_use(fact, text, vocab=vocab, weights=weights, years=years), text):
            if repair_text:
                text = text[: alt.start] + alt.right + text[alt.end :]
                add("GROUNDING_FACT_ALTERED", "info", f"“{alt.wrong}”丢了字，已按事实清单改为“{alt.right}”")
            else:
                add("GROUNDING_FACT_ALTERED", "warning", f"“{alt.wrong}”疑为事实清单中“{alt.right}”丢了字", (alt.start, alt.end))

    allowed = [*ctx.allowed, ctx.unit, ctx.title]
    exemplars, corpus = _reference_index(ctx)
    copied: set[str] = set()
    for index, kind in ((exemplars, "范文"), (corpus, "语料")):
        for start, end, source in index.passages(text) if index is not None else []:
            key = "".join(text[start:end].split())
            piece = text[start:end].strip("，。；：、 \n")
            if key in copied or _beyond(key, allowed) < ctx.copy_min:
                continue  # the same passage again (repetition reports it), or a fact the exemplar shares
            copied.add(key)
            name = source if kind == "范文" else Path(source).name
            add("COPY_PASSAGE", "error", f"“{_short(piece)}”等{len(key)}字与{kind}“{name}”相同（照抄）", (start, end))

    references = [*ctx.exemplars, *(t for _, t in (corpus.sources if corpus else []))]
    for name in foreign_names(text, allowed, references, ctx.unit, load_names(ctx.prompts), vocab.words):
        add("NAMES_FOREIGN", "error", f"“{name.text}”是范文或语料中其他单位的名称，不在事实清单中（本单位：{ctx.unit}）", (name.start, name.end))

    if not ctx.intro:
        mentioned = extract_numbers(text)
        for fact in ctx.facts:
            use = fact_use(fact, text, mentioned, vocab, weights, years)
            if not use.used(vocab.min_share, vocab.min_share_no_numbers):
                add("GROUNDING_UNUSED_FACT", "error", _unused_message(use))

    like = Likeness(vocab.min_repeat_chars, vocab.near_chars, vocab.near_ratio)
    for r in repeats_within(text, like):
        add("REPEAT_SENTENCE", "error", f"“{_short(r.sentence)}”在本节重复出现{r.count}次", (r.start, r.end))
    for r in repeats_across(text, ctx.other_texts, like):
        add("REPEAT_ACROSS_SECTIONS", "warning", f"“{_short(r.sentence)}”与其他章节重复", (r.start, r.end))

    claims = load_claims(ctx.prompts)
    for c in unsupported_claims(text, allowed, rules=claims, filler=vocab.filler, words=vocab.words):
        add("CLAIM_UNSUPPORTED", "warning",
            f"“{_short(c.sentence, 40)}”所述（{'、'.join(c.new_words[:4])}）事实清单中没有，请核实或删去", (c.start, c.end))
    return GateResult(text, findings)


def _beyond(piece: str, allowed: list[str], block: int = 8) -> int:
    """Characters of a copied passage that are not a run of ``block`` or more characters of one of
    the ``allowed`` strings: a fact the exemplar happens to share is the writer's own material."""
    from difflib import SequenceMatcher

    covered = [False] * len(piece)
    for a in allowed:
        a = "".join(a.split())
        if len(a) < block:
            continue
        for m in SequenceMatcher(None, piece, a, autojunk=False).get_matching_blocks():
            if m.size >= block:
                covered[m.a : m.a + m.size] = [True] * m.size
    return covered.count(False)


def _short(s: str, n: int = 30) -> str:
    s = s.strip()
    return s if len(s) <= n else s[:n] + "…"


def _unused_message(use: FactUse) -> str:
    if use.missing_numbers and len(use.missing_numbers) < len(extract_numbers(use.fact)):
        return f"事实只用了一部分：“{use.fact}”中的“{'”“'.join(use.missing_numbers)}”未出现在本节"
    if not use.missing_numbers and use.words:
        return f"事实未写进本节：“{use.fact}”（关键词“{'”“'.join(use.missing_words[:4])}”未出现）"
    return f"事实未写进本节：“{use.fact}”"


def _leak_message(lk: Leak) -> str:
    found = _short(lk.found, 30)
    return {
        "MARKUP_LABEL": f"“{found}”是提示中的标签或不明标注，正文不应出现",
        "MARKUP_HEADING_ECHO": f"“{found}”照录了报告的标题，正文不应出现",
        "MARKUP_MARKDOWN": f"“{found}”是 Markdown 格式符号，正文不应出现",
        "MARKUP_NUMBERING": f"正文以“{found}”起行，自加了标题序号（小标题和序号由程序生成）",
        "PLACEHOLDER_WRAPPED_FACT": f"“{found}”把事实清单中已有的内容标成了待补充",
    }[lk.code]


def _report_repairs(done: list[Leak], add: Callable[[str, str, str], None]) -> None:
    by_code: dict[str, list[Leak]] = defaultdict(list)
    for lk in done:
        by_code[lk.code].append(lk)
    for code, leaks in by_code.items():
        shown = "、".join(f"“{_short(lk.found, 20)}”" for lk in leaks[:3]) + ("等" if len(leaks) > 3 else "")
        verb = "已去掉【待补充：】，直接写出" if code == "PLACEHOLDER_WRAPPED_FACT" else "已删除"
        add(code, "info", f"{verb}{_LEAK_WHAT[code]}{len(leaks)}处：{shown}")


# --------------------------------------------------------------------------- a whole draft


def draft_allowed(draft: Draft, facts: Facts = None) -> list[str]:
    """Every string a draft's names and numbers may come from: its facts and the sheet's context
    (unit, title, author, headings, year, date, period), and the draft's own meta."""
    from .grounding import facts_as_strings, sheet_context

    facts = draft.facts if facts is None else facts
    meta = draft.meta
    own = [meta.unit, meta.title, meta.signature, meta.addressee, meta.date, meta.period, meta.opening, meta.closing]
    return [*facts_as_strings(facts), *(str(x) for x in sheet_context(facts)), *(x for x in own if x)]


def draft_contexts(draft: Draft, facts: Facts = None, outline: Outline | None = None, corpus: CorpusInput = None, *,
                   prompts: str | Path | None = None) -> list[tuple[SectionDraft, GateContext]]:
    """(section, GateContext) for every section of a Draft, as ``bigan check`` judges them: the
    section's own facts, the whole sheet as allowed, the texts of the sections before it as
    ``other_texts`` (a repetition is reported where it occurs the second time). ``corpus``: the
    corpus for copying and foreign names (a draft.json keeps no exemplar texts)."""
    allowed = draft_allowed(draft, facts)
    headings = [s.heading for s in draft.sections if s.heading]
    covers = [c for sec in (getattr(outline, "sections", None) or []) for c in sec.covers]
    parents = {s.parent for s in draft.sections if s.parent}
    out: list[tuple[SectionDraft, GateContext]] = []
    before: list[str] = []
    for s in draft.sections:
        ctx = GateContext(
            section_id=s.id, full_heading=f"{s.marker}{s.heading}" if s.heading else "", facts=list(s.facts),
            allowed=allowed, unit=draft.meta.unit, title=draft.meta.title, headings=headings,
            other_texts=list(before), year=draft.meta.year, intro=s.id in parents, covers=covers,
            corpus=corpus, prompts=prompts,
        )
        out.append((s, ctx))
        if s.text:
            before.append(s.text)
    return out
