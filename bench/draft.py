"""Bench: end-to-end draft wall time against the local OpenAI-compatible server.

    python bench/draft.py [--facts examples/integrity_report.yaml] [--tps 40] [--concurrency 8]

The server streams every reply at a fixed token rate; replies are sized by the section's facts, so
sections differ in length as they do in real use. Reported: wall time, the slowest single section,
the serial sum, their ratios (parallel drafting is good when wall ≈ slowest: goal ≤ 1.2), and the
prompt tokens per section. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def reply_for(body: dict) -> str:
    """A plausible body: one sentence per fact given in the prompt (numbers copied from them)."""
    prompt = body["messages"][-1]["content"]
    facts = re.findall(r"^- (.+)$", prompt.split("本部分的事实", 1)[-1], flags=re.M)
    sentences = ["坚持高标准谋划、高质量推进，各项工作取得积极成效。"]
    sentences += [f"{'一二三四五六七八九十'[i % 10]}是{f.rstrip('。')}。" for i, f in enumerate(facts)]
    return "".join(sentences)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", default=str(REPO / "examples" / "integrity_report.yaml"))
    parser.add_argument("--tps", type=float, default=40.0, help="tokens per second the server streams")
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args(argv)

    from pipeline.config import load_settings
    from pipeline.draft.model import get_model
    from pipeline.draft.section import count_tokens
    from pipeline.draft.runner import RunStats, run_draft
    from pipeline.testing.openai_server import OpenAIStubServer

    with tempfile.TemporaryDirectory() as tmp, OpenAIStubServer(reply_fn=reply_for, tokens_per_second=args.tps) as srv:
        settings = load_settings(
            model="bench-model", base_url=srv.base_url, api_key="sk-bench", no_cache=True,
            concurrency=args.concurrency, cache_dir=Path(tmp) / "cache", store=Path(tmp) / "store",
        )
        setup_start = time.monotonic()
        # One-off process start-up, reported apart: LangChain/openai import, client, tokenizer load.
        model = get_model(settings)
        count_tokens("预热")
        setup_s = time.monotonic() - setup_start
        stats = RunStats()
        draft = run_draft(args.facts, settings, model=model, json_path=Path(tmp) / "bench.draft.json", store=None, stats=stats)

        offline_stats = RunStats()
        run_draft(args.facts, load_settings(store=Path(tmp) / "store"), store=None, stats=offline_stats)

    seconds = stats.section_seconds
    slowest = max(seconds.values())
    serial = sum(seconds.values())
    tokens = stats.prompt_tokens
    result = {
        "facts": Path(args.facts).name,
        "sections": len(seconds),
        "tokens_per_second": args.tps,
        "concurrency": args.concurrency,
        "wall_s": round(stats.wall_s, 3),
        "slowest_section_s": round(slowest, 3),
        "serial_s": round(serial, 3),
        "ratio_to_slowest": round(stats.wall_s / slowest, 3),
        "ratio_to_serial": round(stats.wall_s / serial, 3),
        "prompt_tokens_per_section": round(sum(tokens.values()) / len(tokens), 1),
        "prompt_tokens_max": max(tokens.values()),
        "completion_tokens": sum(s.tokens_out for s in draft.sections),
        "offline_wall_s": round(offline_stats.wall_s, 3),
        "setup_s": round(setup_s, 3),
    }
    print(f"{result['sections']} sections at {args.tps:g} tok/s, concurrency {args.concurrency}")
    for sid, s in sorted(seconds.items(), key=lambda kv: -kv[1]):
        print(f"  {sid:<14} {s:6.2f} s  prompt {tokens[sid]} tokens")
    print(f"wall {result['wall_s']} s · slowest {result['slowest_section_s']} s · serial {result['serial_s']} s · "
          f"wall/slowest {result['ratio_to_slowest']} (goal ≤ 1.2) · wall/serial {result['ratio_to_serial']}")
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
