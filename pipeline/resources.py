"""Where the data files live: prompts/ (outlines, prompt templates, terms, style)."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_REPO = _PACKAGE.parent


def prompts_dir() -> Path:
    """``$BIGAN_PROMPTS``, else the shipped folder: the default of ``Settings.prompts``.

    Read at the top (settings, the command line) only: every stage below is given its prompts
    folder, so two runs with different folders in one process never mix (tests/test_prompts_folder.py)."""
    env = os.environ.get("BIGAN_PROMPTS")
    return Path(env) if env else shipped_prompts()


def shipped_prompts() -> Path:
    """The checkout's ``prompts/``, else the copy packed into the wheel: what a loader reads when
    it is given no folder (a library call, a test)."""
    for candidate in (_REPO / "prompts", _PACKAGE / "_data" / "prompts"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("prompts/ not found; set BIGAN_PROMPTS")


def repo_dir() -> Path:
    return _REPO
