"""Scoring one drafted case: the checker's findings, the metrics, and the case's assertions.

Metrics are numbers with a direction (higher or lower is better) so that ``compare`` can say
which change is a regression. Everything is computed from the Draft and the one checker
(``pipeline.checks``); nothing here re-implements a check.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..checks import check_draft
from ..checks.gates import GATE_CODES
from ..checks.vocab import load_vocab
from ..checks.copying import CorpusInput
from ..checks.grounding import fact_strings, sheet_context, ungrounded_numbers, unused_facts
from ..text.numbers import extract_numbers, same_quantity
from ..text.placeholders import find_canonical, find_legacy
from ..schema.factsheet import FactSheet
from ..schema.outline import Outline
from ..types import Draft, Finding
from .suite import Case


@dataclass(frozen=True)
class Metric:
    key: str
    label: str  # Chinese label for the HTML page
    better: str  # "higher" | "lower"
    fmt: str = "{:g}"
    # A change smaller than this is noise, not a regression: absolute, and relative to A.
    tolerance: float = 0.0
    rel_tolerance: float = 0.0


METRICS: tuple[Metric, ...] = (
    Metric("passed", "用例通过", "higher", "{:.0f}"),
    Metric("structure_pass", "结构合格", "higher", "{:.0f}"),
    Metric("ungrounded_numbers", "无出处数字", "lower", "{:.0f}"),
    Metric("replaced_by_grounding", "编造被替换", "lower", "{:.0f}"),
    Metric("legacy_placeholders", "旧式占位符", "lower", "{:.0f}"),
    Metric("canonical_placeholders", "待补充占位", "lower", "{:.0f}"),
    Metric("fact_coverage", "事实覆盖率", "higher", "{:.1%}", tolerance=1e-9),
    Metric("copy_ratio", "照搬比例", "lower", "{:.1%}", tolerance=0.005),
    Metric("length_fit", "篇幅合规率", "higher", "{:.1%}", tolerance=1e-9),
    Metric("error_findings", "错误级问题", "lower", "{:.0f}"),
    # Sections the model failed twice, written by the offline composer: a safety net, not the way through.
    Metric("fallback_rate", "离线兜底率", "lower", "{:.1%}", tolerance=1e-9),
    Metric("asked_again_rate", "重写率", "lower", "{:.1%}", tolerance=1e-9),
    # the per-section gates (checks.gates), as `bigan check` sees the finished draft …
    Metric("gate_failed_sections", "未过关卡的章节", "lower", "{:.0f}"),
    Metric("foreign_names", "外单位名称", "lower", "{:.0f}"),
    Metric("leaked_markup", "残留标签与格式", "lower", "{:.0f}"),
    Metric("repeated_sentences", "重复句子", "lower", "{:.0f}"),
    Metric("unsupported_claims", "无据断言", "lower", "{:.0f}"),
    # … and what drafting's gates repaired on the way (labels stripped, facts unwrapped): a prompt
    # that makes the model leak less is better even when every leak was caught
    Metric("repaired_by_gates", "关卡修复", "lower", "{:.0f}"),
    Metric("chars", "正文字数", "higher", "{:.0f}", tolerance=float("inf")),  # shown, never a regression
    Metric("tokens_in", "输入词元", "lower", "{:.0f}", rel_tolerance=0.10),
    Metric("tokens_out", "输出词元", "lower", "{:.0f}", rel_tolerance=0.10),
    Metric("latency_s", "耗时（秒）", "lower", "{:.2f}", tolerance=1.0, rel_tolerance=0.5),
)
METRIC_BY_KEY = {m.key: m for m in METRICS}


@dataclass
class AssertionResult:
    name: str  # required_headings, numbers_must_appear, …
    passed: bool
    detail: str  # Chinese, says what was expected and what was found

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class CaseScore:
    passed: bool
    metrics: dict[str, float]
    assertions: list[AssertionResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


# --------------------------------------------------------------------------- checker access


def _check(draft: Draft, sheet: FactSheet, outline: Outline | None, corpus: CorpusInput = None, prompts: Path | None = None) -> list[Finding]:
    return list(check_draft(draft, facts=sheet, outline=outline, year=sheet.year, corpus=corpus, prompts=prompts))


def count_legacy(text: str) -> int:
    return len(find_legacy(text))


def count_canonical(text: str) -> int:
    return len(find_canonical(text))


# What drafting's grounding step (checks.grounding.ground_text) reports for each replacement.
GROUNDING_REPLACEMENTS = ("GROUNDING_UNKNOWN_NUMBER", "PLACEHOLDER_LEGACY")


def count_replaced(draft: Draft) -> int:
    """Numbers the model invented (and legacy placeholders it wrote) that grounding replaced.

    They no longer show in the text, so this is the only trace of a prompt that tempts invention.
    """
    return sum(
        1 for s in draft.sections for f in s.findings if f.code in GROUNDING_REPLACEMENTS and f.severity == "warning"
    )


def count_repaired_by_gates(draft: Draft) -> int:
    """Leaks drafting's gates repaired in the model's text (info findings kept with each section)."""
    return sum(1 for s in draft.sections for f in s.findings if f.code in GATE_CODES and f.severity == "info")


def gate_counts(findings: list[Finding]) -> dict[str, float]:
    """The gate metrics from the checker's findings on the whole draft."""
    codes = [f.code for f in findings]
    failed = {f.section_id for f in findings if f.code in GATE_CODES and f.severity == "error" and f.section_id}
    return {
        "gate_failed_sections": float(len(failed)),
        "foreign_names": float(codes.count("NAMES_FOREIGN")),
        "leaked_markup": float(sum(c.startswith("MARKUP_") for c in codes)),
        "repeated_sentences": float(sum(c.startswith("REPEAT_") for c in codes)),
        "unsupported_claims": float(codes.count("CLAIM_UNSUPPORTED")),
    }


