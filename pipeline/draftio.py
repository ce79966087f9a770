"""Reading and writing draft.json atomically, so a killed run never leaves half a file.

Several processes may save the same draft (the terminal session, the page, a one-shot revise, a
resumed draft run): ``commit_draft`` saves under one file lock beside the draft and merges what
the others saved meanwhile (``draftmerge``), so no accepted version is ever lost.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .config import default_home
from .draftmerge import STAMP, MergeReport, changed_sections, merge_into
from .errors import ConflictError, InputError
from .filelocks import LockBusy, exclusive
from .atomic import write_json
from .types import Draft


def load_draft(path: str | Path) -> Draft:
    path = Path(path)
    if not path.is_file():
        raise InputError("草稿文件不存在 (draft file not found)", path=path)
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"不是有效的 draft.json：{exc}", path=path) from None
    except RecursionError:
        raise InputError("不是有效的 draft.json：嵌套过深 (nested too deeply)", path=path) from None
    if not isinstance(data, dict) or "meta" not in data or "sections" not in data:
        raise InputError("不是 bigan 的 draft.json（缺少 meta 或 sections）", path=path)
    # Typed by the Draft dataclasses themselves, the facts by the fact sheet's models (drafting's).
    from .schema.draftjson import parse_draft

    return parse_draft(text, path)


def save_draft(draft: Draft, path: str | Path) -> None:
    write_json(path, draft.to_dict())


def lock_files(path: str | Path) -> tuple[Path, Path]:
    """The lock (and its holder's pid) for the draft at ``path``: under BIGAN_HOME/locks, named by
    the draft's full path, so every bigan process of this user finds the same one and the writer's
    folder holds only the report's own files."""
    key = hashlib.sha256(os.path.normcase(str(Path(path).resolve())).encode("utf-8")).hexdigest()[:24]
    folder = default_home() / "locks"
    return folder / f"draft-{key}.lock", folder / f"draft-{key}.pid"


@contextmanager
def draft_lock(path: str | Path) -> Iterator[None]:
    """The one lock every process takes to save ``path``."""
    path = Path(path)
    try:
        with exclusive(*lock_files(path)):
            yield
    except LockBusy as busy:
        raise ConflictError(
            f"草稿正由另一个进程保存（等待 {busy.timeout:g} 秒后放弃{busy.holder()}），本次修改未保存 (draft is locked)",
            path=path,
        ) from None


def commit_draft(
    draft: Draft,
    path: str | Path,
    base: dict[str, Any] | None = None,
    *,
    replace: bool = False,
    keep_theirs: bool = False,
    prepare: Callable[[Draft], None] | None = None,
) -> MergeReport:
    """Save ``draft`` with the next revision number, under the draft's lock.

    ``base`` is this process's snapshot (``draft.to_dict()``) of the file as it loaded or last saved
    it: what others saved since then is merged in (in place, so ``draft`` ends up as written), and a
    section both changed is refused with a ConflictError — or, with ``keep_theirs``, left as they
    saved it. Without ``base`` the file must still hold ``draft``'s revision (else ConflictError);
    ``replace`` writes a new draft over whatever the file holds. ``prepare(draft)`` runs on the
    merged draft before it is written (whole-draft findings are recomputed there).
    """
    path = Path(path)
    with draft_lock(path):
        theirs = load_draft(path) if path.is_file() and not replace else None
        report = MergeReport()
        if theirs is not None and base is not None:
            report = merge_into(draft, base, theirs, keep_theirs=keep_theirs)
            if report.conflicts and set(report.conflicts) - set(report.overruled):
                raise _conflict(path, theirs, [c for c in report.conflicts if c not in report.overruled])
        elif theirs is not None:
            if theirs.meta.revision != draft.meta.revision:
                raise _conflict(path, theirs, [])
            report.ours = changed_sections(theirs.to_dict(), draft)  # the file is our base
        else:
            report.ours = [s.id for s in draft.sections]
        revision = max(draft.meta.revision, theirs.meta.revision if theirs else 0) + 1
        if prepare is not None:
            prepare(draft)
        for sec in draft.sections:
            if sec.id in report.ours:
                sec.extra[STAMP] = revision
        draft.meta.revision = revision
        save_draft(draft, path)
    return report


def _conflict(path: Path, theirs: Draft, parts: list[str]) -> ConflictError:
    what = "、".join(parts) if parts else "草稿"
    return ConflictError(
        f"{what} 已在别处修改（现为第 {theirs.meta.revision} 次修订），本次对其的修改未保存；"
        "请重新载入后再改 (changed elsewhere since loaded; not saved)",
        path=path, sections=parts,
    )
