"""`bigan serve`: one local page to revise a draft. FastAPI, server-rendered, no build step.

The draft file on disk is the single source of truth: every request reads it, and every change
is checked against the revision the page was showing (409 when another tab or the terminal saved
in between), then saved atomically with the next revision number.
"""

from __future__ import annotations

import copy
import hmac
import json
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.background import BackgroundTask

from ...config import require_model
from ...errors import BiganError, ConfigError, ConflictError, InputError
from ...types import GENRE_NAMES, Draft, SectionDraft
from .. import history, operations as ops
from ..diff import char_diff, diff_html, diff_stats
from .events import event_stream
from .hosts import MIN_TOKEN_CHARS, host_name, is_loopback, same_origin
from .render import highlight

if TYPE_CHECKING:
    from ...config import Settings
    from ..bridge import ChatModel, Corpus

HERE = Path(__file__).resolve().parent
CONFLICT_MESSAGE = "草稿已在别处修改，请刷新后重试"
TOKEN_COOKIE = "bigan_token"


class Conflict(Exception):
    pass


@dataclass
class AppState:
    path: Path | None  # None until the new-report form has drafted one
    settings: Settings
    token: str | None = None
    store: Corpus | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    _model: ChatModel | None = None
    new_dir: Path = field(default_factory=Path.cwd)  # where the new-report form saves its files

    def model(self):
        if self._model is None:
            from .. import bridge

            self._model = bridge.get_model(self.settings)
        return self._model

    def offline(self) -> bool:
        return bool(getattr(self.settings, "offline", True))

    def load(self) -> Draft:
        if self.path is None:
            raise InputError("还没有草稿：请先在“新建报告”页起草 (no draft yet)")
        return ops.load(self.path)

    def change(self, base_revision: Any, fn) -> tuple[Draft, Any]:
        """Load, check the revision the page was based on, apply ``fn(draft)``, save (merged with
        what another process saved while ``fn`` ran; a change to the same section is a conflict)."""
        base = _revision(base_revision)
        with self.lock:
            draft = self.load()
            if draft.meta.revision != base:
                raise Conflict()
            snapshot = draft.to_dict()
            result = fn(draft)
            ops.save(draft, self.path, snapshot)
            return draft, result


