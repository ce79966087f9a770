"""`bigan draft`, `bigan schema factsheet`, `bigan outline from`. Heavy imports stay inside commands."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Optional

import typer

from ..draft.events import NullEvents
from .app import CHROMA_URL_HELP, STORE_HELP, app, outline_app, schema_app


def _default_outputs(facts: Path | None, out: Path | None, json_out: Path | None, resume: Path | None):
    """-o/--json as given; with neither, <stem>.docx and <stem>.draft.json beside the fact sheet."""
    if resume is not None and json_out is None:
        json_out = resume
    if out is None and json_out is None and facts is not None:
        stem = facts.with_suffix("")
        docx = stem.with_name(stem.name + (".draft.docx" if facts.suffix.lower() == ".docx" else ".docx"))
        return docx, stem.with_name(stem.name + ".draft.json")
    if json_out is None and out is not None:
        json_out = out.with_name(out.stem + ".draft.json")
    return out, json_out


@app.command("draft")
def draft_command(
    facts: Optional[Path] = typer.Argument(None, help="事实清单：.yaml，或 bigan facts template 的 .xlsx / .docx（--resume 时可省略）"),
    out: Optional[Path] = typer.Option(None, "-o", "--out", help="输出 .docx"),
    outline: Optional[str] = typer.Option(None, "--outline", help="提纲：体裁 id 或提纲文件 (YAML)"),
    model: Optional[str] = typer.Option(None, "--model", help="模型名（OpenAI 兼容接口）；offline = 离线起草器。环境变量 BIGAN_MODEL"),
    base_url: Optional[str] = typer.Option(None, "--base-url", help="OpenAI 兼容接口地址，环境变量 OPENAI_BASE_URL"),
    json_out: Optional[Path] = typer.Option(None, "--json", help="draft.json（草稿的唯一来源，边起草边保存）"),
    md_out: Optional[Path] = typer.Option(None, "--md", help="另存 Markdown"),
    no_cache: bool = typer.Option(False, "--no-cache", help="不使用模型回复缓存"),
    store: Optional[Path] = typer.Option(None, "--store", help=STORE_HELP),
    chroma_url: Optional[str] = typer.Option(None, "--chroma-url", help=CHROMA_URL_HELP),
    resume: Optional[Path] = typer.Option(None, "--resume", help="续写中断的 draft.json：只重写未完成的章节"),
    based_on: Optional[str] = typer.Option(None, "--based-on", help="以上年的报告为底稿（.docx/.txt/.md 或语料库中的来源）：沿用其结构和表述，换成本年事实，另附对照表"),
    concurrency: Optional[int] = typer.Option(None, "--concurrency", min=1, max=64, help="同时起草的章节数"),
    exemplars: Optional[int] = typer.Option(None, "--exemplars", min=0, max=5, help="每节给模型看的范文条数（去掉数字和名称，只作文风参考）"),
    regenerate_on_violation: Optional[bool] = typer.Option(
        None, "--regenerate-on-violation/--no-regenerate-on-violation",
        help="章节出现事实清单外的数字时，说明问题后再请模型重写一次（默认取 bigan.toml 的 regenerate_on_violation）",
    ),
    config: Optional[Path] = typer.Option(None, "--config", help="配置文件 bigan.toml"),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="不显示进度"),
) -> None:
    """依据事实清单起草整篇报告：各章节并行起草、数字落地核对，输出 .docx / draft.json / .md。"""
    import sys

    from rich.console import Console

    from ..config import load_settings
    from ..errors import InputError
    from ..draft.runner import RunStats, run_draft
    from ..draft.offline import OFFLINE_NOTICE

    console = Console(stderr=True, highlight=False, soft_wrap=True)
    if facts is None and resume is None:
        raise InputError("请给出事实清单（.yaml / .xlsx / .docx），或用 --resume draft.json 续写")
    if facts is not None and not facts.is_file():
        raise InputError("事实清单文件不存在 (file not found)", path=facts)
    settings = load_settings(
        config, model=model, base_url=base_url, store=store, chroma_url=chroma_url, concurrency=concurrency, exemplars=exemplars,
        no_cache=True if no_cache else None, regenerate_on_violation=regenerate_on_violation,
    )
    out, json_out = _default_outputs(facts, out, json_out, resume)
    from ..outputs import Output, check_outputs

    check_outputs(Output("-o", out, ".docx"), Output("--json", json_out), Output("--md", md_out), inputs={"事实清单": facts})
    if not settings.offline:
        console.print(f"模型：{settings.model}" + (f" @ {settings.shown_base_url}" if settings.base_url else ""))

    stats = RunStats()
    progress, events = _progress(console, quiet or not sys.stderr.isatty())
    with progress:
        draft = run_draft(facts, settings, outline=outline, json_path=json_out, resume=resume, events=events, stats=stats,
                          based_on=based_on)
    if stats.kept:
        console.print(f"续写：保留已完成章节 {len(stats.kept)} 个，重写 {len(stats.drafted)} 个")

    written = [str(json_out)] if json_out else []
    if out is not None:
        written.append(_render_docx(draft, out, console, settings.prompts))
    if md_out is not None:
        written.append(_render_md(draft, md_out, console))
    if based_on is not None:
        _based_on_summary(console, draft)
    if draft.meta.offline:
        console.print(f"[yellow]{OFFLINE_NOTICE}[/yellow]")
    _summary(console, draft, stats, [w for w in written if w])


def _based_on_summary(console, draft) -> None:
    from collections import Counter

    from ..draft.changes import KINDS

    info = draft.extra.get("based_on") or {}
    kinds = Counter(c["kind"] for c in draft.extra.get("changes") or [])
    console.print(f"以上年报告 {info.get('source', '')} 为底稿；对照表：" + "，".join(f"{KINDS[k].split('（')[0]} {n}" for k, n in kinds.items() if k in KINDS))
    for where in info.get("unmapped") or []:
        console.print(f"[yellow]注意：事实清单的“{where}”在上年报告中没有对应标题，已作为新增部分[/yellow]")


def _progress(console, plain: bool):
    """A rich progress bar per section on a terminal; one line per event otherwise.
    Returns (a context to run the draft in, the run's events listener)."""
    import contextlib

    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    if plain:
        return contextlib.nullcontext(), _PlainProgress(console)
    progress = Progress(
        TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[chars]} 字"), TimeElapsedColumn(),
        console=console, transient=False,
    )
    return progress, _BarProgress(progress)


