"""Compare the embedded embedding candidates on speed and on retrieval over real reports.

    python bench/embeddings.py [--corpus DIR ...] [--json-only]

Corpus: corpus/samples/ and ../shared/corpus (parsed and chunked exactly as `bigan ingest` does).
Queries: a small labelled set below. A chunk is relevant to a query when its section role and/or
its heading path + text match the query's label (keywords a reader would look for); the query
is phrased differently from the labels where possible, so dense retrieval has to generalise.

Metrics per embedder, for dense-only ranking and for the hybrid (BM25 + dense, RRF) ranking:
  hit@5   share of queries with at least one relevant chunk in the top 5
  p@5     share of relevant chunks among the top 5
  mrr@10  mean reciprocal rank of the first relevant chunk in the top 10
plus texts/s when embedding the corpus's chunks (with their heading paths) on this machine.
The last line printed is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.config import load_settings  # noqa: E402
from pipeline.errors import ConfigError  # noqa: E402
from pipeline.store.bm25 import Bm25Index  # noqa: E402
from pipeline.store.chunk import context_text  # noqa: E402
from pipeline.store.corpus import chunks_of  # noqa: E402
from pipeline.store.embeddings import get_embedder  # noqa: E402
from pipeline.store.retrieve import rrf_fuse  # noqa: E402

# (query, role the relevant chunk has or None, any of these words in heading path + text or ())
QUERIES: list[tuple[str, str | None, tuple[str, ...]]] = [
    ("理论学习中心组", None, ("中心组",)),
    ("领导班子政治理论学习情况", "work", ("理论学习", "中心组", "学习教育", "第一议题")),
    ("意识形态工作责任制", None, ("意识形态",)),
    ("存在的主要问题", "problems", ()),
    ("工作中还有哪些差距和不足", "problems", ()),
    ("下一步工作打算", "plans", ()),
    ("明年的工作思路和重点", "plans", ()),
    ("单位基本情况和人员编制", "basic_info", ()),
    ("落实中央八项规定精神，纠治四风", None, ("八项规定", "四风")),
    ("巡察反馈问题的整改落实", None, ("整改",)),
    ("履行党风廉政建设主体责任", None, ("主体责任",)),
    ("三会一课和支部组织生活", None, ("三会一课", "组织生活", "支部")),
    ("廉政警示教育", None, ("警示教育", "廉政教育", "以案促改")),
    ("干部作风建设方面的问题", "problems", ("作风",)),
    ("民主生活会开展批评与自我批评", None, ("民主生活会", "批评")),
    ("选人用人和干部队伍建设", None, ("干部队伍", "选人用人", "干部")),
    ("安全生产和风险防范", None, ("安全", "风险")),
    ("为群众办实事解难题", None, ("群众",)),
    ("学习贯彻党的二十大精神", None, ("二十大",)),
    ("监督执纪四种形态", None, ("四种形态", "执纪")),
    ("财务管理和经费使用不规范", None, ("财务", "经费", "资金")),
    ("宣传思想和新闻宣传工作", None, ("宣传",)),
]


def load_chunks(folders: list[Path]):
    from pipeline.ingest import iter_input_files, parse_file

    chunks = []
    for path in iter_input_files(folders):
        result = parse_file(path)
        chunks += chunks_of(result.documents, str(path))
    return chunks


def relevant(chunk, role, words) -> bool:
    if role and chunk.metadata.get("role") != role:
        return False
    if words:
        hay = context_text(chunk.heading_path, chunk.text)
        return any(w in hay for w in words)
    return True


def score(rankings: list[list[int]], labels: list[set[int]]) -> dict[str, float]:
    hit5 = p5 = mrr = 0.0
    for ranking, rel in zip(rankings, labels):
        top5 = ranking[:5]
        hit5 += any(i in rel for i in top5)
        p5 += sum(i in rel for i in top5) / 5
        for rank, i in enumerate(ranking[:10], 1):
            if i in rel:
                mrr += 1 / rank
                break
    n = len(rankings)
    return {"hit@5": round(hit5 / n, 3), "p@5": round(p5 / n, 3), "mrr@10": round(mrr / n, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", nargs="*", type=Path,
                        default=[REPO / "corpus" / "samples", REPO.parent / "shared" / "corpus"])
    parser.add_argument("--candidates", nargs="*", default=["use", "e5", "hash:512"])
    args = parser.parse_args()
    folders = [f for f in args.corpus if f.is_dir()]
    chunks = load_chunks(folders)
    texts = [context_text(c.heading_path, c.text) for c in chunks]
    labels = [{i for i, c in enumerate(chunks) if relevant(c, role, words)} for _, role, words in QUERIES]
    ids = [str(i) for i in range(len(chunks))]
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        bm25 = Bm25Index.build(Path(tmp) / "bm25", "bench", [(ids[i], texts[i], c.metadata) for i, c in enumerate(chunks)])
        lexical = [[int(i) for i, _ in bm25.search(q, 50)] for q, _, _ in QUERIES]
    results: dict[str, dict] = {"bm25_only": score(lexical, labels)}
    print(f"{len(chunks)} chunks from {len(folders)} folders, {len(QUERIES)} queries; "
          f"avg {np.mean([len(t) for t in texts]):.0f} characters per chunk")
    print(f"bm25 only: {results['bm25_only']}")
    for spec in args.candidates:
        try:
            started = time.perf_counter()
            embedder = get_embedder(load_settings(embedding=spec))
            embedder.embed_documents(["预热"])
            load_s = time.perf_counter() - started
        except ConfigError as exc:
            results[spec] = {"error": exc.message}
            print(f"{spec}: unavailable ({exc.message})")
            continue
        started = time.perf_counter()
        matrix = np.array(embedder.embed_documents(texts), dtype=np.float32)
        embed_s = time.perf_counter() - started
        started = time.perf_counter()
        queries = np.array([embedder.embed_query(q) for q, _, _ in QUERIES], dtype=np.float32)
        query_ms = (time.perf_counter() - started) / len(QUERIES) * 1000
        dense = [list(np.argsort(-matrix @ q)[:50]) for q in queries]
        hybrid = [[int(i) for i, _ in rrf_fuse([[str(x) for x in d], [str(x) for x in lx]])]
                  for d, lx in zip(dense, lexical)]
        results[spec] = {
            "model": embedder.name,
            "dim": embedder.dim,
            "load_s": round(load_s, 2),
            "texts_per_s": round(len(texts) / embed_s, 1),
            "chars_per_s": round(sum(map(len, texts)) / embed_s),
            "query_ms": round(query_ms, 1),
            "dense": score([[int(x) for x in d] for d in dense], labels),
            "hybrid": score(hybrid, labels),
        }
        print(f"{spec}: {results[spec]}")
    results["chunks"] = len(chunks)
    results["queries"] = len(QUERIES)
    results["cpus"] = os.cpu_count()
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
