"""Unsupported claims: a sentence that states what the unit is, does, has or won, with content
that is in no fact and in no stock phrasing (prompts/stock.yaml) — "是青川县人民政府的直属机关",
an invented list of duties. Flagged for the writer, never changed: only they know whether it is true.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..resources import prompts_dir
from .datafile import load_rules
from .words import NOUNISH, compact, content_words, sentence_spans

_DOC = re.compile(r"《([^》\n]{2,40})》")
_BRACKETS = re.compile(r"【[^】\n]*】")  # placeholders and labels say nothing about the unit


@dataclass
class ClaimRules:
    signals: list[tuple[str, re.Pattern[str]]] = field(default_factory=list)
    stock: frozenset[str] = frozenset()
    phrases: list[str] = field(default_factory=list)
    documents: frozenset[str] = frozenset()
    min_new: int = 2


def load_claims(prompts: str | Path | None = None) -> ClaimRules:
    path = Path(prompts or prompts_dir()) / "stock.yaml"
    return load_rules(path, _build, what="套话与断言规则表", kind="stock")


def _build(data: dict) -> ClaimRules:
    phrases = [str(p) for p in data.get("stock_phrases", [])]
    stock = {str(w) for w in data.get("stock_words", [])}
    for p in phrases:
        stock.update(content_words(p))
    return ClaimRules(
        signals=[(str(k), re.compile(str(v))) for k, v in (data.get("signals") or {}).items()],
        stock=frozenset(stock),
        phrases=phrases,
        documents=frozenset(compact(str(d)) for d in data.get("documents", [])),
        min_new=int(data.get("min_new", 2)),
    )


@dataclass
class Claim:
    start: int
    end: int
    sentence: str
    signals: list[str]  # 身份定位, 职责职能 … or 文件名称
    new_words: list[str]  # what no fact or stock phrase backs


def unsupported_claims(
    text: str,
    allowed: list[str],
    *,
    rules: ClaimRules | None = None,
    filler: frozenset[str] = frozenset(),
    words: tuple[str, ...] = (),
) -> list[Claim]:
    """Sentences of ``text`` with a concrete claim whose content ``allowed`` (facts and the sheet's
    context) and the stock phrasing do not back: at least ``min_new`` new content words, or a
    document no fact names."""
    rules = rules or load_claims()
    support = compact("\n".join(a for a in allowed if a))
    out: list[Claim] = []
    seen: set[str] = set()  # a sentence repeated is one claim (repetition is its own gate)
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        signals = [name for name, pattern in rules.signals if pattern.search(sentence)]
        docs = [d for d in _DOC.findall(sentence) if compact(d) not in support and compact(d) not in rules.documents]
        if docs:
            signals.append("文件名称")
        if not signals:
            continue
        plain = _BRACKETS.sub(" ", _DOC.sub(" ", sentence))
        new = [w for w in content_words(plain, filler | rules.stock, words, NOUNISH) if w not in support]
        new += [f"《{d}》" for d in docs]
        key = compact(sentence)
        if (len(new) >= rules.min_new or docs) and key not in seen:
            seen.add(key)
            out.append(Claim(start, end, sentence.strip(), signals, new))
    return out
