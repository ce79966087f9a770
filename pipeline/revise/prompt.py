"""The revise prompt (prompts/revise.md): a system part and a user part, rendered strictly."""

from __future__ import annotations

import re

from ..errors import ConfigError
from ..types import GENRE_NAMES
from .bridge import prompt_version, prompts_folder, render_prompt

_PART = re.compile(r"^## (system|user)\s*$", re.M)


def render_revise(**values: str) -> list[dict[str, str]]:
    """Messages for one revision: ``## system`` and ``## user`` of prompts/revise.md."""
    values = dict(values)
    values["genre"] = GENRE_NAMES.get(values.get("genre", ""), values.get("genre", ""))
    text = render_prompt("revise", **values)
    parts = _PART.split(text)
    found = {parts[i]: parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}
    if not found.get("system") or not found.get("user"):
        raise ConfigError("修改提示词应含 “## system” 与 “## user” 两部分", path=prompts_folder() / "revise.md")
    return [{"role": "system", "content": found["system"]}, {"role": "user", "content": found["user"]}]


def revise_prompt_version() -> str:
    """One content hash for all prompts (revise.md included), as drafts record it."""
    return prompt_version(prompts_folder())
