"""A clean pass: a named step with a switch, run on the shared ``Text`` for the shapes it serves."""

from __future__ import annotations

from typing import ClassVar

from ..lines import Shape, Text

ALL_SHAPES = frozenset(Shape)
RUNNING_TEXT = frozenset({Shape.LINES, Shape.WRAPPED, Shape.MARKDOWN, Shape.DOCX})  # every shape but the page dump


class Pass:
    """Subclasses set ``name`` (what ``disable=`` and the docs call it) and ``shapes`` (where it runs)."""

    name: ClassVar[str]
    shapes: ClassVar[frozenset[Shape]] = ALL_SHAPES

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled

    def runs_on(self, shape: Shape) -> bool:
        return self.enabled and shape in self.shapes

    def __call__(self, text: Text) -> None:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{self.name}{'' if self.enabled else ' (off)'}>"
