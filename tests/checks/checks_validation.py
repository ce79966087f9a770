"""Validate the checker on tests/checks/data (planted defects + clean drafts).

Per case, findings are counted per code and compared with the planted counts: a finding beyond
the planted count is a false positive, a planted defect not found a false negative. Precision and
recall are reported per category (the code's prefix).

    .venv/bin/python tests/checks/checks_validation.py     # prints the Markdown table
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


@dataclass
class CaseResult:
    file: str
    blind: bool
    expected: Counter
    found: Counter
    findings: list = field(default_factory=list)

    @property
    def exact(self) -> bool:
        return self.expected == self.found


def run_cases(data: Path = DATA) -> list[CaseResult]:
    import yaml

    from pipeline.checks import check_file

    spec = yaml.safe_load((data / "cases.yaml").read_text(encoding="utf-8"))
    results = []
    for case in spec["cases"]:
        corpus = None
        if case.get("corpus"):
            corpus = {p.name: p.read_text(encoding="utf-8") for p in sorted((data / case["corpus"]).glob("*.txt"))}
        findings = check_file(
            data / case["file"],
            facts=data / case["facts"] if case.get("facts") else None,
            outline=str(data / case["outline"]) if case.get("outline") else None,
            year=case.get("year"),
            corpus=corpus,
        )
        results.append(
            CaseResult(case["file"], bool(case.get("blind")), Counter(case.get("expect") or {}), Counter(f.code for f in findings), findings)
        )
    return results


def per_category(results: list, group=None, order=None) -> dict[str, dict[str, float]]:
    """Precision and recall per group of codes (default: the category, the code's prefix) over
    results with ``expected`` and ``found`` Counters; ``order``: the groups' order (default sorted)."""
    group = group or (lambda code: code.split("_", 1)[0])
    tp: Counter = Counter()
    fp: Counter = Counter()
    fn: Counter = Counter()
    for r in results:
        for code in set(r.expected) | set(r.found):
            cat = group(code)
            hit = min(r.expected[code], r.found[code])
            tp[cat] += hit
            fp[cat] += r.found[code] - hit
            fn[cat] += r.expected[code] - hit
    table: dict[str, dict[str, float]] = defaultdict(dict)
    seen = set(tp) | set(fp) | set(fn)
    for cat in [c for c in order if c in seen] if order else sorted(seen):
        planted = tp[cat] + fn[cat]
        reported = tp[cat] + fp[cat]
        table[cat] = {
            "planted": planted,
            "found": reported,
            "tp": tp[cat],
            "precision": tp[cat] / reported if reported else 1.0,
            "recall": tp[cat] / planted if planted else 1.0,
        }
    return dict(table)


def markdown_table(table: dict[str, dict[str, float]], label: str = "category") -> str:
    lines = [f"| {label} | planted | reported | correct | precision | recall |", "|---|---:|---:|---:|---:|---:|"]
    for cat, row in table.items():
        lines.append(
            f"| {cat} | {row['planted']} | {row['found']} | {row['tp']} | {row['precision']:.2f} | {row['recall']:.2f} |"
        )
    return "\n".join(lines)


def print_mismatches(results: list) -> None:
    """Each case whose findings differ from its planted ones, with what was found (to stderr)."""
    for r in results:
        if not r.exact:
            print(f"{r.file}: expected {dict(r.expected)}, found {dict(r.found)}", file=sys.stderr)
            for f in r.findings:
                print(f"   {f.code} {f.location} {f.message}", file=sys.stderr)


def main() -> int:
    results = run_cases()
    print_mismatches(results)
    for name, subset in (("all", results), ("blind", [r for r in results if r.blind])):
        clean = [r for r in subset if not r.expected]
        print(f"{name}: {len(subset)} drafts ({len(clean)} clean, {len(subset) - len(clean)} with planted defects)\n")
        print(markdown_table(per_category(subset)) + "\n")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(DATA.parent.parent.parent))
    sys.exit(main())
