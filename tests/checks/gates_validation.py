"""Validate the per-section gates on tests/checks/data/gates (planted defects + clean sections).

Each case is one section's body gated in check mode (nothing repaired, so every leak counts once);
findings are counted per code and compared with the planted counts (a finding beyond the planted
count is a false positive, a planted defect not found a false negative). Precision and recall are
reported per gate.

    .venv/bin/python tests/checks/gates_validation.py     # prints the Markdown tables
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from checks_validation import CaseResult, markdown_table, per_category, print_mismatches

DATA = Path(__file__).resolve().parent / "data" / "gates"

# gate -> the codes it reports
GATES: dict[str, tuple[str, ...]] = {
    "fact coverage": ("GROUNDING_UNUSED_FACT", "GROUNDING_FACT_ALTERED"),
    "copying": ("COPY_PASSAGE",),
    "foreign names": ("NAMES_FOREIGN",),
    "leaked markup": ("MARKUP_LABEL", "MARKUP_HEADING_ECHO", "MARKUP_NUMBERING", "MARKUP_MARKDOWN"),
    "wrapped facts": ("PLACEHOLDER_WRAPPED_FACT",),
    "repetition": ("REPEAT_SENTENCE", "REPEAT_ACROSS_SECTIONS"),
    "unsupported claims": ("CLAIM_UNSUPPORTED",),
}
GATE_OF = {code: gate for gate, codes in GATES.items() for code in codes}


@dataclass
class GateCase(CaseResult):
    """One section of the set (``file`` is its case id), with the batch it was written in."""

    batch: int = 1


def _plan(sheet_path: Path):
    from pipeline.draft.assemble import build_meta, plan_sections
    from pipeline.schema.factsheet_io import load_factsheet
    from pipeline.schema.outline import load_outline

    sheet = load_factsheet(sheet_path)
    outline = load_outline(sheet.genre)
    meta = build_meta(sheet, outline)
    return sheet, outline, meta, {p.section.id: p for p in plan_sections(sheet, outline, meta.title)}


def run_cases(data: Path = DATA) -> list[GateCase]:
    import yaml

    from pipeline.checks.gates import GateContext, gate_section
    from pipeline.checks.grounding import fact_strings, sheet_context

    spec = yaml.safe_load((data / "cases.yaml").read_text(encoding="utf-8"))
    texts = {c["id"]: c["text"].strip() for c in spec["cases"]}
    plans: dict[str, tuple] = {}
    results = []
    for case in spec["cases"]:
        if case["sheet"] not in plans:
            plans[case["sheet"]] = _plan(data / "sheets" / case["sheet"])
        sheet, outline, meta, planned = plans[case["sheet"]]
        p = planned[case["section"]]
        ctx = GateContext(
            section_id=p.section.id,
            full_heading=f"{p.section.marker}{p.section.heading}",
            facts=list(p.section.facts),
            allowed=[*fact_strings(sheet), *(str(x) for x in sheet_context(sheet))],
            unit=sheet.unit,
            title=meta.title,
            headings=[q.section.heading for q in planned.values() if q.section.heading],
            exemplars=[(data / "exemplars" / name).read_text(encoding="utf-8") for name in case.get("exemplars", [])],
            other_texts=[texts[o] for o in case.get("other", [])],
            year=sheet.year,
            intro=p.task.intro,
            covers=[c for s in outline.sections for c in s.covers],
        )
        result = gate_section(texts[case["id"]], ctx, repair_text=False)
        found = Counter(f.code for f in result.findings)
        batch = int(case.get("batch", 2 if case.get("blind") else 1))
        results.append(GateCase(case["id"], batch > 1, Counter(case.get("expect") or {}), found, result.findings, batch))
    return results


def per_gate(results: list[GateCase]) -> dict[str, dict[str, float]]:
    return per_category(results, group=lambda code: GATE_OF.get(code, code), order=list(GATES))


def main() -> int:
    results = run_cases()
    print_mismatches(results)
    names = {1: "batch 1 (written with the gates)", 2: "batch 2 (blind)", 3: "batch 3 (blind, after batch 2's fixes)"}
    groups = [(names.get(b, f"batch {b}"), [r for r in results if r.batch == b]) for b in sorted({r.batch for r in results})]
    for name, subset in [*groups, ("all", results)]:
        clean = [r for r in subset if not r.expected]
        print(f"{name}: {len(subset)} sections ({len(clean)} clean, {len(subset) - len(clean)} with planted defects)\n")
        print(markdown_table(per_gate(subset), "gate") + "\n")
    print("fact coverage: weighted share of key words\n")
    print(coverage_table(coverage_shares()))
    return 0



def coverage_shares(data: Path = DATA) -> dict[str, list[float]]:
    """The weighted key-word share of every fact (gates.yaml ``coverage``) in the validation set:
    in its own section where that section uses it (``used_*``), and in every section of the same
    report written for another part (``other_*``, where a fact is not); split by whether the fact
    has numbers, and for the ones with numbers, by whether the other section has them all (a
    coincidence the key words must then catch)."""
    import yaml

    from pipeline.checks.grounding import context_years, fact_use, word_weights
    from pipeline.checks.grounding import fact_strings, sheet_context
    from pipeline.text.numbers import extract_numbers
    from pipeline.checks.vocab import load_vocab

    vocab = load_vocab()
    spec = yaml.safe_load((data / "cases.yaml").read_text(encoding="utf-8"))
    out: dict[str, list[float]] = defaultdict(list)
    plans: dict[str, tuple] = {}
    for case in spec["cases"]:
        if case["sheet"] not in plans:
            plans[case["sheet"]] = _plan(data / "sheets" / case["sheet"])
    for case in spec["cases"]:
        sheet, _, meta, planned = plans[case["sheet"]]
        allowed = [*fact_strings(sheet), *(str(x) for x in sheet_context(sheet))]
        weights = word_weights(list(dict.fromkeys(allowed)), vocab)
        years = context_years([sheet.year - 1, sheet.year, sheet.year + 1, meta.title])
        text = case["text"]
        planted_unused = (case.get("expect") or {}).get("GROUNDING_UNUSED_FACT", 0)
        for sid, p in planned.items():
            for fact in p.section.facts:
                use = fact_use(fact, text, vocab=vocab, weights=weights, years=years)
                plain = not extract_numbers(fact)
                if sid == case["section"]:
                    if not planted_unused and "PLACEHOLDER_WRAPPED_FACT" not in (case.get("expect") or {}):
                        out["used_plain" if plain else "used_numbers"].append(use.share)
                elif plain:
                    out["other_plain"].append(use.share)
                elif not use.missing_numbers:
                    out["other_numbers_all_there"].append(use.share)
    return dict(out)


def coverage_table(shares: dict[str, list[float]]) -> str:
    lines = ["| facts | n | min | median | max | at or above the threshold |", "|---|---:|---:|---:|---:|---:|"]
    from pipeline.checks.vocab import load_vocab

    vocab = load_vocab()
    for key, label in (("used_numbers", "with numbers, in the section that uses them"),
                       ("other_numbers_all_there", "with numbers, in another section that has all of them"),
                       ("used_plain", "without numbers, in the section that uses them"),
                       ("other_plain", "without numbers, in another section")):
        vals = sorted(shares.get(key, []))
        if not vals:
            continue
        need = vocab.min_share_no_numbers if "plain" in key else vocab.min_share
        above = sum(v >= need - 1e-9 for v in vals)
        lines.append(f"| {label} | {len(vals)} | {vals[0]:.2f} | {vals[len(vals) // 2]:.2f} | {vals[-1]:.2f} | {above} ({need:g}) |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path.insert(0, str(DATA.parent.parent.parent.parent))
    sys.exit(main())
