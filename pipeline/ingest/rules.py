"""The ingest rules (prompts/ingest_rules.yaml): noise vocabulary, named weights, run-in heading words.

Read once and re-read when the file changes (``checks.datafile.load_rules``); a missing or
malformed file, or a weight missing or unknown, is a ConfigError naming the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from pathlib import Path

from ..text.datafile import load_rules
from ..resources import prompts_dir
from .prefilter import compile_prefiltered

RULES_FILE = "ingest_rules.yaml"
_DASHES = r"[-—–－\s]*"  # a page line may be framed by dashes: — 3 —
_LINK_TAIL = r"(?:\s*[:：>》|｜→]|\s*$)"  # a read-more phrase, then the link (or nothing)


@dataclass(frozen=True)
class Weights:
    """Every number the passes weigh with (the file says why each has its value)."""

    telltale_word: float
    adding_word: float
    adding_words_cap: int
    page_count_in_banner: float
    page_count_max_length: int
    longest_noise_line: int
    worth_scoring: float
    prose_discount: float
    long_prose_length: int
    long_prose_discount: float
    comma_discount: float
    fragment_discount: float
    title_discount: float
    short_line_length: int
    short_line_bonus: float
    no_sentence_bonus: float
    near_edge_bonus: float
    noise_threshold: float
    away_from_edge_penalty: float
    edge_top_lines: int
    edge_bottom_lines: int
    footer_neighbour_length: int
    repeat_count: int
    repeat_length: int
    watermark_min_length: int
    watermark_max_length: int
    watermark_rest_length: int
    run_in_min_length: int
    heading_max_length: int
    opener_search_from: int
    opener_time: float
    opener_subject: float
    opener_enumeration: float
    opener_action: float
    opener_modal: float
    opener_label: float
    opener_copula: float
    short_clause_penalty: float
    topic_repeat: float
    topic_length: int
    tail_word_bonus: float
    parallel_clauses_bonus: float
    parallel_clauses_slack: int
    boundary_threshold: float
    page_dump_page_length: int
    page_dump_share: float
    page_dump_numbered_pages: int
    page_dump_run_in_share: float
    page_dump_unfinished_share: float
    first_child_distance: int
    title_max_length: int
    addressee_max_length: int
    signature_max_length: int


@dataclass(frozen=True)
class IngestRules:
    telltale: re.Pattern[str]
    contact: re.Pattern[str]
    adding: re.Pattern[str]
    page_count: re.Pattern[str]
    page_line: re.Pattern[str]
    site_name: re.Pattern[str]
    author: re.Pattern[str]
    menu_words: re.Pattern[str]
    read_more: re.Pattern[str]
    inline_mark: re.Pattern[str]
    kind_contact: re.Pattern[str]
    kind_sharer: re.Pattern[str]
    kind_page_count: re.Pattern[str]
    heading_vocabulary: tuple[str, ...]  # longest first
    heading_vocabulary_start: re.Pattern[str]  # matches the longest one a text starts with
    connectors: str
    enumeration: re.Pattern[str]
    openers: dict[str, re.Pattern[str]]  # weight name (opener_time …) → the words
    heading_tails: re.Pattern[str]  # anchored at the end
    title_endings: re.Pattern[str]
    title_not_followed_by: re.Pattern[str]
    title_not_starting: re.Pattern[str]
    addressee_opener: re.Pattern[str]
    weights: Weights
    why: dict[str, str]  # weight name → why it has its value


def _pattern(value, flags: int = 0) -> re.Pattern[str]:
    """A list of alternatives (or one string) as one compiled pattern."""
    items = [value] if isinstance(value, str) else list(value)
    return re.compile("|".join(f"(?:{item})" for item in items) if len(items) > 1 else items[0], flags)


def _words(value, flags: int = 0) -> re.Pattern[str]:
    """A long list of site words, matched on every line: compiled to skip hopeless positions fast."""
    return compile_prefiltered(_pattern(value).pattern, flags)


def _build(data: dict) -> IngestRules:
    noise, headings, kinds = data["noise"], data["headings"], data["noise"]["kinds"]
    raw_weights = data["weights"]
    known = {f.name for f in fields(Weights)}
    unknown = sorted(set(raw_weights) - known)
    if unknown:
        raise KeyError(f"weights: 未知的权重 (unknown weight) {', '.join(unknown)}")
    missing = sorted(known - set(raw_weights))
    if missing:
        raise KeyError(f"weights: 缺少权重 (missing weight) {', '.join(missing)}")
    for name, spec in raw_weights.items():
        if not str(spec.get("why", "")).strip():
            raise ValueError(f"weights.{name}: 缺少 why (each weight says why)")
    vocabulary = tuple(sorted({str(v) for v in headings["vocabulary"]}, key=len, reverse=True))
    types = {f.name: f.type for f in fields(Weights)}
    values = {name: (int if types[name] == "int" else float)(spec["value"]) for name, spec in raw_weights.items()}
    return IngestRules(
        telltale=_words(noise["telltale"], re.I),
        contact=_words(noise["contact"], re.I),
        adding=_words(noise["adding"]),
        page_count=_pattern(noise["page_count"]),
        page_line=re.compile(rf"^{_DASHES}(?:{_pattern(noise['page_line']).pattern}){_DASHES}$", re.I),
        site_name=_pattern(noise["site_name"]),
        author=_pattern(noise["author"]),
        menu_words=_pattern(noise["menu_words"]),
        read_more=re.compile(rf"(?:{_pattern(noise['read_more']).pattern}){_LINK_TAIL}"),
        inline_mark=_words(noise["inline_mark"], re.I),
        kind_contact=re.compile(kinds["contact"], re.I),
        kind_sharer=re.compile(kinds["sharer"]),
        kind_page_count=re.compile(kinds["page_count"]),
        heading_vocabulary=vocabulary,
        heading_vocabulary_start=re.compile("|".join(map(re.escape, vocabulary)) or "(?!)"),
        connectors=str(headings["connectors"]),
        enumeration=_pattern(headings["enumeration"]),
        openers={f"opener_{group}": re.compile(words) for group, words in headings["openers"].items()},
        heading_tails=re.compile(f"(?:{data['heading_tails']})$"),
        title_endings=_pattern(data["titles"]["endings"]),
        title_not_followed_by=_pattern(data["titles"]["not_followed_by"]),
        title_not_starting=_pattern(data["titles"]["not_starting"]),
        addressee_opener=_pattern(data["titles"]["addressee_openers"]),
        weights=Weights(**values),
        why={name: str(spec["why"]) for name, spec in raw_weights.items()},
    )


def rules_path(prompts: str | Path | None = None) -> Path:
    return Path(prompts or prompts_dir()) / RULES_FILE


def load_ingest_rules(prompts: str | Path | None = None) -> IngestRules:
    """The rules in ``prompts`` (default: the project's prompts folder), cached until the file changes."""
    return load_rules(rules_path(prompts), _build, what="清洗规则文件", kind="ingest rules")
