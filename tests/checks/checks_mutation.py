"""Mutation benchmark: plant one defect at a time into the project's clean sample reports
(corpus/samples) and see whether the checker reports it, and what else it reports.

For each sample and each applicable mutation, the mutated text goes through the same path as
`bigan check` (ingest → check_draft) and its findings are compared with the unmutated sample's:
*caught* when a new finding has the expected code; *collateral* counts other new findings.

    .venv/bin/python tests/checks/checks_mutation.py      # prints the Markdown table
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# (category, expected code, description, pattern, replacement, years the result is a defect in)
# — applied at each match, one at a time, to samples of those years (the year is in the file name)
ANY = (1990, 2100)
TEXT_MUTATIONS: list[tuple[str, str, str, str, str, tuple[int, int]]] = [
    ("TERMS", "TERMS_WRONG_FORM", "以习近平同志为核心 → 以习近平为核心", "以习近平同志为核心", "以习近平为核心", ANY),
    ("TERMS", "TERMS_WRONG_FORM", "中央八项规定 → 八项规定", "中央八项规定", "八项规定", ANY),
    ("TERMS", "TERMS_WRONG_FORM", "习近平总书记 → 习总书记", "习近平总书记", "习总书记", ANY),
    ("TERMS", "TERMS_WRONG_FORM", "习近平新时代…思想 → 新时代…思想", "习近平新时代中国特色社会主义思想", "新时代中国特色社会主义思想", ANY),
    ("TERMS", "TERMS_WRONG_FORM", "“一岗双责” → “一岗双贵”", "“一岗双责”", "“一岗双贵”", ANY),
    ("TERMS", "TERMS_WRONG_FORM", "“四个自信” → “三个自信”", "“四个自信”", "“三个自信”", ANY),
    ("TERMS", "TERMS_WRONG_FORM", "看齐意识 → 服务意识 (in the list)", "核心意识、看齐意识", "核心意识、服务意识", ANY),
    ("TIME", "TIME_ANACHRONISM", "十九届…全会 → 二十届三中全会", r"十九届[一二三四五六七]中全会", "二十届三中全会", (1990, 2023)),
    ("TIME", "TIME_ANACHRONISM", "十九大 → 二十大", r"十九大", "二十大", (1990, 2021)),
    ("TIME", "TIME_OUTDATED_GUIDANCE", "二十大精神 → 十九大精神", r"二十大精神", "十九大精神", (2023, 2100)),
    ("TIME", "TIME_ANACHRONISM", "a campaign → 党纪学习教育", r"党史学习教育|深入贯彻中央八项规定精神学习教育|学习贯彻习近平新时代中国特色社会主义思想主题教育", "党纪学习教育", (1990, 2023)),
    ("TIME", "TIME_CAMPAIGN_YEAR", "开展… → 开展党史学习教育", r"(?<=开展)(?:党纪学习教育|深入贯彻中央八项规定精神学习教育)", "党史学习教育", (2023, 2100)),
]


def _placeholder_mutations(text: str) -> Iterator[tuple[str, str, str]]:
    """A number's digits replaced by a legacy blank: 23次 → X次 / XX次 / *次; 2023年 → 20XX年."""
    from pipeline.text.numbers import extract_numbers

    blanks = ["X", "XX", "x", "*", "**"]
    for i, n in enumerate(extract_numbers(text)):
        m = re.match(r"\d+(?:\.\d+)?", n.text)
        if not m:
            continue
        blank = "20XX" if n.unit == "年" and n.value > 1900 else blanks[i % len(blanks)]
        yield f"{n.text} → {blank}{n.text[m.end():]}", text[: n.start] + blank + text[n.start + m.end() :], "PLACEHOLDER_LEGACY"


_HEADING = re.compile(r"^(?P<m>（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d+\.)", re.MULTILINE)


def _structure_mutations(text: str) -> Iterator[tuple[str, str, str, str]]:
    """Markers misused (（二）→(二), 2.→2、, 二、→二.) and numbers repeated (（三）→（二）)."""
    from pipeline.checks.structure import parse_marker

    for m in _HEADING.finditer(text):
        marker = m.group("m")
        mk = parse_marker(marker)
        if mk is None:
            continue
        misused = {1: marker.replace("、", "."), 2: marker.replace("（", "(").replace("）", ")"), 3: marker.replace(".", "、")}.get(mk.level)
        if misused and misused != marker:
            yield "MARKER_MISUSED", f"{marker} → {misused}", text[: m.start()] + misused + text[m.end() :], "STRUCTURE_MARKER_MISUSED"
        if mk.number >= 2:
            repeated = mk.expected(mk.number - 1)
            yield "NUMBER_REPEATED", f"{marker} → {repeated}", text[: m.start()] + repeated + text[m.end() :], "STRUCTURE_NUMBER_REPEATED"


