"""Values passed between stages. Plain dataclasses; every one round-trips through JSON.

What users write (fact sheets, outlines, config) are pydantic models in their own modules
(``pipeline/draft/factsheet.py``, ``pipeline/draft/outline.py``, ``pipeline/config.py``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

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


def _from_dict(cls, data: dict[str, Any]):
    """Build a flat dataclass from a dict, ignoring unknown keys (forward compatible JSON)."""
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})


# --------------------------------------------------------------------------- ingest


@dataclass
class Placeholder:
    text: str
    start: int  # character offsets into Document.text
    end: int


@dataclass
class Removal:
    """One piece of noise taken out by cleaning, and why (shown by ``bigan parse``)."""

    text: str
    reason: str
    line: int | None = None  # 1-based line in the raw text, when it was a whole line
    code: str = ""  # the reason as a code (pipeline.ingest.lines.Reason): compare codes, never messages


@dataclass
class Section:
    level: int  # 1..4: 一、 （一） 1. （1）
    marker: str  # as written in the source, e.g. "（一）" or "1、"
    heading: str  # without the marker
    role: str | None = None  # one of ROLES, or None
    paragraphs: list[str] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "marker": self.marker,
            "heading": self.heading,
            "role": self.role,
            "paragraphs": list(self.paragraphs),
            "children": [c.to_dict() for c in self.children],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Section:
        return cls(
            level=data["level"],
            marker=data["marker"],
            heading=data["heading"],
            role=data.get("role"),
            paragraphs=list(data.get("paragraphs", [])),
            children=[cls.from_dict(c) for c in data.get("children", [])],
        )

    def walk(self):
        """This section and all its descendants, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Document:
    title: str | None
    genre: str | None
    year: int | None
    org_level: str | None
    text: str  # the cleaned text of this document
    unit: str | None = None
    addressee: str | None = None  # 考核组的各位领导
    preamble: list[str] = field(default_factory=list)  # paragraphs before the first heading
    placeholders: list[Placeholder] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)  # 特此报告。/ signature / date lines at the end

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "genre": self.genre,
            "year": self.year,
            "org_level": self.org_level,
            "unit": self.unit,
            "addressee": self.addressee,
            "text": self.text,
            "preamble": list(self.preamble),
            "placeholders": [asdict(p) for p in self.placeholders],
            "sections": [s.to_dict() for s in self.sections],
            "closing": list(self.closing),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        return cls(
            title=data.get("title"),
            genre=data.get("genre"),
            year=data.get("year"),
            org_level=data.get("org_level"),
            unit=data.get("unit"),
            addressee=data.get("addressee"),
            text=data.get("text", ""),
            preamble=list(data.get("preamble", [])),
            placeholders=[Placeholder(**p) for p in data.get("placeholders", [])],
            sections=[Section.from_dict(s) for s in data.get("sections", [])],
            closing=list(data.get("closing", [])),
        )

    def walk(self):
        for s in self.sections:
            yield from s.walk()


@dataclass
class ParseResult:
    """What ``bigan parse FILE --json`` prints."""

    source: str
    noise: list[Removal] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "noise": [asdict(r) for r in self.noise],
            "documents": [d.to_dict() for d in self.documents],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ParseResult:
        return cls(
            source=data["source"],
            noise=[_from_dict(Removal, r) for r in data.get("noise", [])],
            documents=[Document.from_dict(d) for d in data.get("documents", [])],
        )


# --------------------------------------------------------------------------- store


@dataclass
class Chunk:
    id: str  # stable: derived from source, heading path and content hash
    text: str  # the chunk's text, without its heading path
    heading_path: list[str]  # ["二、主要做法和成效", "（一）落实全面从严治党要求"]
    metadata: dict[str, Any]  # flat scalars only (Chroma): see pipeline/store/chunk.py

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SearchHit:
    id: str
    text: str
    score: float
    metadata: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "score": self.score, "metadata": self.metadata}


# --------------------------------------------------------------------------- checks


