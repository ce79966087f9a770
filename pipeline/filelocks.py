"""One OS file lock per resource, shared by the store's writers and the draft's savers.

``filelock`` uses flock on Linux and macOS and msvcrt locking on Windows (office PCs), and in both
the operating system releases the lock when its holder dies, so a killed process never leaves it
stuck. A second process waits up to ``timeout`` seconds, then gets ``LockBusy`` with the holder's
process id (written to a file beside the lock: Windows does not let others read a locked file).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

DEFAULT_TIMEOUT = 30.0  # seconds; env BIGAN_LOCK_TIMEOUT


class LockBusy(Exception):
    def __init__(self, timeout: float, pid: str) -> None:
        super().__init__(f"locked by {pid or 'another process'}")
        self.timeout = timeout
        self.pid = pid

    def holder(self) -> str:
        """'，进程 1234' or '' — for the callers' Chinese messages."""
        return f"，进程 {self.pid}" if self.pid else ""


def lock_timeout() -> float:
    try:
        return float(os.environ.get("BIGAN_LOCK_TIMEOUT", DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT


@contextmanager
def exclusive(lock_file: Path, holder_file: Path, timeout: float | None = None, poll: float = 0.1) -> Iterator[None]:
    """Hold ``lock_file`` for the block (LockBusy after ``timeout`` seconds of waiting)."""
    timeout = lock_timeout() if timeout is None else timeout
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(lock_file, is_singleton=False)
    try:
        lock.acquire(timeout=timeout, poll_interval=poll)
    except Timeout:
        try:
            pid = holder_file.read_text(encoding="ascii").strip()
        except OSError:
            pid = ""
        raise LockBusy(timeout, pid) from None
    try:
        holder_file.write_text(str(os.getpid()), encoding="ascii")
        yield
    finally:
        lock.release()
