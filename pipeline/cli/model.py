"""`bigan model check`: probe the configured endpoint, recommend settings, optionally write them."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .app import model_app


@model_app.command("check")
def model_check(
    model: Optional[str] = typer.Option(None, "--model", help="模型名，环境变量 BIGAN_MODEL（不填则用服务列出的第一个）"),
    base_url: Optional[str] = typer.Option(None, "--base-url", help="OpenAI 兼容接口地址，环境变量 OPENAI_BASE_URL"),
    config: Optional[Path] = typer.Option(None, "--config", help="配置文件 bigan.toml（--write 也写到这里）"),
    write: bool = typer.Option(False, "--write", help="把建议的 concurrency / timeout / deadline 写入 bigan.toml"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
    budget: float = typer.Option(60.0, "--budget", min=10, help="整个检查的时限（秒）"),
) -> None:
    """探测模型服务：模型与上下文窗口、流式结束标记、并发行为、提示词与生成速度；给出并发与超时建议。"""
    import json
    import os

    from ..config import CONFIG_FILE, load_settings, update_config_file
    from ..draft.probe import MODES, check_endpoint

    settings = load_settings(config, model=model, base_url=base_url)
    report = check_endpoint(settings, budget=budget)
    written = None
    if write:
        target = config or Path(os.environ.get("BIGAN_CONFIG", CONFIG_FILE))
        written = update_config_file(target, report.recommended)
    if as_json:
        typer.echo(json.dumps(report.to_dict() | {"written": str(written) if written else None}, ensure_ascii=False, indent=2))
    else:
        for line in describe(report, MODES):
            typer.echo(line)
        if written:
            typer.echo(f"已写入 {written}")
    if report.problems:
        raise typer.Exit(1)


def _rate(value: float | None) -> str:
    return f"{value:g} tokens/s" if value else "未测"


def describe(report, modes: dict[str, str]) -> list[str]:
    """The report as a writer reads it."""
    yes_no = {True: "有", False: "没有", None: "未知"}
    context = f"{report.context_window} tokens（{report.context_source}）" if report.context_window else "未知"
    lines = [
        f"模型服务：{report.base_url}",
        f"模型：{report.model}" + (f"（服务列出：{'、'.join(report.models[:5])}）" if report.models else ""),
        f"上下文窗口：{context}",
        f"流式输出结束标记 finish_reason：{yes_no[report.finish_reason]}",
        f"max_tokens：{ {True: '生效', False: '不生效', None: '未知'}[report.max_tokens_honoured] }",
        f"并发请求：{report.concurrency_mode} — {modes[report.concurrency_mode]}"
        + (f"（{report.slots} 个槽位）" if report.slots else ""),
        f"首字延迟：{report.first_token_s if report.first_token_s is not None else '未测'} 秒；"
        f"提示词处理：{_rate(report.prompt_tokens_per_s)}；生成：{_rate(report.generation_tokens_per_s)}",
        f"前缀缓存：{yes_no[report.prefix_cache]}" + ("（服务报告 cached_tokens）" if report.cached_tokens_reported else ""),
    ]
    lines += [f"说明：{n}" for n in report.notes]
    lines += [f"问题：{n}" for n in report.problems]
    rec = report.recommended
    lines.append(f"建议：concurrency = {rec['concurrency']}, timeout = {rec['timeout']:g}, deadline = {rec['deadline']:g}")
    lines.append(f"用时 {report.seconds:g} 秒")
    return lines