def grounding_mutations(paras: list[str]) -> Counter:
    """Each Arabic number changed by one (years left alone), checked against the sample's own
    paragraphs as the facts: is the changed number reported as ungrounded?"""
    from pipeline.checks.grounding import ungrounded_numbers
    from pipeline.text.numbers import extract_numbers

    r: Counter = Counter()
    for p in paras:
        for n in extract_numbers(p):
            m = re.match(r"\d+(?:\.(\d+))?", n.text)
            if not m or (n.unit == "年" and n.value > 1900):
                continue
            old = m.group()
            new = f"{float(old) + 1:.{len(m.group(1))}f}" if m.group(1) else str(int(old) + 1)
            mutated = p[: n.start] + new + p[n.start + len(old) :]
            found = ungrounded_numbers(mutated, paras)
            r["applied"] += 1
            r["caught"] += any(u.start == n.start for u in found)
            r["collateral"] += sum(1 for u in found if u.start != n.start)
    return r


def _findings(text: str, source: str, corpus=None):
    from pipeline.checks import check_draft
    from pipeline.ingest import parse_text

    out = []
    for doc in parse_text(text, source=source).documents:
        out += check_draft(doc, corpus=corpus)
    return out


def run(repo: Path = REPO, limit_per_kind: int = 6) -> dict[tuple[str, str], Counter]:
    """(category, mutation) → Counter(applied, caught, collateral)."""
    from pipeline.ingest.read import read_any

    from pipeline.checks.copying import CopyIndex
    from pipeline.ingest import parse_text

    results: dict[tuple[str, str], Counter] = defaultdict(Counter)
    paths = sorted((repo / "corpus" / "samples").glob("*.*"))
    texts = {p.name: read_any(p) for p in paths}
    for path in paths:
        text = texts[path.name]
        docs = parse_text(text, source=path.name).documents
        results[("GROUNDING", "number changed by one (facts: the sample's paragraphs)")] += grounding_mutations(
            [p for d in docs for p in d.preamble + [q for s in d.walk() for q in s.paragraphs]]
        )
        # COPY: 60 characters of another sample's paragraph pasted into this one
        others = {name: t for name, t in texts.items() if name != path.name}
        index = CopyIndex(others.items(), 50)
        base_copy = Counter(f.code for f in _findings(text, path.name, index))
        donor = max((p for t in others.values() for p in t.splitlines()), key=len)
        for k, start in enumerate((0, len(donor) // 3)):
            lines = text.splitlines()
            target = sorted(range(len(lines)), key=lambda i: -len(lines[i]))[k]
            lines[target] += donor[start : start + 60]
            found = Counter(f.code for f in _findings("\n".join(lines), path.name, index)) - base_copy
            r = results[("COPY", "60 characters of another sample pasted in")]
            r["applied"] += 1
            r["caught"] += found["COPY_PASSAGE"] > 0
            r["collateral"] += sum(v for c, v in found.items() if c != "COPY_PASSAGE")
        base = Counter(f.code for f in _findings(text, path.name))

        def score(cat: str, kind: str, mutated: str, code: str) -> None:
            found = Counter(f.code for f in _findings(mutated, path.name)) - base
            r = results[(cat, kind)]
            r["applied"] += 1
            r["caught"] += found[code] > 0
            r["collateral"] += sum(v for k, v in found.items() if k != code)

        year = int(re.search(r"(\d{4})", path.stem).group(1))
        for cat, code, kind, pattern, repl, (lo, hi) in TEXT_MUTATIONS:
            if not lo <= year <= hi:
                continue
            for m in list(re.finditer(pattern, text))[:limit_per_kind]:
                score(cat, kind, text[: m.start()] + repl + text[m.end() :], code)
        for n, (_, mutated, code) in enumerate(_placeholder_mutations(text)):
            if n >= limit_per_kind:
                break
            score("PLACEHOLDER", "number → X/XX/x/*/**/20XX", mutated, code)
        per_kind: Counter = Counter()
        for kind, _, mutated, code in _structure_mutations(text):
            if per_kind[kind] >= limit_per_kind:
                continue
            per_kind[kind] += 1
            score("STRUCTURE", kind, mutated, code)
    return results


def markdown_table(results: dict[tuple[str, str], Counter]) -> str:
    lines = ["| category | mutation | applied | caught | recall | other new findings |", "|---|---|---:|---:|---:|---:|"]
    for (cat, kind), r in sorted(results.items()):
        recall = r["caught"] / r["applied"] if r["applied"] else 0.0
        lines.append(f"| {cat} | {kind} | {r['applied']} | {r['caught']} | {recall:.2f} | {r['collateral']} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    print(markdown_table(run()))
