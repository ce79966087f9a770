"""The extracted facts as a fact sheet the writer trims: YAML with each fact's source as a comment.

The file is a plain fact sheet (``bigan draft`` loads it as it is); the comments only inform.
It is validated as a FactSheet before it is written, so a bad sheet is never left on disk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..schema.factsheet import FactSheet
from ..schema.outline import Outline
from .sentence import Sentence


@dataclass
class ExtractedFact:
    section: str  # outline section id
    heading: str | None  # sub-heading within the section (None: the section is one list)
    text: str
    source: Sentence
    by: str = "rules"  # "rules", or the model that proposed it


@dataclass
class Dropped:
    text: str
    source: str
    reason: str


@dataclass
class Extraction:
    genre: str
    unit: str
    year: int
    facts: list[ExtractedFact]
    files: list[str]
    mode: str  # 离线规则 / 模型 xxx
    dropped: list[Dropped] = field(default_factory=list)
    unmatched_sources: int = 0

    def sections(self, outline: Outline) -> dict[str, list[Any]]:
        """{section id: [fact, …] or [{heading, facts}, …]} in outline order."""
        out: dict[str, list[Any]] = {}
        for osec in outline.sections:
            mine = [f for f in self.facts if f.section == osec.id]
            if not mine:
                continue
            if all(f.heading is None for f in mine):
                out[osec.id] = mine
                continue
            groups: dict[str, list[ExtractedFact]] = {}
            for f in mine:
                groups.setdefault(f.heading or "其他", []).append(f)
            out[osec.id] = [{"heading": h, "facts": fs} for h, fs in groups.items()]
        return out

    def plain(self, outline: Outline) -> dict[str, Any]:
        """The fact sheet as data (what the YAML says without its comments)."""
        sections = {}
        for sid, items in self.sections(outline).items():
            sections[sid] = [
                {"heading": i["heading"], "facts": [f.text for f in i["facts"]]} if isinstance(i, dict) else i.text for i in items
            ]
        return {"genre": self.genre, "unit": self.unit, "year": self.year, "sections": sections}


def _scalar(text: str) -> str:
    dumped = yaml.safe_dump(text, allow_unicode=True, width=10**6)
    return dumped.removesuffix("\n...\n").rstrip("\n")


def _comment(text: str) -> str:
    return " ".join(text.split())


def _source_comment(f: ExtractedFact, indent: str) -> str:
    by = "" if f.by == "rules" else f"（{f.by} 提议，已核对）"
    return f"{indent}# 来源：{f.source.file} {f.source.where}{by}：“{_comment(f.source.text)}”\n"


def render_yaml(extraction: Extraction, outline: Outline) -> str:
    lines = [
        f"# 事实清单：由 bigan facts extract 从 {len(extraction.files)} 份材料中提取（{extraction.mode}）。\n",
        "# 请逐条核对、删去不需要的事实、调整小标题，然后运行：bigan draft 本文件 -o 报告.docx\n",
        "# 每条事实上方的注释是它的出处（文件、位置、原句）；事实中的数字与原句一字不差，已由检查器核对。\n",
        f"genre: {extraction.genre}\n",
        f"unit: {_scalar(extraction.unit)}\n",
        f"year: {extraction.year}\n",
        "# addressee: 考核组的各位领导      # 可选：称谓、落款、成文日期、汇报依据\n",
        "# signature: …\n# date: …\n# basis: …\n",
        "sections:\n",
    ]
    for sid, items in extraction.sections(outline).items():
        heading = outline.section(sid).heading
        lines.append(f"  {sid}:{'  # ' + heading if heading else ''}\n")
        for item in items:
            if isinstance(item, dict):
                lines.append(f"    - heading: {_scalar(item['heading'])}\n      facts:\n")
                for f in item["facts"]:
                    lines.append(_source_comment(f, "        "))
                    lines.append(f"        - {_scalar(f.text)}\n")
            else:
                lines.append(_source_comment(item, "    "))
                lines.append(f"    - {_scalar(item.text)}\n")
    if extraction.dropped:
        lines.append("\n# 以下候选未通过核对（数字或文件名与原句不符），已舍弃：\n")
        for d in extraction.dropped:
            lines.append(f"#   {_comment(d.text)}（{d.source}：{d.reason}）\n")
    return "".join(lines)


def validate_text(text: str, outline: Outline) -> FactSheet:
    """The YAML read back as a FactSheet with known section ids (what ``bigan draft`` will do)."""
    sheet = FactSheet.model_validate(yaml.safe_load(text))
    known = {s.id for s in outline.sections}
    unknown = set(sheet.sections) - known
    if unknown:  # pragma: no cover - ids come from the outline itself
        raise ValueError(f"unknown sections {unknown}")
    return sheet


def write_sheet(extraction: Extraction, outline: Outline, path: str | Path) -> Path:
    from ..atomic import write_atomic

    path = Path(path)
    text = render_yaml(extraction, outline)
    validate_text(text, outline)
    write_atomic(path, text)
    return path
