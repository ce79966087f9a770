"""Settings: defaults < bigan.toml < environment < command-line options.

The API key is held as a SecretStr and excluded from every dump, so it can never reach
draft.json, logs, the cache or any output.
"""

from __future__ import annotations

import contextlib
import os
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
    timeout: float = 120.0
    max_retries: int = 4
    concurrency: int = Field(default=8, ge=1, le=64)  # a report has 6-12 sections: all in flight at once
    cache_dir: Path = Field(default_factory=lambda: default_home() / "cache")
    no_cache: bool = False
    prompts: Path | None = None  # another prompts/ folder
    regenerate_on_violation: bool = False  # also ask a section again when it invents numbers (they are replaced anyway)
    # Past sections shown to the model as style models (numbers and names taken out). The real-model
    # eval (docs/eval.md) compares 0, 1 and 3 and picks the default.
    exemplars: int = Field(default=1, ge=0, le=5)

    @property
    def offline(self) -> bool:
        return not self.model or self.model == "offline"

    def public_dict(self) -> dict[str, Any]:
        """What may be recorded (draft.json, logs): never the key."""
        return self.model_dump(mode="json", exclude={"api_key"})


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
