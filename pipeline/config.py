"""Settings: defaults < bigan.toml < environment < command-line options.

The API key is held as a SecretStr and excluded from every dump, so it can never reach
draft.json, logs, the cache or any output.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from .errors import ConfigError

CONFIG_FILE = "bigan.toml"

# env var -> settings field
ENV = {
    "BIGAN_STORE": "store",
    "BIGAN_CHROMA_URL": "chroma_url",
    "BIGAN_MODEL": "model",
    "OPENAI_BASE_URL": "base_url",
    "OPENAI_API_KEY": "api_key",
    "BIGAN_EMBEDDING": "embedding",
    "BIGAN_EMBEDDING_BASE_URL": "embedding_base_url",
    "BIGAN_CACHE": "cache_dir",
    "BIGAN_CONCURRENCY": "concurrency",
    "BIGAN_TIMEOUT": "timeout",
    "BIGAN_EXEMPLARS": "exemplars",
    "BIGAN_DEADLINE": "deadline",
    "BIGAN_INGEST_BATCH": "ingest_batch",
}


@contextlib.contextmanager
def env_set(name: str, value: str) -> Iterator[None]:
    """``os.environ[name] = value`` inside the block; the old value (or its absence) after it."""
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


# "scheme://user:password@" — credentials some endpoints take in the URL itself.
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/@\s?#]*@")


def redact_url(url: str | None) -> str | None:
    """``url`` without its ``user:password@`` part: what may be shown, logged or stored (the
    connection itself still uses the URL as given)."""
    if not url or "@" not in url:
        return url
    if "://" not in url:
        return url.rsplit("@", 1)[-1] if "/" not in url.split("@", 1)[0] else url
    return _USERINFO.sub(r"\1", url)


def userinfo_auth(url: str | None) -> tuple[str | None, dict[str, str]]:
    """(``url`` without ``user:password@``, the Basic authorization header it stood for). HTTP
    clients log the URLs they call: given this way the credentials never appear in a log line."""
    shown = redact_url(url)
    if shown == url or url is None:
        return url, {}
    from base64 import b64encode
    from urllib.parse import unquote

    userinfo = url.split("://", 1)[-1].split("@", 1)[0]
    user, _, password = userinfo.partition(":")
    token = b64encode(f"{unquote(user)}:{unquote(password)}".encode()).decode("ascii")
    return shown, {"Authorization": f"Basic {token}"}


def redact_text(text: str) -> str:
    """Every ``scheme://user:password@`` in a message, log line or error reduced to ``scheme://``."""
    return _USERINFO.sub(r"\1", text) if "@" in text else text


def _default_prompts() -> Path:
    from .resources import prompts_dir

    return prompts_dir()


def default_home() -> Path:
    return Path(os.environ.get("BIGAN_HOME", Path.home() / ".bigan"))


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    store: Path = Field(default_factory=lambda: default_home() / "store")
    chroma_url: str | None = None  # http://host:port of a `chroma run` server; None = embedded
    collection: str = "bigan"
    embedding: str = "use"  # "use" (bundled), "e5" (extra), "openai:<model>" (endpoint)
    embedding_base_url: str | None = None
    model: str | None = None  # None = the offline drafter
    base_url: str | None = None
    api_key: SecretStr | None = Field(default=None, exclude=True, repr=False)
    temperature: float = 0.3
    timeout: float = Field(default=120.0, gt=0)  # seconds without a byte (connect, first token, between chunks)
    deadline: float = Field(default=300.0, gt=0)  # seconds for one whole request, however it trickles
    max_retries: int = 4
    concurrency: int = Field(default=8, ge=1, le=64)  # a report has 6-12 sections: all in flight at once
    cache_dir: Path = Field(default_factory=lambda: default_home() / "cache")
    no_cache: bool = False
    # The prompts folder every stage reads (outlines, templates, rule vocabularies), passed down
    # explicitly: $BIGAN_PROMPTS, else the shipped prompts/.
    prompts: Path = Field(default_factory=_default_prompts)
    regenerate_on_violation: bool = False  # also ask a section again when it invents numbers (they are replaced anyway)
    # Past sections shown to the model as style models (numbers and names taken out). The real-model
    # eval (docs/eval.md) compared 0, 1 and 3 with the 1.5B: 0 had no fallback, no re-ask and no
    # unsupported claim, and was the fastest, so 0 is the default; stronger models may do better with 1–3.
    exemplars: int = Field(default=0, ge=0, le=5)
    # Files `bigan ingest` writes to Chroma in one go (and records together once written): Chroma's
    # cost is mostly per call, so batches are much faster; a killed ingest redoes at most one batch.
    ingest_batch: int = Field(default=32, ge=1, le=1000)

    @property
    def offline(self) -> bool:
        return not self.model or self.model == "offline"

    def public_dict(self) -> dict[str, Any]:
        """What may be recorded (draft.json, logs): never the key, nor credentials in a URL."""
        data = self.model_dump(mode="json", exclude={"api_key"})
        for key in ("base_url", "embedding_base_url", "chroma_url"):
            data[key] = redact_url(data.get(key))
        return data

    @property
    def shown_base_url(self) -> str | None:
        """The endpoint as it may be printed or stored (no user:password@)."""
        return redact_url(self.base_url)


