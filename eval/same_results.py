"""Are two eval runs the same, apart from timings and paths? For refactors that must not change behaviour.

    bigan eval run core -o runs/before            # on the old commit
    bigan eval run core -o runs/after             # on the new one
    python eval/same_results.py runs/before runs/after

Compares run.json's cases and summary, and every case's draft.json (section texts and findings),
ignoring only what differs between any two runs (times, latencies, the run folder's path). Exit 0
when they are the same; otherwise exit 1 and print what differs. (`bigan eval compare` judges better
and worse; this says "identical".)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

VOLATILE = {"latency_s", "seconds", "started", "finished", "wall_s", "out_dir", "created", "created_at",
            "updated_at", "path", "run_dir", "duration_s", "facts_path"}


def stable(value):
    if isinstance(value, dict):
        return {k: stable(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [stable(v) for v in value]
    return value


def differences(a: Path, b: Path) -> list[str]:
    out = []
    run_a, run_b = (json.loads((d / "run.json").read_text(encoding="utf-8")) for d in (a, b))
    for key in ("summary", "cases"):
        if stable(run_a.get(key)) != stable(run_b.get(key)):
            out.append(f"run.json: {key} differ")
    drafts_a = {p.name for p in (a / "cases").glob("*.draft.json")}
    drafts_b = {p.name for p in (b / "cases").glob("*.draft.json")}
    out += [f"only in one run: {name}" for name in sorted(drafts_a ^ drafts_b)]
    for name in sorted(drafts_a & drafts_b):
        da, db = (json.loads((d / "cases" / name).read_text(encoding="utf-8")) for d in (a, b))
        if [s.get("text") for s in da["sections"]] != [s.get("text") for s in db["sections"]]:
            out.append(f"{name}: section texts differ")
        if stable(da.get("findings")) != stable(db.get("findings")):
            out.append(f"{name}: findings differ")
    return out


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 2:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        print("usage: python eval/same_results.py RUN_A RUN_B", file=sys.stderr)
        return 2
    a, b = (Path(x) for x in args)
    for d in (a, b):
        if not (d / "run.json").is_file():
            print(f"{d}: 不是评测结果目录（缺少 run.json）(not an eval run folder)", file=sys.stderr)
            return 2
    diffs = differences(a, b)
    for line in diffs:
        print(line)
    print(f"{'same' if not diffs else 'different'}: {a} vs {b}")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
