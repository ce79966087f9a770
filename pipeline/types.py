"""Values passed between stages. Plain dataclasses; every one round-trips through JSON.

The JSON comes from the fields alone (``JsonValue``): written in declaration order (so a field's
place in its class is its place in draft.json), read back by pydantic over the same dataclasses.

What users write (fact sheets, outlines, config) are pydantic models in their own modules
(``pipeline/schema/factsheet.py``, ``pipeline/schema/outline.py``, ``pipeline/config.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from functools import lru_cache
from typing import Any, Literal, Self

GENRES: tuple[str, ...] = (
    "inspection_report",  # 巡察工作汇报
    "integrity_report",  # 党风廉政建设责任制落实情况汇报
    "rectification_report",  # 巡察整改情况报告
    "half_year_summary",  # 半年工作总结及下半年计划
    "work_summary",  # 年度工作总结
    "duty_report",  # 述职述廉(述学)报告
    "seminar_speech",  # 研讨发言
)
GENRE_NAMES: dict[str, str] = {
    "inspection_report": "巡察工作汇报",
    "integrity_report": "党风廉政建设责任制落实情况汇报",
    "rectification_report": "巡察整改情况报告",
    "half_year_summary": "半年工作总结",
    "work_summary": "年度工作总结",
    "duty_report": "述职述廉报告",
    "seminar_speech": "研讨发言",
}
ROLES: tuple[str, ...] = ("basic_info", "work", "problems", "plans", "other")
ORG_LEVELS: tuple[str, ...] = ("省", "市", "县", "区", "乡镇")
Severity = Literal["error", "warning", "info"]

# The one unmistakable marker for a missing fact; everything else (X, XX, 20XX, * …) is legacy.
PLACEHOLDER_OPEN = "【待补充："
PLACEHOLDER_CLOSE = "】"


# The title of the 对照表 a draft written on last year's report carries as the .docx's second part
# (export writes it; reading a .docx stops at it: it is not part of the report).
CHANGES_TITLE = "对照表（与上年报告逐项对照，供核对，不属于正文）"


def placeholder(what: str) -> str:
    return f"{PLACEHOLDER_OPEN}{what}{PLACEHOLDER_CLOSE}"


# A field left out of the JSON while it is None: ``field(default=None, metadata=OMIT_NONE)``.
OMIT_NONE = {"omit_none": True}


def plain(value: Any) -> Any:
    """``value`` as JSON-ready data: a dataclass as a dict of its fields in declaration order
    (those marked ``OMIT_NONE`` left out while None), lists and tuples as lists, dicts copied."""
    if is_dataclass(value) and not isinstance(value, type):
        out = {}
        for f in fields(value):
            item = getattr(value, f.name)
            if item is not None or not f.metadata.get("omit_none"):
                out[f.name] = plain(item)
        return out
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


@lru_cache(maxsize=None)
def adapter(cls: type):
    """pydantic's reader for a dataclass here: its fields' types checked while it is built, unknown
    keys ignored (newer versions add some), missing ones given their defaults. The one way JSON
    becomes these values (draft.json's reader, ``schema.draftjson``, uses it too)."""
    from pydantic import TypeAdapter  # lazily: most commands never read JSON back

    return TypeAdapter(cls)


class JsonValue:
    """``to_dict()`` / ``from_dict(data)`` for the dataclasses below, from their fields alone."""

    def to_dict(self) -> dict[str, Any]:
        return plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        return adapter(cls).validate_python(data)


# --------------------------------------------------------------------------- ingest


@dataclass
class Placeholder(JsonValue):
    text: str
    start: int  # character offsets into Document.text
    end: int


@dataclass
class Removal(JsonValue):
    """One piece of noise taken out by cleaning, and why (shown by ``bigan parse``)."""

    text: str
    reason: str
    line: int | None = None  # 1-based line in the raw text, when it was a whole line
    code: str = ""  # the reason as a code (pipeline.ingest.lines.Reason): compare codes, never messages


@dataclass
class Section(JsonValue):
    level: int  # 1..4: 一、 （一） 1. （1）
    marker: str  # as written in the source, e.g. "（一）" or "1、"
    heading: str  # without the marker
    role: str | None = None  # one of ROLES, or None
    paragraphs: list[str] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)

    def walk(self):
        """This section and all its descendants, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Document(JsonValue):
    title: str | None = None
    genre: str | None = None
    year: int | None = None
    org_level: str | None = None
    unit: str | None = None
    addressee: str | None = None  # 考核组的各位领导
    text: str = ""  # the cleaned text of this document
    preamble: list[str] = field(default_factory=list)  # paragraphs before the first heading
    placeholders: list[Placeholder] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)  # 特此报告。/ signature / date lines at the end

    def walk(self):
        for s in self.sections:
            yield from s.walk()


@dataclass
class ParseResult(JsonValue):
    """What ``bigan parse FILE --json`` prints."""

    source: str
    noise: list[Removal] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)


# --------------------------------------------------------------------------- store


@dataclass
class Chunk(JsonValue):
    id: str  # stable: derived from source, heading path and content hash
    text: str  # the chunk's text, without its heading path
    heading_path: list[str]  # ["二、主要做法和成效", "（一）落实全面从严治党要求"]
    metadata: dict[str, Any]  # flat scalars only (Chroma): see pipeline/store/chunk.py


@dataclass
class SearchHit(JsonValue):
    id: str
    text: str
    score: float
    metadata: dict[str, Any]


# --------------------------------------------------------------------------- checks


@dataclass
class Finding(JsonValue):
    """One problem found in a text. The same type for check, draft, revise and eval."""

    code: str  # stable, prefixed by category: STRUCTURE_NUMBER_REPEATED, GROUNDING_UNKNOWN_NUMBER …
    severity: Severity
    location: str = ""  # human readable: "二、主要做法和成效 › （一）… 第2段"
    message: str = ""  # in Chinese
    section_id: str | None = field(default=None, metadata=OMIT_NONE)  # draft section id when the text came from a draft
    span: tuple[int, int] | None = field(default=None, metadata=OMIT_NONE)  # offsets into that section's text, when known

    @property
    def category(self) -> str:
        return self.code.split("_", 1)[0]


# --------------------------------------------------------------------------- draft


@dataclass
class Source(JsonValue):
    """An exemplar chunk a section was drafted with."""

    id: str
    score: float
    source: str = ""  # file it came from
    title: str | None = None
    heading_path: list[str] = field(default_factory=list)


@dataclass
class Version(JsonValue):
    """One version of a section's text. history[0] is the original draft."""

    text: str
    instruction: str | None = None  # None for the original draft; "regenerate", "edit", … otherwise
    model: str = ""
    prompt_version: str = ""
    at: str = ""  # ISO 8601 time
    kind: str = "draft"  # draft | revise | regenerate | edit | facts
    findings: list[Finding] = field(default_factory=list)


