"""A section's version history: accept, undo, redo — without ever losing a version.

``SectionDraft.history`` holds every accepted version (history[0] is the original draft) and
``current`` points at the one shown as ``text``. Undo and redo only move ``current``; a version
made after an undo is appended at the end, so nothing is ever truncated. A proposed version (a
revision the writer has not accepted yet) waits in ``extra["candidate"]``; rejected candidates
are kept in ``extra["rejected"]`` so even those are not lost.
"""

from __future__ import annotations

import datetime as dt

from ..errors import InputError
from ..types import SectionDraft, Version

CANDIDATE = "candidate"
REJECTED = "rejected"


def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def ensure_history(section: SectionDraft) -> None:
    """Give a section drafted before history existed its original version (history[0])."""
    if not section.history:
        section.history.append(
            Version(
                text=section.text,
                model=section.model,
                prompt_version=section.prompt_version,
                findings=list(section.findings),
                kind="draft",
            )
        )
        section.current = 0
    section.current = current_index(section)
    shown = section.history[section.current]
    if section.text != shown.text:
        # draft.json was edited by other means (a text editor, another tool): keep that text as a
        # version of its own, so an undo can never silently drop it.
        section.history.append(Version(text=section.text, instruction="在别处修改", findings=list(section.findings),
                                       kind="edit", at=now_iso()))
        section.current = len(section.history) - 1


def current_index(section: SectionDraft) -> int:
    n = len(section.history)
    if n == 0:
        return -1
    i = section.current
    if i < 0:
        i = n + i if -n <= i else n - 1
    return min(i, n - 1)


def current_version(section: SectionDraft) -> Version:
    ensure_history(section)
    return section.history[section.current]


def _show(section: SectionDraft) -> None:
    """Make ``text`` and ``findings`` reflect the current version."""
    v = section.history[section.current]
    section.text = v.text
    section.findings = list(v.findings)


def append_version(section: SectionDraft, version: Version) -> int:
    """Add a version at the end and make it current; returns its index."""
    ensure_history(section)
    if not version.at:
        version.at = now_iso()
    section.history.append(version)
    section.current = len(section.history) - 1
    _show(section)
    return section.current


def set_candidate(section: SectionDraft, version: Version) -> None:
    """Hold a proposed version for the writer to accept or reject (replaces an older proposal)."""
    ensure_history(section)
    if not version.at:
        version.at = now_iso()
    old = candidate(section)
    if old is not None:
        section.extra.setdefault(REJECTED, []).append(old.to_dict())
    section.extra[CANDIDATE] = version.to_dict()


def candidate(section: SectionDraft) -> Version | None:
    data = section.extra.get(CANDIDATE)
    return Version.from_dict(data) if data else None


def accept(section: SectionDraft) -> int:
    cand = candidate(section)
    if cand is None:
        raise InputError(f"章节 {section.id} 没有待确认的修改 (nothing to accept)", field=section.id)
    del section.extra[CANDIDATE]
    return append_version(section, cand)


def reject(section: SectionDraft) -> Version:
    cand = candidate(section)
    if cand is None:
        raise InputError(f"章节 {section.id} 没有待确认的修改 (nothing to reject)", field=section.id)
    del section.extra[CANDIDATE]
    section.extra.setdefault(REJECTED, []).append(cand.to_dict())
    return cand


def can_undo(section: SectionDraft) -> bool:
    return current_index(section) > 0


def can_redo(section: SectionDraft) -> bool:
    return 0 <= current_index(section) < len(section.history) - 1


def undo(section: SectionDraft) -> int:
    ensure_history(section)
    if not can_undo(section):
        raise InputError(f"章节 {section.id} 已是最初版本，无法撤销 (nothing to undo)", field=section.id)
    section.current -= 1
    _show(section)
    return section.current


def redo(section: SectionDraft) -> int:
    ensure_history(section)
    if not can_redo(section):
        raise InputError(f"章节 {section.id} 已是最新版本，无法重做 (nothing to redo)", field=section.id)
    section.current += 1
    _show(section)
    return section.current


def go_to(section: SectionDraft, index: int) -> int:
    """Make any version current (appending nothing): restore an older version directly."""
    ensure_history(section)
    n = len(section.history)
    if not -n <= index < n:
        raise InputError(f"章节 {section.id} 没有第 {index} 版（共 {n} 版）", field=section.id)
    section.current = index % n
    _show(section)
    return section.current


def version_at(section: SectionDraft, index: int | str) -> Version:
    """A version by index; ``"candidate"`` names the pending proposal, ``"current"`` the shown one."""
    ensure_history(section)
    if index == "candidate":
        cand = candidate(section)
        if cand is None:
            raise InputError(f"章节 {section.id} 没有待确认的修改", field=section.id)
        return cand
    if index == "current":
        return section.history[section.current]
    i = int(index)
    n = len(section.history)
    if not -n <= i < n:
        raise InputError(f"章节 {section.id} 没有第 {i} 版（共 {n} 版）", field=section.id)
    return section.history[i]


KIND_NAMES = {
    "draft": "初稿",
    "revise": "按指令修改",
    "regenerate": "换范文重写",
    "edit": "手工编辑",
    "facts": "事实更新后重写",
}
