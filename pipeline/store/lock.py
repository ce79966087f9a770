"""One writer at a time on an embedded store: an OS file lock in the store folder.

``filelock`` uses flock on Linux and macOS and msvcrt locking on Windows (office PCs), and in both
the operating system releases the lock when a writer dies, so a killed ingest never leaves it
stuck. A second writer waits up to ``timeout`` seconds, then fails with a StoreError naming the
store and the holder's process id.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from ..errors import StoreError

LOCK_NAME = ".bigan-write.lock"
HOLDER_NAME = ".bigan-write.pid"  # beside the lock: Windows does not let others read a locked file
DEFAULT_TIMEOUT = 30.0  # seconds; env BIGAN_LOCK_TIMEOUT


def lock_timeout() -> float:
    try:
        return float(os.environ.get("BIGAN_LOCK_TIMEOUT", DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT


@contextmanager
def write_lock(folder: Path, timeout: float | None = None, poll: float = 0.1) -> Iterator[None]:
    timeout = lock_timeout() if timeout is None else timeout
    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(folder / LOCK_NAME, is_singleton=False)
    holder = folder / HOLDER_NAME
    try:
        lock.acquire(timeout=timeout, poll_interval=poll)
    except Timeout:
        try:
            pid = holder.read_text(encoding="ascii").strip()
        except OSError:
            pid = ""
        raise StoreError(
            f"语料库正被另一个写入进程占用（等待 {timeout:g} 秒后放弃{'，进程 ' + pid if pid else ''}）"
            f" (store is locked by another writer)",
            path=folder,
        ) from None
    try:
        holder.write_text(str(os.getpid()), encoding="ascii")
        yield
    finally:
        lock.release()