@dataclass
class SectionDraft(JsonValue):
    """One drafting unit: a level-1 section of the outline, or a sub-section from the facts.

    Sections form a flat list in document order; ``parent`` links a sub-section to its level-1
    section. Headings and markers come from the outline and facts (code), never from the model;
    ``text`` is the body only.
    """

    id: str  # "work", or "work.2" for the second sub-section of work
    heading: str = ""
    level: int = 1
    marker: str = ""  # rendered numbering: "一、", "（二）"
    role: str | None = None
    parent: str | None = None
    text: str = ""
    status: str = "pending"  # pending | done | failed
    facts: list[str] = field(default_factory=list)  # the fact items this section was given
    sources: list[Source] = field(default_factory=list)
    prompt_version: str = ""
    model: str = ""
    tokens_in: int = 0
    tokens_out: int = 0
    seconds: float = 0.0
    findings: list[Finding] = field(default_factory=list)
    history: list[Version] = field(default_factory=list)
    current: int = -1  # index into history of the version shown as ``text``; -1 = last
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class DraftMeta(JsonValue):
    genre: str
    unit: str
    year: int
    title: str
    period: str | None = None
    org_level: str | None = None
    addressee: str | None = None
    signature: str | None = None
    date: str | None = None  # "2024年12月20日" as it is printed
    opening: str = ""  # assembled by code from the outline
    closing: str = ""
    facts_path: str | None = None
    outline: str = ""  # outline id or file
    model: str = ""
    offline: bool = False
    prompt_version: str = ""
    created_at: str = ""
    bigan_version: str = ""
    revision: int = 0  # bumped on every save; the web page's version check uses it


@dataclass
class Draft(JsonValue):
    """draft.json: the single source of truth; .docx and .md are rendered from it."""

    meta: DraftMeta
    sections: list[SectionDraft] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)  # the fact sheet as validated (plain data)
    findings: list[Finding] = field(default_factory=list)  # whole-draft findings
    unused_facts: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def section(self, section_id: str) -> SectionDraft:
        for s in self.sections:
            if s.id == section_id:
                return s
        raise KeyError(section_id)
