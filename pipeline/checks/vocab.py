"""prompts/gates.yaml: the vocabulary of the per-section gates (key words, labels, repetition)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..resources import shipped_prompts
from ..text.datafile import load_rules


@dataclass
class GateVocab:
    words: tuple[str, ...] = ()  # kept whole by jieba
    min_share: float = 0.5  # of a fact's key words (weighted), for a fact with numbers to count as used
    min_share_no_numbers: float = 0.8  # … for a fact without numbers
    filler: frozenset[str] = frozenset()
    labels: tuple[str, ...] = ()
    chatter: tuple[re.Pattern[str], ...] = ()  # lines about the answer ("以上就是…的正文内容")
    missing_kinds: tuple[str, ...] = ()
    min_repeat_chars: int = 12
    near_chars: int = 14
    near_ratio: float = 0.9


def load_vocab(prompts: str | Path | None = None) -> GateVocab:
    path = Path(prompts or shipped_prompts()) / "gates.yaml"
    return load_rules(path, _build, what="质量关卡词表", kind="gates")


def _build(data: dict) -> GateVocab:
    coverage = data.get("coverage") or {}
    share = float(coverage.get("min_share", 0.5))
    share_plain = float(coverage.get("min_share_no_numbers", 0.8))
    for key, value in (("min_share", share), ("min_share_no_numbers", share_plain)):
        if not 0 < value <= 1:
            raise ValueError(f"coverage.{key} 应在 0 与 1 之间：{value}")
    return GateVocab(
        words=tuple(str(w) for w in data.get("words", [])),
        chatter=tuple(re.compile(str(p)) for p in data.get("chatter", [])),
        min_share=share,
        min_share_no_numbers=share_plain,
        filler=frozenset(str(w) for w in coverage.get("filler", [])),
        labels=tuple(sorted((str(x) for x in data.get("labels", [])), key=len, reverse=True)),
        missing_kinds=tuple(str(x) for x in data.get("missing_kinds", [])),
        min_repeat_chars=int((data.get("repetition") or {}).get("min_chars", 12)),
        near_chars=int((data.get("repetition") or {}).get("near_chars", 14)),
        near_ratio=float((data.get("repetition") or {}).get("near_ratio", 0.9)),
    )
