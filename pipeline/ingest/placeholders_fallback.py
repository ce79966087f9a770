"""Minimal legacy-placeholder finder, used only if pipeline.checks.placeholders is missing."""

from __future__ import annotations

import re

from ..types import Placeholder

_LEGACY = re.compile(r"20[Xx]{2}|(?<![A-Za-z0-9])[Xx]{1,3}(?![A-Za-z0-9光射])|[*＊]{1,3}|(?<!\d)×(?!\d)")


def find_legacy(text: str) -> list[Placeholder]:
    return [Placeholder(m.group(), m.start(), m.end()) for m in _LEGACY.finditer(text)]
