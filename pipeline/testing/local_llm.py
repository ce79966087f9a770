"""The real local chat model for tests, benches and evals (Qwen2.5-Coder 0.5B/1.5B Instruct behind
llama-cpp-python's OpenAI-compatible server).

``make llm`` builds it once per machine with ``../shared/llm/setup.sh`` (files under
``$BIGAN_LLM_HOME``, default ``~/.cache/bigan-llm``); ``LocalModelServer("0.5b")`` starts it with
``../shared/llm/serve.sh`` on a free loopback port and stops it on exit::

    with LocalModelServer("0.5b") as srv:
        settings = load_settings(model=srv.model, base_url=srv.base_url, api_key="local")

The server flags live in serve.sh only, so tests, benches and writers run the same server.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

MODELS = {
    "0.5b": ("qwen2.5-coder-0.5b-instruct", "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"),
    "1.5b": ("qwen2.5-coder-1.5b-instruct", "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"),
}


class LocalModelUnavailable(RuntimeError):
    """The local model is not set up here; the message says what to run."""


def llm_home() -> Path:
    return Path(os.environ.get("BIGAN_LLM_HOME", Path.home() / ".cache" / "bigan-llm"))


def shared_dir() -> Path:
    """../shared beside the checkout (BIGAN_SHARED overrides)."""
    repo = Path(__file__).resolve().parents[2]
    return Path(os.environ.get("BIGAN_SHARED", repo.parent / "shared"))


def missing(size: str) -> str | None:
    """Why the model of ``size`` cannot be started here, or None when it can."""
    if size not in MODELS:
        return f"unknown local model {size!r}; one of {', '.join(MODELS)}"
    serve = shared_dir() / "llm" / "serve.sh"
    if not serve.is_file():
        return f"{serve} not found (../shared/llm beside the checkout, or set BIGAN_SHARED)"
    python = llm_home() / "venv" / "bin" / "python"
    if not python.is_file():
        return f"llama-cpp-python server not built in {llm_home()}: run `make llm`"
    model = llm_home() / "models" / MODELS[size][1]
    if not model.is_file():
        return f"model weights {model.name} not assembled in {llm_home() / 'models'}: run `make llm`"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalModelServer:
    """Start ``serve.sh SIZE PORT`` in its own process group; wait until it answers /v1/models."""

    def __init__(self, size: str = "0.5b", port: int | None = None, *, ready_timeout: float = 180.0) -> None:
        self.size = size
        self.port = port or free_port()
        self.ready_timeout = ready_timeout
        self.model = MODELS.get(size, ("", ""))[0]
        self.proc: subprocess.Popen[bytes] | None = None
        self._log = tempfile.NamedTemporaryFile(prefix=f"bigan-llm-{size}-", suffix=".log", delete=False)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def log_path(self) -> Path:
        return Path(self._log.name)

    def log_tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self.log_path.read_text("utf-8", "replace").splitlines()[-lines:])
        except OSError:
            return ""

    def start(self) -> LocalModelServer:
        why = missing(self.size)
        if why:
            raise LocalModelUnavailable(why)
        serve = shared_dir() / "llm" / "serve.sh"
        env = dict(os.environ, BIGAN_LLM_HOME=str(llm_home()))
        self.proc = subprocess.Popen(
            ["bash", str(serve), self.size, str(self.port)],
            stdout=self._log, stderr=subprocess.STDOUT, env=env, start_new_session=True,
        )
        deadline = time.monotonic() + self.ready_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise LocalModelUnavailable(f"local model server exited ({self.proc.returncode}):\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/models", timeout=2) as resp:
                    if resp.status == 200:
                        return self
            except OSError:
                pass
            time.sleep(0.5)
        self.stop()
        raise LocalModelUnavailable(f"local model server not ready after {self.ready_timeout:.0f} s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=15)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        self.proc = None
        self._log.close()

    def __enter__(self) -> LocalModelServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
