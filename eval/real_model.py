"""The real-model eval: the `real` suite drafted by the local Qwen2.5-Coder 1.5B, prompt variants compared.

    make llm                                             # once per machine
    python eval/real_model.py [--size 1.5b] [--suite real] [--out eval/runs/real] \\
        [--variant NAME=ARGS ...]                        # default: the variants below

Starts the local model server, ingests corpus/samples as the exemplar store, then for every variant
runs `bigan eval run SUITE --model … --store … -j 1 -o OUT/NAME ARGS` and finally
`bigan eval compare` of each variant against the first. Every command is the CLI a writer or a prompt
maintainer would type; this script only starts the server and strings them together. The last line
is one JSON object: per variant, the pass rate and the mean metrics of its run.json.

Default variants: ``ex0`` (the current prompts, no exemplar: the default), ``old-prompts`` (the
prompts before the real-model work, git 3ad14ce, 1 exemplar), ``ex1`` and ``ex3`` (1 and 3
exemplars); each is compared with the first.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

DEFAULT_VARIANTS = [
    "ex0=--exemplars 0",
    "old-prompts=--prompts-rev 3ad14ce --exemplars 1",
    "ex1=--exemplars 1",
    "ex3=--exemplars 3",
]


def bigan(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "pipeline", *args]
    print("$ bigan " + " ".join(args), file=sys.stderr, flush=True)
    done = subprocess.run(cmd, env=env, cwd=REPO, text=True, capture_output=True)
    sys.stderr.write(done.stderr[-4000:])
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1.5b", choices=["0.5b", "1.5b"])
    parser.add_argument("--suite", default="real")
    parser.add_argument("--out", default=str(REPO / "eval" / "runs" / "real"))
    parser.add_argument("--variant", action="append", help="NAME=extra `bigan eval run` arguments")
    parser.add_argument("--deadline", default="900", help="seconds a request may take (a loaded 2-core machine is slow)")
    args = parser.parse_args(argv)

    from pipeline.testing.local_llm import LocalModelServer

    variants = [v.split("=", 1) for v in (args.variant or DEFAULT_VARIANTS)]
    out = Path(args.out)
    summary: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp, LocalModelServer(args.size) as server:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "BIGAN_"))}
        env.update(BIGAN_HOME=str(Path(tmp) / "home"), OPENAI_BASE_URL=server.base_url, OPENAI_API_KEY="local",
                   BIGAN_DEADLINE=args.deadline, HF_HUB_OFFLINE="1")
        store = str(Path(tmp) / "store")
        if bigan("ingest", "corpus/samples", "--store", store, env=env).returncode != 0:
            return 2
        for name, extra in variants:
            run = bigan("eval", "run", args.suite, "--model", server.model, "--store", store, "-j", "1",
                        "-o", str(out / name), *extra.split(), env=env)
            if run.returncode not in (0, 1):
                return run.returncode
            data = json.loads((out / name / "run.json").read_text(encoding="utf-8"))
            summary[name] = {"args": extra, "passed": f"{sum(c['passed'] for c in data['cases'])}/{len(data['cases'])}",
                             "seconds": data["meta"]["seconds"], "prompt_version": data["meta"]["prompt_version"],
                             "metrics": data["summary"]["metrics"]}
        base = variants[0][0]
        for name, _ in variants[1:]:
            bigan("eval", "compare", str(out / base), str(out / name), "-o", str(out / f"compare-{base}-vs-{name}"), env=env)
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
