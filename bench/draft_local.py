"""Bench: the integrity example drafted by the REAL local model (Qwen2.5-Coder 1.5B, llama-cpp-python).

    make llm                                   # once per machine
    python bench/draft_local.py [--size 1.5b] [--exemplars N] [--facts F] [--base-url URL --model M] [--replies F.jsonl]

Starts the local model server (or uses --base-url), ingests corpus/samples as exemplars, measures
the server's own prompt and generation rates (``bigan model check``'s probe), then drafts the fact
sheet at default settings and reports:

- wall time;
- the model's own floor: uncached prompt tokens ÷ prompt rate + generated tokens ÷ generation rate
  (what the server needs for these tokens, with nothing else in the way); and wall ÷ floor (goal ≤ 1.3);
- prompt tokens per section, the part a prefix cache could not reuse, sections asked again and
  sections that fell back to the offline composer;
- peak RSS of this process and of the model server.

Uncached prompt tokens: llama-cpp-python keeps the previous prompt's longest common prefix, so a
request's uncached part is its prompt minus the prefix it shares with the request before it (taken
in the order the server ran them, counted with the model's own tokenizer through /extras/tokenize
when the server has it, else o200k scaled to the server's counts). The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


class Recorder:
    """A ChatModel wrapper that records every request's messages and reply in the order they started."""

    def __init__(self, model) -> None:
        self.model = model
        self.name = model.name
        self.offline = model.offline
        self.calls: list[dict] = []
        self._lock = threading.Lock()

    def __getattr__(self, name):
        return getattr(self.model, name)

    def generate(self, messages, *, on_token=None, task=None, on_retry=None, max_tokens=None, max_chars=None):
        entry = {"messages": messages, "started": time.monotonic()}
        with self._lock:
            self.calls.append(entry)
        reply = self.model.generate(messages, on_token=on_token, task=task, on_retry=on_retry, max_tokens=max_tokens,
                                    max_chars=max_chars)
        entry.update(tokens_in=reply.tokens_in, tokens_out=reply.tokens_out, ended=time.monotonic(),
                     cached=reply.cached, finish=reply.finish_reason, reply=reply.text)
        return reply


def prompt_text(messages) -> str:
    # Qwen's chat template, near enough for counting a shared prefix.
    return "".join(f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in messages) + "<|im_start|>assistant\n"


def tokenizer_for(base_url: str):
    """The server's own tokenizer when it has /extras/tokenize, else o200k."""
    import httpx

    root = base_url.rstrip("/").removesuffix("/v1")
    try:
        r = httpx.post(f"{root}/extras/tokenize", json={"input": "测试"}, timeout=10)
        if r.status_code == 200 and "tokens" in r.json():
            return lambda text: httpx.post(f"{root}/extras/tokenize", json={"input": text}, timeout=30).json()["tokens"], "server"
    except httpx.HTTPError:
        pass
    from pipeline.store.tokens import encode

    return encode, "o200k"


def common_prefix(a: list[int], b: list[int]) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def rss_of(pid: int) -> int | None:
    """Peak RSS (VmHWM) of another process, in bytes."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", default=str(REPO / "examples" / "integrity_report.yaml"))
    parser.add_argument("--size", default="1.5b", choices=["0.5b", "1.5b"])
    parser.add_argument("--base-url", help="use a running server instead of starting one")
    parser.add_argument("--model", help="model id at --base-url")
    parser.add_argument("--exemplars", type=int, default=None, help="exemplars per section (default: the setting's)")
    parser.add_argument("--replies", help="write every request's messages and the model's raw reply here (JSON lines)")
    args = parser.parse_args(argv)

    from pipeline.config import load_settings
    from pipeline.draft.model import get_model
    from pipeline.draft.probe import check_endpoint
    from pipeline.draft.runner import RunStats, run_draft
    from pipeline.store.corpus import open_store
    from pipeline.testing.local_llm import LocalModelServer

    server = None
    if args.base_url:
        base_url, model_id = args.base_url, args.model or ""
    else:
        server = LocalModelServer(args.size).start()
        base_url, model_id = server.base_url, server.model
    try:
        with tempfile.TemporaryDirectory() as tmp:
            settings = load_settings(
                model=model_id, base_url=base_url, api_key="local", no_cache=True, store=Path(tmp) / "store",
                cache_dir=Path(tmp) / "cache", exemplars=args.exemplars,
            )
            store = open_store(settings)
            store.ingest([REPO / "corpus" / "samples"])
            probe = check_endpoint(settings)
            recorder = Recorder(get_model(settings))
            stats = RunStats()
            draft = run_draft(args.facts, settings, model=recorder, json_path=Path(tmp) / "local.draft.json", stats=stats)
            if args.replies:
                with open(args.replies, "w", encoding="utf-8") as fh:
                    for c in sorted(recorder.calls, key=lambda c: c["started"]):
                        fh.write(json.dumps({k: c.get(k) for k in ("messages", "reply", "finish", "tokens_out")}, ensure_ascii=False) + "\n")
            encode, counted_by = tokenizer_for(base_url)
            calls = sorted((c for c in recorder.calls if "ended" in c), key=lambda c: c["started"])
            previous: list[int] = []
            uncached = 0
            for c in calls:
                tokens = encode(prompt_text(c["messages"]))
                # llama-cpp-python's streams carry no usage: the prompt is counted here.
                scale = (c["tokens_in"] / len(tokens)) if counted_by == "o200k" and c["tokens_in"] and tokens else 1.0
                c["prompt"] = c["tokens_in"] or round(len(tokens) * scale)
                c["uncached"] = round((len(tokens) - common_prefix(tokens, previous)) * scale)
                uncached += c["uncached"]
                previous = tokens
            generated = sum(c["tokens_out"] for c in calls)
            prompt_rate, gen_rate = probe.prompt_tokens_per_s, probe.generation_tokens_per_s
            floor = (uncached / prompt_rate + generated / gen_rate) if prompt_rate and gen_rate else None
            sections = [s for s in draft.sections if s.text]
            result = {
                "facts": Path(args.facts).name,
                "model": model_id,
                "exemplars": settings.exemplars,
                "sections": len(sections),
                "requests": len(calls),
                "wall_s": round(stats.wall_s, 1),
                "prompt_tokens_per_s": round(prompt_rate, 1) if prompt_rate else None,
                "generation_tokens_per_s": round(gen_rate, 1) if gen_rate else None,
                "prompt_tokens": sum(c["prompt"] for c in calls),
                "uncached_prompt_tokens": uncached,
                "generated_tokens": generated,
                "floor_s": round(floor, 1) if floor else None,
                "wall_over_floor": round(stats.wall_s / floor, 2) if floor else None,
                "prompt_tokens_per_section": round(sum(c["prompt"] for c in calls) / max(1, len(calls)), 1),
                "uncached_prompt_tokens_per_section": round(uncached / max(1, len(calls)), 1),
                "counted_by": counted_by,
                "asked_again": len(stats.asked_again),
                "fallbacks": len(stats.fallbacks),
                "fallback_sections": sorted(stats.fallbacks),
                "concurrency_mode": probe.concurrency_mode,
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                "server_peak_rss_mb": round((rss_of(server.proc.pid) or 0) / 2**20) if server and server.proc else None,
            }
            for s in draft.sections:
                if s.text:
                    print(f"--- {s.marker}{s.heading or s.id} ({'fallback: ' + s.extra['fallback'] if s.extra.get('fallback') else s.model})")
                    print(s.text)
    finally:
        if server is not None:
            server.stop()
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
