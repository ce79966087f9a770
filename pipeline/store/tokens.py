"""Token counts with tiktoken's o200k_base, offline.

tiktoken downloads encodings at run time and caches them under ``sha1(url)`` in
``TIKTOKEN_CACHE_DIR``. We ship that cache file as package data (``tiktoken_cache/``), check its
sha256 ourselves, and point tiktoken at it only while loading, so no download ever happens and
other tiktoken users in the process keep their own settings.
"""

from __future__ import annotations

import hashlib
import threading
from functools import lru_cache
from pathlib import Path

from ..config import env_set
from ..errors import StoreError

ENCODING = "o200k_base"
CACHE_DIR = Path(__file__).resolve().parent / "tiktoken_cache"
# encoding -> (URL tiktoken loads it from, sha256 tiktoken pins for it)
KNOWN: dict[str, tuple[str, str]] = {
    "o200k_base": (
        "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
        "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
    ),
    "cl100k_base": (
        "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
        "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    ),
}
_env_lock = threading.Lock()


def encoding_file(name: str = ENCODING) -> Path:
    """The shipped cache file for ``name`` (named as tiktoken names it: sha1 of the URL)."""
    url, _ = KNOWN[name]
    return CACHE_DIR / hashlib.sha1(url.encode()).hexdigest()


def verify_encoding_file(name: str = ENCODING) -> Path:
    """Raise StoreError unless the shipped file exists and has the pinned sha256."""
    if name not in KNOWN:
        raise StoreError(f"未知的分词编码 (unknown tiktoken encoding): {name}", field="encoding")
    path = encoding_file(name)
    if not path.is_file():
        raise StoreError(f"离线分词编码文件缺失 (tiktoken {name} file missing; reinstall bigan)", path=path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != KNOWN[name][1]:
        raise StoreError(f"离线分词编码文件校验失败 (tiktoken {name} sha256 mismatch: {digest})", path=path)
    return path


@lru_cache(maxsize=4)
def get_encoding(name: str = ENCODING):
    """The tiktoken Encoding, loaded from the shipped, verified file (never from the network)."""
    import tiktoken

    verify_encoding_file(name)
    with _env_lock, env_set("TIKTOKEN_CACHE_DIR", str(CACHE_DIR)):
        return tiktoken.get_encoding(name)


def encode(text: str) -> list[int]:
    return get_encoding().encode(text, disallowed_special=())


def count_tokens(text: str) -> int:
    return len(encode(text)) if text else 0


def truncate_tokens(text: str, n: int) -> str:
    """At most ``n`` tokens of ``text``; cut on a token boundary, dropping a split character."""
    if n <= 0:
        return ""
    ids = encode(text)
    if len(ids) <= n:
        return text
    # A Chinese character may span several tokens: decode bytes and drop an incomplete tail.
    raw = get_encoding().decode_bytes(ids[:n])
    return raw.decode("utf-8", errors="ignore")
