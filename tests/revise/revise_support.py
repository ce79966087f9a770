"""Helpers for the revise tests (a unique module name: tests import from here, never from conftest)."""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import time
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")  # Debian's build: apt-get install chromium fonts-noto-cjk
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def sse_events(text: str) -> list[tuple[str, object]]:
    """A server-sent-events body as [(event, data)]."""
    out = []
    for frame in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in frame.split("\n"))
        out.append((lines["event"], json.loads(lines["data"])))
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve_process(args: list[str], *, cwd: Path, env: dict[str, str], log: Path):
    """`bigan serve ARGS --port N` as a subprocess, guarded by a token; yields its base URL once it answers 401."""
    import httpx
    import pytest

    port = free_port()
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", *args, "--port", str(port)],
                                env={**env, "PYTHONUNBUFFERED": "1"}, stdout=out, stderr=subprocess.STDOUT, cwd=cwd)
        url = f"http://127.0.0.1:{port}/"
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if httpx.get(url, timeout=1).status_code == 401:  # up, and guarded by the token
                        break
                except httpx.TransportError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("bigan serve did not start:\n" + log.read_text())
                time.sleep(0.1)
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=10)
