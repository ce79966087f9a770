"""`bigan check DRAFT [--facts F] [--outline F] [--year Y] [--store DIR] [--json]`.

Exit code 0 with no error-severity findings, 1 with some, 2 on bad input.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from .app import CHROMA_URL_HELP, STORE_HELP, app

SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


@app.command("check")
def check_command(
    draft: Path = typer.Argument(..., help="要检查的稿件：.docx、.md、.txt 或 draft.json"),
    facts: Optional[Path] = typer.Option(None, "--facts", help="事实清单（.yaml / .xlsx / .docx）：核对数字是否都有出处、事实是否都用上"),
    outline: Optional[str] = typer.Option(None, "--outline", help="提纲：体裁 id 或提纲 YAML 文件（核对章节与篇幅）"),
    year: Optional[int] = typer.Option(None, "--year", help="报告年度（核对时间错位；默认取稿件中的年份）"),
    store: Optional[Path] = typer.Option(None, "--store", help=STORE_HELP + "（有语料库时检查照抄）"),
    chroma_url: Optional[str] = typer.Option(None, "--chroma-url", help=CHROMA_URL_HELP),
    copy_min: int = typer.Option(50, "--copy-min", min=10, help="与语料相同多少字以上算照抄（默认 50）"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON：{findings: [...], summary: {...}}"),
) -> None:
    """检查稿件：结构与序号、占位符、数字出处、政治术语、时间错位、照抄、篇幅；起草稿（draft.json）另逐节过质量关卡（事实遗漏、外单位名称、残留标签、重复、无据断言）。"""
    from ..checks import check_file, summarize
    from ..errors import InputError

    if draft.is_dir():
        raise InputError("这是文件夹，请指定一个稿件文件 (give one file)", path=draft)
    from ..config import load_settings

    corpus, note = _corpus(store, chroma_url, draft, copy_min)
    findings = check_file(draft, facts=facts, outline=outline, year=year, corpus=corpus, prompts=load_settings().prompts)
    summary = summarize(findings)
    if as_json:
        typer.echo(json.dumps({"findings": [f.to_dict() for f in findings], "summary": summary},
                              ensure_ascii=False, indent=2))
    else:
        _print_table(draft, findings, summary, note)
    if summary["errors"]:
        # SystemExit, not typer.Exit: main() runs click with standalone_mode=False, which drops Exit codes.
        raise SystemExit(1)


def _corpus(store: Optional[Path], chroma_url: Optional[str], draft: Path, copy_min: int):
    """The corpus store's chunks, indexed, when a store exists; otherwise None (copy detection is
    skipped). The checked file's own chunks are left out: a document is not copied from itself."""
    from ..config import load_settings

    settings = load_settings(store=store, chroma_url=chroma_url)
    if not getattr(settings, "chroma_url", None) and not Path(settings.store).exists():
        return None, "未找到语料库，跳过照抄检查"
    try:
        from ..store.corpus import open_store

        chunks = list(open_store(settings).iter_chunks())
    except Exception as exc:  # noqa: BLE001 - the store is optional for checking
        return None, f"语料库不可用，跳过照抄检查（{type(exc).__name__}）"
    if not chunks:
        return None, "语料库为空，跳过照抄检查"
    from ..checks import copy_index, source_texts

    return copy_index(source_texts(chunks), exclude=str(draft), min_chars=copy_min), f"已对照语料库 {len(chunks)} 个片段检查照抄（{copy_min} 字以上）"


def _print_table(draft: Path, findings, summary, note: str) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(highlight=False)
    if findings:
        table = Table(title=f"检查结果：{escape(draft.name)}", show_lines=False, expand=True)
        table.add_column("级别", no_wrap=True)
        table.add_column("代码", no_wrap=True, style="dim")
        table.add_column("位置", ratio=2)
        table.add_column("说明", ratio=3)
        for f in findings:
            style = SEVERITY_STYLES.get(f.severity, "")
            table.add_row(f"[{style}]{SEVERITY_NAMES.get(f.severity, f.severity)}[/{style}]", f.code,
                          escape(f.location), escape(f.message))
        console.print(table)
    else:
        console.print(f"[green]{escape(draft.name)}：未发现问题[/green]")
    cats = "，".join(f"{k} {v}" for k, v in summary["by_category"].items())
    console.print(
        f"共 {summary['total']} 项：错误 {summary['errors']}，警告 {summary['warnings']}，提示 {summary['infos']}"
        + (f"（{cats}）" if cats else "")
    )
    if note:
        console.print(f"[dim]{escape(note)}[/dim]")
