"""`bigan` commands of this area. Registered on the app by import (see pipeline/cli/__init__.py)."""

from __future__ import annotations

from .app import app  # noqa: F401
