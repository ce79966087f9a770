"""prompts/offline.yaml: the offline composer's phrase banks (leads, tails, verb lists), read strictly.

Every key is required and every sentence may use only the fields the composer fills ({h}, {me},
{unit} in leads; {me} in tails): a missing key, a wrong type or an unknown field is a ConfigError
naming the file, never a draft with a hole in it.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..resources import shipped_prompts
from ..text.datafile import load_rules

OFFLINE_FILE = "offline.yaml"

# Lead pools the composer names itself; a "role:genre" variant or another role is optional.
REQUIRED_LEADS = (
    "work", "work_free", "work_plain", "problems", "problems_sub", "problems_free", "plans", "plans_sub",
    "plans_free", "rectification_sub", "organization", "study", "duty", "integrity", "duty_sub", "duty_free",
    "points_sub",
)
LEAD_FIELDS = frozenset({"h", "h_plain", "unit", "me"})
TAIL_FIELDS = frozenset({"me"})


@dataclass(frozen=True)
class Phrases:
    leads: dict[str, list[str]]
    tails: dict[str, list[str]]
    formula_start: tuple[str, ...]
    verb_start: tuple[str, ...]
    doing: tuple[str, ...]
    activity: re.Pattern[str]  # a short fact that only names an activity
    generic_words: frozenset[str]
    implies: dict[str, tuple[str, ...]]
    result_points: re.Pattern[str]


def load_phrases(prompts: str | Path | None = None) -> Phrases:
    """The phrase banks of ``prompts``/offline.yaml (cached until the file changes)."""
    path = Path(prompts or shipped_prompts()) / OFFLINE_FILE
    return load_rules(path, _build, what="离线起草词库", kind="offline")


def _words(data: dict[str, Any], key: str, *, allow_empty: bool = False, within: str = "") -> list[str]:
    value, name = data[key], f"{within}{key}"
    if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
        raise TypeError(f"{name} 应为非空文字的列表")
    if not value and not allow_empty:
        raise ValueError(f"{name} 不能为空")
    return list(value)


def _pools(data: dict[str, Any], key: str, fields: frozenset[str], *, allow_empty: bool) -> dict[str, list[str]]:
    table = data[key]
    if not isinstance(table, dict):
        raise TypeError(f"{key} 应为映射（角色 → 句子列表）")
    pools = {str(k): _words(table, k, allow_empty=allow_empty, within=f"{key}.") for k in table}
    for name, sentences in pools.items():
        for sentence in sentences:
            for _, field, _, _ in string.Formatter().parse(sentence):
                if field is not None and field not in fields:
                    raise ValueError(f"{key}.{name} 中有未知变量 {{{field}}}，可用：{', '.join(sorted(fields))}")
    return pools


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in words)


def _build(data: dict[str, Any]) -> Phrases:
    leads = _pools(data, "leads", LEAD_FIELDS, allow_empty=False)
    missing = [k for k in REQUIRED_LEADS if k not in leads]
    if missing:
        raise KeyError(f"leads.{missing[0]}")
    implies = data["implies"]
    if not isinstance(implies, dict):
        raise TypeError("implies 应为映射（要点 → 词语列表）")
    return Phrases(
        leads=leads,
        tails=_pools(data, "tails", TAIL_FIELDS, allow_empty=True),
        formula_start=tuple(_words(data, "formula_start")),
        verb_start=tuple(_words(data, "verb_start")),
        doing=tuple(_words(data, "doing")),
        activity=re.compile(rf"^[^，,；;。0-9０-９]{{2,18}}(?:{_alternation(_words(data, 'activity_endings'))})$"),
        generic_words=frozenset(_words(data, "generic_words")),
        implies={str(k): tuple(_words(implies, k, within="implies.")) for k in implies},
        result_points=re.compile(_alternation(_words(data, "result_points"))),
    )