class _PlainProgress(NullEvents):
    """One line per event worth a line (no terminal, or --quiet)."""

    def __init__(self, console) -> None:
        self.console = console
        self.lock = threading.Lock()

    def warning(self, message: str, section_id: str = "") -> None:
        with self.lock:
            self.console.print(f"[yellow]注意：{message}[/yellow]")

    def section_retry(self, section_id: str, attempt: int, reason: str) -> None:
        with self.lock:
            self.console.print(f"  ↻ {section_id}：第 {attempt} 次尝试（{reason}）")

    def section_done(self, section_id: str, *, seconds: float, chars: int, fallback: str | None = None,
                     problems: Sequence[str] = ()) -> None:
        with self.lock:
            self.console.print(f"  {_done_line(section_id, seconds, chars, fallback, problems)}")

    def section_failed(self, section_id: str, error: str) -> None:
        with self.lock:
            self.console.print(f"  ✗ {section_id}：{error}")


class _BarProgress(NullEvents):
    """A bar per section counting the characters streamed so far."""

    def __init__(self, progress) -> None:
        self.progress = progress
        self.lock = threading.Lock()
        self.tasks: dict[str, int] = {}
        self.chars: dict[str, int] = {}

    def warning(self, message: str, section_id: str = "") -> None:
        with self.lock:
            self.progress.console.print(f"[yellow]注意：{message}[/yellow]")

    def section_started(self, section_id: str, heading: str) -> None:
        with self.lock:
            self.chars[section_id] = 0
            self.tasks[section_id] = self.progress.add_task(f"{section_id} {heading[:16]}", total=None, chars=0)

    def section_retry(self, section_id: str, attempt: int, reason: str) -> None:
        with self.lock:
            if section_id in self.tasks:  # the partial reply was dropped: count afresh
                self.chars[section_id] = 0
                self.progress.update(self.tasks[section_id], chars=0)

    def section_token(self, section_id: str, text: str) -> None:
        with self.lock:
            if section_id in self.tasks:
                self.chars[section_id] += len(text)
                self.progress.update(self.tasks[section_id], chars=self.chars[section_id])

    def section_done(self, section_id: str, *, seconds: float, chars: int, fallback: str | None = None,
                     problems: Sequence[str] = ()) -> None:
        with self.lock:
            if section_id in self.tasks:
                self.progress.update(self.tasks[section_id], total=1, completed=1, chars=chars)
                if fallback or problems:
                    self.progress.console.print(_done_line(section_id, seconds, chars, fallback, problems))

    def section_failed(self, section_id: str, error: str) -> None:
        with self.lock:
            if section_id in self.tasks:
                self.progress.update(self.tasks[section_id], description=f"[red]✗ {section_id}[/red]", total=1, completed=0)


