"""Where the data files live: prompts/ (outlines, prompt templates, terms, style)."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_REPO = _PACKAGE.parent


def prompts_dir() -> Path:
    """``$BIGAN_PROMPTS``, else the checkout's ``prompts/``, else the copy packed into the wheel."""
    env = os.environ.get("BIGAN_PROMPTS")
    if env:
        return Path(env)
    for candidate in (_REPO / "prompts", _PACKAGE / "_data" / "prompts"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("prompts/ not found; set BIGAN_PROMPTS")


def repo_dir() -> Path:
    return _REPO
