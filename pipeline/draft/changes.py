"""The 对照表 of a draft written on last year's report: what changed between the two years.

Kinds: ``changed`` (a number: last year's value beside this year's), ``placeholder`` (a statement
of last year with no counterpart this year, kept as 【待补充：…】), ``dropped`` (a statement of last
year left out: a dated event of that year, or an item of a list replaced by this year's),
``new`` (a fact of this year with no counterpart in last year's report) and ``unmapped`` (a part
of the fact sheet whose heading matches no heading of last year's report).
Stored as plain dicts in ``draft.extra["changes"]``; rendered by ``export/changes.py``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

KINDS = {
    "changed": "数字更新",
    "placeholder": "上年有、本年无对应事实（保留为待补充）",
    "dropped": "上年表述已删去",
    "new": "本年新增事实",
    "unmapped": "事实清单中未对应上年标题的部分（已作为新增内容）",
}


@dataclass
class Change:
    kind: str  # one of KINDS
    where: str  # the heading path in this year's draft
    last_year: str = ""  # last year's words (a sentence, or a number with its context)
    this_year: str = ""  # this year's words
    note: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def label(self) -> str:
        return KINDS.get(self.kind, self.kind)
