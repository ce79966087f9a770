"""Where a heading with no punctuation of its own ends when its paragraph runs straight on:
"（一）坚持问题导向，从严抓好工程项目管理对审计指出的未整改问题建立台账，…。"

Each place within a heading's length is weighed (prompts/ingest_rules.yaml: opener_*, topic_repeat,
tail_word_bonus, parallel_clauses_*, short_clause_penalty): the words after it open a paragraph (a
time, the unit as subject, 一是, an action verb, 要把…, 整改措施：, a definition …是), or name the
heading's topic again; the words before it end a heading (…管理, …成效); a two-clause heading
balances its clauses and ends in no fragment. The best place with enough evidence wins; a heading
never ends inside quotes or brackets, on punctuation, or in a time or subject word.
"""

from __future__ import annotations

import re

from .rules import IngestRules

_OPEN = "“《（(「『"
_CLOSE = "”》）)」』"
_NO_END = "，、；：,;:" + _OPEN  # a heading does not end on these…
_NO_START = "，。、；：！？,.;:!?" + _CLOSE  # …nor does a paragraph start with these
_NO_START_RE = re.compile(r"[^\u4e00-\u9fff]")  # a repeated topic is a Chinese word


def run_in_heading_end(first: str, rules: IngestRules) -> int | None:
    """In ``first`` (the text after a marker up to its first sentence end), where the heading ends,
    or None when the first sentence is short enough to be the heading, or the evidence is too weak."""
    w = rules.weights
    if len(first) <= w.run_in_min_length:
        return None
    last = min(len(first) - 1, int(w.heading_max_length))
    depth = [0] * (last + 1)  # quote/bracket depth before each position
    level = 0
    for k in range(last):
        c = first[k]
        level = level + 1 if c in _OPEN else max(0, level - 1) if c in _CLOSE else level
        depth[k + 1] = level
    opener_at: dict[int, float] = {}
    closing_openers: set[int] = set()  # where a time or subject word ends: no heading ends there
    for name, pattern in rules.openers.items():
        weight = getattr(w, name)
        for m in pattern.finditer(first, 0, last + 24):
            if m.start() <= last:
                opener_at[m.start()] = max(opener_at.get(m.start(), 0), weight)
            if name in ("opener_time", "opener_subject"):
                closing_openers.add(m.end())
    best, best_score = None, 0.0
    size = int(w.topic_length)
    for k in range(int(w.opener_search_from), last + 1):
        if depth[k] or first[k - 1] in _NO_END or first[k] in _NO_START or k in closing_openers:
            continue
        heading = first[:k]
        score = opener_at.get(k, 0.0)
        topic = first[k : k + size]
        if len(topic) == size and topic in heading and not _NO_START_RE.search(topic):
            score += w.topic_repeat  # the paragraph names its heading's topic again
        if not score:
            continue
        if rules.heading_tails.search(heading):
            score += w.tail_word_bonus
        clauses = re.split(r"[，,]", heading)
        if len(clauses) >= 2 and abs(len(clauses[-1]) - len(clauses[0])) <= w.parallel_clauses_slack:
            score += w.parallel_clauses_bonus
        if len(clauses[-1]) < 4:
            score -= w.short_clause_penalty
        if score > best_score:
            best, best_score = k, score
    return best if best_score >= w.boundary_threshold else None
