"""Shared fixtures. Network is blocked for every test except loopback (servers the test starts).

Area-specific fixtures live in tests/<area>/conftest.py.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# ../shared beside the checkout holds the real, messy reports (read them, never copy them).
SHARED = Path(os.environ.get("BIGAN_SHARED", REPO.parent / "shared"))
SHARED_CORPUS = SHARED / "corpus"

# Offline for every library that might try to phone home.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ["ANONYMIZED_TELEMETRY"] = "False"
for _var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "BIGAN_MODEL", "BIGAN_CHROMA_URL", "BIGAN_STORE", "BIGAN_CONFIG"):
    os.environ.pop(_var, None)


def _is_loopback(address) -> bool:
    if isinstance(address, tuple) and address:
        host = address[0]
    else:
        return True  # unix sockets
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class NetworkBlocked(RuntimeError):
    pass


@pytest.fixture(autouse=True)
def _block_network(monkeypatch):
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded_connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
            raise NetworkBlocked(f"network access blocked in tests: {address!r}")
        return real_connect(self, address)

    def guarded_connect_ex(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
            raise NetworkBlocked(f"network access blocked in tests: {address!r}")
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    yield


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Every test gets its own BIGAN_HOME so no store, cache or config leaks between tests."""
    home = tmp_path_factory.mktemp("bigan-home")
    monkeypatch.setenv("BIGAN_HOME", str(home))
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))
    yield home


def _shared(path: Path) -> Path:
    """A folder of ../shared: CI must have it (a test never skips itself into passing there);
    elsewhere a checkout without it skips the test."""
    if not path.is_dir():
        where = f"../shared/{path.relative_to(SHARED).as_posix()}"
        if os.environ.get("CI"):
            pytest.fail(f"{where} is missing in CI: {path}")
        pytest.skip(f"{where} not present beside the checkout")
    return path


@pytest.fixture
def shared_corpus() -> Path:
    return _shared(SHARED_CORPUS)


@pytest.fixture(scope="session")
def real_model_dir() -> Path:
    """../shared/samples/real-model: what a real small model drafted (read, never copied)."""
    return _shared(SHARED / "samples" / "real-model")


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture
def store_dir(tmp_path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def cli(capsys):
    """Run `bigan ARGS` in-process; returns (exit_code, stdout, stderr)."""
    from pipeline.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture(scope="session")
def local_model_05b():
    """The real Qwen2.5-Coder 0.5B behind llama-cpp-python (``make llm``), started once per session.

    In CI a model that cannot be set up or started fails the test with the reason; elsewhere the
    test is skipped with the command that sets it up (``make test`` runs it first)."""
    from pipeline.testing.local_llm import LocalModelServer, LocalModelUnavailable

    server = LocalModelServer("0.5b")
    try:
        server.start()
    except LocalModelUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"the real local model could not be started in CI: {exc}")
        pytest.skip(f"real local model not available: {exc}")
    yield server
    server.stop()
