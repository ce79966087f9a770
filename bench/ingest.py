"""Ingest throughput: reports a second and chunks a second, excluding and including embedding.

    python bench/ingest.py [--copies 2] [--embedding use] [--large-mb 20] [--skip-embed]

Input: corpus/samples/ and ../shared/corpus, copied --copies times into a temporary folder (each
copy is a distinct source). Imports and the tokenizers' dictionaries (tiktoken, jieba) are loaded
before anything is timed. Three measurements, each on a fresh temporary store:
  parse      read + clean + parse + classify + chunk (no store)
  no_embed   the whole `ingest` (parse, chunk, Chroma writes, manifest) with the model-free
             hash embedder: the cost of everything but the embedding model (the hash embedder
             itself runs jieba, ~1 ms a chunk: embed_seconds is the time spent in the embedder and
             reports_per_s_without_embedder leaves it out)
  embed      the whole `ingest` with the real embedder (default: the bundled USE)
plus a re-run of the same ingest (every file unchanged) and the peak RSS of the process.
With --large-mb N (default 20, 0 to skip) it also parses one synthetic N MB text in each long-input
shape — one paragraph a line with banners, footers and pasted page numbers between the reports,
and a page dump (page-long lines "N、…", headings run into the text) — and reports wall and CPU
seconds (the CPU time is what a shared machine does not distort).
The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.config import load_settings  # noqa: E402
from pipeline.store.corpus import chunks_of, open_store  # noqa: E402


def rates(files: int, chunks: int, seconds: float) -> dict:
    return {
        "files": files,
        "chunks": chunks,
        "seconds": round(seconds, 2),
        "reports_per_s": round(files / seconds, 2),
        "chunks_per_s": round(chunks / seconds, 1),
    }


def time_embedder(embedder) -> list[float]:
    """Wrap ``embedder.embed_documents`` to add its wall time to the returned one-item list."""
    spent = [0.0]
    real = embedder.embed_documents

    def timed(texts):
        started = time.perf_counter()
        try:
            return real(texts)
        finally:
            spent[0] += time.perf_counter() - started

    embedder.embed_documents = timed
    return spent


def synthetic_text(texts: list[str], megabytes: float, shape: str) -> str:
    """About ``megabytes`` of UTF-8: the reports one after another, with a site's noise between them
    ("lines"), or cut into page-long lines numbered as pages ("page_dump")."""
    target = int(megabytes * 1024 * 1024)
    parts, size, n = [], 0, 0
    while size < target:
        text = texts[n % len(texts)]
        n += 1
        if shape == "lines":
            lines = [s for s in text.split("\n") if s.strip()]
            for k in range(12, len(lines), 12):
                lines[k] = f"{k // 12 + 1}、{lines[k]}"  # page numbers pasted into the text
            text = "\n".join([f"本文档由用户上传分享 第{n}篇", *lines, f"第 {n} 页 共 {n + 1} 页", "更多精品资料请访问 www.example.com"])
        parts.append(text)
        size += len(text.encode("utf-8"))
    if shape == "lines":
        return "\n".join(parts)
    stream = "".join(s.strip() for part in parts for s in part.split("\n"))
    return "\n".join(f"{k}、{stream[i : i + 800]}" for k, i in enumerate(range(0, len(stream), 800), 1))


def parse_large(texts: list[str], megabytes: float) -> dict:
    from pipeline.ingest import parse_text

    out = {}
    for shape in ("lines", "page_dump"):
        text = synthetic_text(texts, megabytes, shape)
        wall, cpu = time.perf_counter(), time.process_time()
        result = parse_text(text)
        out[shape] = {
            "mb": round(len(text.encode("utf-8")) / 1024 / 1024, 1),
            "seconds": round(time.perf_counter() - wall, 2),
            "cpu_seconds": round(time.process_time() - cpu, 2),
            "documents": len(result.documents),
        }
        print(f"parse {shape} text: {out[shape]}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", nargs="*", type=Path,
                        default=[REPO / "corpus" / "samples", REPO.parent / "shared" / "corpus"])
    parser.add_argument("--copies", type=int, default=2)
    parser.add_argument("--embedding", default="use")
    parser.add_argument("--large-mb", type=float, default=20.0, help="size of the synthetic long texts (0: skip)")
    parser.add_argument("--skip-embed", action="store_true", help="leave out the ingest with the real embedder")
    args = parser.parse_args()

    import chromadb  # noqa: F401 - imported once up front: its import time is not ingest throughput

    from pipeline.ingest import iter_input_files, parse_file
    from pipeline.store.bm25 import tokenize
    from pipeline.store.tokens import count_tokens

    count_tokens("预热"), tokenize("预热")  # the tokenizers' dictionaries load once: not throughput either

    originals = iter_input_files([f for f in args.corpus if f.is_dir()])
    tmp = Path(tempfile.mkdtemp(prefix="bigan-bench-ingest-"))
    try:
        inputs = tmp / "inputs"
        for copy in range(args.copies):
            folder = inputs / f"copy{copy}"
            folder.mkdir(parents=True)
            for path in originals:
                shutil.copy(path, folder / path.name)
        files = iter_input_files([inputs])
        results: dict = {"inputs": len(files), "copies": args.copies}

        started = time.perf_counter()
        n_chunks = 0
        for path in files:
            n_chunks += len(chunks_of(parse_file(path).documents, str(path)))
        results["parse"] = rates(len(files), n_chunks, time.perf_counter() - started)
        print(f"parse+chunk: {results['parse']}")

        runs = [("no_embed", "hash:512")] + ([] if args.skip_embed else [("embed", args.embedding)])
        for label, spec in runs:
            settings = load_settings(store=tmp / f"store-{label}", embedding=spec)
            store = open_store(settings)
            store.embedder.embed_documents(["预热"])  # model load is not throughput
            embed_seconds = time_embedder(store.embedder)
            cpu = time.process_time()
            report = store.ingest([inputs])
            cpu = time.process_time() - cpu
            assert report.summary()["failed"] == 0, report.to_dict()
            results[label] = rates(len(files), report.chunks_written, report.seconds) | {
                "embedding": store.embedder.name,
                "cpu_seconds": round(cpu, 2),
                "embed_seconds": round(embed_seconds[0], 2),
                "reports_per_s_without_embedder": round(len(files) / (report.seconds - embed_seconds[0]), 2),
            }
            print(f"ingest {label}: {results[label]}")
        last_label, last_spec = runs[-1]
        rerun = open_store(load_settings(store=tmp / f"store-{last_label}", embedding=last_spec)).ingest([inputs])
        results["rerun_unchanged_s"] = round(rerun.seconds, 2)
        if args.large_mb > 0:
            from pipeline.ingest.read import read_any

            samples = [read_any(p) for p in originals if p.suffix.lower() == ".txt"]
            results["large"] = parse_large(samples, args.large_mb)
        results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        print(json.dumps(results, ensure_ascii=False))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