@dataclass
class Finding:
    """One problem found in a text. The same type for check, draft, revise and eval."""

    code: str  # stable, prefixed by category: STRUCTURE_NUMBER_REPEATED, GROUNDING_UNKNOWN_NUMBER …
    severity: Severity
    location: str = ""  # human readable: "二、主要做法和成效 › （一）… 第2段"
    message: str = ""  # in Chinese
    section_id: str | None = None  # draft section id when the text came from a draft
    span: tuple[int, int] | None = None  # offsets into that section's text, when known

    def to_dict(self) -> dict[str, Any]:
        d = {"code": self.code, "severity": self.severity, "location": self.location, "message": self.message}
        if self.section_id is not None:
            d["section_id"] = self.section_id
        if self.span is not None:
            d["span"] = list(self.span)
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        span = data.get("span")
        return cls(
            code=data["code"],
            severity=data["severity"],
            location=data.get("location", ""),
            message=data.get("message", ""),
            section_id=data.get("section_id"),
            span=tuple(span) if span else None,
        )

    @property
    def category(self) -> str:
        return self.code.split("_", 1)[0]


# --------------------------------------------------------------------------- draft


@dataclass
class Source:
    """An exemplar chunk a section was drafted with."""

    id: str
    score: float
    source: str = ""  # file it came from
    title: str | None = None
    heading_path: list[str] = field(default_factory=list)


@dataclass
class Version:
    """One version of a section's text. history[0] is the original draft."""

    text: str
    instruction: str | None = None  # None for the original draft; "regenerate", "edit", … otherwise
    model: str = ""
    prompt_version: str = ""
    at: str = ""  # ISO 8601 time
    findings: list[Finding] = field(default_factory=list)
    kind: str = "draft"  # draft | revise | regenerate | edit | facts

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "instruction": self.instruction,
            "model": self.model,
            "prompt_version": self.prompt_version,
            "at": self.at,
            "kind": self.kind,
            "findings": [f.to_dict() for f in self.findings],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Version:
        return cls(
            text=data["text"],
            instruction=data.get("instruction"),
            model=data.get("model", ""),
            prompt_version=data.get("prompt_version", ""),
            at=data.get("at", ""),
            kind=data.get("kind", "draft"),
            findings=[Finding.from_dict(f) for f in data.get("findings", [])],
        )


@dataclass
class SectionDraft:
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

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "heading": self.heading,
            "level": self.level,
            "marker": self.marker,
            "role": self.role,
            "parent": self.parent,
            "text": self.text,
            "status": self.status,
            "facts": list(self.facts),
            "sources": [asdict(s) for s in self.sources],
            "prompt_version": self.prompt_version,
            "model": self.model,
            "tokens_in": self.tokens_in,
            "tokens_out": self.tokens_out,
            "seconds": self.seconds,
            "findings": [f.to_dict() for f in self.findings],
            "history": [v.to_dict() for v in self.history],
            "current": self.current,
            "extra": dict(self.extra),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SectionDraft:
        return cls(
            id=data["id"],
            heading=data.get("heading", ""),
            level=data.get("level", 1),
            marker=data.get("marker", ""),
            role=data.get("role"),
            parent=data.get("parent"),
            text=data.get("text", ""),
            status=data.get("status", "pending"),
            facts=list(data.get("facts", [])),
            sources=[_from_dict(Source, s) for s in data.get("sources", [])],
            prompt_version=data.get("prompt_version", ""),
            model=data.get("model", ""),
            tokens_in=data.get("tokens_in", 0),
            tokens_out=data.get("tokens_out", 0),
            seconds=data.get("seconds", 0.0),
            findings=[Finding.from_dict(f) for f in data.get("findings", [])],
            history=[Version.from_dict(v) for v in data.get("history", [])],
            current=data.get("current", -1),
            extra=dict(data.get("extra", {})),
        )


@dataclass
class DraftMeta:
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
class Draft:
    """draft.json: the single source of truth; .docx and .md are rendered from it."""

    meta: DraftMeta
    sections: list[SectionDraft] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)  # the fact sheet as validated (plain data)
    findings: list[Finding] = field(default_factory=list)  # whole-draft findings
    unused_facts: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "meta": asdict(self.meta),
            "sections": [s.to_dict() for s in self.sections],
            "facts": self.facts,
            "findings": [f.to_dict() for f in self.findings],
            "unused_facts": list(self.unused_facts),
            "extra": dict(self.extra),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Draft:
        return cls(
            meta=_from_dict(DraftMeta, data["meta"]),
            sections=[SectionDraft.from_dict(s) for s in data.get("sections", [])],
            facts=data.get("facts", {}),
            findings=[Finding.from_dict(f) for f in data.get("findings", [])],
            unused_facts=list(data.get("unused_facts", [])),
            extra=dict(data.get("extra", {})),
        )

    def section(self, section_id: str) -> SectionDraft:
        for s in self.sections:
            if s.id == section_id:
                return s
        raise KeyError(section_id)
