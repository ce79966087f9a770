"""What one drafting unit needs to know: the value both the prompt and the offline composer read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class SectionTask:
    genre: str
    genre_name: str
    unit: str
    year: int
    title: str
    section_id: str  # "work" or "work.2"
    heading: str  # without marker; "" for heading-less parts (研讨发言的开场)
    role: str
    level: int = 1
    marker: str = ""
    period: str | None = None
    author: str | None = None
    parent_id: str | None = None
    parent_heading: str | None = None
    siblings: list[str] = field(default_factory=list)  # headings of the other parts at this level
    covers: list[str] = field(default_factory=list)
    length: tuple[int, int] = (200, 800)
    facts: list[str] = field(default_factory=list)
    exemplars: list[str] = field(default_factory=list)
    intro: bool = False  # a level-1 section whose body is only a short lead before its sub-sections
    violation: str | None = None  # set when the section is asked again after inventing numbers

    @property
    def full_heading(self) -> str:
        if self.heading:
            return f"{self.marker}{self.heading}"
        return {"opening": "开头部分", "closing": "结尾部分"}.get(self.section_id, "正文")

    def prompt_vars(self) -> dict[str, Any]:
        return {
            "genre": self.genre,
            "genre_name": self.genre_name,
            "unit": self.unit,
            "year": self.year,
            "period": self.period,
            "title": self.title,
            "heading": self.heading,
            "full_heading": self.full_heading,
            "role": self.role,
            "parent_heading": self.parent_heading,
            "siblings": list(self.siblings),
            "covers": list(self.covers),
            "length": list(self.length),
            "facts": list(self.facts),
            "exemplars": list(self.exemplars),
            "violation": self.violation,
            "intro": self.intro,
        }
