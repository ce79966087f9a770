"""One writer at a time on an embedded store: an fcntl lock on a file in the store folder.

A second writer waits up to ``timeout`` seconds, then fails with a StoreError naming the store;
the lock is released by the kernel when a writer dies, so a killed ingest never leaves it stuck.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import StoreError

LOCK_NAME = ".bigan-write.lock"
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
    path = folder / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 64, 0).decode(errors="replace").strip()
                    raise StoreError(
                        f"语料库正被另一个写入进程占用（等待 {timeout:g} 秒后放弃{'，进程 ' + holder if holder else ''}）"
                        f" (store is locked by another writer)",
                        path=folder,
                    ) from None
                time.sleep(poll)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the flock