def require_model(model: Any, message: str) -> None:
    """The one "this needs a model, you are offline" guard: ``model`` is None or the offline
    composer (``offline`` true, as ``Settings.offline`` chose it) -> ConfigError(``message``)
    on the model field (exit 2). ``message`` is the caller's own advice on what works offline."""
    if model is None or getattr(model, "offline", False):
        raise ConfigError(message, field="model")


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"配置文件无法读取：{exc}", path=path) from None
    return data.get("bigan", data)


def load_settings(config_file: str | Path | None = None, **overrides: Any) -> Settings:
    """Merge the layers; ``overrides`` whose value is None are ignored (options not given)."""
    values: dict[str, Any] = {}
    path = Path(config_file) if config_file else Path(os.environ.get("BIGAN_CONFIG", CONFIG_FILE))
    if path.is_file():
        values.update(_read_toml(path))
    elif config_file:
        raise ConfigError("配置文件不存在 (config file not found)", path=path)
    for env, key in ENV.items():
        if os.environ.get(env):
            values[key] = os.environ[env]
    values.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return Settings(**values)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"])
        raise ConfigError(err["msg"], path=path if path.is_file() else None, field=field) from None


_TABLE = re.compile(r"^\s*\[")
_BIGAN_TABLE = re.compile(r"^\s*\[\s*bigan\s*\]\s*(#.*)?$")


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"{value:g}" if isinstance(value, float) else str(value)
    return json.dumps(str(value), ensure_ascii=False)  # a TOML basic string is a JSON string


def update_config_file(path: str | Path, values: dict[str, Any]) -> Path:
    """Create or update ``values`` as keys of bigan.toml's settings, keeping every other line and
    comment as written. The settings are the ``[bigan]`` table, or the top level of a file without
    one (both layouts are read by ``load_settings``). Written atomically, and only when the result
    reads back with the new values."""
    from .atomic import write_atomic

    path = Path(path)
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    try:
        before = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:  # a broken file is reported, never rewritten
        raise ConfigError(f"配置文件无法读取：{exc}", path=path) from None
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    header = next((i for i, line in enumerate(lines) if _BIGAN_TABLE.match(line)), None)
    if header is None and "bigan" in before:
        raise ConfigError("配置文件的 bigan 设置不是 [bigan] 表的写法，无法自动更新，请手工修改", path=path)
    flat = header is None and any(not isinstance(v, dict) for v in before.values())
    if header is None and not flat:
        if lines and lines[-1].strip():
            lines.append("\n")
        lines.append("[bigan]\n")
        header = len(lines) - 1
    start = header + 1 if header is not None else 0
    end = next((i for i in range(start, len(lines)) if _TABLE.match(lines[i])), len(lines))
    insert_at = end
    while insert_at > start and not lines[insert_at - 1].strip():
        insert_at -= 1  # new keys go after the last line of the table, before its blank lines
    new_lines: list[str] = []
    for key, value in values.items():
        pattern = re.compile(rf"^(\s*{re.escape(key)}\s*=\s*)([^#\r\n]*?)(\s*#.*)?(\r?\n)$")
        for i in range(start, end):
            m = pattern.match(lines[i])
            if m:
                lines[i] = f"{m.group(1)}{_toml_value(value)}{m.group(3) or ''}{m.group(4)}"
                break
        else:
            new_lines.append(f"{key} = {_toml_value(value)}\n")
    lines[insert_at:insert_at] = new_lines
    result = "".join(lines)
    try:
        data = tomllib.loads(result)
    except tomllib.TOMLDecodeError as exc:  # pragma: no cover - only a layout we failed to foresee
        raise ConfigError(f"无法自动更新配置文件（{exc}），请手工修改", path=path) from None
    table = data.get("bigan", data)
    if any(table.get(k) != v for k, v in values.items()):
        raise ConfigError("无法自动更新配置文件，请手工修改 (could not update)", path=path)
    write_atomic(path, result)
    return path
