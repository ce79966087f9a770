"""Prompts are files rendered strictly; the prompt version is their content hash."""

from __future__ import annotations

import shutil

import pytest

from pipeline.draft import prompts
from pipeline.errors import ConfigError
from pipeline.resources import prompts_dir


def _sample(name: str):
    if name in ("length",):
        return [200, 800]
    if name in ("facts", "siblings", "covers", "exemplars", "model_text"):
        return ["样例一", "样例二"]
    if name == "year":
        return 2024
    if name == "sections":  # extract.md: the outline's sections
        return [{"id": "work", "heading": "主要工作", "covers": ["要点"]}]
    if name == "sentences":  # extract.md: the numbered material sentences
        return [{"id": "S1", "file": "a.txt", "heading": "", "text": "开展宣讲12场。"}]
    return f"〔{name}〕"


@pytest.mark.parametrize("name", prompts.template_names())
def test_every_prompt_renders(name):
    variables = {v: _sample(v) for v in prompts.template_variables(name)}
    text = prompts.render(name, **variables)
    assert text.strip()
    assert "{{" not in text and "{%" not in text
    for v, value in variables.items():
        if isinstance(value, str) and v not in ("violation", "parent_heading", "period", "intro", "role"):  # used in conditions only
            assert value in text, v


def test_system_and_section_prompts_exist():
    assert {"system", "section"} <= set(prompts.template_names())


def test_missing_variable_is_an_error():
    with pytest.raises(ConfigError, match="缺少变量"):
        prompts.render("section", genre_name="巡察工作汇报")  # no year, no facts …


def test_formula_rendering_is_strict():
    assert prompts.render_formula("{unit}{year}年", {"unit": "某局", "year": 2024}) == "某局2024年"
    with pytest.raises(ConfigError, match="未知变量"):
        prompts.render_formula("{unit}{nope}", {"unit": "某局"})


def test_prompt_version_is_a_content_hash(tmp_path):
    copy = tmp_path / "prompts"
    shutil.copytree(prompts_dir(), copy)
    first = prompts.prompt_version(copy)
    assert first == prompts.prompt_version(copy) and len(first) == 12
    (copy / "section.md").write_text((copy / "section.md").read_text(encoding="utf-8") + "\n多一句。", encoding="utf-8")
    second = prompts.prompt_version(copy)
    assert second != first
    (copy / "outlines" / "work_summary.yaml").write_text(
        (copy / "outlines" / "work_summary.yaml").read_text(encoding="utf-8") + "\n# 注释\n", encoding="utf-8"
    )
    assert prompts.prompt_version(copy) not in (first, second)
