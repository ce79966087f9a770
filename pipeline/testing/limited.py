"""Run `bigan …` in a child process with its memory capped, and measure what it used.

Hostile-input tests (YAML aliases, zip bombs, huge .docx files) must show that bigan stops at its
limits instead of eating the machine: the child caps its own address space (``RLIMIT_AS``) before
bigan starts, so a guard that fails turns into a MemoryError, not a swapping test run, and reports
its own peak resident memory (``VmHWM``: unlike ``ru_maxrss`` it is not inherited from the forking
parent, a test runner of several hundred MB) when it exits. POSIX only (the tests run on Linux).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# The child's first lines: cap memory, report the peak at exit, then run bigan (or the given code).
_WRAPPER = """\
import atexit, os, resource, sys
limit = int(os.environ.pop("BIGAN_LIMIT_BYTES"))
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
report = os.environ.pop("BIGAN_LIMIT_REPORT")

def _peak():
    kb = 0
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            kb = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with open(report, "w", encoding="ascii") as fh:
        fh.write(str(kb))

atexit.register(_peak)
code = os.environ.pop("BIGAN_LIMIT_CODE", "")
if code:
    exec(compile(code, "<limited>", "exec"), {"__name__": "__main__"})
else:
    import runpy
    runpy.run_module("pipeline", run_name="__main__", alter_sys=True)
"""


@dataclass
class Limited:
    returncode: int
    stdout: str
    stderr: str
    peak_mb: float  # peak resident set of the child (inf when it was killed before it could say)
    seconds: float
    timed_out: bool = False


def run_limited(args: list[str], *, memory_mb: int, timeout: float = 300.0, cwd: str | Path | None = None,
                env: dict[str, str] | None = None, code: str | None = None) -> Limited:
    """``python -m pipeline ARGS`` (or ``python -c CODE ARGS``) with at most ``memory_mb`` of address space."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "peak"
        full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {}),
                    "BIGAN_LIMIT_BYTES": str(memory_mb * 1024 * 1024), "BIGAN_LIMIT_REPORT": str(report)}
        if code:
            full_env["BIGAN_LIMIT_CODE"] = code
        argv = [sys.executable, "-c", _WRAPPER, *[str(a) for a in args]]
        started = time.monotonic()
        timed_out = False
        try:
            done = subprocess.run(argv, capture_output=True, cwd=cwd or REPO, env=full_env, timeout=timeout)
            returncode, out, err = done.returncode, done.stdout, done.stderr
        except subprocess.TimeoutExpired as exc:
            timed_out, returncode, out, err = True, -9, exc.stdout or b"", exc.stderr or b""
        seconds = time.monotonic() - started
        try:
            peak_mb = int(report.read_text(encoding="ascii")) / 1024
        except (OSError, ValueError):
            peak_mb = float("inf")
    return Limited(returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), peak_mb, seconds, timed_out)
