"""What a drafting run tells its listeners, one method per event (the CLI's progress, the web page,
evals). A listener subclasses ``NullEvents`` and overrides only the events it shows; the runner calls
every method, possibly from several worker threads at once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable


@runtime_checkable
class DraftEvents(Protocol):
    def section_started(self, section_id: str, heading: str) -> None:
        """The section's model call (or offline composer) starts."""

    def section_token(self, section_id: str, text: str) -> None:
        """A piece of the section's text as the model streams it."""

    def section_retry(self, section_id: str, attempt: int, reason: str) -> None:
        """The section's tokens streamed so far are void; attempt ``attempt`` follows."""

    def section_done(self, section_id: str, *, seconds: float, chars: int, fallback: str | None = None,
                     problems: Sequence[str] = ()) -> None:
        """The section is written. ``fallback``: why the offline composer wrote it instead of the
        model; ``problems``: what keeps it from a clean ✓ (most serious first)."""

    def section_failed(self, section_id: str, error: str) -> None:
        """The section could not be written (the run ends with an error, --resume continues)."""

    def section_skipped(self, section_id: str, heading: str) -> None:
        """The section is kept from the draft being resumed."""

    def warning(self, message: str, section_id: str = "") -> None:
        """Something the writer should know (no corpus, a lowered concurrency, an overruled section)."""


class NullEvents:
    """Ignores every event: the base for listeners that show only some."""

    def section_started(self, section_id: str, heading: str) -> None:
        pass

    def section_token(self, section_id: str, text: str) -> None:
        pass

    def section_retry(self, section_id: str, attempt: int, reason: str) -> None:
        pass

    def section_done(self, section_id: str, *, seconds: float, chars: int, fallback: str | None = None,
                     problems: Sequence[str] = ()) -> None:
        pass

    def section_failed(self, section_id: str, error: str) -> None:
        pass

    def section_skipped(self, section_id: str, heading: str) -> None:
        pass

    def warning(self, message: str, section_id: str = "") -> None:
        pass
