"""Server-sent events from a worker thread: long work (drafting, a model's reply) streamed to the page."""

from __future__ import annotations

import json
import queue
import threading
from typing import Any, Callable

from fastapi.responses import StreamingResponse

from ...errors import BiganError

Put = Callable[[str, Any], None]


def event_stream(work: Callable[[Put], None], name: str) -> StreamingResponse:
    """Run ``work(put)`` in a thread; every ``put(kind, data)`` becomes one event. A BiganError or any
    other exception becomes an ``error`` event: the page must hear about it, not hang."""
    events: queue.Queue = queue.Queue()

    def run() -> None:
        try:
            work(lambda kind, data: events.put((kind, data)))
        except BiganError as exc:
            events.put(("error", {"error": exc.one_line(), "status": 503}))
        except Exception as exc:  # noqa: BLE001
            events.put(("error", {"error": f"内部错误：{type(exc).__name__}: {exc}", "status": 500}))
        finally:
            events.put(None)

    threading.Thread(target=run, daemon=True, name=name).start()

    def stream():
        while True:
            item = events.get()
            if item is None:
                return
            kind, payload = item
            yield f"event: {kind}\ndata: {json.dumps(payload, ensure_ascii=False)}\n\n"

    return StreamingResponse(stream(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})
