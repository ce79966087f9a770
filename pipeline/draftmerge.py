"""Three-way merge of draft.json: what this process changed since it loaded the file, onto what
other processes (the terminal, the page, a one-shot revise, a resumed draft) saved meanwhile.

A part of the draft belongs to whoever changed it. "We changed it" compares our draft with our own
snapshot of the file as loaded (``Draft.to_dict()``, same loader, so equal means untouched). "They
changed it" reads the section's save stamp (``extra["saved_revision"]``: every save stamps the
sections it changed with the revision it writes) or, for a file edited by other means, its text.
When both changed the same section (or both changed the facts, or the same meta field), that is a
conflict: the caller refuses the save, or, asked to, keeps their version of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .types import Draft, SectionDraft

STAMP = "saved_revision"


@dataclass
class MergeReport:
    ours: list[str] = field(default_factory=list)  # section ids we changed (the save stamps them)
    taken: list[str] = field(default_factory=list)  # parts changed elsewhere, now in our draft
    conflicts: list[str] = field(default_factory=list)  # parts both sides changed
    overruled: list[str] = field(default_factory=list)  # conflicts resolved by keeping theirs


def _stamp(sec: SectionDraft) -> int:
    value = sec.extra.get(STAMP, 0)
    return value if isinstance(value, int) else 0


def changed_sections(base: dict[str, Any], ours: Draft) -> list[str]:
    """Ids of the sections ``ours`` changed (or added) since the snapshot ``base``."""
    before = {s["id"]: s for s in base.get("sections", [])}
    return [s.id for s in ours.sections if before.get(s.id) != s.to_dict()]


def merge_into(ours: Draft, base: dict[str, Any], theirs: Draft, *, keep_theirs: bool = False) -> MergeReport:
    """Bring what ``theirs`` changed since ``base`` into ``ours`` (in place: section objects we hold
    keep their identity). On a conflict ``ours`` is left untouched unless ``keep_theirs``."""
    report = MergeReport(ours=changed_sections(base, ours))
    base_rev = int(base.get("meta", {}).get("revision", 0))
    before = {s["id"]: s for s in base.get("sections", [])}
    mine = {s.id: s for s in ours.sections}
    other = {s.id: s for s in theirs.sections}
    replaced = theirs.meta.revision < base_rev  # a new draft was written over the file: all of it is theirs

    def they_changed(sid: str) -> bool:
        old = before.get(sid)
        sec = other[sid]
        return replaced or old is None or _stamp(sec) > base_rev or sec.text != old.get("text", "")

    base_ids, our_ids, their_ids = list(before), [s.id for s in ours.sections], [s.id for s in theirs.sections]
    if their_ids == base_ids or our_ids == their_ids:
        order = our_ids
    elif our_ids == base_ids:
        order = their_ids
    else:
        report.conflicts.append("sections")
        order = their_ids

    sections: list[SectionDraft] = []
    for sid in order:
        ours_sec, theirs_sec = mine.get(sid), other.get(sid)
        if theirs_sec is None:  # a section we added
            sections.append(ours_sec)
            continue
        if ours_sec is None or sid not in report.ours:
            if ours_sec is None or they_changed(sid):
                report.taken.append(sid)
            sections.append(theirs_sec)
            continue
        if they_changed(sid):
            report.conflicts.append(sid)
            if keep_theirs:
                report.overruled.append(sid)
                sections.append(theirs_sec)
                continue
        sections.append(ours_sec)
    for sid in report.ours:  # ours changed a section theirs removed
        if sid in before and sid not in other and "sections" not in report.conflicts:
            report.conflicts.append(sid)

    plain = _merge_plain(ours, base, theirs, report)
    if report.conflicts and not (keep_theirs and set(report.conflicts) <= set(report.overruled)):
        return report
    report.ours = [sid for sid in report.ours if sid not in report.overruled]
    for sec in sections:  # theirs' version into the objects we hold (the runner keeps references)
        held = mine.get(sec.id)
        if held is not None and held is not sec:
            vars(held).update(vars(sec))
    ours.sections = [mine.get(s.id, s) for s in sections]
    plain()
    return report


def _merge_plain(ours: Draft, base: dict[str, Any], theirs: Draft, report: MergeReport):
    """Facts, meta fields and extra keys: three-way, value by value. Returns the function that
    applies the result (called only when the whole merge succeeds). The whole-draft findings and
    unused facts are not merged: every saver recomputes them from the merged texts."""
    updates: list = []

    def three_way(name: str, mine: Any, old: Any, other: Any, put) -> None:
        if other == old or other == mine:
            return
        if mine != old:
            report.conflicts.append(name)
            return
        report.taken.append(name)
        updates.append(lambda: put(other))

    three_way("facts", ours.facts, base.get("facts"), theirs.facts, lambda v: setattr(ours, "facts", v))
    old_meta, their_meta = base.get("meta", {}), vars(theirs.meta)
    for key, value in vars(ours.meta).items():
        if key != "revision":
            three_way(f"meta.{key}", value, old_meta.get(key), their_meta.get(key),
                      lambda v, k=key: setattr(ours.meta, k, v))
    old_extra = base.get("extra", {})
    for key in set(ours.extra) | set(theirs.extra):
        three_way(f"extra.{key}", ours.extra.get(key), old_extra.get(key), theirs.extra.get(key),
                  lambda v, k=key: ours.extra.__setitem__(k, v) if v is not None else ours.extra.pop(k, None))
    def apply() -> None:
        for update in updates:
            update()

    return apply

