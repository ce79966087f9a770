"""A model proposes and groups the facts; every proposal is then held to its source sentence.

The materials go to the model in batches of numbered sentences (prompts/extract.md), through the
project's one model door (``ChatModel.generate``). A proposal must cite a sentence that exists;
``run.extract_facts`` then drops any whose numbers or named documents that sentence does not state
verbatim, and here a number that only a comparison clause of the sentence states (上年处置39起)
is refused too. A batch whose reply is not JSON falls back to the rules for its sentences.
"""

from __future__ import annotations

import json
import logging
import re

from ..text.numbers import extract_numbers, same_quantity
from ..draft import prompts
from ..schema.outline import Outline
from ..store.tokens import count_tokens
from ..types import GENRE_NAMES
from .assign import Assigner
from .sentence import Sentence
from .rules import Patterns, this_year
from .sheet import Dropped, ExtractedFact
from .verify import unsupported
from .with_rules import rule_proposals

log = logging.getLogger(__name__)

BATCH_TOKENS = 2500  # material sentences per request
_JSON = re.compile(r"\{.*\}", re.S)


def batches(sentences: list[Sentence], limit: int = BATCH_TOKENS) -> list[list[tuple[str, Sentence]]]:
    """Numbered sentences (S1, S2 …) in batches that fit the prompt."""
    out: list[list[tuple[str, Sentence]]] = [[]]
    used = 0
    for i, s in enumerate(sentences, start=1):
        cost = count_tokens(s.text) + 12
        if out[-1] and used + cost > limit:
            out.append([])
            used = 0
        out[-1].append((f"S{i}", s))
        used += cost
    return [b for b in out if b]


def parse_reply(text: str) -> list[dict]:
    """The ``facts`` list of the model's JSON (fences and chatter around it tolerated)."""
    m = _JSON.search(text.replace("```json", "").replace("```", ""))
    if not m:
        raise ValueError("no JSON object")
    data = json.loads(m.group(0))
    items = data.get("facts") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ValueError("no facts list")
    return [i for i in items if isinstance(i, dict)]


def _comparison_only(fact: str, sentence: Sentence, pat: Patterns) -> list[str]:
    """Numbers of the fact that the sentence states only in a clause about another year or unit."""
    ours = this_year(sentence, pat)
    kept_numbers = extract_numbers(ours[0]) if ours else []
    return [n.text for n in extract_numbers(fact) if not any(same_quantity(n, k) for k in kept_numbers)]


def model_proposals(
    sentences: list[Sentence], outline: Outline, year: int, model, prompts_dir=None, *, unit: str | None = None,
) -> tuple[list[ExtractedFact], list[Dropped]]:
    pat = Patterns(year, prompts_dir, unit)
    assigner = Assigner(outline, prompts_dir)
    ids = {s.id for s in outline.sections}
    facts: list[ExtractedFact] = []
    dropped: list[Dropped] = []
    for batch in batches(sentences):
        by_id = dict(batch)
        user = prompts.render(
            "extract", prompts_dir, year=year, unit_hint=unit or "本单位", genre_name=GENRE_NAMES.get(outline.genre, outline.name),
            sections=outline.sections, sentences=[{"id": i, "file": s.file, "heading": s.heading, "text": s.text} for i, s in batch],
        )
        reply = model.generate([{"role": "user", "content": user}])
        try:
            items = parse_reply(reply.text)
        except (ValueError, json.JSONDecodeError) as exc:
            log.warning("模型提取结果不是 JSON（%s），本批 %d 句改用离线规则", exc, len(batch))
            rule_facts, _ = rule_proposals([s for _, s in batch], assigner, year, prompts_dir, unit)
            facts.extend(rule_facts)
            dropped.append(Dropped(f"（第 {batch[0][0]}–{batch[-1][0]} 句）", "模型回复", f"不是 JSON（{exc}），改用离线规则"))
            continue
        for item in items:
            text = " ".join(str(item.get("fact") or "").split()).rstrip("。；;")
            source = by_id.get(str(item.get("source") or "").strip("[] "))
            if not text:
                continue
            if source is None:
                dropped.append(Dropped(text, str(item.get("source")), "引用的句子编号不存在"))
                continue
            problems = unsupported(text, source.text)
            if problems:
                dropped.append(Dropped(text, source.source, "；".join(problems)))
                continue
            foreign = _comparison_only(text, source, pat)
            if foreign:
                dropped.append(Dropped(text, source.source, f"数字{'、'.join(foreign)}出自与上年比较或其他单位的分句"))
                continue
            sid = str(item.get("section") or "")
            section = outline.section(sid) if sid in ids else assigner.section_for(text, "work", source.heading)
            heading = str(item.get("heading") or "").strip() or None
            if section.subsections != "from_facts" or section.role != "work":
                heading = None
            elif heading is None:
                heading = assigner.sub_heading(section, text, source.heading, source.file)
            facts.append(ExtractedFact(section.id, heading, text, source, by=model.name))
    return facts, dropped
