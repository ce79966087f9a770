"""Hybrid search latency at N synthetic chunks.

    python bench/search.py --chunks 10000 [--queries 100] [--embedding use] [--store DIR]

Builds an embedded store of N synthetic chunks (report-like Chinese sentences assembled from a
phrase list, metadata spread over genres, roles, years and N/10 sources) with random unit
vectors as their embeddings (the embedding *model* is not what is measured here; see
bench/ingest.py), then runs hybrid searches — query embedding with the configured embedder,
Chroma dense query, BM25, RRF fusion, fetch, diversity — with and without filters.
Reports build time, the BM25 (re)build time, p50/p95 search latency and the peak RSS of the
process. The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.config import load_settings  # noqa: E402
from pipeline.store.chunk import PATH_SEP, content_hash  # noqa: E402
from pipeline.store.corpus import open_store  # noqa: E402
from pipeline.types import GENRES, ROLES, Chunk  # noqa: E402

SUBJECTS = ["局党组", "县委宣传部", "镇党委", "机关党委", "各党支部", "班子成员", "纪检组", "办公室", "全体党员干部", "领导班子"]
ACTIONS = ["认真落实", "深入推进", "扎实开展", "严格执行", "持续深化", "全面加强", "不断完善", "切实履行", "统筹推进", "精心组织"]
OBJECTS = [
    "理论学习中心组集中学习", "意识形态工作责任制", "党风廉政建设主体责任", "中央八项规定精神", "三会一课制度",
    "巡察反馈问题整改", "干部队伍建设", "基层党组织标准化建设", "作风建设专项整治", "民主生活会",
    "廉政警示教育", "安全生产责任制", "为民办实事", "财务管理制度", "新闻宣传工作", "营商环境优化",
    "信访矛盾化解", "乡村振兴", "法治政府建设", "政务公开",
]
RESULTS = ["取得明显成效", "形成长效机制", "推动工作落地见效", "营造风清气正的政治生态", "工作水平不断提升",
           "群众满意度持续提高", "各项任务全面完成", "责任链条层层压实"]
HEADINGS = ["一、基本情况", "二、主要做法和成效", "三、存在的主要问题", "四、下步工作打算"]
QUERIES = ["理论学习中心组", "意识形态工作责任制", "存在的主要问题", "落实中央八项规定精神", "巡察整改", "作风建设",
           "下一步工作打算", "基层党组织建设", "廉政警示教育", "安全生产"]


def sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)}{rng.choice(ACTIONS)}{rng.choice(OBJECTS)}，{rng.choice(RESULTS)}。"


def synthetic_chunks(n: int, start: int, rng: random.Random) -> list[Chunk]:
    chunks = []
    for i in range(start, start + n):
        source = f"/synthetic/report_{i // 10:06d}.txt"
        level1 = HEADINGS[i % 4]
        path = [level1, f"（{'一二三四五'[i % 5]}）{rng.choice(ACTIONS)}{rng.choice(OBJECTS)}"]
        text = "".join(sentence(rng) for _ in range(rng.randint(4, 9)))
        meta = {
            "source": source, "title": f"合成报告{i // 10}", "genre": GENRES[(i // 10) % len(GENRES)],
            "year": 2016 + (i // 10) % 10, "org_level": "县", "role": ROLES[i % 4],
            "heading_path": PATH_SEP.join(path), "level": 2, "placeholders": 0, "content_hash": content_hash(text),
            "doc_index": 0, "chunk_index": i % 10,
        }
        chunks.append(Chunk(id=f"syn{i:08d}", text=text, heading_path=path, metadata=meta))
    return chunks


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chunks", type=int, default=10000)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--embedding", default="use", help="embedder for the queries (and the vectors' dimension)")
    parser.add_argument("--store", type=Path, default=None, help="store folder (default: a temporary one)")
    parser.add_argument("--batch", type=int, default=5000)
    args = parser.parse_args()

    tmp = None
    if args.store is None:
        tmp = tempfile.mkdtemp(prefix="bigan-bench-search-")
        args.store = Path(tmp) / "store"
    settings = load_settings(store=args.store, embedding=args.embedding)
    store = open_store(settings)
    dim = store.embedder.dim or len(store.embedder.embed_query("维度"))
    rng = random.Random(7)
    vectors_rng = np.random.default_rng(7)
    try:
        started = time.perf_counter()
        for start in range(0, args.chunks, args.batch):
            n = min(args.batch, args.chunks - start)
            vectors = vectors_rng.standard_normal((n, dim), dtype=np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            store.add_chunks(synthetic_chunks(n, start, rng), vectors)
        build_s = time.perf_counter() - started

        started = time.perf_counter()
        store.bm25()  # first search after a change rebuilds the BM25 cache
        bm25_build_s = time.perf_counter() - started
        store.embedder.embed_query("预热")

        plain: list[float] = []
        filtered: list[float] = []
        filters = [{}, {"role": "work"}, {"genre": "integrity_report", "role": "problems"}, {"year": 2022}]
        for q in range(args.queries):
            query = QUERIES[q % len(QUERIES)]
            for kind, kwargs in (("plain", {}), ("filtered", filters[1 + q % 3])):
                t0 = time.perf_counter()
                hits = store.search(query, k=args.k, **kwargs)
                elapsed = (time.perf_counter() - t0) * 1000
                assert hits, (query, kwargs)
                (plain if kind == "plain" else filtered).append(elapsed)
        both = plain + filtered
        result = {
            "chunks": args.chunks,
            "queries": len(both),
            "embedding": store.embedder.name,
            "build_s": round(build_s, 1),
            "bm25_build_s": round(bm25_build_s, 1),
            "p50_ms": round(statistics.median(both), 1),
            "p95_ms": round(percentile(both, 95), 1),
            "p50_ms_unfiltered": round(statistics.median(plain), 1),
            "p95_ms_unfiltered": round(percentile(plain, 95), 1),
            "p50_ms_filtered": round(statistics.median(filtered), 1),
            "p95_ms_filtered": round(percentile(filtered, 95), 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        }
        print(f"{args.chunks} chunks: store built in {build_s:.1f} s, BM25 in {bm25_build_s:.1f} s; "
              f"search p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms; peak RSS {result['peak_rss_mb']} MB")
        print(json.dumps(result, ensure_ascii=False))
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
