"""One writer at a time on an embedded store: an OS file lock in the store folder (``filelocks``).

A second writer waits up to ``timeout`` seconds, then fails with a StoreError naming the store and
the holder's process id.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import StoreError
from ..filelocks import LockBusy, exclusive

LOCK_NAME = ".bigan-write.lock"
HOLDER_NAME = ".bigan-write.pid"


@contextmanager
def write_lock(folder: Path, timeout: float | None = None, poll: float = 0.1) -> Iterator[None]:
    try:
        with exclusive(folder / LOCK_NAME, folder / HOLDER_NAME, timeout, poll):
            yield
    except LockBusy as busy:
        raise StoreError(
            f"语料库正被另一个写入进程占用（等待 {busy.timeout:g} 秒后放弃{busy.holder()}） (store is locked by another writer)",
            path=folder,
        ) from None