def _done_line(sid: str, seconds: float, chars: int, fallback: str | None, problems: Sequence[str]) -> str:
    """✓ only for a section that passed every gate; ⚠ with the first reason otherwise."""
    took = f"{chars} 字，{seconds:.1f} 秒"
    if fallback:
        return f"⚠ {sid}（{took}）：模型两稿未通过检查，已改用离线起草——{fallback}"
    if problems:
        more = f" 等 {len(problems)} 条" if len(problems) > 1 else ""
        return f"⚠ {sid}（{took}）：{problems[0]}{more}"
    return f"✓ {sid}（{took}）"


def _render_docx(draft, path: Path, console, prompts: Path | None = None) -> str | None:
    from ..export.docx import render_docx

    render_docx(draft, path, prompts=prompts)
    return str(path)


def _render_md(draft, path: Path, console) -> str | None:
    from ..atomic import write_atomic
    from ..export.markdown import render_markdown

    write_atomic(path, render_markdown(draft))
    return str(path)


def _summary(console, draft, stats, written: list[str]) -> None:
    from ..types import PLACEHOLDER_OPEN

    holes = sum(s.text.count(PLACEHOLDER_OPEN) for s in draft.sections)
    findings = [f for s in draft.sections for f in s.findings] + list(draft.findings)
    errors = sum(1 for f in findings if f.severity == "error")
    mode = "离线草稿" if draft.meta.offline else f"模型 {draft.meta.model}"
    fallbacks = sum(1 for s in draft.sections if s.extra.get("fallback"))
    fell_back = f"；离线兜底 {fallbacks} 节" if not draft.meta.offline else ""
    console.print(
        f"完成：{len(draft.sections)} 个章节（{mode}，提示词版本 {draft.meta.prompt_version}），"
        f"用时 {stats.wall_s:.1f} 秒；待补充 {holes} 处；问题 {len(findings)} 条（错误 {errors}）{fell_back}"
    )
    if draft.unused_facts:
        console.print(f"[yellow]未用到的事实 {len(draft.unused_facts)} 条：[/yellow]" + "；".join(x[:30] for x in draft.unused_facts[:5]))
    for path in written:
        typer.echo(path)


@schema_app.command("factsheet")
def schema_factsheet() -> None:
    """打印事实清单 (FactSheet) 的 JSON Schema。"""
    import json

    from ..schema.factsheet import FactSheet

    typer.echo(json.dumps(FactSheet.model_json_schema(), ensure_ascii=False, indent=2))


@outline_app.command("from")
def outline_from(
    file: Path = typer.Argument(..., help="一篇满意的范文（.txt/.md/.docx）"),
    out: Optional[Path] = typer.Option(None, "-o", "--out", help="输出提纲 YAML（默认打印）"),
    genre: Optional[str] = typer.Option(None, "--genre", help="体裁 id（默认自动识别）"),
) -> None:
    """从一篇范文推导提纲：一级标题 → 章节 id、角色、篇幅。"""
    from ..draft.outline_from import derive_outline, outline_yaml
    from ..atomic import write_atomic

    from ..outputs import Output, check_outputs

    check_outputs(Output("-o", out), inputs={"范文": file})
    from ..resources import prompts_dir

    outline = derive_outline(file, genre=genre, prompts=prompts_dir())
    text = outline_yaml(outline, source=file.name)
    if out is None:
        typer.echo(text, nl=False)
    else:
        write_atomic(out, text)
        typer.echo(str(out))
