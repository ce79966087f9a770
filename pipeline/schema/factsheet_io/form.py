"""The fill-in form behind every fact-sheet file that is not YAML: Excel, Word and the web page.

A form has header fields (one per FactSheet field, labelled by its pydantic ``title``) and one
table per outline section with the columns 小标题 and 事实. A row with a 小标题 starts a sub-section;
the rows below it with an empty 小标题 belong to it (so does a row repeating the same 小标题); rows
before any 小标题 are the section's own facts. A cell holding several lines is one fact per line.

Readers turn what they found into ``(data, cells)``: the FactSheet's plain data and, for every
location in it, where the writer typed it (``工作开展情况!B7``). ``validate_cells`` then reports a
pydantic error at that place.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from pydantic import ValidationError

from ...errors import InputError
from ...text.markers import FORM_NAME_MARKER
from ...types import GENRE_NAMES
from ..factsheet import FactSheet, SubSection
from ..outline import Outline, OutlineSection

HEADER_NAME = "基本信息"
GUIDE_NAME = "填写说明"
HEADER_COLUMNS = ("项目", "内容")  # the header table; a third column 说明 is for the writer only
NOTE_COLUMN = "说明"
SECTION_COLUMNS = ("小标题", "事实")
MAX_ROWS = 5000  # a section with more rows than this is not a fact sheet



def guide_lines(suffix: str) -> list[str]:
    """Short enough to be read: the instructions at the top of the Excel workbook and the Word template."""
    names = "工作表的名称、列名" if suffix == ".xlsx" else "表格上方的章节名、表格的列名"
    return [
        "1. 先填“基本信息”：单位、年度必填，其余不填时按提纲生成或省略。",
        "2. 每个章节一张表：一行写一条事实，数字照原始材料写（“4次”“18.6万元”“12.4%”），不要改写。",
        "3. 要分小标题时，把小标题写在该小节第一行的“小标题”列，下面几行留空即属同一小节；不分小标题就只填“事实”列。",
        "4. 没有掌握的情况不要编，空着即可：起草时会标成【待补充：…】。事实清单以外的数字不会出现在正文里。",
        f"5. {names}和“项目”一列不要改；可以另加“来源”“备注”等列，起草时不读。",
        f"6. 填好后运行：bigan draft 事实清单{suffix} -o 报告.docx",
    ]

_GENRE_IDS = {name: gid for gid, name in GENRE_NAMES.items()}
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class HeaderField:
    name: str  # the FactSheet field
    label: str  # what the writer sees: 单位, 年度 …
    note: str
    required: bool


def header_fields() -> list[HeaderField]:
    """Every FactSheet field except the sections, in the model's order, labelled by its title."""
    out = []
    for name, info in FactSheet.model_fields.items():
        if name != "sections":
            label = info.title or name
            note = (info.description or "").removeprefix(f"{label}：")  # "时段：上半年…" under the label 时段
            out.append(HeaderField(name, label, note, info.is_required()))
    return out


def section_label(osec: OutlineSection) -> str:
    return osec.label or osec.heading or osec.id


def table_names(outline: Outline) -> dict[str, str]:
    """Section id -> the name of its sheet or table: the heading, usable as an Excel sheet name."""
    names: dict[str, str] = {}
    for osec in outline.sections:
        name = _SHEET_FORBIDDEN.sub("", section_label(osec))[:31].strip() or osec.id
        if name in names.values() or name in (HEADER_NAME, GUIDE_NAME):
            name = f"{name[:31 - len(osec.id) - 2]}({osec.id})"
        names[osec.id] = name
    return names


def section_for_name(outline: Outline, name: str) -> str | None:
    """The section id a sheet or table name stands for (its name, its id, or a heading with its marker)."""
    wanted = FORM_NAME_MARKER.sub("", str(name)).strip()
    for sid, table in table_names(outline).items():
        if wanted in (table, sid, section_label(outline.section(sid))):
            return sid
    return None


def section_hint(osec: OutlineSection, table: bool = True) -> str:
    """One line above a section's table (or its box on the web page): what to write there."""
    covers = "、".join(osec.covers)
    what = f"本节写：{covers}。" if covers else ""
    if not table:
        return what
    how = "不分小标题，“小标题”列留空。" if osec.subsections == "none" else "可分小标题，小标题写在该小节第一行。"
    return what + "一行一条事实；" + how


def genre_value(genre: str) -> str:
    """The genre as the form shows it: its Chinese name."""
    return GENRE_NAMES.get(genre, genre)


