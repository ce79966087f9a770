"""Reading and writing draft.json atomically, so a killed run never leaves half a file."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from .errors import InputError
from .types import Draft


def load_draft(path: str | Path) -> Draft:
    path = Path(path)
    if not path.is_file():
        raise InputError("草稿文件不存在 (draft file not found)", path=path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"不是有效的 draft.json：{exc}", path=path) from None
    if not isinstance(data, dict) or "meta" not in data or "sections" not in data:
        raise InputError("不是 bigan 的 draft.json（缺少 meta 或 sections）", path=path)
    try:
        return Draft.from_dict(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"draft.json 字段有误：{exc}", path=path) from None


def write_atomic(path: str | Path, data: bytes | str) -> None:
    """Write to a temporary file beside ``path`` and rename it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_json(path: str | Path, data: Any) -> None:
    """Readable JSON (Chinese as written, indented, final newline), written atomically."""
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def save_draft(draft: Draft, path: str | Path) -> None:
    write_json(path, draft.to_dict())
