"""Which outline section a fact belongs to, and under which sub-heading.

The role the rules gave a fact (work / problems / plans / basic_info) picks the outline's sections
of that role; when several remain (述学/述职/述廉, 整改组织/整改落实), BM25 over jieba words between
the fact and each section's heading and ``covers`` decides. Within a section that takes
sub-sections, facts are grouped under the material's own heading (一、对外宣传 → 对外宣传), or,
without one, under the closest ``covers`` point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..schema.outline import Outline, OutlineSection
from ..store.bm25 import TextScorer as Scorer
from .rules import heading_role

OTHER_HEADING = "其他工作（请归类或删除）"
# What a department's file name says besides the department (岚溪县网信工作统计表2024 → 网信工作).
_FILE_NOISE = re.compile(r"[0-9０-９]{4}年?度?|工作台账|台账|统计表|报送材料|材料|工作总结|总结|汇报|情况|[（(][^）)]*[）)]|[-_ ]")
# Headings that name a material's whole body rather than a topic (一、主要工作): no sub-heading.
_GENERIC_HEADING = re.compile(r"^(?:主要|重点)?(?:工作|做法|成效|情况|完成情况|工作情况|工作开展情况|主要工作|工作总结|总体情况)+$")
_HEADING_NOISE = re.compile(r"^(?:[0-9０-９]{4}年(?:度)?|今年|本年)|[。：:；;]+$")


def _section_text(s: OutlineSection) -> str:
    return " ".join([s.heading, *s.covers])


@dataclass
class Assigner:
    outline: Outline
    prompts: Path | None = None  # the folder of extract.yaml (role headings); the shipped one if None

    def __post_init__(self) -> None:
        self.sections = [s for s in self.outline.sections]
        self._scorer = Scorer([_section_text(s) for s in self.sections])
        self._covers: dict[str, Scorer] = {
            s.id: Scorer(s.covers) for s in self.sections if s.covers and s.subsections == "from_facts"
        }

    def section_for(self, fact: str, role: str, heading: str = "") -> OutlineSection:
        """The outline section of ``role`` closest to the fact (the work sections when the outline has
        no section of that role, e.g. 基本情况 facts in a 工作总结)."""
        pool = [s for s in self.sections if s.role == role] or [s for s in self.sections if s.role == "work"] or self.sections
        if len(pool) == 1:
            return pool[0]
        scores = self._scorer.scores(f"{heading} {fact}")
        return max(pool, key=lambda s: (scores[self.sections.index(s)], -self.sections.index(s)))

    def sub_heading(self, section: OutlineSection, fact: str, material_heading: str, file: str = "") -> str | None:
        """None for a section written as one list (problems and plans, or ``subsections: none``)."""
        if section.subsections != "from_facts" or section.role not in ("work",):
            return None
        own = clean_material_heading(material_heading, self.prompts)
        if own:
            return own
        scorer = self._covers.get(section.id)
        if scorer is not None:
            i, score = scorer.best(fact)
            if score > 0:
                return section.covers[i]
        return department(file) or OTHER_HEADING


def clean_material_heading(heading: str, prompts: Path | None = None) -> str:
    """A department's heading as a sub-heading: not a role heading (存在的问题), not generic (主要工作)."""
    h = _HEADING_NOISE.sub("", (heading or "").strip()).strip()
    if not h or heading_role(h, prompts) or _GENERIC_HEADING.match(h) or len(h) > 30:
        return ""
    return h


def department(file: str) -> str:
    """The department a file came from, by its name (文明创建股工作台账.xlsx → 文明创建股)."""
    stem = re.sub(r"\.[A-Za-z]+$", "", file.rsplit("/", 1)[-1])
    name = _FILE_NOISE.sub("", stem).strip()
    return name if 2 <= len(name) <= 16 else ""
