"""A genre's outline (prompts/outlines/<genre>.yaml): the skeleton code assembles around the prose.

    genre: integrity_report
    name: 党风廉政建设责任制落实情况汇报
    title: "{unit}{year}年度落实党风廉政建设责任制情况汇报"
    opening: "根据{basis}安排，现将{unit}{year}年度落实党风廉政建设责任制情况汇报如下。"
    closing: "以上汇报，请批评指正。"
    sections:
      - id: basic_info
        heading: 基本情况
        role: basic_info
        covers: [单位职能与人员构成, 党组织设置与党员人数]
        length: [150, 400]
      - id: work
        heading: 主要做法和成效
        role: work
        subsections: from_facts     # the fact sheet's {heading, facts} become （一）（二）…
        length: [800, 2400]

Templates use {unit}, {year}, {period}, {genre_name}, {author} and are rendered strictly.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..types import GENRES, ROLES


class OutlineSection(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    heading: str = Field(description="章节标题，不带编号；空串表示无标题段落（如研讨发言的开场）")
    label: str = Field(default="", description="事实清单表格与网页表单中的章节名（无标题章节用；默认即标题）")
    role: str = "other"
    level: int = Field(default=1, ge=1, le=2)
    covers: list[str] = Field(default_factory=list, description="本节应写到的要点")
    length: tuple[int, int] = Field(default=(200, 800), description="正文字数范围（字符）")
    subsections: Literal["from_facts", "none"] = "from_facts"
    required: bool = True

    @model_validator(mode="after")
    def _check(self) -> OutlineSection:
        if self.role not in ROLES:
            raise ValueError(f"未知角色 {self.role!r}，应为：{', '.join(ROLES)}")
        if self.length[0] > self.length[1]:
            raise ValueError("length 下限大于上限")
        return self


class Outline(BaseModel):
    model_config = ConfigDict(extra="forbid")

    genre: str
    name: str
    title: str = "{unit}{year}年{genre_name}"
    opening: str = ""
    closing: str = ""
    sections: list[OutlineSection] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> Outline:
        if self.genre not in GENRES:
            raise ValueError(f"未知体裁 {self.genre!r}")
        ids = [s.id for s in self.sections]
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            raise ValueError(f"章节 id 重复：{', '.join(sorted(dup))}")
        return self

    def section(self, section_id: str) -> OutlineSection:
        for s in self.sections:
            if s.id == section_id:
                return s
        raise KeyError(section_id)


def outline_path(genre_or_path: str, prompts_dir=None):
    """A genre id names prompts/outlines/<genre>.yaml; anything else is a file path."""
    from pathlib import Path

    from ..resources import shipped_prompts as default_prompts_dir

    if genre_or_path in GENRES and not Path(genre_or_path).exists():
        return Path(prompts_dir or default_prompts_dir()) / "outlines" / f"{genre_or_path}.yaml"
    return Path(genre_or_path)


def load_outline(genre_or_path: str | Outline, prompts_dir=None) -> Outline:
    """Load and validate an outline by genre id or file; errors name file, field and line."""
    from .yamlio import read_yaml, validate

    if isinstance(genre_or_path, Outline):
        return genre_or_path
    path = outline_path(str(genre_or_path), prompts_dir)
    data, root = read_yaml(path, "提纲")
    outline = validate(Outline, data, path, root, "提纲")
    assert isinstance(outline, Outline)
    return outline
