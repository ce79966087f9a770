"""Eval suites: ``eval/suites/NAME/suite.yaml`` plus ``cases/*.yaml``.

    # suite.yaml
    name: core
    description: 七种体裁的基准用例
    include: [../core/cases/integrity_basic.yaml]   # optional: cases borrowed from other suites

    # cases/integrity_basic.yaml
    id: integrity_basic            # optional; defaults to the file name (stable across runs)
    description: 事实齐全的党风廉政汇报
    genre: integrity_report         # or `outline: path/to/outline.yaml` (relative to the case)
    facts: {genre: ..., unit: ..., year: ..., sections: {...}}   # or facts_file: facts.yaml
    assertions:
      required_headings: [基本情况, 主要做法和成效]
      numbers_must_appear: ["4次", "32人"]
      phrases_must_not_appear: [XX, 增长明显]
      max_placeholders: 6
      max_legacy_placeholders: 0
      max_ungrounded_numbers: 0
      length: [600, 6000]           # characters of the whole draft body
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..schema.factsheet import FactSheet
from ..schema.factsheet_io import load_factsheet
from ..schema.factsheet_io import is_table_file
from ..schema.yamlio import read_yaml
from ..errors import InputError
from ..resources import repo_dir
from ..types import GENRES

SUITES_DIR = Path("eval") / "suites"


class Assertions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    required_headings: list[str] = Field(default_factory=list, description="必须出现的章节标题（子串匹配）")
    numbers_must_appear: list[str] = Field(default_factory=list, description="必须出现的数字，如“4次”“1.2万元”")
    phrases_must_not_appear: list[str] = Field(default_factory=list, description="不得出现的词句")
    max_placeholders: int | None = Field(default=None, ge=0, description="【待补充：…】的上限；不填不限")
    max_legacy_placeholders: int = Field(default=0, ge=0, description="X、XX、20XX 等旧式占位符上限")
    max_ungrounded_numbers: int = Field(default=0, ge=0, description="事实清单之外的数字上限")
    length: tuple[int, int] | None = Field(default=None, description="全文正文字数范围 [下限, 上限]")

    @field_validator("length")
    @classmethod
    def _range(cls, v: tuple[int, int] | None) -> tuple[int, int] | None:
        if v and v[0] > v[1]:
            raise ValueError("length 下限大于上限")
        return v


class CaseSpec(BaseModel):
    """A case file as written (validated); resolved into :class:`Case`."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(default=None, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    description: str = ""
    genre: str | None = None
    outline: str | None = None
    facts: dict[str, Any] | None = None
    facts_file: str | None = None
    tags: list[str] = Field(default_factory=list)
    assertions: Assertions = Field(default_factory=Assertions)

    @model_validator(mode="after")
    def _check(self) -> CaseSpec:
        if (self.facts is None) == (self.facts_file is None):
            raise ValueError("facts 与 facts_file 须且只能填一个")
        if self.genre is not None and self.genre not in GENRES:
            raise ValueError(f"未知体裁 {self.genre!r}，应为：{', '.join(GENRES)}")
        return self


@dataclass
class Case:
    id: str
    path: Path
    description: str
    factsheet: FactSheet
    assertions: Assertions
    outline: Path | None = None  # an outline file; None = the genre's outline
    tags: list[str] = field(default_factory=list)

    @property
    def genre(self) -> str:
        return self.factsheet.genre

    def facts_yaml(self) -> str:
        return self.factsheet.to_yaml()


@dataclass
class Suite:
    name: str
    path: Path
    description: str
    cases: list[Case]


class SuiteSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    description: str = ""
    include: list[str] = Field(default_factory=list, description="其他套件的用例文件（可用通配符）")


def _field_path(err: dict[str, Any]) -> str:
    return ".".join(str(p) for p in err["loc"]) or "<root>"


