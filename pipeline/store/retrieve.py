"""Hybrid retrieval: BM25 and dense rankings fused by reciprocal rank fusion, then diversified
across source documents.

RRF (Cormack et al. 2009) adds 1/(K + rank) from each ranking, so a chunk both retrievers like
rises to the top without comparing their incomparable raw scores.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..types import SearchHit

RRF_K = 60
PER_SOURCE = 2  # at most this many hits from one source file, unless there are not enough others


def rrf_fuse(rankings: Sequence[Sequence[str]], k: int = RRF_K) -> list[tuple[str, float]]:
    """Ids by fused score, best first; ties keep first-seen order."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, chunk_id in enumerate(ranking, start=1):
            scores[chunk_id] = scores.get(chunk_id, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda item: -item[1])


def diversify(ranked: list[SearchHit], k: int, per_source: int = PER_SOURCE) -> list[SearchHit]:
    """The best ``k`` hits with at most ``per_source`` per source; others fill in if short."""
    chosen: list[SearchHit] = []
    overflow: list[SearchHit] = []
    used: dict[str, int] = {}
    for hit in ranked:
        source = str(hit.metadata.get("source", ""))
        if used.get(source, 0) < per_source:
            used[source] = used.get(source, 0) + 1
            chosen.append(hit)
            if len(chosen) == k:
                return chosen
        else:
            overflow.append(hit)
    chosen.extend(overflow[: k - len(chosen)])
    # keep the fused order among what was picked
    order = {hit.id: i for i, hit in enumerate(ranked)}
    return sorted(chosen, key=lambda h: order[h.id])


def hybrid_search(
    query: str,
    k: int,
    *,
    dense: Callable[[int], list[str]],
    lexical: Callable[[int], list[str]],
    fetch: Callable[[list[str]], list[SearchHit]],
    per_source: int = PER_SOURCE,
    depth: int | None = None,
) -> list[SearchHit]:
    """Fuse ``dense(n)`` and ``lexical(n)`` (each: up to n ids, best first, filters applied),
    ``fetch`` the texts and metadata of the fused ids, diversify, return ``k`` hits."""
    if k <= 0 or not query.strip():
        return []
    depth = depth or max(8 * k, 40)
    fused = rrf_fuse([dense(depth), lexical(depth)])
    if not fused:
        return []
    # fetch enough to diversify: every candidate up to a bound
    ids = [chunk_id for chunk_id, _ in fused[: max(4 * k, 4 * per_source * k)]]
    by_id = {hit.id: hit for hit in fetch(ids)}
    ranked = []
    for chunk_id, score in fused:
        hit = by_id.get(chunk_id)
        if hit is not None:
            hit.score = round(score, 6)
            ranked.append(hit)
    return diversify(ranked, k, per_source)
