"""A small, real OpenAI-compatible HTTP server on 127.0.0.1 for tests and benches.

    from pipeline.testing.openai_server import OpenAIStubServer, Fault

    with OpenAIStubServer(replies=["第一段。"], tokens_per_second=200) as srv:
        settings = load_settings(model="stub", base_url=srv.base_url, api_key="sk-test")
        ...
        assert srv.requests[0]["json"]["messages"][0]["role"] == "system"

Endpoints: ``POST /v1/chat/completions`` (plain JSON, or SSE when ``stream: true``; a final chunk
with ``finish_reason: "stop"`` and, with ``stream_options.include_usage``, a usage chunk) and
``GET /v1/models``.

Replies come from a queue (``replies``, consumed in order) or, when the queue is empty, from
``reply_fn(request_json) -> str``, else ``default_reply``. Faults are injected per request from
the ``faults`` queue (one item consumed per request; ``None`` = behave) or ``fault_fn``:

- ``Fault("429", retry_after=0.2)`` — HTTP 429 with a Retry-After header;
- ``Fault("500")`` — HTTP 500;
- ``Fault("hang", seconds=30)`` — say nothing for a while (client timeouts);
- ``Fault("cut", after=3)`` — stream a few chunks, then close without finish_reason or [DONE];
- ``Fault("stall", after=3, seconds=30)`` — stream a few chunks, then go silent mid-stream;
- ``Fault("error", status=401)`` — any other HTTP error status;
- ``Fault("keepalive", seconds=30)`` — stream only SSE ``: keep-alive`` comments for a while
  (a hosted API's queue), then the reply.

How the server takes concurrent requests (``mode``), as real ones do:

- ``"parallel"`` (default) — every request streams at once, like a hosted API or vLLM;
- ``"queued"`` — one at a time, the others wait their turn (llama.cpp with one slot, Ollama);
- ``"interrupting"`` — one at a time, and a new request ends the stream in flight at its next
  token: ``[DONE]`` without a finish reason (llama-cpp-python's server by default).

More real behaviour, all off by default: ``send_finish=False`` (streams never carry a finish
reason), ``prompt_tokens_per_second`` (the prompt is read before the first token),
``prefix_cache=True`` (the prefix shared with the previous prompt is free and reported as
``usage.prompt_tokens_details.cached_tokens``, or with ``cache_usage="deepseek"`` as DeepSeek's
``usage.prompt_cache_hit_tokens``), ``context_window`` (longer prompts get HTTP 400
``context_length_exceeded``), ``model_meta`` (extra fields in the ``/v1/models`` entry, e.g.
vLLM's ``max_model_len``) and ``props`` (llama.cpp's ``GET /props``). ``max_tokens`` (or
``max_completion_tokens``) in a request is honoured: the reply stops there with ``"length"``.

Every request is recorded in ``srv.requests`` (method, path, headers, json, fault, time, and
``outcome``: "ok", "length", "cut", "interrupted", "gone" (the client left) or "error").
Stdlib only (http.server in a thread), so it starts in milliseconds.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

FAULT_KINDS = ("429", "500", "hang", "cut", "stall", "error", "keepalive")
MODES = ("parallel", "queued", "interrupting")


@dataclass
class Fault:
    kind: str  # one of FAULT_KINDS
    retry_after: float | None = None  # 429: seconds sent as Retry-After
    seconds: float = 30.0  # hang/stall: how long to stay silent; keepalive: how long to send only comments
    after: int = 3  # cut/stall: chunks sent before the connection is dropped / goes silent
    status: int = 400  # error: any other HTTP status (401, 404 …)

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault {self.kind!r}; one of {FAULT_KINDS}")


def split_tokens(text: str, chars_per_token: int = 2) -> list[str]:
    """Cut a reply into stream pieces; each piece counts as one completion token."""
    n = max(1, chars_per_token)
    return [text[i : i + n] for i in range(0, len(text), n)] or [""]


_FACT_LINE = re.compile(r"^- (.+)$", re.M)
_SECTION = re.compile(r"现在写：“(.*?)”")


def prompt_section(body: dict[str, Any]) -> str:
    """The heading a section prompt asks for (prompts/section.md's "现在写：“…”"), or ""."""
    m = _SECTION.search(str(body["messages"][-1].get("content", "")))
    return m.group(1) if m else ""


def prompt_facts(body: dict[str, Any]) -> list[str]:
    """The facts listed in a section prompt (its "- …" lines after 本部分的事实)."""
    prompt = str(body["messages"][-1].get("content", ""))
    return _FACT_LINE.findall(prompt.split("本部分的事实", 1)[-1].split("写法参考", 1)[0])


def fact_writer(body: dict[str, Any]) -> str:
    """A scripted model that does its job: a lead sentence, then every fact of the prompt as
    一是……；二是…… — a reply that passes the section gates (for tests about other things)."""
    order = "一二三四五六七八九十"
    facts = [f.rstrip("。；;") for f in prompt_facts(body)]
    lead = "坚持高标准谋划、高质量推进，各项工作取得积极成效。"
    if len(facts) == 1:
        return lead + facts[0] + "。"
    return lead + "；".join(f"{order[i % 10]}是{f}" for i, f in enumerate(facts)) + ("。" if facts else "")


def estimate_prompt_tokens(messages: list[dict[str, Any]]) -> int:
    chars = sum(len(str(m.get("content", ""))) for m in messages)
    return max(1, chars // 2)


class OpenAIStubServer:
    def __init__(
        self,
        replies: Iterable[str] | None = None,
        *,
        reply_fn: Callable[[dict[str, Any]], str] | None = None,
        default_reply: str = "好的。",
        faults: Iterable[Fault | str | None] | None = None,
        fault_fn: Callable[[dict[str, Any], int], Fault | str | None] | None = None,
        tokens_per_second: float | None = None,
        chars_per_token: int = 2,
        model: str = "stub-model",
        host: str = "127.0.0.1",
        port: int = 0,
        mode: str = "parallel",
        send_finish: bool = True,
        prompt_tokens_per_second: float | None = None,
        prefix_cache: bool = False,
        cache_usage: str = "openai",
        context_window: int | None = None,
        model_meta: dict[str, Any] | None = None,
        props: dict[str, Any] | None = None,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; one of {MODES}")
        self.replies: deque[str] = deque(replies or [])
        self.reply_fn = reply_fn
        self.default_reply = default_reply
        self.faults: deque[Fault | None] = deque(_as_fault(f) for f in (faults or []))
        self.fault_fn = fault_fn
        self.tokens_per_second = tokens_per_second
        self.chars_per_token = chars_per_token
        self.model = model
        self.mode = mode
        self.send_finish = send_finish
        self.prompt_tokens_per_second = prompt_tokens_per_second
        self.prefix_cache = prefix_cache
        self.cache_usage = cache_usage
        self.context_window = context_window
        self.model_meta = dict(model_meta or {})
        self.props = props
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._engine = threading.Lock()  # queued / interrupting: the one request being served
        self._waiting = 0  # requests waiting for the engine (what interrupts the one in flight)
        self._last_prompt = ""
        self._stopping = threading.Event()
        self._httpd = ThreadingHTTPServer((host, port), _make_handler(self))
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ lifecycle
    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> OpenAIStubServer:
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="openai-stub", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes hanging and slow-streaming handlers
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    def __enter__(self) -> OpenAIStubServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ script
    def push_reply(self, text: str) -> None:
        with self._lock:
            self.replies.append(text)

    def push_fault(self, fault: Fault | str | None) -> None:
        with self._lock:
            self.faults.append(_as_fault(fault))

    @property
    def chat_requests(self) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["path"].endswith("/chat/completions")]

    def _next(self, body: dict[str, Any]) -> tuple[Fault | None, str, int]:
        with self._lock:
            index = len(self.chat_requests)
            if self.faults:
                fault = self.faults.popleft()
            elif self.fault_fn:
                fault = _as_fault(self.fault_fn(body, index))
            else:
                fault = None
            if fault is not None and fault.kind not in ("cut", "stall", "keepalive"):
                return fault, "", index  # a refused request consumes no reply
            if self.replies:
                text = self.replies.popleft()
            elif self.reply_fn:
                text = self.reply_fn(body)
            else:
                text = self.default_reply
            return fault, text, index

    def settled_requests(self, timeout: float = 5.0) -> list[dict[str, Any]]:
        """The chat requests once every handler has recorded how its request ended. A client has its
        whole reply before the handler returns, so reading ``outcome`` right after a reply races it."""
        deadline = time.monotonic() + timeout
        while any("outcome" not in r for r in self.chat_requests) and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.chat_requests

    def outcomes(self, outcome: str) -> int:
        """How many chat requests ended with ``outcome`` ("interrupted", "cut", "ok" …)."""
        return sum(1 for r in self.settled_requests() if r.get("outcome") == outcome)

    def _sleep(self, seconds: float) -> bool:
        """Sleep unless the server stops; False when stopping."""
        return not self._stopping.wait(seconds)

    def _take_engine(self) -> bool:
        """Wait for the one engine (queued / interrupting modes); False when stopping."""
        with self._lock:
            self._waiting += 1
        try:
            while not self._engine.acquire(timeout=0.05):
                if self._stopping.is_set():
                    return False
            return True
        finally:
            with self._lock:
                self._waiting -= 1

    def _interrupted(self) -> bool:
        return self.mode == "interrupting" and self._waiting > 0

    def _cached_prefix(self, prompt: str) -> int:
        """Prompt tokens shared with the previous prompt (llama.cpp keeps that prefix evaluated)."""
        with self._lock:
            previous, self._last_prompt = self._last_prompt, prompt
        if not self.prefix_cache:
            return 0
        shared = 0
        for a, b in zip(previous, prompt):
            if a != b:
                break
            shared += 1
        return shared // 2


def _as_fault(f: Fault | str | None) -> Fault | None:
    if f is None or isinstance(f, Fault):
        return f
    return Fault(str(f))


def _make_handler(server: OpenAIStubServer):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:  # quiet
            pass

        def _record(self, body: Any, fault: Fault | None = None) -> dict[str, Any]:
            entry = {
                "method": self.command,
                "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},  # lower-case names
                "json": body,
                "fault": fault.kind if fault else None,
                "at": time.time(),
                "outcome": None,
            }
            with server._lock:
                server.requests.append(entry)
            return entry

        def _send_json(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802
            self._record(None)
            if self.path.rstrip("/").endswith("/models"):
                entry = {"id": server.model, "object": "model", "owned_by": "bigan-test", **server.model_meta}
                self._send_json(200, {"object": "list", "data": [entry]})
            elif self.path.rstrip("/").endswith("/props") and server.props is not None:
                self._send_json(200, server.props)
            else:
                self._send_json(404, {"error": {"message": "not found", "type": "invalid_request_error"}})

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw or b"{}")
            except json.JSONDecodeError:
                self._record(None)
                self._send_json(400, {"error": {"message": "invalid JSON", "type": "invalid_request_error"}})
                return
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self._record(body)
                self._send_json(404, {"error": {"message": "not found", "type": "invalid_request_error"}})
                return
            fault, text, index = server._next(body)
            entry = self._record(body, fault)
            if fault is not None and fault.kind in ("429", "500", "error"):
                entry["outcome"] = "error"
            if fault is not None and fault.kind == "429":
                headers = {"Retry-After": f"{fault.retry_after:g}"} if fault.retry_after is not None else {}
                self._send_json(429, {"error": {"message": "rate limited", "type": "rate_limit_error"}}, headers)
                return
            if fault is not None and fault.kind == "500":
                self._send_json(500, {"error": {"message": "internal error", "type": "server_error"}})
                return
            if fault is not None and fault.kind == "error":
                self._send_json(fault.status, {"error": {"message": f"error {fault.status}", "type": "invalid_request_error"}})
                return
            if fault is not None and fault.kind == "hang":
                server._sleep(fault.seconds)
                self.close_connection = True
                entry["outcome"] = "error"
                return
            messages = body.get("messages") or []
            prompt_tokens = estimate_prompt_tokens(messages)
            if server.context_window and prompt_tokens >= server.context_window:
                entry["outcome"] = "error"
                self._send_json(400, {"error": {
                    "message": f"This model's maximum context length is {server.context_window} tokens. However, you "
                               f"requested {prompt_tokens} tokens ({prompt_tokens} in the messages, 0 in the completion). "
                               "Please reduce the length of the messages or completion.",
                    "type": "invalid_request_error", "code": "context_length_exceeded"}})
                return
            if server.mode != "parallel" and not server._take_engine():
                return
            try:
                self._answer(entry, body, text, index, fault, messages, prompt_tokens)
            finally:
                if server.mode != "parallel":
                    server._engine.release()

        def _answer(self, entry, body, text, index, fault, messages, prompt_tokens) -> None:
            model = body.get("model") or server.model
            cached = server._cached_prefix("\n".join(str(m.get("content", "")) for m in messages))
            if server.prompt_tokens_per_second and not server._sleep(
                (prompt_tokens - cached) / server.prompt_tokens_per_second
            ):
                return
            pieces = split_tokens(text, server.chars_per_token)
            finish = "stop"
            limit = body.get("max_tokens") or body.get("max_completion_tokens")
            if limit and len(pieces) > int(limit):
                pieces, finish = pieces[: int(limit)], "length"
            usage = {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": len(pieces),
                "total_tokens": prompt_tokens + len(pieces),
            }
            if server.prefix_cache and server.cache_usage == "deepseek":
                usage |= {"prompt_cache_hit_tokens": cached, "prompt_cache_miss_tokens": prompt_tokens - cached}
            elif server.prefix_cache:
                usage["prompt_tokens_details"] = {"cached_tokens": cached}
            cid = f"chatcmpl-stub-{index}"
            if not body.get("stream"):
                if server.tokens_per_second:
                    server._sleep(len(pieces) / server.tokens_per_second)
                entry["outcome"] = "ok" if finish == "stop" else finish
                self._send_json(
                    200,
                    {
                        "id": cid,
                        "object": "chat.completion",
                        "created": int(time.time()),
                        "model": model,
                        "choices": [{"index": 0, "message": {"role": "assistant", "content": "".join(pieces)},
                                     "finish_reason": finish if server.send_finish else None}],
                        "usage": usage,
                    },
                )
                return
            entry["outcome"] = self._stream(cid, model, pieces, usage, body, fault, finish)

        def _stream(self, cid, model, pieces, usage, body, fault, finish) -> str:
            """Stream the reply; returns the outcome."""
            # Close-delimited body: a cut is then a clean EOF without finish_reason, as seen in the wild.
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            created = int(time.time())

            def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> None:
                payload = {
                    "id": cid,
                    "object": "chat.completion.chunk",
                    "created": created,
                    "model": model,
                    "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
                    **extra,
                }
                self.wfile.write(b"data: " + json.dumps(payload, ensure_ascii=False).encode("utf-8") + b"\n\n")
                self.wfile.flush()

            delay = 1.0 / server.tokens_per_second if server.tokens_per_second else 0.0
            try:
                if fault is not None and fault.kind == "keepalive":
                    waited = time.monotonic()
                    while time.monotonic() - waited < fault.seconds:
                        self.wfile.write(b": keep-alive\n\n")
                        self.wfile.flush()
                        if not server._sleep(0.1):
                            return "cut"
                chunk({"role": "assistant", "content": ""})
                for i, piece in enumerate(pieces):
                    if fault is not None and fault.kind == "cut" and i >= fault.after:
                        return "cut"  # drop the connection: no finish_reason, no [DONE]
                    if fault is not None and fault.kind == "stall" and i == fault.after:
                        if not server._sleep(fault.seconds):
                            return "cut"
                    if delay and not server._sleep(delay):
                        return "cut"
                    if server._interrupted():  # as llama-cpp-python: [DONE] without a finish reason
                        self.wfile.write(b"data: [DONE]\n\n")
                        self.wfile.flush()
                        return "interrupted"
                    chunk({"content": piece})
                if fault is not None and fault.kind == "cut":
                    return "cut"
                if server.send_finish:
                    chunk({}, finish)
                if (body.get("stream_options") or {}).get("include_usage"):
                    payload = {"id": cid, "object": "chat.completion.chunk", "created": created, "model": model, "choices": [], "usage": usage}
                    self.wfile.write(b"data: " + json.dumps(payload).encode() + b"\n\n")
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
                return "ok" if finish == "stop" else finish
            except (BrokenPipeError, ConnectionResetError):
                return "gone"  # the client gave up (timeout, runaway reply, deadline)

    return Handler
