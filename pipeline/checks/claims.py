"""Unsupported claims: a sentence that states what the unit is, does, has or won, with content
that is in no fact and in no stock phrasing (prompts/stock.yaml) — "是青川县人民政府的直属机关",
an invented list of duties. Flagged for the writer, never changed: only they know whether it is true.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..resources import shipped_prompts
from ..text.datafile import load_rules
from .vocab import load_vocab
from ..text.words import NOUNISH, compact, content_words, sentence_spans

_DOC = re.compile(r"《([^》\n]{2,40})》")
_BRACKETS = re.compile(r"【[^】\n]*】")  # placeholders and labels say nothing about the unit


@dataclass
class Signal:
    name: str
    pattern: re.Pattern[str]
    min_new: int | None = None  # None: the rules' min_new


@dataclass
class ClaimRules:
    signals: list[Signal] = field(default_factory=list)
    stock: frozenset[str] = frozenset()
    phrases: list[str] = field(default_factory=list)
    documents: frozenset[str] = frozenset()
    continues: tuple[str, ...] = ()
    named: re.Pattern[str] | None = None  # “法治护航”专项行动
    min_new: int = 2


def load_claims(prompts: str | Path | None = None) -> ClaimRules:
    path = Path(prompts or shipped_prompts()) / "stock.yaml"
    words = load_vocab(prompts).words
    return load_rules(path, lambda data: _build(data, words), what="套话与断言规则表", kind="stock")


def _build(data: dict, words: tuple[str, ...] = ()) -> ClaimRules:
    phrases = [str(p) for p in data.get("stock_phrases", [])]
    stock = {str(w) for w in data.get("stock_words", [])}
    for p in phrases:
        stock.update(content_words(p, extra_words=words))
    signals = []
    for name, spec in (data.get("signals") or {}).items():
        if isinstance(spec, dict):
            signals.append(Signal(str(name), re.compile(str(spec["pattern"])), int(spec["min_new"]) if "min_new" in spec else None))
        else:
            signals.append(Signal(str(name), re.compile(str(spec))))
    things = [re.escape(str(t)) for t in sorted(data.get("named_things", []), key=len, reverse=True)]
    return ClaimRules(
        signals=signals,
        named=re.compile(f"“([^”\\n]{{2,12}})”(?:{'|'.join(things)})") if things else None,
        stock=frozenset(stock),
        phrases=phrases,
        documents=frozenset(compact(str(d)) for d in data.get("documents", [])),
        continues=tuple(str(c) for c in data.get("continues", [])),
        min_new=int(data.get("min_new", 2)),
    )


_CLAUSE = re.compile(r"[^，,；;：:。！？]+[，,；;：:。！？]?")


def _claim_clauses(sentence: str, rules: ClaimRules) -> list[str]:
    """The clauses of a sentence that carry a signal, each with the clauses that continue it
    (包括…, 如…) — or, after one ending in a colon (职责包括：), the rest of the sentence."""
    clauses = _CLAUSE.findall(sentence)
    out: list[str] = []
    claiming = False
    for i, clause in enumerate(clauses):
        if any(s.pattern.search(clause) for s in rules.signals) or _DOC.search(clause):
            if clause.endswith(("：", ":")):
                return out + clauses[i:]
            out.append(clause)
            claiming = True
        elif claiming and clause.lstrip().startswith(rules.continues):
            out.append(clause)
        else:
            claiming = False
    return out


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
        hits = [s for s in rules.signals if s.pattern.search(sentence)]
        signals = [s.name for s in hits]
        docs = [d for d in _DOC.findall(sentence) if compact(d) not in support and compact(d) not in rules.documents]
        named = [n for n in (rules.named.findall(sentence) if rules.named else []) if compact(n) not in support]
        if docs:
            signals.append("文件名称")
        if named:
            signals.append("活动名称")
        if not signals:
            continue
        need = min((s.min_new if s.min_new is not None else rules.min_new) for s in hits) if hits else rules.min_new
        # what the claim says: the clauses that carry a signal (是…机关, 负责…, 下设…) and, after
        # one that ends in a colon (职责包括：), the rest of the sentence
        plain = _BRACKETS.sub(" ", _DOC.sub(" ", " ".join(_claim_clauses(sentence, rules))))
        new = [w for w in content_words(plain, filler | rules.stock, words, NOUNISH) if w not in support]
        new += [f"《{d}》" for d in docs] + [f"“{n}”" for n in named]
        key = compact(sentence)
        if (len(new) >= need or docs or named) and key not in seen:
            seen.add(key)
            out.append(Claim(start, end, sentence.strip(), signals, new))
    return out
