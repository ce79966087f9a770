"""Run `bigan …` in a child process with its memory capped, and measure what it used.

Hostile-input tests (YAML aliases, zip bombs, huge .docx files) must show that bigan stops at its
limits instead of eating the machine: the child gets an address-space limit (``RLIMIT_AS``), so a
guard that fails turns into a MemoryError or a kill, not a swapping test run; its peak resident
memory comes from ``wait4``. POSIX only (the tests that use it run on Linux).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Limited:
    returncode: int
    stdout: str
    stderr: str
    peak_mb: float  # peak resident set of the child
    seconds: float
    timed_out: bool = False


def run_limited(args: list[str], *, memory_mb: int, timeout: float = 300.0, cwd: str | Path | None = None,
                env: dict[str, str] | None = None, code: str | None = None) -> Limited:
    """``python -m pipeline ARGS`` (or ``python -c CODE ARGS``) with at most ``memory_mb`` of address space."""
    import resource

    def cap() -> None:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    argv = [sys.executable, *(["-c", code] if code else ["-m", "pipeline"]), *[str(a) for a in args]]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=cwd or REPO,
                                env=full_env, preexec_fn=cap)
        fired = threading.Event()

        def kill() -> None:
            fired.set()
            proc.kill()

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        return Limited(
            returncode=proc.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            peak_mb=usage.ru_maxrss / 1024,  # KB on Linux
            seconds=seconds,
            timed_out=fired.is_set(),
        )
