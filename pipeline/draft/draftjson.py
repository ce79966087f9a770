"""The shape of draft.json, checked before a ``Draft`` is built from it.

draft.json is drafting's output, but writers open it in editors and other tools write it too: a
badly typed field (``meta: []``, ``facts: "…"``, a section's ``text`` as a list) must be one error
naming the file and the field path — with the same messages as a fact sheet (``yamlio``) — not a
crash in whichever command reads it next. Unknown keys are kept (newer bigan versions add some);
the fact sheet inside uses the fact sheet's own sub-section model and may be partial, as drafts
built from parts of a sheet are.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import InputError
from .factsheet import SubSection


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class FindingJson(_Open):
    code: str
    severity: str
    location: str = ""
    message: str = ""
    section_id: str | None = None
    span: tuple[int, int] | None = None


class VersionJson(_Open):
    text: str
    instruction: str | None = None
    model: str = ""
    prompt_version: str = ""
    at: str = ""
    kind: str = "draft"
    findings: list[FindingJson] = Field(default_factory=list)


class SourceJson(_Open):
    id: str
    score: float
    source: str = ""
    title: str | None = None
    heading_path: list[str] = Field(default_factory=list)


class SectionJson(_Open):
    id: str
    heading: str = ""
    level: int = 1
    marker: str = ""
    role: str | None = None
    parent: str | None = None
    text: str = ""
    status: str = "pending"
    facts: list[str] = Field(default_factory=list)
    sources: list[SourceJson] = Field(default_factory=list)
    prompt_version: str = ""
    model: str = ""
    tokens_in: int = 0
    tokens_out: int = 0
    seconds: float = 0.0
    findings: list[FindingJson] = Field(default_factory=list)
    history: list[VersionJson] = Field(default_factory=list)
    current: int = -1
    extra: dict[str, Any] = Field(default_factory=dict)


class MetaJson(_Open):
    genre: str
    unit: str
    year: int
    title: str
    period: str | None = None
    org_level: str | None = None
    addressee: str | None = None
    signature: str | None = None
    date: str | None = None
    opening: str = ""
    closing: str = ""
    facts_path: str | None = None
    outline: str = ""
    model: str = ""
    offline: bool = False
    prompt_version: str = ""
    created_at: str = ""
    bigan_version: str = ""
    revision: int = 0


class FactsJson(_Open):
    """The fact sheet as drafted (``FactSheet.plain()``), possibly partial."""

    genre: str | None = None
    unit: str | None = None
    year: int | None = None
    sections: dict[str, list[str | SubSection]] = Field(default_factory=dict)


class DraftJson(_Open):
    meta: MetaJson
    sections: list[SectionJson]
    facts: FactsJson = Field(default_factory=FactsJson)
    findings: list[FindingJson] = Field(default_factory=list)
    unused_facts: list[str] = Field(default_factory=list)
    extra: dict[str, Any] = Field(default_factory=dict)


def validated(data: Any, text: str, path: str | Path) -> dict[str, Any]:
    """``data`` (parsed from ``text``) checked and with its values in their declared types; an
    InputError naming the file, field path and line otherwise."""
    from .yamlio import validate

    try:
        model = DraftJson.model_validate(data)
    except ValidationError:
        validate(DraftJson, data, path, _nodes(text), "draft.json")  # raises with field path and line
        raise
    return model.model_dump(exclude_unset=True)


def _nodes(text: str):
    """The JSON as a YAML node tree, for the line of a bad field (None when YAML cannot read it)."""
    import yaml

    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
