"""draft.json read with its types checked: the ``Draft`` dataclasses (``pipeline/types.py``) are the
schema, validated by pydantic while they are built.

draft.json is drafting's output, but writers open it in editors and other tools write it too: a
badly typed field (``meta: []``, ``facts: "…"``, a section's ``text`` as a list) must be one error
naming the file, field path and line — with the same messages as a fact sheet (``yamlio``) — not a
crash in whichever command reads it next. Unknown keys are ignored (newer bigan versions add some).
The fact sheet inside may be partial (drafts built from parts of a sheet), but what it has must be
typed as a fact sheet is, with the fact sheet's own sub-section model.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..types import Draft, adapter
from .factsheet import SubSection


class DraftFacts(BaseModel):
    """``Draft.facts``: ``FactSheet.plain()``, possibly partial."""

    model_config = ConfigDict(extra="allow")

    genre: str | None = None
    unit: str | None = None
    year: int | None = None
    sections: dict[str, list[str | SubSection]] = Field(default_factory=dict)


class _Facts(BaseModel):
    facts: DraftFacts  # wrapped, so an error's location starts with "facts"


def parse_draft(text: str, path: str | Path) -> Draft:
    """A ``Draft`` from draft.json's text; InputError naming the file, field path and line."""
    from .yamlio import validation_error

    try:
        draft = adapter(Draft).validate_json(text)
        _Facts.model_validate({"facts": draft.facts})
    except ValidationError as exc:
        raise validation_error(exc, path, _nodes(text)) from None
    return draft


def _nodes(text: str):
    """The JSON as a YAML node tree, for the line of a bad field (None when YAML cannot read it)."""
    import yaml

    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