def count_ungrounded(texts: list[str], sheet: FactSheet) -> int:
    """Numbers in the bodies that no fact (nor the report's own year, date, period) supports."""
    facts, also = fact_strings(sheet), sheet_context(sheet)
    return sum(len(ungrounded_numbers(t, facts, also)) for t in texts if t)


# --------------------------------------------------------------------------- draft views


def draft_text(draft: Draft) -> str:
    """The draft as a reader sees it: title, opening, numbered headings and bodies, closing."""
    parts = [draft.meta.title, draft.meta.opening]
    for s in draft.sections:
        head = f"{s.marker}{s.heading}" if s.heading else ""
        parts.extend([head, s.text])
    parts.append(draft.meta.closing)
    return "\n".join(p for p in parts if p)


def body_chars(draft: Draft) -> int:
    return sum(len(s.text) for s in draft.sections)


def length_fit(draft: Draft, outline: Outline | None) -> float:
    """Share of the outline's sections whose body (with sub-sections) is within its length range."""
    if outline is None:
        return 1.0
    judged = fit = 0
    for sec in outline.sections:
        parts = [s for s in draft.sections if s.id == sec.id or s.parent == sec.id or s.id.startswith(sec.id + ".")]
        if not parts:
            continue  # a missing section is a structure failure, not a length one
        judged += 1
        n = sum(len(p.text) for p in parts)
        fit += sec.length[0] <= n <= sec.length[1]
    return fit / judged if judged else 1.0


def copy_ratio(draft: Draft, findings: list[Finding]) -> float:
    total = body_chars(draft)
    if not total:
        return 0.0
    copied = sum(f.span[1] - f.span[0] for f in findings if f.category == "COPY" and f.span)
    return min(1.0, copied / total)


# --------------------------------------------------------------------------- scoring


def _headings(draft: Draft) -> list[str]:
    return [f"{s.marker}{s.heading}" for s in draft.sections if s.heading]


def _number_present(expected: str, text: str, found: list[Any]) -> bool:
    """Written as expected, or the same quantity written another way (十二次 = 12次, 1.2万元 = 12000元)."""
    if expected in text:
        return True
    wanted = extract_numbers(expected)
    return bool(wanted) and all(any(same_quantity(w, m) for m in found) for w in wanted)


