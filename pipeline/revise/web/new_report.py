"""A new report from the page: `bigan serve` without a draft opens a form (genre, header, facts per section).

The form posts JSON, read by the same form rules as the Excel and Word fact sheets (an error names
the form field, which the page marks). The sheet is saved as YAML and .xlsx in the serve folder,
drafted by the normal runner (the offline drafter when no model is configured) with its progress
streamed as server-sent events, and the page then opens the revision page on the new draft.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse

from ...errors import InputError
from ...types import GENRE_NAMES, GENRES, ORG_LEVELS
from .events import event_stream

DEFAULT_GENRE = "integrity_report"
_UNSAFE_IN_NAMES = re.compile(r'[\\/:*?"<>|\s\x00-\x1f]+')


def register(app: FastAPI, state, templates, body_of) -> None:
    """Add GET /new (the form) and POST /api/new (save, draft, stream progress) to the serve app."""
    from ...schema.factsheet_io import form

    @app.get("/new", response_class=HTMLResponse)
    def new_page(request: Request, genre: str = DEFAULT_GENRE):
        from ...schema.outline import load_outline

        genre = genre if genre in GENRES else DEFAULT_GENRE
        outline = load_outline(genre, state.settings.prompts)
        names = form.table_names(outline)
        # Work sections are written in sub-sections (（一）（二）…): the form starts them with one.
        sections = [{"id": s.id, "name": names[s.id], "hint": form.section_hint(s, table=False), "subs": s.subsections == "from_facts",
                     "lead": s.subsections == "from_facts" and s.role == "work"} for s in outline.sections]
        fields = [f for f in form.header_fields() if f.name != "genre"]
        return templates.TemplateResponse(request, "new.html", {
            "genre": genre, "genres": GENRE_NAMES, "fields": fields, "sections": sections, "levels": ORG_LEVELS,
            "offline": state.offline(), "model_name": state.settings.model or "", "has_draft": state.path is not None,
            "folder": str(state.new_dir), "this_year": dt.date.today().year,
        })

    @app.post("/api/new")
    async def api_new(request: Request):
        data = await body_of(request)
        try:
            sheet, outline = form.sheet_from_web(data, state.settings.prompts)
        except InputError as exc:  # the page marks the field; the message is enough beside it
            return JSONResponse({"error": exc.message, "field": exc.field}, 400)
        paths = _reserve(state, sheet, outline)
        return event_stream(lambda put: _draft(state, sheet, outline, paths, put), "new-report")


def _reserve(state, sheet, outline) -> dict[str, Path]:
    """Save the sheet as YAML and .xlsx under a name no other file in the folder has."""
    from ...schema.factsheet_io import template_bytes
    from ...atomic import write_atomic

    base = _UNSAFE_IN_NAMES.sub("", f"{sheet.unit}{sheet.year}年{outline.name}").lstrip(".")[:60] or "新报告"
    with state.lock:
        for n in range(1, 1000):
            stem = base if n == 1 else f"{base}-{n}"
            paths = {kind: state.new_dir / f"{stem}{ext}" for kind, ext in
                     (("yaml", ".yaml"), ("xlsx", ".xlsx"), ("draft", ".draft.json"))}
            if not any(p.exists() for p in paths.values()):
                break
        else:
            raise InputError("同名文件过多，请换一个文件夹 (too many files of this name)", path=state.new_dir)
        write_atomic(paths["yaml"], "# bigan serve 新建报告表单填写的事实清单（可直接编辑，或改用同名 .xlsx）\n" + sheet.to_yaml())
        write_atomic(paths["xlsx"], template_bytes(outline, ".xlsx", sheet))
    return paths


def _draft(state, sheet, outline, paths: dict[str, Path], put) -> None:
    """Draft the saved sheet with the normal runner; on success the page serves the new draft."""
    from .. import bridge

    put("saved", {"files": [p.name for p in (paths["yaml"], paths["xlsx"])], "folder": str(state.new_dir)})

    class PageEvents(bridge.NullEvents):
        """What the page shows of each section: started, done (its length), failed; and warnings."""

        def section_started(self, section_id: str, heading: str) -> None:
            put("start", {"id": section_id, "heading": heading})

        def section_done(self, section_id: str, *, seconds: float, chars: int, fallback: str | None = None,
                         problems: Sequence[str] = ()) -> None:
            put("done", {"id": section_id, "chars": chars})

        def section_failed(self, section_id: str, error: str) -> None:
            put("failed", {"id": section_id, "error": error})

        def warning(self, message: str, section_id: str = "") -> None:
            put("warning", {"id": section_id, "message": message})

    store = state.store if state.store is not None else "auto"
    bridge.run_draft(paths["yaml"], state.settings, model=state.model(), json_path=paths["draft"],
                     store=store, events=PageEvents())
    with state.lock:
        state.path = paths["draft"]
    put("finished", {"url": "./", "draft": paths["draft"].name})