def load_case(path: str | Path, prompts: Path | None = None) -> Case:
    """One case; ``prompts``: the folder of the outlines its sections are checked against."""
    path = Path(path)
    data, _ = read_yaml(path, "用例")
    if not isinstance(data, dict):
        raise InputError("用例文件应为 YAML 映射", path=path)
    try:
        spec = CaseSpec(**data)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise InputError(err["msg"], path=path, field=_field_path(err)) from None
    facts_path = path
    facts_field = "facts"
    if spec.facts_file is not None:
        facts_path = (path.parent / spec.facts_file).resolve()
        facts_field = ""
        if is_table_file(facts_path):  # an Excel or Word fact sheet, read as `bigan draft` reads it
            case_outline = (path.parent / spec.outline).resolve() if spec.outline else None
            raw = load_factsheet(facts_path, case_outline, prompts).model_dump(exclude_none=True)
        else:
            raw, _ = read_yaml(facts_path, "事实清单")
        if not isinstance(raw, dict):
            raise InputError("事实清单应为 YAML 映射", path=facts_path)
    else:
        raw = dict(spec.facts or {})
    if spec.genre and "genre" not in raw:
        raw["genre"] = spec.genre
    try:
        sheet = FactSheet(**raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(p for p in (facts_field, _field_path(err)) if p)
        raise InputError(err["msg"], path=facts_path, field=where) from None
    if spec.genre and sheet.genre != spec.genre:
        raise InputError(f"用例体裁 {spec.genre} 与事实清单体裁 {sheet.genre} 不一致", path=path, field="genre")
    outline = (path.parent / spec.outline).resolve() if spec.outline else None
    if outline is not None and not outline.is_file():
        raise InputError("提纲文件不存在", path=outline, field="outline")
    _check_section_ids(sheet, outline, facts_path, facts_field, prompts)
    return Case(
        id=spec.id or path.stem,
        path=path,
        description=spec.description,
        factsheet=sheet,
        assertions=spec.assertions,
        outline=outline,
        tags=spec.tags,
    )


def _check_section_ids(sheet: FactSheet, outline: Path | None, path: Path, facts_field: str, prompts: Path | None = None) -> None:
    """Catch a mistyped section id when the suite loads, not halfway through a run."""
    from ..schema.outline import load_outline

    known = [s.id for s in load_outline(str(outline) if outline else sheet.genre, prompts).sections]
    for key in sheet.sections:
        if key not in known:
            where = ".".join(p for p in (facts_field, "sections", key) if p)
            raise InputError(f"未知章节 id {key!r}（{sheet.genre} 的章节为：{', '.join(known)}）", path=path, field=where)
    if not sheet.all_facts():
        raise InputError("事实清单没有任何事实", path=path, field=facts_field or "sections")


def resolve_suite_dir(name_or_path: str | Path) -> Path:
    """A path to a suite folder, or a name under ``eval/suites/`` (cwd first, then the checkout)."""
    given = Path(name_or_path)
    candidates = [given] if given.is_absolute() or given.exists() else []
    candidates += [Path.cwd() / SUITES_DIR / str(name_or_path), repo_dir() / SUITES_DIR / str(name_or_path)]
    for candidate in candidates:
        if candidate.is_file() and candidate.name == "suite.yaml":
            candidate = candidate.parent
        if candidate.is_dir() and ((candidate / "suite.yaml").is_file() or (candidate / "cases").is_dir()):
            return candidate
    raise InputError(f"找不到评测套件 {name_or_path}（应为 eval/suites/ 下的名称或套件目录）", path=str(name_or_path))


def load_suite(name_or_path: str | Path, cases: str | None = None, prompts: Path | None = None) -> Suite:
    """Load a suite; ``cases`` is a glob over case ids (``integrity_*``; comma-separated globs allowed);
    ``prompts``: the folder of the outlines (default: the shipped one)."""
    root = resolve_suite_dir(name_or_path)
    spec = SuiteSpec()
    if (root / "suite.yaml").is_file():
        data = read_yaml(root / "suite.yaml", "套件")[0] or {}
        if not isinstance(data, dict):
            raise InputError("suite.yaml 应为 YAML 映射", path=root / "suite.yaml")
        try:
            spec = SuiteSpec(**data)
        except ValidationError as exc:
            err = exc.errors()[0]
            raise InputError(err["msg"], path=root / "suite.yaml", field=_field_path(err)) from None
    files = sorted((root / "cases").glob("*.yaml")) if (root / "cases").is_dir() else []
    for pattern in spec.include:
        matched = sorted(root.glob(pattern))
        if not matched:
            raise InputError(f"include 未匹配任何用例：{pattern}", path=root / "suite.yaml", field="include")
        files += matched
    loaded = [load_case(f, prompts) for f in files]
    seen: dict[str, Path] = {}
    for case in loaded:
        if case.id in seen:
            raise InputError(f"用例 id 重复：{case.id}（另见 {seen[case.id].name}）", path=case.path, field="id")
        seen[case.id] = case.path
    if cases:
        patterns = [p.strip() for p in cases.split(",") if p.strip()]
        loaded = [c for c in loaded if any(fnmatch.fnmatchcase(c.id, p) for p in patterns)]
        if not loaded:
            raise InputError(f"--cases {cases} 未匹配任何用例", path=root)
    if not loaded:
        raise InputError("套件中没有用例（cases/*.yaml）", path=root)
    return Suite(name=spec.name or root.name, path=root, description=spec.description, cases=loaded)