def genre_from_value(value: Any) -> Any:
    """A genre cell holds the Chinese name (as written by the template) or the id."""
    if isinstance(value, str):
        text = value.strip()
        return _GENRE_IDS.get(text, text)
    return value


def header_value(name: str, sheet: FactSheet | None) -> Any:
    if sheet is None:
        return None
    value = getattr(sheet, name)
    return genre_value(value) if name == "genre" else value


def cell_value(value: Any) -> Any:
    """A cell as the FactSheet wants it: stripped text, None for blank, a date for a date-time."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    return value


def split_facts(value: Any) -> list[Any]:
    """A cell (or a pasted text) holding several lines is several facts; blank lines are nothing."""
    if value is None:
        return []
    if not isinstance(value, str):
        return [value]  # a number or a date where a sentence belongs: validation names the cell
    return [line.strip() for line in value.splitlines() if line.strip()]


# --------------------------------------------------------------------------- sections <-> rows


def section_rows(items: list[str | SubSection]) -> list[tuple[str, str]]:
    """A section's items as (小标题, 事实) rows: its own facts first, then each sub-section with its
    小标题 on its first row. (Drafting reads a section's own facts as its lead wherever they stand.)"""
    rows = [("", item) for item in items if isinstance(item, str)]
    for item in items:
        if isinstance(item, SubSection):
            rows.extend((item.heading if i == 0 else "", fact) for i, fact in enumerate(item.facts))
    return rows


@dataclass
class Cells:
    """Where each part of the data was written: location tuple -> a place the writer can find."""

    places: dict[tuple[Any, ...], str] = field(default_factory=dict)
    fallback: str = ""

    def put(self, loc: tuple[Any, ...], place: str) -> None:
        self.places.setdefault(loc, place)

    def find(self, loc: tuple[Any, ...]) -> str:
        for n in range(len(loc), 0, -1):
            if loc[:n] in self.places:
                return self.places[loc[:n]]
        return self.fallback


@dataclass
class Row:
    """One table row as read: the two cells' values and where they are."""

    heading: Any
    fact: Any
    heading_at: str
    fact_at: str


def items_from_rows(section_id: str, rows: Iterable[Row], cells: Cells) -> list[Any]:
    """Table rows -> the section's items (plain data for FactSheet), recording every fact's cell."""
    items: list[Any] = []
    current: int | None = None  # index of the sub-section rows are being added to
    for row in rows:
        heading = cell_value(row.heading)
        facts = split_facts(cell_value(row.fact))
        if heading is None and not facts:
            continue
        if heading is not None and not (current is not None and items[current]["heading"] == heading):
            items.append({"heading": heading, "facts": []})
            current = len(items) - 1
            cells.put(("sections", section_id, current, "heading"), row.heading_at)
            cells.put(("sections", section_id, current), row.fact_at)
        if current is None:
            for fact in facts:
                cells.put(("sections", section_id, len(items)), row.fact_at)
                items.append(fact)
        else:
            sub = items[current]["facts"]
            for fact in facts:
                cells.put(("sections", section_id, current, "facts", len(sub)), row.fact_at)
                sub.append(fact)
    return items


def header_from_rows(rows: Iterable[Row], cells: Cells, path: str | Path | None) -> dict[str, Any]:
    """(项目, 内容) rows -> the header fields; a Row's ``heading`` is the label, ``fact`` the value."""
    fields = header_fields()
    by_label = {f.label: f.name for f in fields} | {f.name: f.name for f in fields}
    data: dict[str, Any] = {}
    seen: set[str] = set()
    for row in rows:
        label, value = cell_value(row.heading), cell_value(row.fact)
        if label is None:
            if value is not None:
                raise InputError("这一行没有填写项目名 (value without a label)", path=path, field=row.fact_at)
            continue
        key = by_label.get(str(label).rstrip("：:*＊ "))
        if key is None:
            known = "、".join(f.label for f in fields)
            raise InputError(f"未知项目“{label}”（应为：{known}）(unknown field)", path=path, field=row.heading_at)
        if key in seen:
            raise InputError(f"项目“{label}”填了两次 (duplicate field)", path=path, field=row.fact_at)
        seen.add(key)
        cells.places[(key,)] = row.fact_at
        if key == "genre":
            value = genre_from_value(value)
        elif key == "date" and isinstance(value, str):
            value = _iso_date(value)
        if value is not None:
            data[key] = value
    return data


def _iso_date(text: str) -> dt.date | str:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return text  # 2024年12月20日 is kept as the writer wrote it


# --------------------------------------------------------------------------- validation


def _walk(data: Any, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """The parts of a pydantic location that index the data (drops union tags such as 'SubSection')."""
    walked: list[Any] = []
    for part in loc:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            continue
        walked.append(part)
    return tuple(walked)


def validate_cells(data: dict[str, Any], cells: Cells, path: str | Path | None) -> FactSheet:
    """FactSheet from form data; the most specific error is reported at the cell it came from."""
    from ..yamlio import error_message

    try:
        return FactSheet.model_validate(data)
    except ValidationError as exc:
        best = None
        for err in exc.errors():
            walked = _walk(data, tuple(err["loc"]))
            if err["type"] == "missing":
                walked = tuple(err["loc"][:1])
            score = len(walked) - (1 if err["type"] in ("string_type", "model_type") else 0)
            if best is None or score > best[0]:
                best = (score, err, walked)
        assert best is not None
        _, err, walked = best
        message = error_message(err, bool(walked))
        if err["type"] == "missing" and walked:
            labels = {f.name: f.label for f in header_fields()}
            message = f"缺少必填项“{labels.get(walked[0], walked[0])}”(missing)"
        raise InputError(message, path=path, field=cells.find(walked) or None) from None


def outline_for(header: dict[str, Any], cells: Cells, outline: Outline | str | None, path, prompts_dir=None) -> Outline:
    """The outline whose sections the tables are: the one given, else the genre's (named in the header)."""
    from ...types import GENRES
    from ..outline import load_outline

    if isinstance(outline, Outline):
        return outline
    if outline is not None:
        return load_outline(outline, prompts_dir)
    genre = header.get("genre")
    if genre is None:
        raise InputError("缺少必填项“体裁”(missing)", path=path, field=cells.find(("genre",)) or None)
    if genre not in GENRES:
        known = "、".join(GENRE_NAMES.values())
        raise InputError(f"未知体裁 {genre!r}（应为：{known}）", path=path, field=cells.find(("genre",)) or None)
    return load_outline(genre, prompts_dir)


def sheet_from_web(payload: Any, prompts_dir=None) -> tuple[FactSheet, Outline]:
    """The new-report page's JSON -> FactSheet, with errors naming the form field (``sections.work.sub.1.heading``).

    ``{"genre": id, "header": {field: text}, "sections": {id: {"facts": text, "subsections":
    [{"heading": text, "facts": text}]}}}``; a text holding several lines is one fact per line.
    """
    if not isinstance(payload, dict) or not isinstance(payload.get("header", {}), dict) \
            or not isinstance(payload.get("sections", {}), dict):
        raise InputError("表单数据应为 {genre, header, sections} (malformed form data)")
    cells = Cells()
    rows = [Row("genre", payload.get("genre"), "genre", "genre")]
    for f in header_fields():  # a field the page did not send is still named where it belongs
        cells.places[(f.name,)] = "genre" if f.name == "genre" else f"header.{f.name}"
    rows += [Row(name, value, f"header.{name}", f"header.{name}") for name, value in payload.get("header", {}).items()]
    data = header_from_rows(rows, cells, None)
    outline = outline_for(data, cells, None, None, prompts_dir)
    ids = [s.id for s in outline.sections]
    sections: dict[str, Any] = {}
    for sid, content in payload.get("sections", {}).items():
        if sid not in ids or not isinstance(content, dict) or not isinstance(content.get("subsections", []), list):
            raise InputError(f"未知章节 {sid!r}（{outline.genre} 的章节为：{', '.join(ids)}）", field=f"sections.{sid}")
        where = f"sections.{sid}"
        rows = [Row(None, content.get("facts"), f"{where}.facts", f"{where}.facts")]
        for k, sub in enumerate(content.get("subsections", [])):
            sub = sub if isinstance(sub, dict) else {}
            at = f"{where}.sub.{k}"
            if cell_value(sub.get("heading")) is None and split_facts(cell_value(sub.get("facts"))):
                raise InputError("请填写小标题，或删去这一小节 (sub-section without a heading)", field=f"{at}.heading")
            rows.append(Row(sub.get("heading"), sub.get("facts"), f"{at}.heading", f"{at}.facts"))
        items = items_from_rows(sid, rows, cells)
        if items:
            sections[sid] = items
    data["sections"] = sections
    return require_facts(validate_cells(data, cells, None), None, "sections"), outline


def require_facts(sheet: FactSheet, path: str | Path | None, where: str | None = None) -> FactSheet:
    if not sheet.all_facts():
        raise InputError("事实清单没有任何事实 (no facts)", path=path, field=where)
    return sheet
