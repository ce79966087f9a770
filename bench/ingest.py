"""Ingest throughput: reports a second and chunks a second, excluding and including embedding.

    python bench/ingest.py [--copies 2] [--embedding use]

Input: corpus/samples/ and ../shared/corpus, copied --copies times into a temporary folder (each
copy is a distinct source). Three measurements, each on a fresh temporary store:
  parse      read + clean + parse + classify + chunk (no store)
  no_embed   the whole `ingest` (parse, chunk, Chroma writes, manifest) with the model-free
             hash embedder: the cost of everything but the embedding model
  embed      the whole `ingest` with the real embedder (default: the bundled USE)
plus a re-run of the same ingest (every file unchanged) and the peak RSS of the process.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", nargs="*", type=Path,
                        default=[REPO / "corpus" / "samples", REPO.parent / "shared" / "corpus"])
    parser.add_argument("--copies", type=int, default=2)
    parser.add_argument("--embedding", default="use")
    args = parser.parse_args()

    import chromadb  # noqa: F401 - imported once up front: its import time is not ingest throughput

    from pipeline.ingest import iter_input_files, parse_file

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

        for label, spec in (("no_embed", "hash:512"), ("embed", args.embedding)):
            settings = load_settings(store=tmp / f"store-{label}", embedding=spec)
            store = open_store(settings)
            store.embedder.embed_documents(["预热"])  # model load is not throughput
            report = store.ingest([inputs])
            assert report.summary()["failed"] == 0, report.to_dict()
            results[label] = rates(len(files), report.chunks_written, report.seconds) | {"embedding": store.embedder.name}
            print(f"ingest {label}: {results[label]}")
        rerun = open_store(load_settings(store=tmp / "store-embed", embedding=args.embedding)).ingest([inputs])
        results["rerun_unchanged_s"] = round(rerun.seconds, 2)
        results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        print(json.dumps(results, ensure_ascii=False))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
