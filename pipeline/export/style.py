"""The house style of the .docx: fonts, sizes, margins, spacing (prompts/style.yaml).

Lookup: an explicit file (``--style``) > env ``BIGAN_STYLE`` > ``prompts/style.yaml`` > the
defaults below (which mirror that file). An override file only needs the keys it changes: it is
merged over the house file, and ``headings`` items are merged by ``level``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..schema.yamlio import read_yaml
from ..errors import InputError

STYLE_ENV = "BIGAN_STYLE"
HIGHLIGHTS = ("yellow", "bright_green", "turquoise", "pink", "gray_25", "none")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PageStyle(_Strict):
    width_mm: float = Field(210, gt=0)
    height_mm: float = Field(297, gt=0)
    margin_top_mm: float = Field(37, ge=0)
    margin_bottom_mm: float = Field(35, ge=0)
    margin_left_mm: float = Field(28, ge=0)
    margin_right_mm: float = Field(26, ge=0)
    footer_distance_mm: float = Field(25, ge=0)
    chars_per_line: int = Field(28, ge=1, le=80)  # body characters a line (condensed spacing)

    @model_validator(mode="after")
    def _fits(self) -> PageStyle:
        if self.margin_left_mm + self.margin_right_mm >= self.width_mm:
            raise ValueError("左右页边距之和不小于纸宽")
        if self.margin_top_mm + self.margin_bottom_mm >= self.height_mm:
            raise ValueError("上下页边距之和不小于纸高")
        return self


class TitleStyle(_Strict):
    font: str = Field("方正小标宋简体", min_length=1)
    size_pt: float = Field(22, gt=0, le=72)
    line_spacing_pt: float = Field(35, gt=0, le=144)
    split_subtitle: bool = True  # "主标题——副标题": the subtitle on its own line
    subtitle_font: str = Field("楷体_GB2312", min_length=1)
    subtitle_size_pt: float = Field(16, gt=0, le=72)


class BodyStyle(_Strict):
    font: str = Field("仿宋_GB2312", min_length=1)
    size_pt: float = Field(16, gt=0, le=72)
    line_spacing_pt: float = Field(28.95, gt=0, le=144)
    first_line_chars: float = Field(2, ge=0, le=10)


class HeadingStyle(_Strict):
    level: int = Field(ge=1, le=4)
    font: str = Field(min_length=1)
    bold: bool = False
    run_in: bool = False  # heading and first paragraph in one line: "（一）强化理论武装。正文……"

    @field_validator("run_in")
    @classmethod
    def _no_run_in_level_1(cls, value: bool, info) -> bool:
        if value and info.data.get("level") == 1:
            raise ValueError("一级标题（一、）不能与正文同段（run_in）")
        return value


class PageNumberStyle(_Strict):
    font: str = Field("宋体", min_length=1)
    size_pt: float = Field(14, gt=0, le=72)
    format: str = "— {page} —"
    indent_chars: float = Field(1, ge=0, le=10)

    @field_validator("format")
    @classmethod
    def _has_page(cls, value: str) -> str:
        if value.count("{page}") != 1:
            raise ValueError("页码格式必须恰好含一个 {page}")
        return value


class PlaceholderStyle(_Strict):
    highlight: str = "yellow"
    bold: bool = True

    @field_validator("highlight")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in HIGHLIGHTS:
            raise ValueError(f"未知突出显示颜色 {value!r}，可选：{', '.join(HIGHLIGHTS)}")
        return value


class SignatureStyle(_Strict):
    right_indent_chars: float = Field(2, ge=0, le=20)  # 右空二字
    date_shift_chars: float = Field(2, ge=-20, le=20)  # the date starts this far right of the signature
    blank_lines_before: int = Field(1, ge=0, le=5)


def _default_headings() -> list[HeadingStyle]:
    return [
        HeadingStyle(level=1, font="黑体"),
        HeadingStyle(level=2, font="楷体_GB2312"),
        HeadingStyle(level=3, font="仿宋_GB2312", bold=True, run_in=True),
        HeadingStyle(level=4, font="仿宋_GB2312", run_in=True),
    ]


class HouseStyle(_Strict):
    page: PageStyle = Field(default_factory=PageStyle)
    title: TitleStyle = Field(default_factory=TitleStyle)
    body: BodyStyle = Field(default_factory=BodyStyle)
    headings: list[HeadingStyle] = Field(default_factory=_default_headings)
    renumber: bool = True
    page_number: PageNumberStyle = Field(default_factory=PageNumberStyle)
    placeholder: PlaceholderStyle = Field(default_factory=PlaceholderStyle)
    signature: SignatureStyle = Field(default_factory=SignatureStyle)

    @model_validator(mode="after")
    def _all_levels(self) -> HouseStyle:
        levels = sorted(h.level for h in self.headings)
        if levels != [1, 2, 3, 4]:
            raise ValueError(f"headings 须为 1–4 级各一项，现为 {levels}")
        return self

    def heading(self, level: int) -> HeadingStyle:
        level = min(max(level, 1), 4)
        return next(h for h in self.headings if h.level == level)

    @property
    def body_char_pt(self) -> float:
        """One character of body text: the unit of indents ("两个字符")."""
        return self.body.size_pt


def default_style_path(prompts: str | Path | None = None) -> Path | None:
    """``prompts``/style.yaml (default: the shipped folder's), if there is one."""
    from ..resources import shipped_prompts

    try:
        path = Path(prompts or shipped_prompts()) / "style.yaml"
    except FileNotFoundError:
        return None
    return path if path.is_file() else None


def _read_yaml(path: Path) -> tuple[dict[str, Any], yaml.Node | None]:
    data, root = read_yaml(path, "样式")
    if data is None:
        return {}, root
    if not isinstance(data, dict):
        raise InputError("样式文件顶层应为映射（键: 值）", path=path)
    return data, root


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if key == "headings" and isinstance(value, list) and isinstance(base.get(key), list):
            out[key] = _merge_headings(base[key], value)
        elif isinstance(value, dict) and isinstance(base.get(key), dict):
            out[key] = _merge(base[key], value)
        else:
            out[key] = value
    return out


def _merge_headings(base: list[Any], over: list[Any]) -> list[Any]:
    by_level = {h.get("level"): dict(h) for h in base if isinstance(h, dict)}
    extra = []
    for item in over:
        if isinstance(item, dict) and item.get("level") in by_level:
            by_level[item["level"]].update(item)
        else:
            extra.append(item)  # let validation name what is wrong with it
    return list(by_level.values()) + extra


def _line_of(node: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """1-based line of a field path (its last key found) in the YAML node tree, for the error message."""
    line = None
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if k.value == str(key)), None)
            if match is None:
                break
            line, node = match[0].start_mark.line + 1, match[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _validate(data: dict[str, Any], path: Path | None, root: yaml.Node | None = None) -> HouseStyle:
    try:
        return HouseStyle.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        field = ".".join(str(p) for p in loc) or None
        msg = err["msg"].removeprefix("Value error, ")
        raise InputError(f"样式设置有误：{msg}", path=path, field=field, line=_line_of(root, loc)) from None


def load_style(path: str | Path | None = None, *, prompts: str | Path | None = None) -> HouseStyle:
    """The house style (``prompts``/style.yaml), with the user's file (``path`` or ``$BIGAN_STYLE``)
    merged over it."""
    base: dict[str, Any] = {}
    house = default_style_path(prompts)
    if house is not None:
        base, root = _read_yaml(house)
        _validate(base, house, root)  # a broken house file is named as such
    user = Path(path) if path else (Path(os.environ[STYLE_ENV]) if os.environ.get(STYLE_ENV) else None)
    if user is None:
        return _validate(base, house)
    over, root = _read_yaml(user)
    return _validate(_merge(base, over), user, root)
