"""Cut a request at its deadline, whatever the server keeps sending.

A read timeout only fires when the server says nothing. A server that trickles tokens, or one
that sends SSE keep-alive comments while the request waits in its queue (DeepSeek does, for up
to ten minutes), never trips it. ``Deadlines`` is an httpx response hook plus a timer per
request: at the deadline the request's socket is shut down, which wakes the thread reading it.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx


class Watch:
    """One request's deadline; ``expired`` once it has passed and the connection was cut."""

    def __init__(self) -> None:
        self.expired = False
        self.response: httpx.Response | None = None
        self._lock = threading.Lock()
        self._done = False

    def expire(self) -> None:
        with self._lock:
            if self._done:
                return
            self.expired = True
            response = self.response
        if response is None or getattr(response, "is_closed", False):
            return  # still connecting or reading the prompt: the read timeout covers that
        stream = (getattr(response, "extensions", None) or {}).get("network_stream")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def finish(self) -> None:
        with self._lock:
            self._done = True


class Deadlines:
    """``hook`` goes into the http client's ``event_hooks["response"]``; ``watch(seconds)``
    around each request made by the same thread."""

    def __init__(self) -> None:
        self._local = threading.local()

    def hook(self, response: httpx.Response) -> None:
        watch = getattr(self._local, "watch", None)
        if watch is not None:
            watch.response = response

    @contextlib.contextmanager
    def watch(self, seconds: float) -> Iterator[Watch]:
        watch = Watch()
        self._local.watch = watch
        timer = threading.Timer(seconds, watch.expire)
        timer.daemon = True
        timer.start()
        try:
            yield watch
        finally:
            timer.cancel()
            watch.finish()
            self._local.watch = None
