"""Prompts are files under prompts/ (``system.md``, ``section.md``, ``revise.md`` …), rendered strictly.

Every prompt is Jinja (one syntax). A missing variable is an error (jinja2 StrictUndefined), never an
empty hole in a prompt. (Outline formulas such as ``{unit}{year}年`` are data, rendered by
``render_formula``.)
``prompt_version()`` is a short content hash of every prompt file and outline; it is recorded in
every draft so a change of wording is visible in draft.json, caches and evals.
"""

from __future__ import annotations

import hashlib
import string
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..resources import shipped_prompts as default_prompts_dir


def _dir(prompts_dir: str | Path | None) -> Path:
    return Path(prompts_dir) if prompts_dir else default_prompts_dir()


@lru_cache(maxsize=8)
def _environment(directory: str):
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(directory, encoding="utf-8"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=False,
    )


def template_names(prompts_dir: str | Path | None = None) -> list[str]:
    """Names of the prompt templates (``system``, ``section`` …)."""
    return sorted(p.stem for p in _dir(prompts_dir).glob("*.md"))


def template_variables(name: str, prompts_dir: str | Path | None = None) -> set[str]:
    import jinja2.meta

    env = _environment(str(_dir(prompts_dir)))
    source = env.loader.get_source(env, f"{name}.md")[0]
    return set(jinja2.meta.find_undeclared_variables(env.parse(source)))


def render(name: str, prompts_dir: str | Path | None = None, **variables: Any) -> str:
    """Render prompts/<name>.md; a missing variable or file is a ConfigError naming it."""
    import jinja2

    directory = _dir(prompts_dir)
    try:
        template = _environment(str(directory)).get_template(f"{name}.md")
        return template.render(**variables).strip() + "\n"
    except jinja2.TemplateNotFound:
        raise ConfigError("提示词模板不存在 (prompt template not found)", path=directory / f"{name}.md") from None
    except jinja2.UndefinedError as exc:
        raise ConfigError(f"提示词缺少变量：{exc.message}", path=directory / f"{name}.md") from None
    except jinja2.TemplateSyntaxError as exc:
        raise ConfigError(f"提示词模板语法错误：{exc.message}", path=directory / f"{name}.md", line=exc.lineno) from None


def render_formula(template: str, values: dict[str, Any], *, where: str = "", path: str | Path | None = None) -> str:
    """Render an outline's ``{unit}``-style title/opening/closing; unknown names are errors."""
    formatter = string.Formatter()
    try:
        for _, name, _, _ in formatter.parse(template):
            if name is not None and name not in values:
                raise KeyError(name)
        return formatter.format(template, **values)
    except KeyError as exc:
        raise ConfigError(f"提纲模板中有未知变量 {{{exc.args[0]}}}，可用：{', '.join(sorted(values))}", path=path, field=where) from None
    except (ValueError, IndexError) as exc:
        raise ConfigError(f"提纲模板格式错误：{exc}", path=path, field=where) from None


def prompt_version(prompts_dir: str | Path | None = None) -> str:
    """Short content hash of prompts/*.md and prompts/outlines/*.yaml."""
    directory = _dir(prompts_dir)
    files = sorted(list(directory.glob("*.md")) + list((directory / "outlines").glob("*.yaml")))
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(directory).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]
