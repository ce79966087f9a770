"""The fact sheet a writer fills in (YAML). Its JSON Schema is printed by `bigan schema factsheet`.

    genre: integrity_report
    unit: 中共青川县委宣传部
    year: 2024
    addressee: 考核组的各位领导
    sections:
      basic_info:
        - 部机关内设6个股室，在编干部职工32人，其中党员27人
      work:
        - heading: 扛牢管党治党政治责任
          facts:
            - 召开部务会专题研究党风廉政建设4次
      problems: [...]
      plans: [...]

Each key of ``sections`` is a section id of the genre's outline; its value is a list whose items
are facts (strings) or sub-sections ``{heading, facts}``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..types import GENRES, ORG_LEVELS


class SubSection(BaseModel):
    model_config = ConfigDict(extra="forbid")

    heading: str = Field(min_length=1, description="小标题，不带编号，如“扛牢管党治党政治责任”")
    facts: list[str] = Field(min_length=1, description="该小节的事实条目，含具体数字")

    @field_validator("facts")
    @classmethod
    def _no_empty_facts(cls, v: list[str]) -> list[str]:
        if any(not f.strip() for f in v):
            raise ValueError("事实条目不能为空 (empty fact)")
        return v


SectionContent = list[str | SubSection]


class FactSheet(BaseModel):
    model_config = ConfigDict(extra="forbid")

    genre: str = Field(title="体裁", description="体裁：" + " | ".join(GENRES))
    unit: str = Field(title="单位", min_length=2, description="单位全称，如“中共青川县委宣传部”")
    year: int = Field(title="年度", ge=1990, le=2100, description="报告所属年度")
    period: str | None = Field(title="时段", default=None, description="时段：上半年、全年、2023年以来……")
    org_level: str | None = Field(title="层级", default=None, description="层级：" + " | ".join(ORG_LEVELS))
    title: str | None = Field(title="标题", default=None, description="标题（不填则按提纲生成）")
    addressee: str | None = Field(title="称谓", default=None, description="称谓，如“考核组的各位领导”")
    signature: str | None = Field(title="落款", default=None, description="落款单位或姓名")
    date: dt.date | str | None = Field(title="成文日期", default=None, description="成文日期，如 2024-12-20")
    author: str | None = Field(title="述职人/发言人", default=None, description="述职人姓名与职务（述职述廉报告、研讨发言）")
    basis: str | None = Field(title="汇报依据", default=None, description="汇报依据，用于开头语“根据……安排”，如“县委巡察组”")
    sections: dict[str, SectionContent] = Field(
        default_factory=dict, description="按提纲的章节 id 填写：事实列表，或 {heading, facts} 小节列表"
    )

    @field_validator("genre")
    @classmethod
    def _known_genre(cls, v: str) -> str:
        if v not in GENRES:
            raise ValueError(f"未知体裁 {v!r}，应为：{', '.join(GENRES)}")
        return v

    @field_validator("org_level")
    @classmethod
    def _known_level(cls, v: str | None) -> str | None:
        if v is not None and v not in ORG_LEVELS:
            raise ValueError(f"未知层级 {v!r}，应为：{'、'.join(ORG_LEVELS)}")
        return v

    @field_validator("sections")
    @classmethod
    def _non_empty(cls, v: dict[str, SectionContent]) -> dict[str, SectionContent]:
        for key, items in v.items():
            for item in items:
                if isinstance(item, str) and not item.strip():
                    raise ValueError(f"sections.{key} 含空的事实条目 (empty fact)")
        return v

    def all_facts(self) -> list[str]:
        """Every fact string in the sheet, in order (grounding draws its numbers from these)."""
        out: list[str] = []
        for items in self.sections.values():
            for item in items:
                out.extend([item] if isinstance(item, str) else item.facts)
        return out

    def plain(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)

    def to_yaml(self) -> str:
        """The sheet as the YAML a writer would have written (dates as 2024-12-20, Chinese unescaped)."""
        import yaml

        data = self.model_dump(exclude_none=True)
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