def check_assertions(case: Case, draft: Draft, metrics: dict[str, float]) -> list[AssertionResult]:
    a = case.assertions
    text = draft_text(draft)
    out: list[AssertionResult] = []
    if a.required_headings:
        heads = _headings(draft)
        missing = [h for h in a.required_headings if not any(h in x for x in heads)]
        out.append(AssertionResult("required_headings", not missing, "缺少标题：" + "、".join(missing) if missing else f"{len(a.required_headings)} 个标题齐全"))
    if a.numbers_must_appear:
        found = extract_numbers(text)
        missing = [n for n in a.numbers_must_appear if not _number_present(n, text, found)]
        out.append(AssertionResult("numbers_must_appear", not missing, "未出现：" + "、".join(missing) if missing else f"{len(a.numbers_must_appear)} 个数字均出现"))
    if a.phrases_must_not_appear:
        found = [p for p in a.phrases_must_not_appear if p in text]
        out.append(AssertionResult("phrases_must_not_appear", not found, "出现了：" + "、".join(found) if found else "无禁用词句"))
    if a.max_placeholders is not None:
        n = int(metrics["canonical_placeholders"])
        out.append(AssertionResult("max_placeholders", n <= a.max_placeholders, f"待补充占位 {n} 处（上限 {a.max_placeholders}）"))
    n = int(metrics["legacy_placeholders"])
    out.append(AssertionResult("max_legacy_placeholders", n <= a.max_legacy_placeholders, f"旧式占位符 {n} 处（上限 {a.max_legacy_placeholders}）"))
    n = int(metrics["ungrounded_numbers"])
    out.append(AssertionResult("max_ungrounded_numbers", n <= a.max_ungrounded_numbers, f"无出处数字 {n} 个（上限 {a.max_ungrounded_numbers}）"))
    if a.length:
        n = int(metrics["chars"])
        lo, hi = a.length
        out.append(AssertionResult("length", lo <= n <= hi, f"正文 {n} 字（范围 {lo}–{hi}）"))
    out.append(AssertionResult("structure", bool(metrics["structure_pass"]), "结构合格" if metrics["structure_pass"] else "结构有误（见 STRUCTURE_ 问题或缺少标题）"))
    return out


def share(draft: Draft, pred) -> float:
    """The share of the sections a model (or the offline composer) wrote that satisfy ``pred``."""
    written = [s for s in draft.sections if s.status == "done" and s.history and (s.text or s.facts)]
    return sum(1 for s in written if pred(s)) / len(written) if written else 0.0


def score_case(
    case: Case,
    draft: Draft,
    *,
    outline: Outline | None = None,
    latency_s: float = 0.0,
    corpus: CorpusInput = None,
    prompts: Path | None = None,
) -> CaseScore:
    """``corpus`` (the run's store) lets the checker find passages copied from past reports;
    ``prompts``: the folder of the checks' rule files (default: the shipped one)."""
    sheet = case.factsheet
    findings = _check(draft, sheet, outline, corpus, prompts)
    texts = [s.text for s in draft.sections]
    facts = sheet.all_facts()
    unused = unused_facts(texts + [s.heading for s in draft.sections if s.heading], sheet, vocab=load_vocab(prompts))
    heads = _headings(draft)
    headings_ok = all(any(h in x for x in heads) for h in case.assertions.required_headings)
    structure_errors = [f for f in findings if f.category == "STRUCTURE" and f.severity == "error"]
    metrics: dict[str, float] = {
        "structure_pass": float(headings_ok and not structure_errors),
        "ungrounded_numbers": float(count_ungrounded(texts, sheet)),
        "replaced_by_grounding": float(count_replaced(draft)),
        "legacy_placeholders": float(sum(count_legacy(t) for t in texts)),
        "canonical_placeholders": float(sum(count_canonical(t) for t in texts)),
        "fact_coverage": 1.0 - len(unused) / len(facts) if facts else 1.0,
        "copy_ratio": copy_ratio(draft, findings),
        "length_fit": length_fit(draft, outline),
        "error_findings": float(sum(1 for f in findings if f.severity == "error" and f.category != "PLACEHOLDER")),
        "fallback_rate": share(draft, lambda s: bool(s.extra.get("fallback"))),
        "asked_again_rate": share(draft, lambda s: int(s.extra.get("asks", 1)) > 1),
        **gate_counts(findings),
        "repaired_by_gates": float(count_repaired_by_gates(draft)),
        "chars": float(body_chars(draft)),
        "tokens_in": float(sum(s.tokens_in for s in draft.sections)),
        "tokens_out": float(sum(s.tokens_out for s in draft.sections)),
        "latency_s": round(latency_s, 3),
    }
    results = check_assertions(case, draft, metrics)
    passed = all(r.passed for r in results)
    metrics["passed"] = float(passed)
    return CaseScore(passed=passed, metrics=metrics, assertions=results, findings=findings)
