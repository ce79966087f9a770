"""The checks' rule files (prompts/terms.yaml, timeline.yaml): read once, re-read when they change."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ..errors import ConfigError

T = TypeVar("T")

# (kind, path) -> (mtime, parsed): one entry per folder in use (runs with different prompts
# folders in one process each keep theirs)
_CACHE: dict[tuple[str, str], tuple[float, Any]] = {}


def load_rules(path: Path, build: Callable[[dict[str, Any]], T], *, what: str, kind: str) -> T:
    """``build(yaml mapping)`` for ``path``, cached until the file changes.

    ``what`` names the file to a writer (术语表), ``kind`` in English (terms); a missing or
    malformed file is a ConfigError naming it.
    """
    import yaml

    try:
        mtime = path.stat().st_mtime
    except OSError:
        raise ConfigError(f"{what}不存在 ({kind} file not found)", path=path) from None
    key = (kind, str(path))
    cached = _CACHE.get(key)
    if cached is not None and cached[0] == mtime:
        return cached[1]
    try:
        value = build(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    except (yaml.YAMLError, re.error, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(f"{what}格式有误：{exc}", path=path) from None
    _CACHE[key] = (mtime, value)
    return value
