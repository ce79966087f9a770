"""A small error hierarchy. Only the CLI turns these into messages and exit codes."""

from __future__ import annotations

from pathlib import Path


class BiganError(Exception):
    """Base of every error bigan raises on purpose.

    ``path`` names the file and ``field`` the field path (``sections.work[2].facts``) so the CLI
    can print one line a writer can act on; ``line`` is the 1-based line in that file when known.
    """

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        field: str | None = None,
        line: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.field = field
        self.line = line

    def one_line(self) -> str:
        where = []
        if self.path:
            where.append(self.path + (f":{self.line}" if self.line else ""))
        if self.field:
            where.append(self.field)
        text = " ".join(self.message.split())
        return (": ".join(where) + ": " + text) if where else text


class InputError(BiganError):
    """A file or argument the user gave is missing, unreadable or invalid."""

    exit_code = 2


class ConfigError(BiganError):
    """Settings (bigan.toml, environment, options) are inconsistent or incomplete."""

    exit_code = 2


class ModelError(BiganError):
    """The model endpoint failed after retries, or replied with something unusable."""


class StoreError(BiganError):
    """The Chroma store is unreachable, locked, or holds an incompatible collection."""


class ConflictError(BiganError):
    """Another process saved a change to the same part of a draft since this one loaded it."""

    def __init__(self, message: str, *, sections: list[str] | None = None, **where) -> None:
        super().__init__(message, **where)
        self.sections = list(sections or [])