def _revision(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise InputError("请求缺少草稿修订号 revision", field="revision") from None


def create_app(path: str | Path | None, settings: Settings, *, token: str | None = None, store: Corpus | None = None,
               model: ChatModel | None = None, new_dir: str | Path | None = None) -> FastAPI:
    """The page for the draft at ``path``; without one, ``/`` opens the new-report form (files go to ``new_dir``)."""
    if token is not None and len(token) < MIN_TOKEN_CHARS:
        raise ConfigError(f"访问令牌至少 {MIN_TOKEN_CHARS} 个字符（现为 {len(token)} 个）(token too short)", field="token")
    state = AppState(Path(path) if path is not None else None, settings, token=token, store=store, _model=model,
                     new_dir=Path(new_dir) if new_dir is not None else Path.cwd())
    if state.path is not None:
        state.load()  # fail early on a bad draft
    app = FastAPI(title="bigan", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.bigan = state
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals.update(highlight=highlight, kind_names=history.KIND_NAMES, genre_names=GENRE_NAMES)
    templates.env.filters["basename"] = lambda p: Path(str(p)).name if p else ""

    # ------------------------------------------------------------------ guard
    @app.middleware("http")
    async def guard(request: Request, call_next):
        return _hardened(await _guarded(request, call_next))

    async def _guarded(request: Request, call_next):
        host = request.headers.get("host", "")
        # Requests sent by pages of other origins are refused in every mode (scheme included).
        if not same_origin(request.headers.get("origin"), request.url.scheme, host):
            return JSONResponse({"error": "拒绝来自其他网页的请求 (cross-origin request refused)"}, 403)
        if state.token:
            given = request.query_params.get("token") or request.headers.get("x-bigan-token") or request.cookies.get(TOKEN_COOKIE)
            if not given or not hmac.compare_digest(given.encode(), state.token.encode()):
                return HTMLResponse("<h1>401</h1><p>需要访问令牌：请用 bigan serve 打印的完整地址打开（含 ?token=）。</p>", 401)
            response = await call_next(request)
            if request.query_params.get("token"):
                response.set_cookie(TOKEN_COOKIE, state.token, httponly=True, samesite="strict")
            return response
        # Without a token the page serves loopback only: refuse other Host names (DNS rebinding).
        if not is_loopback(host_name(host)):
            return JSONResponse({"error": "仅允许本机访问"}, 403)
        return await call_next(request)

    @app.exception_handler(Conflict)
    async def on_conflict(request: Request, exc: Conflict):
        return JSONResponse({"error": CONFLICT_MESSAGE, "conflict": True}, 409)

    @app.exception_handler(ConflictError)
    async def on_save_conflict(request: Request, exc: ConflictError):
        return JSONResponse({"error": exc.one_line(), "conflict": True}, 409)

    @app.exception_handler(BiganError)
    async def on_error(request: Request, exc: BiganError):
        status = 400 if isinstance(exc, InputError) else 503
        return JSONResponse({"error": exc.one_line()}, status)

    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    # ------------------------------------------------------------------ views
    def section_context(draft: Draft, sec: SectionDraft) -> dict[str, Any]:
        cand = history.candidate(sec)
        ctx: dict[str, Any] = {"s": sec, "cand": cand, "offline": state.offline(), "diff": None, "stats": None}
        if cand is not None:
            d = char_diff(sec.text, cand.text)
            ctx["diff"] = diff_html(d)
            ctx["stats"] = diff_stats(d).summary()
        return ctx

    def section_html(draft: Draft, sec: SectionDraft) -> str:
        return templates.get_template("_section.html").render(section_context(draft, sec))

    def whole_html(draft: Draft) -> str:
        """The whole-draft findings panel, recomputed on every save (ops.save)."""
        return templates.get_template("_draft_findings.html").render(draft=draft)

    def reply(draft: Draft, sec: SectionDraft | None = None, **extra: Any) -> JSONResponse:
        body: dict[str, Any] = {"revision": draft.meta.revision, "whole": whole_html(draft), **extra}
        if sec is not None:
            body["html"] = section_html(draft, sec)
            body["id"] = sec.id
            body["nav"] = _nav_counts(sec)
        return JSONResponse(body)

    @app.get("/", response_class=HTMLResponse)
    def page(request: Request):
        if state.path is None:
            return RedirectResponse("new", 303)
        draft = state.load()
        sections = [section_context(draft, s) for s in draft.sections]
        return templates.TemplateResponse(
            request,
            "page.html",
            {"draft": draft, "sections": sections, "offline": state.offline(), "conflict_message": CONFLICT_MESSAGE,
             "file_name": state.path.name, "model_name": state.settings.model or ""},
        )

    @app.get("/api/draft")
    def api_draft():
        draft = state.load()
        return {
            "revision": draft.meta.revision,
            "title": draft.meta.title,
            "sections": [
                {"id": s.id, "heading": s.heading, "current": s.current, "versions": len(s.history),
                 "candidate": history.candidate(s) is not None, "text": s.text}
                for s in draft.sections
            ],
        }

    @app.get("/api/sections/{sid}", response_class=HTMLResponse)
    def api_section(sid: str):
        draft = state.load()
        return section_html(draft, ops.section(draft, sid))

    @app.get("/api/sections/{sid}/diff")
    def api_diff(sid: str, a: str = "current", b: str = "candidate"):
        draft = state.load()
        sec = ops.section(draft, sid)
        d = char_diff(history.version_at(sec, _ref(a)).text, history.version_at(sec, _ref(b)).text)
        return {"html": diff_html(d), "summary": diff_stats(d).summary()}

    async def body_of(request: Request) -> dict[str, Any]:
        # JSON only: a cross-site form or text/plain POST (no CORS preflight) cannot change the draft.
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            raise InputError("请求须为 application/json")
        try:
            data = await request.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise InputError("请求不是有效的 JSON") from None
        if not isinstance(data, dict):
            raise InputError("请求应为 JSON 对象")
        return data

    SIMPLE = {
        "accept": lambda d, sid, data: ops.accept(d, sid),
        "reject": lambda d, sid, data: ops.reject(d, sid),
        "undo": lambda d, sid, data: ops.undo(d, sid),
        "redo": lambda d, sid, data: ops.redo(d, sid),
        "edit": lambda d, sid, data: ops.edit_text(d, sid, str(data.get("text", ""))),
        "goto": lambda d, sid, data: history.go_to(ops.section(d, sid), _index(data.get("index"))),
    }

    @app.post("/api/sections/{sid}/{action}")
    async def api_action(sid: str, action: str, request: Request):
        data = await body_of(request)
        if action in ("revise", "regenerate"):
            return propose_stream(sid, action, data)
        fn = SIMPLE.get(action)
        if fn is None:
            return JSONResponse({"error": f"未知操作 {action}"}, 404)
        from starlette.concurrency import run_in_threadpool

        draft, _ = await run_in_threadpool(state.change, data.get("revision"), lambda d: fn(d, sid, data))
        return reply(draft, ops.section(draft, sid))

    def propose_stream(sid: str, action: str, data: dict[str, Any]):
        """Stream the model's tokens as server-sent events; the result becomes the candidate."""
        instruction = str(data.get("instruction", "")).strip()
        base = _revision(data.get("revision"))
        draft = state.load()
        if draft.meta.revision != base:
            raise Conflict()
        snapshot = draft.to_dict()  # the proposal is merged onto what others save during the reply
        ops.section(draft, sid)
        model = state.model()
        if action == "revise":
            if not instruction:
                raise InputError("修改指令不能为空", field="instruction")
            require_model(model, ops.OFFLINE_MESSAGE)

        def propose(scratch: Draft, on_token, on_retry) -> None:
            if action == "revise":
                ops.propose_revision(scratch, sid, instruction, model, on_token=on_token, on_retry=on_retry)
            else:
                ops.propose_regenerate(scratch, sid, state.settings, model=model, store=state.store, on_token=on_token,
                                       on_retry=on_retry)

        def work(put) -> None:
            try:
                scratch = Draft.from_dict(copy.deepcopy(snapshot))
                # "reset": the model is asked again; the page clears the text streamed so far.
                propose(scratch, lambda t: put("token", t),
                        lambda attempt, reason: put("reset", {"attempt": attempt, "reason": reason}))
                with state.lock:  # only this section changed: others' saves meanwhile are merged in
                    ops.save(scratch, state.path, snapshot)
                saved = scratch
                put("done", {"revision": saved.meta.revision, "html": section_html(saved, ops.section(saved, sid)),
                             "id": sid, "nav": _nav_counts(ops.section(saved, sid)), "whole": whole_html(saved)})
            except ConflictError as exc:
                put("error", {"error": exc.one_line(), "conflict": True, "status": 409})

        return event_stream(work, f"{action}-{sid}")

    @app.get("/api/facts")
    def api_facts_get():
        draft = state.load()
        return {"revision": draft.meta.revision, "yaml": ops.facts_yaml(draft)}

    @app.post("/api/facts")
    async def api_facts_post(request: Request):
        from starlette.concurrency import run_in_threadpool

        data = await body_of(request)
        facts = ops.parse_facts_yaml(str(data.get("yaml", "")))
        draft, result = await run_in_threadpool(
            state.change, data.get("revision"),
            lambda d: ops.update_facts(d, facts, state.settings, model=state.model(), store=state.store),
        )
        return reply(draft, changed=result.changed, unmatched=result.unmatched)

    @app.get("/export.docx")
    def export_docx():
        from .. import bridge

        draft = state.load()
        tmp = Path(tempfile.mkdtemp(prefix="bigan-export-"))
        out = tmp / "draft.docx"
        bridge.export_docx(draft, out)
        name = (draft.meta.title or state.path.stem) + ".docx"

        def cleanup() -> None:
            out.unlink(missing_ok=True)
            tmp.rmdir()

        return FileResponse(
            out, filename=name, background=BackgroundTask(cleanup),
            media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )

    @app.get("/favicon.ico")
    def favicon():
        return Response(status_code=204)

    from .new_report import register as register_new_report

    register_new_report(app, state, templates, body_of)
    return app


def _index(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise InputError("版本序号应为整数", field="index") from None


def _hardened(response: Response) -> Response:
    """Headers on every answer: never framed by another page (clickjacking), no MIME sniffing,
    no Referer carrying ?token= anywhere."""
    response.headers["Content-Security-Policy"] = "frame-ancestors 'none'"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _ref(word: str) -> int | str:
    if word in ("current", "candidate"):
        return word
    try:
        return int(word)
    except ValueError:
        raise InputError(f"版本应为数字、current 或 candidate：{word!r}", field="version") from None


def _nav_counts(sec: SectionDraft) -> dict[str, int]:
    from ...types import PLACEHOLDER_OPEN

    return {
        "errors": sum(f.severity == "error" for f in sec.findings),
        "warnings": sum(f.severity == "warning" for f in sec.findings),
        "placeholders": sec.text.count(PLACEHOLDER_OPEN),
    }
