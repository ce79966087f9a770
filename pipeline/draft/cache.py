"""On-disk cache of model replies, so re-runs and evals are reproducible and cheap.

Key = sha256 of (model, base_url, messages, parameters). Never the API key. Errors, cut streams
and empty replies are never stored.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ..atomic import write_atomic


def cache_key(model: str, base_url: str | None, messages: list[dict[str, Any]], params: dict[str, Any]) -> str:
    payload = json.dumps(
        {"model": model, "base_url": base_url or "", "messages": messages, "params": params},
        ensure_ascii=False,
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class ResponseCache:
    def __init__(self, directory: str | Path) -> None:
        self.dir = Path(directory)

    def _path(self, key: str) -> Path:
        return self.dir / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        path = self._path(key)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # missing or damaged entries are just misses
        return data if isinstance(data, dict) and data.get("text") else None

    def put(self, key: str, entry: dict[str, Any]) -> bool:
        """Store a finished, non-empty reply; returns whether it was stored."""
        if not (entry.get("text") or "").strip() or not entry.get("finish_reason"):
            return False
        try:
            write_atomic(self._path(key), json.dumps(entry, ensure_ascii=False))
        except OSError:
            return False  # a read-only cache must not break drafting
        return True
