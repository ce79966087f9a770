"""What drafting, checking, revising and evals need of the corpus of past reports: one protocol,
met by ``store.corpus.CorpusStore`` and by the test fakes that stand in for it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol, runtime_checkable

from ..types import Chunk, SearchHit


@runtime_checkable
class Corpus(Protocol):
    def search(
        self,
        query: str,
        k: int = 5,
        genre: str | None = None,
        role: str | None = None,
        year: int | None = None,
        exclude_sources: Iterable[str] = (),
    ) -> list[SearchHit]:
        """The ``k`` passages most like ``query`` (of that genre, role and year when given), none
        from ``exclude_sources``."""
        ...

    def iter_chunks(self) -> Iterator[Chunk]:
        """Every stored chunk (the copy check indexes them)."""
        ...

    def count(self) -> int:
        """How many chunks are stored."""
        ...
