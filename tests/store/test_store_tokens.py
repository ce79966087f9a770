"""tiktoken o200k_base works offline from the shipped, hash-checked file."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest

from pipeline.errors import StoreError
from pipeline.store import tokens


def test_shipped_file_matches_pinned_sha256():
    path = tokens.verify_encoding_file("o200k_base")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == tokens.KNOWN["o200k_base"][1]
    # named as tiktoken's cache names it
    assert path.name == hashlib.sha1(tokens.KNOWN["o200k_base"][0].encode()).hexdigest()


def test_counts_chinese_and_truncates_on_character_boundary():
    text = "理论学习中心组全年开展集中学习，推动全面从严治党向纵深发展。"
    n = tokens.count_tokens(text)
    assert 5 < n < len(text) + 5
    assert tokens.count_tokens("") == 0
    for k in range(1, n + 1):
        cut = tokens.truncate_tokens(text, k)
        assert text.startswith(cut)  # never a broken character
        assert tokens.count_tokens(cut) <= k
    assert tokens.truncate_tokens(text, n) == text
    assert tokens.truncate_tokens(text, 0) == ""


def test_loads_in_a_fresh_process_with_no_network_and_a_bogus_cache(tmp_path):
    # A subprocess whose socket layer refuses everything: loading must not try the network.
    code = (
        "import socket\n"
        "def boom(*a, **k): raise RuntimeError('network used')\n"
        "socket.socket.connect = boom\n"
        "socket.create_connection = boom\n"
        "from pipeline.store.tokens import count_tokens\n"
        "print(count_tokens('巡察整改情况报告'))\n"
    )
    env = {"TIKTOKEN_CACHE_DIR": str(tmp_path / "empty"), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         cwd=str(tokens.CACHE_DIR.parent.parent.parent), timeout=120)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.strip()) > 0


def test_corrupted_file_is_refused(tmp_path, monkeypatch):
    bad = tmp_path / "cache"
    bad.mkdir()
    (bad / tokens.encoding_file().name).write_bytes(b"not the encoding")
    monkeypatch.setattr(tokens, "CACHE_DIR", bad)
    with pytest.raises(StoreError, match="sha256"):
        tokens.verify_encoding_file()
    with pytest.raises(StoreError):
        tokens.verify_encoding_file("nope_base")
