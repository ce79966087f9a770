"""`bigan eval run|compare`: judge a prompt set or model on a suite of cases, and compare two runs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from ..errors import InputError
from .app import STORE_HELP, eval_app


@eval_app.command("run")
def eval_run(
    suite: str = typer.Argument(..., help="套件名（eval/suites/ 下）或套件目录"),
    out: Optional[Path] = typer.Option(None, "-o", "--out", help="运行目录（默认 eval/runs/<套件>-<时间>）"),
    prompts: Optional[Path] = typer.Option(None, "--prompts", help="使用另一个提示词目录（同 BIGAN_PROMPTS）"),
    prompts_rev: Optional[str] = typer.Option(None, "--prompts-rev", help="使用某个 git 版本的 prompts/"),
    model: Optional[str] = typer.Option(None, "--model", help="模型名；不填为离线起草"),
    jobs: int = typer.Option(4, "-j", "--jobs", min=1, max=64, help="同时起草的用例数"),
    store: Optional[Path] = typer.Option(None, "--store", help=STORE_HELP),
    cases: Optional[str] = typer.Option(None, "--cases", help="只跑 id 匹配的用例（通配符，逗号分隔）"),
    no_cache: bool = typer.Option(False, "--no-cache", help="不使用响应缓存"),
    exemplars: Optional[int] = typer.Option(None, "--exemplars", min=0, max=5, help="每节给模型看的范文条数（默认取配置）"),
    as_json: bool = typer.Option(False, "--json", help="结束时把 run.json 的摘要打印为 JSON"),
) -> None:
    """起草套件中的每个用例并评分，结果写入运行目录（run.json 与各用例草稿）。全部通过退出码 0，否则 1。"""
    from rich.console import Console

    from ..config import load_settings
    from ..evals.run import default_run_dir, run_suite, temp_prompts_from_rev
    from ..evals.suite import load_suite

    from ..outputs import Output, check_outputs

    if prompts and prompts_rev:
        raise InputError("--prompts 与 --prompts-rev 只能选一个", field="--prompts")
    check_outputs(Output("-o", out, folder=True))
    settings = load_settings(model=model, store=store, no_cache=no_cache or None, exemplars=exemplars)
    loaded = load_suite(suite, cases=cases, prompts=settings.prompts)
    run_dir = out or default_run_dir(loaded)
    console = Console(stderr=True, highlight=False)
    handle = None
    label = str(prompts) if prompts else None
    if prompts_rev:
        prompts, handle = temp_prompts_from_rev(prompts_rev, settings.prompts)
        label = f"git:{prompts_rev}"
    console.print(f"评测套件 {loaded.name}：{len(loaded.cases)} 个用例，模型 {settings.model or 'offline（离线起草）'}，并发 {jobs}")

    def on_case(res) -> None:
        mark = "[green]通过[/]" if res.passed else ("[red]出错[/]" if res.error else "[red]未过[/]")
        why = res.error or "；".join(a["detail"] for a in res.assertions if not a["passed"])
        console.print(f"  {mark} {res.id}" + (f"  {why}" if why else ""))

    try:
        result = run_suite(loaded, settings, run_dir, jobs=jobs, prompts=prompts, prompts_label=label, cases_filter=cases, on_case=on_case,
            on_warning=lambda msg: console.print(f"[yellow]提示[/]：{msg}"),
        )
    finally:
        if handle is not None:
            handle.cleanup()
    summary = result.summary()
    console.print(
        f"通过 {summary['passed']}/{summary['cases']}（{summary['pass_rate']:.0%}），提示词版本 {result.meta['prompt_version']}，"
        f"用时 {result.meta['seconds']:.1f} 秒 → {run_dir / 'run.json'}"
    )
    if as_json:
        typer.echo(json.dumps({"run_dir": str(run_dir), "meta": result.meta, "summary": summary}, ensure_ascii=False, indent=2))
    # SystemExit, not typer.Exit: main() runs click with standalone_mode=False, which drops Exit codes.
    raise SystemExit(0 if result.passed else 1)


@eval_app.command("compare")
def eval_compare(
    run_a: Path = typer.Argument(..., help="基准运行目录 A"),
    run_b: Path = typer.Argument(..., help="待评运行目录 B"),
    out: Optional[Path] = typer.Option(None, "-o", "--out", help="输出目录：compare.json 与 compare.html（不填则 JSON 打印到标准输出）"),
    fail_on_regression: bool = typer.Option(False, "--fail-on-regression", help="有任何指标退步时退出码为 1"),
) -> None:
    """逐用例、逐指标对比两次运行（B 相对 A），标出退步；输出 JSON 和一个静态 HTML 页面。"""
    from rich.console import Console

    from ..evals.compare import compare_dirs, write_compare
    from ..outputs import Output, check_outputs

    check_outputs(Output("-o", out, folder=True))
    result = compare_dirs(run_a, run_b)
    console = Console(stderr=True, highlight=False)
    if out is not None:
        json_path, html_path = write_compare(result, out)
        console.print(f"对比结果：{json_path}，页面：{html_path}")
    else:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
    n = len(result["cases"])
    if result["regressed_cases"]:
        console.print(f"[red]退步[/]：{len(result['regressed_cases'])}/{n} 个用例（{'、'.join(result['regressed_cases'])}）")
    else:
        console.print(f"无退步（比较 {n} 个用例）")
    raise SystemExit(1 if fail_on_regression and result["regressed_cases"] else 0)
